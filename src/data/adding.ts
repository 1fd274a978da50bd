/**
 * The adding problem, a classic test of long-range memory (Hochreiter & Schmidhuber 1997; here in
 * the modern form of Le, Jaitly & Hinton 2015 and Arjovsky, Shah & Bengio 2016).
 *
 * Each sequence has `length` steps with two input features:
 * - feature 0: a value u_t drawn uniformly from [0, 1);
 * - feature 1: a marker, 1 at exactly two positions and 0 elsewhere. The first marked position is
 *   uniform in the first half (0 .. ⌊T/2⌋-1), the second uniform in the second half (⌊T/2⌋ .. T-1).
 * The target, read after the last step, is the sum of the two marked values: y = u_{p1} + u_{p2}.
 *
 * A model that ignores the input can do no better than always predicting E[y] = 1, whose mean
 * squared error is Var(u_{p1} + u_{p2}) = 2 · 1/12 = 1/6 ≈ 0.167 (see `addingBaselineMse`). Beating
 * it requires carrying the first marked value across up to T steps.
 */
import { Rng } from "../random";
import { Tensor } from "../tensor";

/** A batch of adding-problem sequences. */
export interface AddingBatch {
  /** Inputs [batch, length, 2]: (value, marker) at each step. */
  x: Tensor;
  /** Targets [batch, 1]: the sum of the two marked values. */
  y: Tensor;
  /** The two marked positions of each sequence (0-based, first < second). */
  positions: Array<[number, number]>;
}

/**
 * Draws `batch` adding-problem sequences of `length` steps from `rng` (see the module comment for
 * the exact distribution). `length` must be at least 2 so that each half holds a position.
 */
export function addingProblem(rng: Rng, batch: number, length: number): AddingBatch {
  if (!Number.isInteger(batch) || batch < 1)
    throw new Error(`addingProblem: batch must be a positive integer, got ${batch}`);
  if (!Number.isInteger(length) || length < 2)
    throw new Error(`addingProblem: length must be an integer ≥ 2, got ${length}`);
  const half = Math.floor(length / 2);
  const x = new Float64Array(batch * length * 2);
  const y = new Float64Array(batch);
  const positions: Array<[number, number]> = [];
  for (let b = 0; b < batch; b++) {
    const base = b * length * 2;
    for (let t = 0; t < length; t++) x[base + 2 * t] = rng.next();
    const p1 = rng.int(half);
    const p2 = half + rng.int(length - half);
    x[base + 2 * p1 + 1] = 1;
    x[base + 2 * p2 + 1] = 1;
    y[b] = x[base + 2 * p1] + x[base + 2 * p2];
    positions.push([p1, p2]);
  }
  return { x: new Tensor(x, [batch, length, 2]), y: new Tensor(y, [batch, 1]), positions };
}

/**
 * Mean squared error of the constant prediction E[y] = 1, computed from the distribution:
 * Var(u₁ + u₂) = Var(u₁) + Var(u₂) = 2 · (1 - 0)² / 12 = 1/6 for independent u ~ U[0, 1).
 */
export function addingBaselineMse(): number {
  const varianceOfUniform = 1 / 12;
  return 2 * varianceOfUniform;
}
