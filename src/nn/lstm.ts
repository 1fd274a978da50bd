/**
 * Long short-term memory (LSTM), with exactly the seed's six equations:
 *
 * $$\begin{aligned}
 * f_t &= \sigma(W_f x_t + U_f h_{t-1} + b_f) \\
 * i_t &= \sigma(W_i x_t + U_i h_{t-1} + b_i) \\
 * o_t &= \sigma(W_o x_t + U_o h_{t-1} + b_o) \\
 * \tilde c_t &= \tanh(W_c x_t + U_c h_{t-1} + b_c) \\
 * c_t &= f_t \odot c_{t-1} + i_t \odot \tilde c_t \\
 * h_t &= o_t \odot \tanh(c_t)
 * \end{aligned}$$
 *
 * Parameters, with the four blocks stacked in the seed's order **f, i, o, c̃** (rows):
 * - weightIh = [W_f; W_i; W_o; W_c]  [4·hidden, input]
 * - weightHh = [U_f; U_i; U_o; U_c]  [4·hidden, hidden]
 * - bias     = [b_f; b_i; b_o; b_c]  [4·hidden]
 * PyTorch stacks i, f, g, o and keeps two biases; Keras/TensorFlow.js stack i, f, c, o in columns of
 * [input, 4·hidden] and default to a hard sigmoid for the gates. σ here is the true logistic sigmoid.
 * The forget-gate bias starts at `forgetBias` (default 1) so the cell remembers at first.
 */
import { Rng } from "../random";
import { Tensor } from "../tensor";
import { add, mul } from "../ops/elementwise";
import { linear } from "../ops/matmul";
import { sigmoid, tanh } from "../ops/activation";
import { slice } from "../ops/shape";
import { RecurrentCell, RecurrentLayer, SequenceOptions, StackOptions, runStack } from "./recurrent";
import { lstmSequence } from "./lstm-sequence-op";

/** Options of LSTMCell and LSTM. */
export interface LSTMOptions {
  rng: Rng;
  /** Initial value of b_f (default 1). */
  forgetBias?: number;
}

/** The gates of one step, for inspection in notebooks. */
export interface LSTMStep {
  h: Tensor;
  c: Tensor;
  forgetGate: Tensor;
  inputGate: Tensor;
  outputGate: Tensor;
  candidate: Tensor;
}

/** One step of the LSTM. */
export class LSTMCell extends RecurrentCell {
  constructor(inputSize: number, hiddenSize: number, options: LSTMOptions) {
    super(inputSize, hiddenSize, options.rng, 4);
    this.bias.data.fill(options.forgetBias ?? 1, 0, hiddenSize); // b_f
  }

  /** x [B, input], h and c [B, hidden] → the new h and c, and every gate. */
  step(x: Tensor, h: Tensor, c: Tensor): LSTMStep {
    const d = this.hiddenSize;
    const z = add(linear(x, this.weightIh, this.bias), linear(h, this.weightHh));
    const forgetGate = sigmoid(slice(z, -1, 0, d));
    const inputGate = sigmoid(slice(z, -1, d, 2 * d));
    const outputGate = sigmoid(slice(z, -1, 2 * d, 3 * d));
    const candidate = tanh(slice(z, -1, 3 * d, 4 * d));
    const cNext = add(mul(forgetGate, c), mul(inputGate, candidate));
    const hNext = mul(outputGate, tanh(cNext));
    return { h: hNext, c: cNext, forgetGate, inputGate, outputGate, candidate };
  }

  /** x [B, input], state {h, c} → {h, c}. */
  forward(x: Tensor, state: { h: Tensor; c: Tensor }): { h: Tensor; c: Tensor } {
    const s = this.step(x, state.h, state.c);
    return { h: s.h, c: s.c };
  }
}

/** Options of LSTM.forward. */
export interface LSTMForwardOptions extends SequenceOptions {
  /** Initial cell state, same shapes as h0 (default zeros). */
  c0?: Tensor;
  /** Use the fused whole-sequence op (default true); false composes primitive ops step by step. */
  fused?: boolean;
}

/** A (stacked) LSTM over [batch, time, input]. */
export class LSTM extends RecurrentLayer<LSTMCell> {
  readonly stateNames = ["h", "c"];
  constructor(inputSize: number, hiddenSize: number, options: LSTMOptions & StackOptions) {
    super("LSTM", inputSize, hiddenSize, options, (m) => new LSTMCell(m, hiddenSize, options));
  }

  protected cellStep(cell: LSTMCell, xt: Tensor, [h, c]: Tensor[]): Tensor[] {
    const s = cell.step(xt, h, c);
    return [s.h, s.c];
  }

  protected fusedLayer(cell: LSTMCell, input: Tensor, [h0, c0]: Tensor[], lengths?: readonly number[]) {
    const r = lstmSequence(input, cell.weightIh, cell.weightHh, cell.bias, h0, c0, lengths);
    return { output: r.output, state: [r.h, r.c] };
  }

  /**
   * x [B, T, input] → output [B, T, hidden] (last layer's h_t, 0 at padding), and the final
   * h and c [numLayers, B, hidden] taken at each sequence's length.
   */
  forward(x: Tensor, options: LSTMForwardOptions = {}): { output: Tensor; h: Tensor; c: Tensor } {
    const r = runStack("LSTM.forward", this, x, [options.h0, options.c0], options);
    return { output: r.output, h: r.states[0], c: r.states[1] };
  }
}
