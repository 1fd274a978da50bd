/**
 * A minimal training loop that notebooks and tests share: the same loop runs silently in tests
 * and shows live progress in a notebook through the optional `onStep` callback.
 */
import { Tensor } from "./tensor";
import { Optimizer, clipGradNorm } from "./optim";

/** Options of `train`. */
export interface TrainOptions {
  /** Number of optimisation steps. */
  steps: number;
  /** Builds the loss of step i (a scalar tensor), e.g. on a fresh random batch. */
  loss: (step: number) => Tensor;
  optimizer: Optimizer;
  /** Clip the global gradient norm to this value before each update (optional). */
  clipNorm?: number;
  /** Called after every step with the step index (0-based), the loss and the gradient norm before clipping. */
  onStep?: (step: number, loss: number, gradNorm: number) => void;
}

/** Runs the loop; returns the loss of every step. */
export function train(options: TrainOptions): Float64Array {
  const { steps, optimizer } = options;
  if (!Number.isInteger(steps) || steps < 0)
    throw new Error(`train: steps must be a non-negative integer, got ${steps}`);
  const losses = new Float64Array(steps);
  for (let i = 0; i < steps; i++) {
    optimizer.zeroGrad();
    const loss = options.loss(i);
    if (loss.size !== 1) throw new Error(`train: loss of step ${i} must be a scalar, got ${loss.size} values`);
    loss.backward();
    const norm = clipGradNorm(optimizer.params, options.clipNorm ?? Infinity);
    optimizer.step();
    losses[i] = loss.item();
    if (options.onStep) options.onStep(i, losses[i], norm);
  }
  return losses;
}
