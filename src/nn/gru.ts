/**
 * Gated recurrent unit (GRU), with exactly the seed's equations and convention:
 *
 * $$\begin{aligned}
 * r_t &= \sigma(W_r x_t + U_r h_{t-1} + b_r) \\
 * z_t &= \sigma(W_z x_t + U_z h_{t-1} + b_z) \\
 * \tilde h_t &= \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h) \\
 * h_t &= (1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t
 * \end{aligned}$$
 *
 * Note the convention: the update gate z_t weights the NEW candidate h̃_t. PyTorch, Keras and
 * TensorFlow.js put z_t on h_{t-1} instead (h_t = z_t ⊙ h_{t-1} + (1 - z_t) ⊙ h̃_t), so their z is our
 * 1 - z (equivalently: negate W_z, U_z and b_z to convert). PyTorch also applies r_t after U_h·h_{t-1}
 * (plus a second bias); this is Keras's `resetAfter: false` form.
 *
 * Parameters, blocks stacked in the order **r, z, h̃** (rows):
 * - weightIh = [W_r; W_z; W_h]  [3·hidden, input]
 * - weightHh = [U_r; U_z; U_h]  [3·hidden, hidden]
 * - bias     = [b_r; b_z; b_h]  [3·hidden]
 */
import { Rng } from "../random";
import { Tensor } from "../tensor";
import { add, mul, sub } from "../ops/elementwise";
import { linear } from "../ops/matmul";
import { sigmoid, tanh } from "../ops/activation";
import { slice } from "../ops/shape";
import { RecurrentCell, RecurrentLayer, SequenceOptions, StackOptions, runStack } from "./recurrent";
import { gruSequence } from "./gru-sequence-op";

/** Options of GRUCell and GRU. */
export interface GRUOptions {
  rng: Rng;
}

/** The gates of one step, for inspection in notebooks. */
export interface GRUStep {
  h: Tensor;
  resetGate: Tensor;
  updateGate: Tensor;
  candidate: Tensor;
}

/** One step of the GRU (seed convention). */
export class GRUCell extends RecurrentCell {
  constructor(inputSize: number, hiddenSize: number, options: GRUOptions) {
    super(inputSize, hiddenSize, options.rng, 3);
  }

  /** x [B, input], h [B, hidden] → the new h and every gate. */
  step(x: Tensor, h: Tensor): GRUStep {
    const d = this.hiddenSize;
    const zx = linear(x, this.weightIh, this.bias);
    const zhGates = linear(h, slice(this.weightHh, 0, 0, 2 * d));
    const resetGate = sigmoid(add(slice(zx, -1, 0, d), slice(zhGates, -1, 0, d)));
    const updateGate = sigmoid(add(slice(zx, -1, d, 2 * d), slice(zhGates, -1, d, 2 * d)));
    const candidate = tanh(
      add(slice(zx, -1, 2 * d, 3 * d), linear(mul(resetGate, h), slice(this.weightHh, 0, 2 * d, 3 * d))),
    );
    // h_t = (1 - z) ⊙ h_{t-1} + z ⊙ h̃  =  h_{t-1} + z ⊙ (h̃ - h_{t-1})
    const hNext = add(h, mul(updateGate, sub(candidate, h)));
    return { h: hNext, resetGate, updateGate, candidate };
  }

  /** x [B, input], h [B, hidden] → h'. */
  forward(x: Tensor, h: Tensor): Tensor {
    return this.step(x, h).h;
  }
}

/** Options of GRU.forward. */
export interface GRUForwardOptions extends SequenceOptions {
  /** Use the fused whole-sequence op (default true); false composes primitive ops step by step. */
  fused?: boolean;
}

/** A (stacked) GRU over [batch, time, input]. */
export class GRU extends RecurrentLayer<GRUCell> {
  readonly stateNames = ["h"];
  constructor(inputSize: number, hiddenSize: number, options: GRUOptions & StackOptions) {
    super("GRU", inputSize, hiddenSize, options, (m) => new GRUCell(m, hiddenSize, options));
  }

  protected cellStep(cell: GRUCell, xt: Tensor, [h]: Tensor[]): Tensor[] {
    return [cell.forward(xt, h)];
  }

  protected fusedLayer(cell: GRUCell, input: Tensor, [h0]: Tensor[], lengths?: readonly number[]) {
    const r = gruSequence(input, cell.weightIh, cell.weightHh, cell.bias, h0, lengths);
    return { output: r.output, state: [r.h] };
  }

  /** x [B, T, input] → output [B, T, hidden] (0 at padding) and h [numLayers, B, hidden]. */
  forward(x: Tensor, options: GRUForwardOptions = {}): { output: Tensor; h: Tensor } {
    const r = runStack("GRU.forward", this, x, [options.h0], options);
    return { output: r.output, h: r.states[0] };
  }
}
