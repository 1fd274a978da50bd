/**
 * Optimisers and gradient clipping. Optimisers update parameter values in place from their
 * accumulated `grad`; call `zeroGrad()` before each new backward pass.
 *
 * SGD with momentum:  v ← μ v + g;  θ ← θ - η v
 * Adam:  m ← β₁ m + (1-β₁) g;  v ← β₂ v + (1-β₂) g²;  θ ← θ - η m̂ / (√v̂ + ε),
 *        m̂ = m / (1-β₁ᵗ), v̂ = v / (1-β₂ᵗ)
 * Global-norm clipping: if ‖g‖ = √(Σ over all parameters of Σ g²) > max, every g ← g · max/‖g‖.
 */
import { Tensor } from "./tensor";

/** Shared parameter bookkeeping. */
export abstract class Optimizer {
  readonly params: Tensor[];
  constructor(
    params: readonly Tensor[],
    readonly lr: number,
  ) {
    if (!(lr > 0) || !Number.isFinite(lr))
      throw new Error(`${this.constructor.name}: learning rate must be a positive number, got ${lr}`);
    if (params.length === 0) throw new Error(`${this.constructor.name}: no parameters to optimise`);
    this.params = params.slice();
  }
  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }
  /** Applies one update from the current gradients (parameters without a gradient are skipped). */
  abstract step(): void;
}

/** Stochastic gradient descent, optionally with (heavy-ball) momentum. */
export class SGD extends Optimizer {
  readonly momentum: number;
  private velocity: Float64Array[];
  constructor(params: readonly Tensor[], options: { lr: number; momentum?: number }) {
    super(params, options.lr);
    this.momentum = options.momentum ?? 0;
    if (!(this.momentum >= 0 && this.momentum < 1))
      throw new Error(`SGD: momentum must be in [0, 1), got ${this.momentum}`);
    this.velocity = this.params.map((p) => new Float64Array(p.size));
  }
  step(): void {
    this.params.forEach((p, k) => {
      const g = p.grad;
      if (!g) return;
      const v = this.velocity[k];
      const mu = this.momentum;
      for (let i = 0; i < g.length; i++) {
        v[i] = mu * v[i] + g[i];
        p.data[i] -= this.lr * v[i];
      }
    });
  }
}

/** Adam (Kingma & Ba) with bias correction. */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  private t = 0;
  private m: Float64Array[];
  private v: Float64Array[];
  constructor(params: readonly Tensor[], options: { lr?: number; beta1?: number; beta2?: number; eps?: number } = {}) {
    super(params, options.lr ?? 1e-3);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.m = this.params.map((p) => new Float64Array(p.size));
    this.v = this.params.map((p) => new Float64Array(p.size));
  }
  step(): void {
    this.t++;
    const b1 = this.beta1,
      b2 = this.beta2;
    const c1 = 1 - Math.pow(b1, this.t);
    const c2 = 1 - Math.pow(b2, this.t);
    this.params.forEach((p, k) => {
      const g = p.grad;
      if (!g) return;
      const m = this.m[k],
        v = this.v[k],
        x = p.data;
      for (let i = 0; i < g.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        x[i] -= (this.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + this.eps);
      }
    });
  }
}

/** The global L2 norm of the gradients of `params` (missing gradients count as zero). */
export function gradNorm(params: readonly Tensor[]): number {
  let s = 0;
  for (const p of params) if (p.grad) for (let i = 0; i < p.grad.length; i++) s += p.grad[i] * p.grad[i];
  return Math.sqrt(s);
}

/**
 * Rescales all gradients together so their global norm is at most `maxNorm` (direction kept).
 * Returns the norm BEFORE clipping, so you can log how often and how hard clipping acted.
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  if (!(maxNorm > 0))
    throw new Error(`clipGradNorm: maxNorm must be positive (Infinity measures without clipping), got ${maxNorm}`);
  const norm = gradNorm(params);
  if (!Number.isFinite(norm))
    throw new Error(`clipGradNorm: gradient norm is ${norm}; a gradient holds NaN or Infinity`);
  if (norm > maxNorm) {
    const s = maxNorm / norm;
    for (const p of params) if (p.grad) for (let i = 0; i < p.grad.length; i++) p.grad[i] *= s;
  }
  return norm;
}
