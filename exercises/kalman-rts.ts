/**
 * 练习 11：卡尔曼滤波器与 RTS 平滑器（kalman-rts）
 *
 * 单向 RNN 可以比作因果滤波器（卡尔曼滤波器），把双向RNN比作非因果平滑器（Rauch-Tung-Striebel
 * 平滑器）。本练习实现标量线性高斯状态空间模型的两者：
 *
 *   状态：x_1 ~ N(m0, p0)，x_t = a·x_{t-1} + w_t，w_t ~ N(0, q)      （t = 2, …, T）
 *   观测：y_t = c·x_t + v_t，v_t ~ N(0, r)                            （t = 1, …, T）
 *
 * 滤波（前向，t = 1, …, T）：
 *   预测：t = 1 时 m_{1|0} = m0，P_{1|0} = p0（先验直接给的是 x_1，第一步不做预测）；
 *         t > 1 时 m_{t|t-1} = a·m_{t-1|t-1}，P_{t|t-1} = a²·P_{t-1|t-1} + q
 *   更新：K_t = P_{t|t-1}·c / (c²·P_{t|t-1} + r)
 *         m_{t|t} = m_{t|t-1} + K_t·(y_t - c·m_{t|t-1})，P_{t|t} = (1 - K_t·c)·P_{t|t-1}
 *   缺失观测：y_t 为 NaN 时跳过更新：m_{t|t} = m_{t|t-1}，P_{t|t} = P_{t|t-1}。
 *
 * 平滑（后向，t = T-1, …, 1），从 m^s_T = m_{T|T}，P^s_T = P_{T|T} 开始：
 *   G_t = P_{t|t}·a / P_{t+1|t}
 *   m^s_t = m_{t|t} + G_t·(m^s_{t+1} - m_{t+1|t})
 *   P^s_t = P_{t|t} + G_t²·(P^s_{t+1} - P_{t+1|t})
 * （注意 G_t 的分母是预测方差 P_{t+1|t}，不是滤波方差 P_{t+1|t+1}。）
 *
 * 返回四个长度为 T 的数组：filteredMean[t] = m_{t+1|t+1}，filteredVar[t] = P_{t+1|t+1}，
 * smoothedMean、smoothedVar 同理（代码下标从 0 开始：ys[0] 是 y_1）。评分用例保证 q > 0，p0 > 0，r > 0。
 * 平滑方差总是不大于滤波方差：用到了未来的信息。
 *
 * 例：a = 1，c = 1，q = 1，r = 1，m0 = 0，p0 = 1，ys = [1, 2]：
 *     t=1：K = 1/2，m = 0.5，P = 0.5；t=2：预测 m = 0.5，P = 1.5，K = 0.6，m = 1.4，P = 0.6
 *     平滑：G_1 = 0.5/1.5 = 1/3，m^s_1 = 0.5 + (1.4 - 0.5)/3 = 0.8，P^s_1 = 0.5 + (0.6 - 1.5)/9 = 0.4
 *     → filteredMean = [0.5, 1.4]，filteredVar = [0.5, 0.6]，smoothedMean = [0.8, 1.4]，smoothedVar = [0.4, 0.6]
 *
 * Exercise 11: Kalman filter and RTS smoother (kalman-rts)
 *
 * Scalar model x_1 ~ N(m0, p0), x_t = a x_{t-1} + w_t (w ~ N(0, q)), y_t = c x_t + v_t (v ~ N(0, r)).
 * Filter forwards (no prediction before the first update; NaN observations skip the update), then run
 * the Rauch-Tung-Striebel smoother backwards with gain G_t = P_{t|t} a / P_{t+1|t}. Return the filtered
 * and smoothed means and variances, each of length T (index 0 is time 1).
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

/**
 * Kalman filter followed by the Rauch-Tung-Striebel smoother.
 * @param model a, c, q, r, m0, p0
 * @param ys observations y_1 … y_T (NaN = missing)
 */
export function kalmanSmoother(model: ScalarStateSpace, ys: number[]): KalmanResult {
  throw new Error("kalman-rts: not implemented yet (尚未实现): write kalmanSmoother in exercises/kalman-rts.ts");
}
