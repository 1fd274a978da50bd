/**
 * Numeric gradient checking by central differences in float64:
 *   ∂f/∂x_i ≈ (f(x + ε e_i) - f(x - ε e_i)) / (2ε)
 * compared with the gradient from `backward()`. The report gives the worst relative error
 *   |analytic - numeric| / max(|analytic|, |numeric|, floor)
 * and where it occurs (which input, which flat index), so a wrong backward can be located.
 */
import { Tensor, fmtShape, noGrad } from "./tensor";
import { Rng } from "./random";

/** Where the worst disagreement was found. */
export interface GradCheckWorst {
  /** Index of the input tensor in the `inputs` array. */
  input: number;
  /** Name of that input, if it has one. */
  name: string | undefined;
  /** Flat index inside that input. */
  index: number;
  analytic: number;
  numeric: number;
  relError: number;
}

/** Result of a gradient check. */
export interface GradCheckReport {
  /** True when the worst relative error is at most `tolerance`. */
  ok: boolean;
  maxRelError: number;
  worst: GradCheckWorst | null;
  /** Number of partial derivatives compared. */
  checked: number;
  tolerance: number;
  /** One-line human summary. */
  summary: string;
}

/** Options of `gradCheck`. */
export interface GradCheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Largest acceptable relative error (default 1e-6). */
  tolerance?: number;
  /** Denominator floor so near-zero gradients compare absolutely (default 1e-7). */
  floor?: number;
  /** Check at most this many entries per input, chosen at random (default: all). */
  maxPerInput?: number;
  /** Seed for the random projection of non-scalar outputs and for sampling entries. */
  seed?: number;
}

/**
 * Checks the gradient of `fn` with respect to every input. `fn` must be a pure function of the
 * inputs' values; if it returns a non-scalar, it is projected onto fixed random weights (so every
 * output entry is checked at once).
 */
export function gradCheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  options: GradCheckOptions = {},
): GradCheckReport {
  const eps = options.eps ?? 1e-6;
  const tolerance = options.tolerance ?? 1e-6;
  const floor = options.floor ?? 1e-7;
  const rng = new Rng(options.seed ?? 1234);
  for (const t of inputs) {
    if (!(t instanceof Tensor)) throw new Error("gradCheck: every input must be a Tensor");
    t.requiresGrad = true;
    t.grad = null;
  }
  const first = fn(...inputs);
  const weights = first.size === 1 ? null : rng.normalArray(first.size);
  const scalarOf = (out: Tensor): number => {
    if (out.size !== first.size)
      throw new Error(
        `gradCheck: fn returned shape ${fmtShape(out.shape)}, first call returned ${fmtShape(first.shape)}`,
      );
    if (!weights) return out.data[0];
    let s = 0;
    for (let i = 0; i < out.size; i++) s += weights[i] * out.data[i];
    return s;
  };
  first.backward(weights ? new Float64Array(weights) : undefined);
  const analytic = inputs.map((t) => (t.grad ? t.grad.slice() : new Float64Array(t.size)));

  let worst: GradCheckWorst | null = null;
  let checked = 0;
  noGrad(() => {
    inputs.forEach((t, k) => {
      let indices = [...Array(t.size).keys()];
      if (options.maxPerInput !== undefined && indices.length > options.maxPerInput) {
        indices = rng.shuffle(indices).slice(0, options.maxPerInput);
      }
      for (const i of indices) {
        const orig = t.data[i];
        t.data[i] = orig + eps;
        const fp = scalarOf(fn(...inputs));
        t.data[i] = orig - eps;
        const fm = scalarOf(fn(...inputs));
        t.data[i] = orig;
        const numeric = (fp - fm) / (2 * eps);
        const a = analytic[k][i];
        const rel = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), floor);
        checked++;
        if (worst === null || rel > worst.relError || Number.isNaN(rel)) {
          worst = {
            input: k,
            name: t.name,
            index: i,
            analytic: a,
            numeric,
            relError: Number.isNaN(rel) ? Infinity : rel,
          };
        }
      }
    });
  });
  const w = worst as GradCheckWorst | null;
  const maxRelError = w ? w.relError : 0;
  const ok = maxRelError <= tolerance;
  const where = w
    ? `input ${w.input}${w.name ? ` (${w.name})` : ""} [${w.index}]: analytic ` +
      `${w.analytic.toExponential(6)} vs numeric ${w.numeric.toExponential(6)}`
    : "nothing checked";
  return {
    ok,
    maxRelError,
    worst: w,
    checked,
    tolerance,
    summary:
      `gradCheck ${ok ? "passed" : "FAILED"}: worst relative error ` +
      `${maxRelError.toExponential(2)} (tolerance ${tolerance.toExponential(0)}) at ` +
      `${where}; ${checked} partials checked`,
  };
}
