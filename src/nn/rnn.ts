/**
 * The simple (Elman) recurrent network of the seed text:
 *
 * $$h_t = \phi(W_h h_{t-1} + W_x x_t + b)$$
 *
 * with φ = tanh (default) or ReLU. Parameters (shapes as in the seed, rows = hidden units):
 * - weightIh = W_x  [hidden, input]
 * - weightHh = W_h  [hidden, hidden]
 * - bias     = b    [hidden]   (one bias; PyTorch keeps two, b_ih + b_hh, which sum to this one)
 * Batched inputs are rows: h [B, d], x [B, m], so the update reads h·W_hᵀ + x·W_xᵀ + b.
 */
import { Rng } from "../random";
import { Tensor } from "../tensor";
import { add } from "../ops/elementwise";
import { linear } from "../ops/matmul";
import { relu, tanh } from "../ops/activation";
import { RecurrentCell, RecurrentLayer, SequenceOptions, StackOptions, runStack } from "./recurrent";
import { rnnSequence } from "./rnn-sequence-op";

/** Activation of a simple RNN. */
export type Nonlinearity = "tanh" | "relu";

/** Options of RNNCell and RNN. */
export interface RNNOptions {
  rng: Rng;
  nonlinearity?: Nonlinearity;
}

/** One step of the simple RNN. */
export class RNNCell extends RecurrentCell {
  readonly nonlinearity: Nonlinearity;

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions) {
    super(inputSize, hiddenSize, options.rng, 1);
    this.nonlinearity = options.nonlinearity ?? "tanh";
    if (this.nonlinearity !== "tanh" && this.nonlinearity !== "relu")
      throw new Error(`RNNCell: nonlinearity must be "tanh" or "relu", got "${String(this.nonlinearity)}"`);
  }

  /** x [B, input], h [B, hidden] → h' [B, hidden]. */
  forward(x: Tensor, h: Tensor): Tensor {
    const pre = add(linear(x, this.weightIh, this.bias), linear(h, this.weightHh));
    return this.nonlinearity === "tanh" ? tanh(pre) : relu(pre);
  }
}

/** Options of RNN.forward. */
export interface RNNForwardOptions extends SequenceOptions {
  /** Use the fused whole-sequence op (default true); false composes primitive ops step by step. */
  fused?: boolean;
}

/** A (stacked) simple RNN over [batch, time, input]. */
export class RNN extends RecurrentLayer<RNNCell> {
  readonly stateNames = ["h"];
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions & StackOptions) {
    super("RNN", inputSize, hiddenSize, options, (m) => new RNNCell(m, hiddenSize, options));
  }

  protected cellStep(cell: RNNCell, xt: Tensor, [h]: Tensor[]): Tensor[] {
    return [cell.forward(xt, h)];
  }

  protected fusedLayer(cell: RNNCell, input: Tensor, [h0]: Tensor[], lengths?: readonly number[]) {
    const r = rnnSequence(input, cell.weightIh, cell.weightHh, cell.bias, h0, cell.nonlinearity, lengths);
    return { output: r.output, state: [r.h] };
  }

  /**
   * x [B, T, input] → output [B, T, hidden] (last layer's h_t at every step, 0 at padding)
   * and h [numLayers, B, hidden] (each layer's final state, taken at each sequence's length).
   */
  forward(x: Tensor, options: RNNForwardOptions = {}): { output: Tensor; h: Tensor } {
    const r = runStack("RNN.forward", this, x, [options.h0], options);
    return { output: r.output, h: r.states[0] };
  }
}
