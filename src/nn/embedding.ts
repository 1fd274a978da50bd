/** The Embedding layer: a lookup table of learnt vectors, one row per token id. */
import { Rng } from "../random";
import { Tensor, fmtShape } from "../tensor";
import { gather } from "../ops/shape";
import { Module, parameter } from "./module";

/**
 * Token ids → rows of weight [numEmbeddings, dim]. The rows start as independent normal values
 * with mean 0 and standard deviation `std` (default 1).
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
