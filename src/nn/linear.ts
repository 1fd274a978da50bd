/** The Linear (dense) layer. */
import { Rng } from "../random";
import { Tensor, zeros } from "../tensor";
import { xavierUniform } from "../init";
import { linear } from "../ops/matmul";
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
