/** Linear (dense) and Embedding layers. */
import { Rng } from "../random";
import { Tensor, fmtShape, zeros } from "../tensor";
import { xavierUniform } from "../init";
import { linear } from "../ops/matmul";
import { gather } from "../ops/shape";
import { Module, parameter } from "./module";

/**
 * y = x·Wᵀ + b on the last axis.
 * Parameters: weight [outFeatures, inFeatures] (Xavier uniform), bias [outFeatures] (zeros).
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: { rng: Rng; bias?: boolean },
  ) {
    super();
    this.weight = parameter(xavierUniform(options.rng, outFeatures, inFeatures), "weight");
    this.bias = options.bias === false ? null : parameter(zeros([outFeatures]), "bias");
  }
  /** x [..., inFeatures] → [..., outFeatures]. */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}

/**
 * A lookup table of vectors: token ids → rows of weight [numEmbeddings, dim] (normal, std 1/√dim... scaled by `std`).
 */
export class Embedding extends Module {
  readonly weight: Tensor;
  constructor(
    readonly numEmbeddings: number,
    readonly dim: number,
    options: { rng: Rng; std?: number },
  ) {
    super();
    this.weight = parameter(options.rng.randn([numEmbeddings, dim], options.std ?? 1), "weight");
  }
  /** ids (flat, with `shape`, e.g. [B, T]) → [...shape, dim]. */
  forward(ids: ArrayLike<number>, shape?: number[]): Tensor {
    if (shape && shape.reduce((a, b) => a * b, 1) !== ids.length) {
      throw new Error(`Embedding.forward: ${ids.length} ids do not fill shape ${fmtShape(shape)}`);
    }
    return gather(this.weight, ids, shape);
  }
}
