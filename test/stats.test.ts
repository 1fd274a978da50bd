import { strict as assert } from "node:assert";
import {
  Rng,
  autocorrelation,
  autocorrelationStandardErrors,
  leastSquares,
  mae,
  mse,
  r2Score,
  rmse,
} from "../src/index";

describe("stats: least squares, errors, autocorrelation", () => {
  it("least squares recovers exact coefficients of a noiseless linear model", () => {
    const rng = new Rng(1);
    const w = [2, -1, 0.5, 3];
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 50; i++) {
      const r = [1, rng.normal(), rng.normal(), rng.normal()];
      rows.push(r);
      y.push(r.reduce((s, v, j) => s + v * w[j], 0));
    }
    const fit = leastSquares(rows, y);
    fit.weights.forEach((v, j) => assert.ok(Math.abs(v - w[j]) < 1e-6, `w[${j}] = ${v}, expected ${w[j]}`));
    assert.ok(Math.abs(fit.predict([[1, 1, 1, 1]])[0] - 4.5) < 1e-6);
  });

  it("least squares residuals are orthogonal to every column (normal equations)", () => {
    const rng = new Rng(2);
    const rows = Array.from({ length: 40 }, () => [1, rng.normal(), rng.uniform()]);
    const y = rows.map((r) => Math.sin(3 * r[1]) + r[2] * r[2] + 0.1 * rng.normal());
    const pred = leastSquares(rows, y).predict(rows);
    for (let j = 0; j < 3; j++) {
      const dot = rows.reduce((s, r, i) => s + r[j] * (y[i] - pred[i]), 0);
      assert.ok(Math.abs(dot) < 1e-6, `column ${j}: residual·column = ${dot}`);
    }
  });

  it("least squares survives a column that is always zero, and checks shapes", () => {
    const fit = leastSquares(
      [
        [1, 0],
        [1, 0],
        [1, 0],
      ],
      [1, 2, 3],
    );
    assert.ok(Math.abs(fit.weights[0] - 2) < 1e-6);
    assert.equal(fit.weights[1], 0);
    assert.throws(() => leastSquares([[1, 2], [1]], [1, 2]), /row 1 has 1 columns, row 0 has 2/);
    assert.throws(() => leastSquares([[1]], [1, 2]), /1 rows but 2 targets/);
    assert.throws(() => fit.predict([[1, 2, 3]]), /row 0 has 3 columns, the fit has 2/);
  });

  it("errors: mse, rmse, mae and r2 on small examples", () => {
    assert.equal(mse([1, 2, 3], [1, 2, 5]), 4 / 3);
    assert.equal(rmse([0, 0], [3, -3]), 3);
    assert.equal(mae([0, 0], [3, -1]), 2);
    assert.equal(r2Score([1, 2, 3], [1, 2, 3]), 1);
    assert.equal(r2Score([1, 2, 3], [2, 2, 2]), 0);
    assert.ok(r2Score([1, 2, 3], [3, 2, 1]) < 0);
    assert.throws(() => r2Score([1, 1], [1, 2]), /truth is constant/);
    assert.throws(() => mse([1], [1, 2]), /truth has 1 values but prediction has 2/);
  });

  it("autocorrelation: 1 at lag 0, ≈ φ^k for an AR(1), ≈ 0 for white noise", () => {
    const rng = new Rng(3);
    const n = 20000;
    const ar = new Float64Array(n);
    const noise = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      noise[t] = rng.normal();
      ar[t] = (t > 0 ? 0.7 * ar[t - 1] : 0) + rng.normal();
    }
    const a = autocorrelation(ar, 3);
    assert.equal(a[0], 1);
    for (let k = 1; k <= 3; k++) assert.ok(Math.abs(a[k] - 0.7 ** k) < 0.03, `lag ${k}: ${a[k]}`);
    const w = autocorrelation(noise, 5);
    for (let k = 1; k <= 5; k++) assert.ok(Math.abs(w[k]) < 4 / Math.sqrt(n), `white noise lag ${k}: ${w[k]}`);
    assert.throws(() => autocorrelation([1, 2], 2), /maxLag must be an integer in 0..1/);
  });

  it("autocorrelation standard errors: the robust formula on a small example, ≈ 1/√n for white noise", () => {
    // x = (1, -1, 2, -2) has mean 0, squares (1, 1, 4, 4), Σx² = 10; lag 1: Σ x_t² x_{t-1}² = 1 + 4 + 16.
    const se = autocorrelationStandardErrors([1, -1, 2, -2], 2);
    assert.deepEqual(Array.from(se.iid), [0, 0.5, 0.5]);
    assert.ok(Math.abs(se.robust[1] - Math.sqrt(21) / 10) < 1e-15, `lag 1: ${se.robust[1]}`);
    assert.ok(Math.abs(se.robust[2] - Math.sqrt(4 + 4) / 10) < 1e-15, `lag 2: ${se.robust[2]}`);
    const rng = new Rng(4);
    const noise = rng.normalArray(20000);
    const white = autocorrelationStandardErrors(noise, 5);
    for (let k = 1; k <= 5; k++)
      assert.ok(Math.abs(white.robust[k] * Math.sqrt(20000) - 1) < 0.05, `white noise lag ${k}: ${white.robust[k]}`);
    assert.throws(() => autocorrelationStandardErrors([1, 2, 3], 3), /autocorrelationStandardErrors: maxLag/);
    assert.throws(() => autocorrelationStandardErrors([2, 2, 2], 1), /series is constant/);
  });

  it("autocorrelation standard errors: with volatility clustering the 1/√n band rejects too often, the robust one does not", () => {
    // GARCH(1,1) returns: uncorrelated (a martingale difference) but with clustered volatility.
    const rng = new Rng(5);
    const n = 1000;
    const replicates = 400;
    let iidRejections = 0;
    let robustRejections = 0;
    for (let rep = 0; rep < replicates; rep++) {
      const x = new Float64Array(n);
      let variance = 1;
      let previous = 0;
      for (let t = 0; t < n + 100; t++) {
        variance = 0.05 + 0.25 * previous * previous + 0.7 * variance;
        previous = Math.sqrt(variance) * rng.normal();
        if (t >= 100) x[t - 100] = previous;
      }
      const rho = autocorrelation(x, 1)[1];
      const se = autocorrelationStandardErrors(x, 1);
      if (Math.abs(rho) > 1.96 * se.iid[1]) iidRejections++;
      if (Math.abs(rho) > 1.96 * se.robust[1]) robustRejections++;
    }
    const iidRate = iidRejections / replicates;
    const robustRate = robustRejections / replicates;
    assert.ok(iidRate > 0.1, `the i.i.d. band should reject a true null far more often than 5 %, got ${iidRate}`);
    assert.ok(robustRate > 0.02 && robustRate < 0.085, `the robust band should reject about 5 %, got ${robustRate}`);
  });
});
