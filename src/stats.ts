/**
 * Small statistics for honest baselines and error measures: ordinary least squares in closed form,
 * R², RMSE, MAE, and the sample autocorrelation function. Plain arrays in, plain numbers out.
 */

/** A least-squares fit y ≈ X·w. */
export interface LeastSquaresFit {
  /** Coefficients, one per column of X. */
  readonly weights: Float64Array;
  /** Predictions X·w for the rows of a design matrix with the same columns. */
  predict(rows: readonly ArrayLike<number>[]): Float64Array;
}

/**
 * Ordinary least squares in closed form: solves the normal equations (XᵀX + λI)·w = Xᵀy by
 * Cholesky decomposition. `ridge` λ (default 1e-8, relative to the mean diagonal of XᵀX) keeps
 * the system solvable when columns are collinear (e.g. a token that never occurs); include a column
 * of ones yourself for an intercept.
 */
export function leastSquares(
  rows: readonly ArrayLike<number>[],
  y: ArrayLike<number>,
  options: { ridge?: number } = {},
): LeastSquaresFit {
  const n = rows.length;
  if (n === 0) throw new Error("leastSquares: no rows given");
  if (y.length !== n) throw new Error(`leastSquares: ${n} rows but ${y.length} targets`);
  const p = rows[0].length;
  if (p === 0) throw new Error("leastSquares: rows have no columns");
  rows.forEach((r, i) => {
    if (r.length !== p) throw new Error(`leastSquares: row ${i} has ${r.length} columns, row 0 has ${p}`);
  });
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const yi = y[i];
    if (!Number.isFinite(yi)) throw new Error(`leastSquares: target ${i} is ${yi}`);
    for (let j = 0; j < p; j++) {
      const rj = r[j];
      if (!Number.isFinite(rj)) throw new Error(`leastSquares: row ${i} column ${j} is ${rj}`);
      if (rj === 0) continue;
      b[j] += rj * yi;
      for (let k = 0; k <= j; k++) A[j * p + k] += rj * r[k];
    }
  }
  let trace = 0;
  for (let j = 0; j < p; j++) trace += A[j * p + j];
  const lambda = (options.ridge ?? 1e-8) * Math.max(trace / p, 1e-300);
  for (let j = 0; j < p; j++) A[j * p + j] += lambda;
  // Cholesky A = L·Lᵀ on the lower triangle, then two triangular solves.
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k <= j; k++) {
      let s = A[j * p + k];
      for (let m = 0; m < k; m++) s -= L[j * p + m] * L[k * p + m];
      if (j === k) {
        if (!(s > 0))
          throw new Error(`leastSquares: normal equations are not positive definite at column ${j}; increase ridge`);
        L[j * p + j] = Math.sqrt(s);
      } else {
        L[j * p + k] = s / L[k * p + k];
      }
    }
  }
  const z = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = b[j];
    for (let m = 0; m < j; m++) s -= L[j * p + m] * z[m];
    z[j] = s / L[j * p + j];
  }
  const w = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    let s = z[j];
    for (let m = j + 1; m < p; m++) s -= L[m * p + j] * w[m];
    w[j] = s / L[j * p + j];
  }
  return {
    weights: w,
    predict(newRows) {
      const out = new Float64Array(newRows.length);
      newRows.forEach((r, i) => {
        if (r.length !== p) throw new Error(`leastSquares.predict: row ${i} has ${r.length} columns, the fit has ${p}`);
        let s = 0;
        for (let j = 0; j < p; j++) s += r[j] * w[j];
        out[i] = s;
      });
      return out;
    },
  };
}

function checkPair(op: string, truth: ArrayLike<number>, pred: ArrayLike<number>): void {
  if (truth.length !== pred.length)
    throw new Error(`${op}: truth has ${truth.length} values but prediction has ${pred.length}`);
  if (truth.length === 0) throw new Error(`${op}: no values given`);
}

/** Mean squared error. */
export function mse(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  checkPair("mse", truth, pred);
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (truth[i] - pred[i]) ** 2;
  return s / truth.length;
}

/** Root mean squared error. */
export function rmse(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  checkPair("rmse", truth, pred);
  return Math.sqrt(mse(truth, pred));
}

/** Mean absolute error. */
export function mae(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  checkPair("mae", truth, pred);
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += Math.abs(truth[i] - pred[i]);
  return s / truth.length;
}

/**
 * Coefficient of determination R² = 1 - Σ(y - ŷ)² / Σ(y - ȳ)²: 1 is perfect, 0 is no better than
 * predicting the mean of `truth`, negative is worse than that.
 */
export function r2Score(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  checkPair("r2Score", truth, pred);
  let mean = 0;
  for (let i = 0; i < truth.length; i++) mean += truth[i];
  mean /= truth.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < truth.length; i++) {
    ssRes += (truth[i] - pred[i]) ** 2;
    ssTot += (truth[i] - mean) ** 2;
  }
  if (ssTot === 0) throw new Error("r2Score: truth is constant, R² is undefined");
  return 1 - ssRes / ssTot;
}

/**
 * Sample autocorrelation ρ_k for k = 0..maxLag (ρ_0 = 1), with the usual estimator
 * ρ_k = Σ_{t} (x_t - x̄)(x_{t+k} - x̄) / Σ_t (x_t - x̄)². Under independence ρ_k is roughly
 * normal with standard deviation 1/√n, so |ρ_k| > 1.96/√n is significant at the 5 % level; for
 * series that are uncorrelated but not independent (volatility clustering) use the wider bands of
 * `autocorrelationStandardErrors`.
 */
export function autocorrelation(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length;
  if (!Number.isInteger(maxLag) || maxLag < 0 || maxLag >= n)
    throw new Error(`autocorrelation: maxLag must be an integer in 0..${n - 1}, got ${maxLag}`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let denom = 0;
  for (let i = 0; i < n; i++) denom += (x[i] - mean) ** 2;
  if (denom === 0) throw new Error("autocorrelation: series is constant");
  const out = new Float64Array(maxLag + 1);
  for (let k = 0; k <= maxLag; k++) {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += (x[t] - mean) * (x[t + k] - mean);
    out[k] = s / denom;
  }
  return out;
}

/**
 * Standard errors of the sample autocorrelations ρ_1..ρ_maxLag under the null hypothesis "no
 * autocorrelation", in two versions (entry 0 of each array is 0):
 *
 * - `iid`: 1/√n for every lag, valid when the x_t are independent and identically distributed;
 * - `robust`: √(Σ_t x_t² x_{t−k}²) / Σ_t x_t² (x centred), valid when x is only uncorrelated, e.g. a
 *   martingale difference with conditional heteroskedasticity (financial returns, whose volatility
 *   clusters). This is the heteroskedasticity-consistent (White-type) variance of the lag-k
 *   regression slope; with i.i.d. data it is ≈ 1/√n, with volatility clustering larger, because large
 *   x_t² tend to sit next to large x_{t−k}².
 *
 * |ρ_k| > 1.96·se_k rejects "ρ_k = 0" at about the 5 % level.
 */
export function autocorrelationStandardErrors(
  x: ArrayLike<number>,
  maxLag: number,
): { iid: Float64Array; robust: Float64Array } {
  const n = x.length;
  if (!Number.isInteger(maxLag) || maxLag < 1 || maxLag >= n)
    throw new Error(`autocorrelationStandardErrors: maxLag must be an integer in 1..${n - 1}, got ${maxLag}`);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`autocorrelationStandardErrors: x[${i}] is ${x[i]}`);
    mean += x[i];
  }
  mean /= n;
  const sq = new Float64Array(n);
  let denom = 0;
  for (let i = 0; i < n; i++) {
    sq[i] = (x[i] - mean) ** 2;
    denom += sq[i];
  }
  if (denom === 0) throw new Error("autocorrelationStandardErrors: series is constant");
  const iid = new Float64Array(maxLag + 1).fill(1 / Math.sqrt(n));
  iid[0] = 0;
  const robust = new Float64Array(maxLag + 1);
  for (let k = 1; k <= maxLag; k++) {
    let s = 0;
    for (let t = k; t < n; t++) s += sq[t] * sq[t - k];
    robust[k] = Math.sqrt(s) / denom;
  }
  return { iid, robust };
}
