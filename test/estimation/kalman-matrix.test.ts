import { strict as assert } from "node:assert";
import {
  DenseMatrix,
  LinearStateSpace,
  Rng,
  discretizeZoh,
  kalmanFilter,
  kalmanFilterMatrix,
  matrixExp,
  noisyAr1,
  steadyStateKalman,
} from "../../src/index";
import { matInverse, matMul, matTranspose } from "../../src/estimation/kalman-matrix";

function close(a: number, b: number, tol: number, what: string): void {
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);
}

/** A 2-state model with an input and full-rank noise given by factors (Q = Gq Gqᵀ, R = Gr Grᵀ, P0 = G0 G0ᵀ). */
function testModel(): { model: LinearStateSpace; Gq: DenseMatrix; Gr: DenseMatrix; G0: DenseMatrix } {
  const Gq = [
    [0.3, 0],
    [0.1, 0.2],
  ];
  const Gr = [[0.5]];
  const G0 = [
    [1, 0],
    [0.4, 0.7],
  ];
  const AAt = (G: DenseMatrix): DenseMatrix => matMul(G, matTranspose(G));
  const model: LinearStateSpace = {
    A: [
      [0.9, 0.2],
      [-0.3, 0.8],
    ],
    B: [[0.5], [1]],
    H: [[1, -0.5]],
    Q: AAt(Gq),
    R: AAt(Gr),
    m0: [0.2, -0.1],
    P0: AAt(G0),
  };
  return { model, Gq, Gr, G0 };
}

describe("estimation: Kalman filter for vector states", () => {
  it("matrixExp: diagonal, rotation generator, and e^{M} e^{-M} = I", () => {
    const D = matrixExp([
      [1, 0],
      [0, -2],
    ]);
    close(D[0][0], Math.E, 1e-13, "e^1");
    close(D[1][1], Math.exp(-2), 1e-14, "e^-2");
    close(D[0][1], 0, 0, "off-diagonal");
    const th = 7.3; // large enough to exercise scaling and squaring
    const R = matrixExp([
      [0, -th],
      [th, 0],
    ]);
    close(R[0][0], Math.cos(th), 1e-12, "cos");
    close(R[1][0], Math.sin(th), 1e-12, "sin");
    const M = [
      [0.3, 1.2, -0.4],
      [-2, 0.1, 0.5],
      [0.7, -0.2, -1.1],
    ];
    const P = matMul(matrixExp(M), matrixExp(M.map((r) => r.map((v) => -v))));
    P.forEach((r, i) => r.forEach((v, j) => close(v, i === j ? 1 : 0, 1e-12, `I[${i}][${j}]`)));
  });

  it("discretizeZoh of a scalar system gives e^{a dt} and (e^{a dt} - 1)/a · b", () => {
    const a = -1.7,
      b = 2.5,
      dt = 0.3;
    const { A, B } = discretizeZoh([[a]], [[b]], dt);
    close(A[0][0], Math.exp(a * dt), 1e-14, "A");
    close(B[0][0], ((Math.exp(a * dt) - 1) / a) * b, 1e-14, "B");
  });

  it("with one state it reproduces the scalar filter of kalman.ts", () => {
    const scalar = noisyAr1({ a: 0.8, q: 0.3, r: 0.5 });
    const model: LinearStateSpace = {
      A: [[scalar.a]],
      B: [],
      H: [[scalar.c]],
      Q: [[scalar.q]],
      R: [[scalar.r]],
      m0: [scalar.m1],
      P0: [[scalar.p1]],
    };
    const rng = new Rng(3);
    const y = Array.from({ length: 40 }, () => rng.normal());
    const ref = kalmanFilter(scalar, y);
    const got = kalmanFilterMatrix(
      model,
      y.map((v) => [v]),
    );
    for (let t = 0; t < y.length; t++) {
      close(got.mean[t], ref.mean[t], 1e-12, `mean ${t}`);
      close(got.covariance[t], ref.variance[t], 1e-12, `variance ${t}`);
      close(got.gain[t], ref.gain[t], 1e-12, `gain ${t}`);
    }
  });

  it("filtered means, covariances and likelihood equal exact Gaussian conditioning (2 states, with input)", () => {
    const { model, Gq, Gr, G0 } = testModel();
    const T = 5;
    const n = 2;
    // Every state and observation as an affine function of independent standard normals e:
    // e = (e0 [2], then per step: process [2], observation [1]).
    const dimE = n + T * (n + 1);
    const rng = new Rng(11);
    const u = Array.from({ length: T }, () => [rng.normal()]);
    const stateMean: number[][] = [];
    const stateLoad: DenseMatrix[] = []; // [n × dimE]
    const obsMean: number[] = [];
    const obsLoad: number[][] = []; // [T][dimE]
    let mu = model.m0.slice();
    let L: DenseMatrix = [0, 1].map((i) => {
      const row = new Array<number>(dimE).fill(0);
      row[0] = G0[i][0];
      row[1] = G0[i][1];
      return row;
    });
    for (let t = 0; t < T; t++) {
      if (t > 0) {
        const bu = model.B.map((r) => r[0] * u[t - 1][0]);
        mu = model.A.map((r, i) => r[0] * mu[0] + r[1] * mu[1] + bu[i]);
        const AL = matMul(model.A, L);
        const off = n + (t - 1) * (n + 1);
        L = AL.map((r, i) => {
          const row = r.slice();
          row[off] += Gq[i][0];
          row[off + 1] += Gq[i][1];
          return row;
        });
      }
      stateMean.push(mu.slice());
      stateLoad.push(L.map((r) => r.slice()));
      obsMean.push(model.H[0][0] * mu[0] + model.H[0][1] * mu[1]);
      const row = L[0].map((v, j) => model.H[0][0] * v + model.H[0][1] * L[1][j]);
      row[n + t * (n + 1) + n] += Gr[0][0];
      obsLoad.push(row);
    }
    // Draw data from the model itself.
    const e = Array.from({ length: dimE }, () => rng.normal());
    const y = obsMean.map((m, t) => m + obsLoad[t].reduce((s, v, j) => s + v * e[j], 0));
    const kf = kalmanFilterMatrix(
      model,
      y.map((v) => [v]),
      u,
    );
    const cov = (a: number[], b: number[]): number => a.reduce((s, v, j) => s + v * b[j], 0);
    let logLik = 0;
    for (let t = 0; t < T; t++) {
      // Condition the state at t on y_0..y_t.
      const Syy = Array.from({ length: t + 1 }, (_, i) =>
        Array.from({ length: t + 1 }, (_, j) => cov(obsLoad[i], obsLoad[j])),
      );
      const Sxy = stateLoad[t].map((row) => Array.from({ length: t + 1 }, (_, j) => cov(row, obsLoad[j])));
      const W = matMul(Sxy, matInverse(Syy));
      const resid = y.slice(0, t + 1).map((v, i) => v - obsMean[i]);
      for (let i = 0; i < n; i++) {
        const m = stateMean[t][i] + W[i].reduce((s, w, j) => s + w * resid[j], 0);
        close(kf.mean[t * n + i], m, 1e-10, `mean t=${t} i=${i}`);
        for (let k = 0; k < n; k++) {
          const c = cov(stateLoad[t][i], stateLoad[t][k]) - W[i].reduce((s, w, j) => s + w * Sxy[k][j], 0);
          close(kf.covariance[(t * n + i) * n + k], c, 1e-10, `cov t=${t} ${i}${k}`);
        }
      }
      if (t === T - 1) {
        const inv = matInverse(Syy);
        const quad = resid.reduce((s, a, i) => s + a * inv[i].reduce((z, b, j) => z + b * resid[j], 0), 0);
        // log-determinant by Gaussian elimination (Syy is positive definite).
        const M = Syy.map((r) => r.slice());
        let logDet = 0;
        for (let c = 0; c < M.length; c++) {
          logDet += Math.log(M[c][c]);
          for (let r = c + 1; r < M.length; r++) {
            const f = M[r][c] / M[c][c];
            for (let j = c; j < M.length; j++) M[r][j] -= f * M[c][j];
          }
        }
        logLik = -0.5 * (T * Math.log(2 * Math.PI) + logDet + quad);
      }
    }
    close(kf.logLikelihood, logLik, 1e-9, "log-likelihood");
  });

  it("the steady-state gain is a fixed point of the Riccati recursion and the filter's gains converge to it", () => {
    const { model } = testModel();
    const ss = steadyStateKalman(model);
    // Fixed point: P⁻ = A (P⁻ - K H P⁻) Aᵀ + Q.
    const KHP = matMul(matMul(ss.gain, model.H), ss.predictedCovariance);
    const Pf = ss.predictedCovariance.map((r, i) => r.map((v, j) => v - KHP[i][j]));
    const next = matMul(matMul(model.A, Pf), matTranspose(model.A)).map((r, i) => r.map((v, j) => v + model.Q[i][j]));
    next.forEach((r, i) => r.forEach((v, j) => close(v, ss.predictedCovariance[i][j], 1e-12, `P[${i}][${j}]`)));
    const rng = new Rng(5);
    const T = 200;
    const kf = kalmanFilterMatrix(
      model,
      Array.from({ length: T }, () => [rng.normal()]),
      Array.from({ length: T }, () => [rng.normal()]),
    );
    close(kf.gain[(T - 1) * 2], ss.gain[0][0], 1e-12, "K[0]");
    close(kf.gain[(T - 1) * 2 + 1], ss.gain[1][0], 1e-12, "K[1]");
    close(kf.innovationCovariance[T - 1], ss.innovationCovariance[0][0], 1e-12, "S");
    assert.ok(
      Math.abs(kf.gain[0] - ss.gain[0][0]) > 1e-3,
      "the first gain differs from the steady state (the test would be vacuous otherwise)",
    );
  });

  it("rejects bad shapes and an unstable, undetectable model with clear errors", () => {
    const { model } = testModel();
    assert.throws(
      () => kalmanFilterMatrix({ ...model, H: [[1, 0, 0]] }, [[1]], [[0]]),
      /kalmanFilterMatrix: H must be 1×2, got 1×3/,
    );
    assert.throws(() => kalmanFilterMatrix(model, [[1, 2]], [[0]]), /kalmanFilterMatrix: y\[0\] has 2 values/);
    assert.throws(() => kalmanFilterMatrix(model, [[1], [2]]), /kalmanFilterMatrix: the model has 1 inputs/);
    const unobservable: LinearStateSpace = {
      ...model,
      A: [
        [1.2, 0],
        [0, 0.5],
      ],
      H: [[0, 1]],
      Q: [
        [1, 0],
        [0, 1],
      ],
    };
    assert.throws(
      () => steadyStateKalman(unobservable, { maxIterations: 500 }),
      /steadyStateKalman: the Riccati recursion did not converge/,
    );
    assert.throws(() => discretizeZoh([[1]], [[1]], 0), /discretizeZoh: dt must be a positive number/);
  });
});
