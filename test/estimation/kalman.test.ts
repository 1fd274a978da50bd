import { strict as assert } from "node:assert";
import { Rng, kalmanFilter, noisyAr1, rtsSmoother, simulateStateSpace, steadyStateVariances } from "../../src/index";
import type { ScalarStateSpace } from "../../src/index";

/** Solves A X = B (A n×n, B n×k, row-major) by Gaussian elimination with partial pivoting. */
function solve(A: number[][], B: number[][]): number[][] {
  const n = A.length;
  const M = A.map((row, i) => [...row, ...B[i]]);
  const w = M[0].length;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let i = col + 1; i < n; i++) if (Math.abs(M[i][col]) > Math.abs(M[piv][col])) piv = i;
    [M[col], M[piv]] = [M[piv], M[col]];
    for (let i = 0; i < n; i++) {
      if (i === col) continue;
      const f = M[i][col] / M[col][col];
      for (let j = col; j < w; j++) M[i][j] -= f * M[col][j];
    }
  }
  return M.map((row, i) => row.slice(n).map((v) => v / M[i][i]));
}

/** Prior mean and covariance of x_1..x_T, built directly from the model's definition. */
function priorMoments(m: ScalarStateSpace, T: number): { mu: number[]; cov: number[][] } {
  const mu: number[] = [];
  const v: number[] = [];
  for (let t = 0; t < T; t++) {
    mu.push(t === 0 ? m.m1 : m.a * mu[t - 1]);
    v.push(t === 0 ? m.p1 : m.a * m.a * v[t - 1] + m.q);
  }
  const cov = mu.map((_, s) => mu.map((__, t) => Math.pow(m.a, Math.abs(t - s)) * v[Math.min(s, t)]));
  return { mu, cov };
}

/**
 * Brute-force Gaussian conditioning: mean and variance of x_target given y_0..y_{upto}, via
 * E[x|y] = μ + Σ_xy Σ_yy⁻¹ (y - cμ), Var = Σ_xx - Σ_xy Σ_yy⁻¹ Σ_yx.
 */
function condition(m: ScalarStateSpace, y: number[], target: number, upto: number): { mean: number; variance: number } {
  const { mu, cov } = priorMoments(m, y.length);
  const idx = [...Array(upto + 1).keys()];
  const Syy = idx.map((s) => idx.map((t) => m.c * m.c * cov[s][t] + (s === t ? m.r : 0)));
  const Sxy = idx.map((s) => m.c * cov[target][s]);
  const resid = idx.map((s) => [y[s] - m.c * mu[s]]);
  const a = solve(Syy, resid).map((r) => r[0]);
  const b = solve(
    Syy,
    Sxy.map((v) => [v]),
  ).map((r) => r[0]);
  let mean = mu[target];
  let variance = cov[target][target];
  for (let k = 0; k <= upto; k++) {
    mean += Sxy[k] * a[k];
    variance -= Sxy[k] * b[k];
  }
  return { mean, variance };
}

const models: Array<[string, ScalarStateSpace]> = [
  ["stationary AR(1)", noisyAr1({ a: 0.9, q: 0.19, r: 0.5 })],
  ["general (c ≠ 1, |a| > 1, nonzero prior mean)", { a: 1.1, c: -0.7, q: 0.3, r: 0.2, m1: 0.4, p1: 2 }],
];

describe("estimation: Kalman filter and RTS smoother", () => {
  for (const [label, model] of models) {
    it(`filter = brute-force conditioning on y_1..y_t (${label})`, () => {
      const T = 7;
      const { observations } = simulateStateSpace(new Rng(1), model, 1, T);
      const y = Array.from(observations.data);
      const f = kalmanFilter(model, y);
      for (let t = 0; t < T; t++) {
        const exact = condition(model, y, t, t);
        assert.ok(Math.abs(f.mean[t] - exact.mean) < 1e-10, `t=${t}: filter mean ${f.mean[t]} vs ${exact.mean}`);
        assert.ok(
          Math.abs(f.variance[t] - exact.variance) < 1e-10,
          `t=${t}: filter variance ${f.variance[t]} vs ${exact.variance}`,
        );
        if (t > 0) {
          const pred = condition(model, y, t, t - 1);
          assert.ok(Math.abs(f.predictedMean[t] - pred.mean) < 1e-10, `t=${t}: predicted mean`);
          assert.ok(Math.abs(f.predictedVariance[t] - pred.variance) < 1e-10, `t=${t}: predicted variance`);
        }
      }
    });

    it(`smoother = brute-force conditioning on the whole sequence (${label})`, () => {
      const T = 7;
      const { observations } = simulateStateSpace(new Rng(2), model, 1, T);
      const y = Array.from(observations.data);
      const s = rtsSmoother(model, y);
      for (let t = 0; t < T; t++) {
        const exact = condition(model, y, t, T - 1);
        assert.ok(Math.abs(s.mean[t] - exact.mean) < 1e-10, `t=${t}: smoothed mean ${s.mean[t]} vs ${exact.mean}`);
        assert.ok(
          Math.abs(s.variance[t] - exact.variance) < 1e-10,
          `t=${t}: smoothed variance ${s.variance[t]} vs ${exact.variance}`,
        );
      }
    });
  }

  it("steady-state variances are the limits of the recursions in the middle of a long sequence", () => {
    const model = noisyAr1({ a: 0.9, q: 0.19, r: 0.5 });
    const y = new Float64Array(400); // variances do not depend on the values
    const f = kalmanFilter(model, y);
    const s = rtsSmoother(model, y);
    const ss = steadyStateVariances(model);
    assert.ok(Math.abs(f.variance[399] - ss.filter) < 1e-12, `filter ${f.variance[399]} vs ${ss.filter}`);
    assert.ok(Math.abs(f.predictedVariance[399] - ss.predicted) < 1e-12);
    assert.ok(Math.abs(f.gain[399] - ss.gain) < 1e-12);
    assert.ok(Math.abs(s.variance[200] - ss.smoother) < 1e-12, `smoother ${s.variance[200]} vs ${ss.smoother}`);
    assert.ok(ss.smoother < ss.filter && ss.filter < ss.predicted, "smoother < filter < prediction");
  });

  it("measured squared errors on simulated data match the predicted variances", () => {
    const model = noisyAr1({ a: 0.8, q: 0.36, r: 1 });
    const B = 400;
    const T = 30;
    const { states, observations } = simulateStateSpace(new Rng(3), model, B, T);
    let fErr = 0;
    let sErr = 0;
    let fVar = 0;
    let sVar = 0;
    for (let b = 0; b < B; b++) {
      const y = observations.data.subarray(b * T, (b + 1) * T);
      const x = states.data.subarray(b * T, (b + 1) * T);
      const f = kalmanFilter(model, y);
      const s = rtsSmoother(model, y);
      for (let t = 0; t < T; t++) {
        fErr += (f.mean[t] - x[t]) ** 2;
        sErr += (s.mean[t] - x[t]) ** 2;
        fVar += f.variance[t];
        sVar += s.variance[t];
      }
    }
    // 12,000 squared errors each (correlated within a sequence): relative standard error a few percent.
    assert.ok(Math.abs(fErr / fVar - 1) < 0.08, `filter: measured ${fErr / (B * T)} vs predicted ${fVar / (B * T)}`);
    assert.ok(Math.abs(sErr / sVar - 1) < 0.08, `smoother: measured ${sErr / (B * T)} vs predicted ${sVar / (B * T)}`);
  });

  it("simulated states have the stationary variance q/(1-a²) and lag-1 correlation a", () => {
    const model = noisyAr1({ a: 0.7, q: 0.51, r: 0.25 });
    const B = 300;
    const T = 40;
    const { states, observations } = simulateStateSpace(new Rng(4), model, B, T);
    let xx = 0;
    let x1x0 = 0;
    let x0x0 = 0;
    let noise = 0;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const i = b * T + t;
        xx += states.data[i] ** 2;
        noise += (observations.data[i] - states.data[i]) ** 2;
        if (t > 0) {
          x1x0 += states.data[i] * states.data[i - 1];
          x0x0 += states.data[i - 1] ** 2;
        }
      }
    }
    const n = B * T;
    assert.ok(Math.abs(xx / n - 1) < 0.06, `state variance ${xx / n}, expected 1`);
    assert.ok(Math.abs(x1x0 / x0x0 - 0.7) < 0.03, `lag-1 coefficient ${x1x0 / x0x0}`);
    assert.ok(Math.abs(noise / n - 0.25) < 0.02, `observation noise variance ${noise / n}`);
  });

  it("rejects bad models and inputs with a clear message", () => {
    assert.throws(() => noisyAr1({ a: 1, q: 1, r: 1 }), /noisyAr1: \|a\| must be < 1/);
    assert.throws(() => kalmanFilter({ a: 0.5, c: 1, q: -1, r: 1, m1: 0, p1: 1 }, [1]), /kalmanFilter: variances/);
    assert.throws(() => kalmanFilter(noisyAr1({ a: 0.5, q: 1, r: 1 }), []), /kalmanFilter: y holds no observations/);
    assert.throws(
      () => kalmanFilter(noisyAr1({ a: 0.5, q: 1, r: 1 }), [1, NaN]),
      /kalmanFilter: observation y\[1\] is NaN/,
    );
    assert.throws(
      () => simulateStateSpace(new Rng(1), noisyAr1({ a: 0.5, q: 1, r: 1 }), 0, 3),
      /simulateStateSpace: batch/,
    );
  });
});
