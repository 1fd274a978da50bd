/**
 * Optimal causal and non-causal estimation in a scalar linear-Gaussian state-space model:
 *
 * $$x_1 \sim \mathcal N(m_1, p_1), \qquad x_t = a\,x_{t-1} + w_t,\ w_t \sim \mathcal N(0, q), \qquad
 *   y_t = c\,x_t + v_t,\ v_t \sim \mathcal N(0, r).$$
 *
 * - The **Kalman filter** computes the causal posterior x_t | y_1..y_t: the best estimate (in mean
 *   squared error) that uses only the past and present, like a unidirectional RNN.
 * - The **Rauch–Tung–Striebel (RTS) smoother** computes the non-causal posterior x_t | y_1..y_T
 *   from the filter's output with one backward pass: the best estimate given the whole sequence,
 *   like a bidirectional RNN.
 *
 * Filter, for t = 1..T (predicted m⁻_1 = m_1, p⁻_1 = p_1):
 *   m⁻_t = a m_{t-1},  p⁻_t = a² p_{t-1} + q,  k_t = p⁻_t c / (c² p⁻_t + r),
 *   m_t = m⁻_t + k_t (y_t - c m⁻_t),  p_t = (1 - k_t c) p⁻_t.
 * Smoother, for t = T-1..1 (starting from m^s_T = m_T, p^s_T = p_T):
 *   g_t = a p_t / p⁻_{t+1},  m^s_t = m_t + g_t (m^s_{t+1} - m⁻_{t+1}),  p^s_t = p_t + g_t² (p^s_{t+1} - p⁻_{t+1}).
 * The variances p_t and p^s_t are the expected squared errors of the two estimates; they do not
 * depend on the observations, and far from the ends of a long sequence they settle at the values
 * given by `steadyStateVariances`.
 */

/** Parameters of the scalar model (see the module comment). */
export interface ScalarStateSpace {
  /** State transition coefficient a. */
  a: number;
  /** Observation coefficient c (must not be 0). */
  c: number;
  /** Process noise variance q > 0. */
  q: number;
  /** Observation noise variance r > 0. */
  r: number;
  /** Prior mean of x_1. */
  m1: number;
  /** Prior variance of x_1 (> 0). */
  p1: number;
}

/**
 * The stationary AR(1) state observed in noise: x_t = a x_{t-1} + w_t, y_t = x_t + v_t, with x_1
 * drawn from the stationary distribution N(0, q / (1 - a²)). Requires |a| < 1.
 */
export function noisyAr1(options: { a: number; q: number; r: number }): ScalarStateSpace {
  const { a, q, r } = options;
  if (!(Math.abs(a) < 1)) throw new Error(`noisyAr1: |a| must be < 1 for a stationary state, got a = ${a}`);
  const model = { a, c: 1, q, r, m1: 0, p1: q / (1 - a * a) };
  checkModel("noisyAr1", model);
  return model;
}

function checkModel(fn: string, m: ScalarStateSpace): void {
  for (const key of ["a", "c", "q", "r", "m1", "p1"] as const) {
    if (!Number.isFinite(m[key])) throw new Error(`${fn}: model.${key} must be a finite number, got ${m[key]}`);
  }
  if (!(m.q > 0) || !(m.r > 0) || !(m.p1 > 0))
    throw new Error(`${fn}: variances q, r and p1 must be positive, got q = ${m.q}, r = ${m.r}, p1 = ${m.p1}`);
  if (m.c === 0) throw new Error(`${fn}: observation coefficient c must not be 0`);
}

/** Output of the Kalman filter for one sequence (arrays of length T). */
export interface KalmanFilterResult {
  /** Filtered means m_t = E[x_t | y_1..y_t]. */
  mean: Float64Array;
  /** Filtered variances p_t = Var[x_t | y_1..y_t]. */
  variance: Float64Array;
  /** Predicted means m⁻_t = E[x_t | y_1..y_{t-1}]. */
  predictedMean: Float64Array;
  /** Predicted variances p⁻_t = Var[x_t | y_1..y_{t-1}]. */
  predictedVariance: Float64Array;
  /** Kalman gains k_t. */
  gain: Float64Array;
}

/** Runs the Kalman filter over the observations `y` of one sequence. */
export function kalmanFilter(model: ScalarStateSpace, y: ArrayLike<number>): KalmanFilterResult {
  checkModel("kalmanFilter", model);
  const T = y.length;
  if (T === 0) throw new Error("kalmanFilter: y holds no observations");
  const { a, c, q, r } = model;
  const mean = new Float64Array(T);
  const variance = new Float64Array(T);
  const predictedMean = new Float64Array(T);
  const predictedVariance = new Float64Array(T);
  const gain = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    if (!Number.isFinite(y[t])) throw new Error(`kalmanFilter: observation y[${t}] is ${y[t]}`);
    const mPred = t === 0 ? model.m1 : a * mean[t - 1];
    const pPred = t === 0 ? model.p1 : a * a * variance[t - 1] + q;
    const k = (pPred * c) / (c * c * pPred + r);
    predictedMean[t] = mPred;
    predictedVariance[t] = pPred;
    gain[t] = k;
    mean[t] = mPred + k * (y[t] - c * mPred);
    variance[t] = (1 - k * c) * pPred;
  }
  return { mean, variance, predictedMean, predictedVariance, gain };
}

/** Output of the RTS smoother for one sequence (arrays of length T). */
export interface SmootherResult {
  /** Smoothed means E[x_t | y_1..y_T]. */
  mean: Float64Array;
  /** Smoothed variances Var[x_t | y_1..y_T]. */
  variance: Float64Array;
}

/** Runs the Kalman filter forward, then the Rauch–Tung–Striebel pass backward, over one sequence. */
export function rtsSmoother(model: ScalarStateSpace, y: ArrayLike<number>): SmootherResult {
  const f = kalmanFilter(model, y);
  const T = y.length;
  const mean = new Float64Array(T);
  const variance = new Float64Array(T);
  mean[T - 1] = f.mean[T - 1];
  variance[T - 1] = f.variance[T - 1];
  for (let t = T - 2; t >= 0; t--) {
    const g = (model.a * f.variance[t]) / f.predictedVariance[t + 1];
    mean[t] = f.mean[t] + g * (mean[t + 1] - f.predictedMean[t + 1]);
    variance[t] = f.variance[t] + g * g * (variance[t + 1] - f.predictedVariance[t + 1]);
  }
  return { mean, variance };
}

/** Limits of the error variances far from both ends of a long sequence. */
export interface SteadyStateVariances {
  /** Predicted variance p⁻ (error of the one-step-ahead prediction). */
  predicted: number;
  /** Filtered variance p: the smallest mean squared error of any causal estimate. */
  filter: number;
  /** Smoothed variance p^s: the smallest mean squared error of any estimate from the whole sequence. */
  smoother: number;
  /** Steady-state Kalman gain k. */
  gain: number;
}

/**
 * Solves the steady-state (algebraic Riccati) equations in closed form.
 * The predicted variance is the positive root of c² p⁻² + (r(1 - a²) - q c²) p⁻ - q r = 0, which
 * follows from p⁻ = a² p + q with p = p⁻ r / (c² p⁻ + r). The smoother's fixed point of
 * p^s = p + g² (p^s - p⁻), g = a p / p⁻, is p^s = (p - g² p⁻) / (1 - g²).
 */
export function steadyStateVariances(model: ScalarStateSpace): SteadyStateVariances {
  checkModel("steadyStateVariances", model);
  const { a, c, q, r } = model;
  const B = r * (1 - a * a) - q * c * c;
  const predicted = (-B + Math.sqrt(B * B + 4 * c * c * q * r)) / (2 * c * c);
  const filter = (predicted * r) / (c * c * predicted + r);
  const g = (a * filter) / predicted;
  const smoother = (filter - g * g * predicted) / (1 - g * g);
  const gain = (predicted * c) / (c * c * predicted + r);
  return { predicted, filter, smoother, gain };
}
