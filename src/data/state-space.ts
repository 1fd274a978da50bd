/**
 * Sequences from the scalar linear-Gaussian state-space model of src/estimation/kalman.ts:
 * x_1 ~ N(m_1, p_1), x_t = a x_{t-1} + w_t with w_t ~ N(0, q), and y_t = c x_t + v_t with v_t ~ N(0, r).
 * The hidden states x are the targets an estimator (Kalman filter, RTS smoother or an RNN) must
 * recover from the observations y.
 */
import { Rng } from "../random";
import { Tensor } from "../tensor";
import { ScalarStateSpace } from "../estimation/kalman";

/** A batch of simulated sequences. */
export interface StateSpaceBatch {
  /** Hidden states x [batch, length, 1]. */
  states: Tensor;
  /** Observations y [batch, length, 1]. */
  observations: Tensor;
}

/** Draws `batch` sequences of `length` steps from the model (state and observation noise from `rng`). */
export function simulateStateSpace(rng: Rng, model: ScalarStateSpace, batch: number, length: number): StateSpaceBatch {
  if (!Number.isInteger(batch) || batch < 1)
    throw new Error(`simulateStateSpace: batch must be a positive integer, got ${batch}`);
  if (!Number.isInteger(length) || length < 1)
    throw new Error(`simulateStateSpace: length must be a positive integer, got ${length}`);
  if (!(model.q >= 0) || !(model.r >= 0) || !(model.p1 >= 0)) {
    throw new Error(
      `simulateStateSpace: variances must be non-negative, got q = ${model.q}, r = ${model.r}, p1 = ${model.p1}`,
    );
  }
  const xs = new Float64Array(batch * length);
  const ys = new Float64Array(batch * length);
  const sq = Math.sqrt(model.q);
  const sr = Math.sqrt(model.r);
  for (let b = 0; b < batch; b++) {
    let x = rng.normal(model.m1, Math.sqrt(model.p1));
    for (let t = 0; t < length; t++) {
      if (t > 0) x = model.a * x + sq * rng.normal();
      xs[b * length + t] = x;
      ys[b * length + t] = model.c * x + sr * rng.normal();
    }
  }
  return { states: new Tensor(xs, [batch, length, 1]), observations: new Tensor(ys, [batch, length, 1]) };
}
