/**
 * Bidirectional wrapper: a forward layer reads x_1 … x_T, a backward layer reads x_T … x_1 (each
 * sequence reversed within its own length), and the two hidden states of each step are
 * concatenated: [h→_t ; h←_t], of size forward + backward hidden size. A causal filter plus an
 * anti-causal one: the representation at t sees the whole sequence, like a smoother.
 *
 * Stacking (numLayers ≥ 2) is the standard one of PyTorch and Keras: layer l + 1 of each direction
 * reads the concatenation [h→_t ; h←_t] of BOTH directions of layer l, so from the second layer on
 * the backward direction also sees the forward states. The two stacks must therefore be built with
 * `upperInputSize` = forward + backward hidden size, e.g. for hidden size d:
 *   new Bidirectional(new LSTM(m, d, { rng, numLayers: 2, upperInputSize: 2 * d }),
 *                     new LSTM(m, d, { rng, numLayers: 2, upperInputSize: 2 * d }))
 */
import { Tensor, zeros } from "../tensor";
import { concat, stack } from "../ops/shape";
import { Module } from "./module";
import { RecurrentStack, checkLengths, checkSequenceInput, reverseSequences } from "./recurrent";

/** Runs `forwardLayer` on x and `backwardLayer` on time-reversed x, layer by layer; concatenates their states. */
export class Bidirectional<L extends RecurrentStack> extends Module {
  constructor(
    readonly forwardLayer: L,
    readonly backwardLayer: L,
  ) {
    super();
    const [fw, bw] = [forwardLayer, backwardLayer];
    if (fw.numLayers !== bw.numLayers || fw.inputSize !== bw.inputSize)
      throw new Error(
        `Bidirectional: both directions need the same numLayers and inputSize, got ` +
          `${fw.numLayers} layers of input ${fw.inputSize} and ${bw.numLayers} layers of ` +
          `input ${bw.inputSize}`,
      );
    const both = fw.hiddenSize + bw.hiddenSize;
    for (const layer of [fw, bw]) {
      const upper = layer.upperInputSize;
      if (layer.numLayers > 1 && upper !== both)
        throw new Error(
          `Bidirectional: layers 2…${layer.numLayers} read both directions of the layer ` +
            `below (${fw.hiddenSize} + ${bw.hiddenSize} = ${both} features) but expect ` +
            `${upper}; build each stack with upperInputSize: ${both}`,
        );
    }
  }

  /** Size of each output step: both hidden sizes together. */
  get hiddenSize(): number {
    return this.forwardLayer.hiddenSize + this.backwardLayer.hiddenSize;
  }

  /**
   * x [B, T, F] → output [B, T, 2d] (forward state, then backward state, at each step, of the last
   * layer) and h [numLayers, B, 2d] (per layer: final forward state after x_T, final backward state
   * after x_1). Every layer starts from zero states.
   */
  forward(x: Tensor, options: { lengths?: readonly number[]; fused?: boolean } = {}): { output: Tensor; h: Tensor } {
    const { batch, time } = checkSequenceInput("Bidirectional.forward", x, this.forwardLayer.inputSize);
    const { lengths } = options;
    checkLengths("Bidirectional.forward", lengths, batch, time);
    const zeroStates = (layer: L): Tensor[] => layer.stateNames.map(() => zeros([batch, layer.hiddenSize]));
    let input = x;
    const finals: Tensor[] = [];
    for (let l = 0; l < this.forwardLayer.numLayers; l++) {
      const fw = this.forwardLayer.runLayer(l, input, zeroStates(this.forwardLayer), options);
      const bw = this.backwardLayer.runLayer(
        l,
        reverseSequences(input, lengths),
        zeroStates(this.backwardLayer),
        options,
      );
      input = concat([fw.output, reverseSequences(bw.output, lengths)], -1);
      finals.push(concat([fw.state[0], bw.state[0]], -1));
    }
    return { output: input, h: stack(finals, 0) };
  }
}
