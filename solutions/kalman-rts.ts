/**
 * Reference solution of exercise 12 (kalman-rts): scalar Kalman filter and Rauch-Tung-Striebel
 * smoother. Statement and conventions: exercises/kalman-rts.ts.
 */

/** Parameters of the scalar linear-Gaussian state-space model. */
export interface ScalarStateSpace {
  /** State transition x_t = a x_{t-1} + w_t. */
  a: number;
  /** Observation y_t = c x_t + v_t. */
  c: number;
  /** Process-noise variance q > 0. */
  q: number;
  /** Observation-noise variance r > 0. */
  r: number;
  /** Prior mean of x_1. */
  m0: number;
  /** Prior variance of x_1 (> 0). */
  p0: number;
}

/** Filtered and smoothed moments, one entry per time step. */
export interface KalmanResult {
  filteredMean: number[];
  filteredVar: number[];
  smoothedMean: number[];
  smoothedVar: number[];
}

/** Kalman filter followed by the Rauch-Tung-Striebel smoother. */
export function kalmanSmoother(model: ScalarStateSpace, ys: number[]): KalmanResult {
  const { a, c, q, r, m0, p0 } = model;
  const T = ys.length;
  const predMean: number[] = [];
  const predVar: number[] = [];
  const filteredMean: number[] = [];
  const filteredVar: number[] = [];
  for (let t = 0; t < T; t++) {
    const mPred = t === 0 ? m0 : a * filteredMean[t - 1];
    const pPred = t === 0 ? p0 : a * a * filteredVar[t - 1] + q;
    predMean.push(mPred);
    predVar.push(pPred);
    const y = ys[t];
    if (Number.isNaN(y)) {
      filteredMean.push(mPred);
      filteredVar.push(pPred);
    } else {
      const gain = (pPred * c) / (c * c * pPred + r);
      filteredMean.push(mPred + gain * (y - c * mPred));
      filteredVar.push((1 - gain * c) * pPred);
    }
  }
  const smoothedMean = filteredMean.slice();
  const smoothedVar = filteredVar.slice();
  for (let t = T - 2; t >= 0; t--) {
    const g = (filteredVar[t] * a) / predVar[t + 1];
    smoothedMean[t] = filteredMean[t] + g * (smoothedMean[t + 1] - predMean[t + 1]);
    smoothedVar[t] = filteredVar[t] + g * g * (smoothedVar[t + 1] - predVar[t + 1]);
  }
  return { filteredMean, filteredVar, smoothedMean, smoothedVar };
}
