/**
 * Single-head scaled dot-product self-attention, the core of a Transformer layer, built from the
 * library's ops so that it can be timed and compared with a recurrent layer:
 *
 * $$Q = X W_q^\top,\quad K = X W_k^\top,\quad V = X W_v^\top,\qquad
 *   A = \operatorname{softmax}\!\Big(\frac{Q K^\top}{\sqrt{d}}\Big),\qquad Y = (A V)\, W_o^\top$$
 *
 * with X [batch, T, d] and the softmax taken over the last axis (each position attends to every
 * position, so the layer is non-causal). Every output position depends on every input position
 * through one product: the path between any two steps has length 1, where an RNN's has length |t-s|.
 * The price is the T×T matrix A per sequence: time ∝ T²·d and memory ∝ T² (next to the T·d² of the
 * four projections), where a recurrent layer costs time ∝ T·d² and memory ∝ T·d. Counting a
 * multiply-add as 2 FLOPs, the matrix products cost 8·T·d² (Q, K, V, output) + 4·T²·d (QKᵀ, AV).
 *
 * Parameters (no biases, one head; the output projection W_o is the usual last map of a Transformer
 * attention block):
 * - weightQ = W_q, weightK = W_k, weightV = W_v, weightO = W_o, each [d, d] (Xavier uniform)
 */
import { Rng } from "../random";
import { Tensor, fmtShape } from "../tensor";
import { xavierUniform } from "../init";
import { linear, matmul } from "../ops/matmul";
import { transpose } from "../ops/shape";
import { scale } from "../ops/elementwise";
import { softmax } from "../ops/activation";
import { Module, parameter } from "./module";

/** The output of self-attention and the attention weights behind it. */
export interface AttentionResult {
  /** Y [batch, T, d]. */
  output: Tensor;
  /** A [batch, T, T]: row t holds the weights position t gives to every position (rows sum to 1). */
  weights: Tensor;
}

/** Single-head self-attention over [batch, T, d] (see the module comment for the equations). */
export class SelfAttention extends Module {
  readonly weightQ: Tensor;
  readonly weightK: Tensor;
  readonly weightV: Tensor;
  readonly weightO: Tensor;

  constructor(
    readonly dim: number,
    options: { rng: Rng },
  ) {
    super();
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`SelfAttention: dim must be a positive integer, got ${dim}`);
    this.weightQ = parameter(xavierUniform(options.rng, dim, dim), "weightQ");
    this.weightK = parameter(xavierUniform(options.rng, dim, dim), "weightK");
    this.weightV = parameter(xavierUniform(options.rng, dim, dim), "weightV");
    this.weightO = parameter(xavierUniform(options.rng, dim, dim), "weightO");
  }

  /** x [batch, T, d] → output [batch, T, d] and the attention weights [batch, T, T]. */
  attend(x: Tensor): AttentionResult {
    if (x.rank !== 3 || x.shape[2] !== this.dim) {
      throw new Error(`SelfAttention.forward: input must be [batch, T, ${this.dim}], got shape ${fmtShape(x.shape)}`);
    }
    const q = linear(x, this.weightQ);
    const k = linear(x, this.weightK);
    const v = linear(x, this.weightV);
    const scores = scale(matmul(q, transpose(k)), 1 / Math.sqrt(this.dim));
    const weights = softmax(scores, -1);
    return { output: linear(matmul(weights, v), this.weightO), weights };
  }

  /** x [batch, T, d] → Y [batch, T, d]. */
  forward(x: Tensor): Tensor {
    return this.attend(x).output;
  }
}
