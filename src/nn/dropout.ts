/**
 * Dropout (暂退法), inverted: in training each value is kept with probability 1-p and scaled by
 * 1/(1-p), otherwise set to 0,
 *
 * $$y = x \odot m / (1-p),\qquad m_i \sim \text{Bernoulli}(1-p),$$
 *
 * so E[y] = x and nothing needs rescaling at inference, where dropout is the identity. The masks
 * come from the layer's own seeded `Rng`, so a run is reproducible.
 *
 * Variational dropout (Gal & Ghahramani, 2016) draws one mask per sequence and feature, [B, 1, F],
 * and uses it at every time step of [B, T, F]: the same units are dropped throughout a sequence.
 *
 * On a recurrent layer, dropout goes on its inputs and its outputs (`RecurrentDropout`), never on
 * the recurrent path h_{t-1} → h_t, which stays exact (Zaremba et al., 2014).
 */
import { Rng } from "../random";
import { Shape, Tensor, fmtShape, sizeOf } from "../tensor";
import { mul } from "../ops/elementwise";
import { Module } from "./module";

function checkRate(op: string, p: number): void {
  if (!(p >= 0 && p < 1)) throw new Error(`${op}: drop probability p must be in [0, 1), got ${p}`);
}

/** An inverted-dropout mask of `shape`: each entry 1/(1-p) with probability 1-p, else 0 (a constant). */
export function dropoutMask(shape: Shape, p: number, rng: Rng): Tensor {
  checkRate("dropoutMask", p);
  const keep = 1 / (1 - p);
  const m = new Float64Array(sizeOf(shape));
  for (let i = 0; i < m.length; i++) m[i] = rng.next() < p ? 0 : keep;
  return new Tensor(m, shape);
}

/** Inverted dropout of x with a fresh mask from `rng` (one independent draw per value). */
export function dropout(x: Tensor, p: number, rng: Rng): Tensor {
  checkRate("dropout", p);
  if (p === 0) return x;
  return mul(x, dropoutMask(x.shape, p, rng));
}

/**
 * Variational dropout of a sequence batch x [B, T, F]: one mask [B, 1, F] per sequence, shared by
 * all T steps.
 */
export function variationalDropout(x: Tensor, p: number, rng: Rng): Tensor {
  checkRate("variationalDropout", p);
  if (x.rank !== 3)
    throw new Error(`variationalDropout: input must be [batch, time, features], got ${fmtShape(x.shape)}`);
  if (p === 0) return x;
  return mul(x, dropoutMask([x.shape[0], 1, x.shape[2]], p, rng));
}

/** Dropout as a layer with a training switch: `eval()` makes it the identity, `train()` turns it back on. */
export class Dropout extends Module {
  /** True while training (masks drawn); false at inference (identity). */
  training = true;
  /** One mask per sequence shared over time (input must be [B, T, F]) instead of one per value. */
  readonly variational: boolean;
  private readonly rng: Rng;

  constructor(
    readonly p: number,
    options: { rng: Rng; variational?: boolean },
  ) {
    super();
    checkRate("Dropout", p);
    this.rng = options.rng;
    this.variational = options.variational ?? false;
  }

  /** Training mode: masks are drawn. */
  train(): this {
    this.training = true;
    return this;
  }

  /** Inference mode: the identity. */
  eval(): this {
    this.training = false;
    return this;
  }

  /** x → x ⊙ mask / (1-p) in training, x itself in inference. */
  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    return this.variational ? variationalDropout(x, this.p, this.rng) : dropout(x, this.p, this.rng);
  }
}

/** Any sequence layer: forward(x, options) returns at least the outputs [B, T, hidden]. */
export interface DropoutWrappedLayer<O, R extends { output: Tensor }> {
  forward(x: Tensor, options?: O): R;
}

/**
 * A recurrent layer with dropout on its input sequence and on its output sequence; the layer
 * itself, and so its recurrent path, is untouched. The result is the layer's result with `output`
 * replaced by the dropped-out outputs; the final states (h, c) are the layer's own.
 */
export class RecurrentDropout<O, R extends { output: Tensor }> extends Module {
  readonly inputDropout: Dropout;
  readonly outputDropout: Dropout;

  /**
   * `input` and `output` are the drop probabilities (default 0: off) of the input sequence
   * [B, T, inputSize] and of the output sequence [B, T, hidden]. `variational` (default true) draws
   * one mask per sequence shared over time; false draws one per value. Both masks come from `rng`,
   * the input mask first, so a run is reproducible.
   */
  constructor(
    readonly layer: DropoutWrappedLayer<O, R> & Module,
    options: { rng: Rng; input?: number; output?: number; variational?: boolean },
  ) {
    super();
    const variational = options.variational ?? true;
    this.inputDropout = new Dropout(options.input ?? 0, { rng: options.rng, variational });
    this.outputDropout = new Dropout(options.output ?? 0, { rng: options.rng, variational });
  }

  /** Training mode: masks are drawn. */
  train(): this {
    this.inputDropout.train();
    this.outputDropout.train();
    return this;
  }

  /** Inference mode: the wrapper is the bare layer. */
  eval(): this {
    this.inputDropout.eval();
    this.outputDropout.eval();
    return this;
  }

  /** Runs the layer on the dropped-out inputs and drops out its outputs (options go to the layer). */
  forward(x: Tensor, options?: O): R {
    const r = this.layer.forward(this.inputDropout.forward(x), options);
    return { ...r, output: this.outputDropout.forward(r.output) };
  }
}

/** Switches every Dropout reachable from `root` (through fields and arrays) to training or inference. */
export function setTraining(root: Module, training: boolean): void {
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (value instanceof Dropout) {
      value.training = training;
      return;
    }
    if (value instanceof Module || Array.isArray(value))
      for (const v of Object.values(value as unknown as Record<string, unknown>)) visit(v);
  };
  visit(root);
}
