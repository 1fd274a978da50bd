/**
 * Bidirectional wrapper: a forward layer reads x_1 … x_T, a backward layer reads x_T … x_1 (each
 * sequence reversed within its own length), and the two hidden states of each step are
 * concatenated: [h→_t ; h←_t], of size 2·hidden. A causal filter plus an anti-causal one: the
 * representation at t sees the whole sequence, like a smoother.
 */
import { Tensor } from "../tensor";
import { concat } from "../ops/shape";
import { Module } from "./module";
import { SequenceOptions, checkLengths, reverseSequences } from "./sequence";

/** Any sequence layer: x [B, T, F] → output [B, T, d] and final h [L, B, d]. */
export interface SequenceLayer extends Module {
  readonly hiddenSize: number;
  forward(x: Tensor, options?: SequenceOptions): { output: Tensor; h: Tensor };
}

/** Runs `forwardLayer` on x and `backwardLayer` on time-reversed x; concatenates their states. */
export class Bidirectional<L extends SequenceLayer> extends Module {
  constructor(
    readonly forwardLayer: L,
    readonly backwardLayer: L,
  ) {
    super();
  }

  /** Size of each output step: both hidden sizes together. */
  get hiddenSize(): number {
    return this.forwardLayer.hiddenSize + this.backwardLayer.hiddenSize;
  }

  /**
   * x [B, T, F] → output [B, T, 2d] (forward state, then backward state, at each step) and
   * h [L, B, 2d] (final forward state after x_T, final backward state after x_1).
   */
  forward(x: Tensor, options: { lengths?: readonly number[] } = {}): { output: Tensor; h: Tensor } {
    checkLengths("Bidirectional.forward", options.lengths, x.shape[0], x.shape[1]);
    const fw = this.forwardLayer.forward(x, { lengths: options.lengths });
    const bw = this.backwardLayer.forward(reverseSequences(x, options.lengths), { lengths: options.lengths });
    return {
      output: concat([fw.output, reverseSequences(bw.output, options.lengths)], -1),
      h: concat([fw.h, bw.h], -1),
    };
  }
}
