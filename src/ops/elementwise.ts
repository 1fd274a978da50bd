/**
 * Elementwise arithmetic with broadcasting, and elementwise math functions.
 * Each op: forward values, then the chain rule right below it.
 */
import { Tensor, TensorLike, asTensor, sizeOf } from "../tensor";
import { accumulateGrad, opResult, unaryOp } from "../autograd";
import { broadcastKind, broadcastShapes, expand, reduceToShape } from "./broadcast";
import { expRows, expScalar } from "./activation-kernels";

type Binary = (x: number, y: number) => number;

/**
 * The gradients of a binary op for the operands that need one (null for the other): g is the
 * output's gradient, and a(), b() give the operands aligned to the output's shape (expanded on first
 * use only, so add and sub never expand them).
 */
type BinaryGrads = (
  g: Float64Array,
  needA: boolean,
  needB: boolean,
  a: () => Float64Array,
  b: () => Float64Array,
) => [Float64Array | null, Float64Array | null];

/** Shared skeleton of a broadcasting binary op: forward with fast paths, gradient reduced to each operand's shape. */
function binary(op: string, aIn: TensorLike, bIn: TensorLike, f: Binary, grads: BinaryGrads): Tensor {
  const a = asTensor(aIn);
  const b = asTensor(bIn);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const n = sizeOf(shape);
  const ka = broadcastKind(a.shape, shape);
  const kb = broadcastKind(b.shape, shape);
  const out = new Float64Array(n);
  const ad = a.data;
  const bd = b.data;
  if (ka.kind === "same" && kb.kind === "same") {
    for (let i = 0; i < n; i++) out[i] = f(ad[i], bd[i]);
  } else if (ka.kind === "same" && kb.kind === "scalar") {
    const y = bd[0];
    for (let i = 0; i < n; i++) out[i] = f(ad[i], y);
  } else if (ka.kind === "same" && kb.kind === "tile") {
    const p = kb.period;
    for (let i = 0; i < n; i += p) for (let j = 0; j < p; j++) out[i + j] = f(ad[i + j], bd[j]);
  } else {
    const ae = expand(ad, ka, n);
    const be = expand(bd, kb, n);
    for (let i = 0; i < n; i++) out[i] = f(ae[i], be[i]);
  }
  return opResult(out, shape, op, [a, b], (g) => {
    let ae: Float64Array | null = null;
    let be: Float64Array | null = null;
    const [ga, gb] = grads(
      g,
      a.requiresGrad,
      b.requiresGrad,
      () => (ae ??= expand(ad, ka, n)),
      () => (be ??= expand(bd, kb, n)),
    );
    if (a.requiresGrad && ga) accumulateGrad(a, reduceToShape(ga, ka, a.size));
    if (b.requiresGrad && gb) accumulateGrad(b, reduceToShape(gb, kb, b.size));
  });
}

/** g ⊙ x, elementwise, as a new array. */
function times(g: Float64Array, x: Float64Array): Float64Array {
  const r = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) r[i] = g[i] * x[i];
  return r;
}

function mapGrad(g: Float64Array, f: (i: number) => number): Float64Array {
  const r = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) r[i] = g[i] * f(i);
  return r;
}

/** a + b (broadcasting). d/da = 1, d/db = 1. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary(
    "add",
    a,
    b,
    (x, y) => x + y,
    (g) => [g, g],
  );
}

/** a - b (broadcasting). d/da = 1, d/db = -1. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary(
    "sub",
    a,
    b,
    (x, y) => x - y,
    (g, _needA, needB) => [g, needB ? mapGrad(g, () => -1) : null],
  );
}

/** a ⊙ b (broadcasting). d/da = b, d/db = a. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary(
    "mul",
    a,
    b,
    (x, y) => x * y,
    (g, needA, needB, aAligned, bAligned) => [needA ? times(g, bAligned()) : null, needB ? times(g, aAligned()) : null],
  );
}

/** a / b (broadcasting). d/da = 1/b, d/db = -a/b². */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary(
    "div",
    a,
    b,
    (x, y) => x / y,
    (g, needA, needB, aAligned, bAligned) => {
      const ae = needB ? aAligned() : null;
      const be = bAligned();
      return [needA ? mapGrad(g, (i) => 1 / be[i]) : null, ae ? mapGrad(g, (i) => -ae[i] / (be[i] * be[i])) : null];
    },
  );
}

/** -x. */
export function neg(x: TensorLike): Tensor {
  return unaryOp(
    "neg",
    x,
    (v) => -v,
    () => -1,
  );
}

/** e^x. d/dx = e^x. */
export function exp(x: TensorLike): Tensor {
  return unaryOp("exp", x, expScalar, (_, y) => y, expRows);
}

/** Natural logarithm. d/dx = 1/x. */
export function log(x: TensorLike): Tensor {
  return unaryOp("log", x, Math.log, (v) => 1 / v);
}

/** Square root. d/dx = 1/(2√x). */
export function sqrt(x: TensorLike): Tensor {
  return unaryOp("sqrt", x, Math.sqrt, (_, y) => 0.5 / y);
}

/** |x|. d/dx = sign(x) (0 at 0). */
export function abs(x: TensorLike): Tensor {
  return unaryOp("abs", x, Math.abs, (v) => (v > 0 ? 1 : v < 0 ? -1 : 0));
}

/** x^p for a constant exponent p. d/dx = p·x^(p-1). */
export function pow(x: TensorLike, p: number): Tensor {
  if (typeof p !== "number" || !Number.isFinite(p))
    throw new Error(`pow: exponent must be a finite number, got ${String(p)}`);
  return unaryOp(
    "pow",
    x,
    (v) => Math.pow(v, p),
    (v) => p * Math.pow(v, p - 1),
  );
}

/** x². d/dx = 2x. */
export function square(x: TensorLike): Tensor {
  return unaryOp(
    "square",
    x,
    (v) => v * v,
    (v) => 2 * v,
  );
}

/** c·x for a constant c. */
export function scale(x: TensorLike, c: number): Tensor {
  return unaryOp(
    "scale",
    x,
    (v) => c * v,
    () => c,
  );
}

/** Each value limited to [lo, hi]: min(max(x, lo), hi). The gradient passes inside the range and is 0 outside. */
export function clamp(x: TensorLike, lo: number, hi: number): Tensor {
  if (!(lo <= hi)) throw new Error(`clamp: lo (${lo}) must be <= hi (${hi})`);
  return unaryOp(
    "clamp",
    x,
    (v) => (v < lo ? lo : v > hi ? hi : v),
    (v) => (v >= lo && v <= hi ? 1 : 0),
  );
}

/**
 * Selection: `condition ? a : b`, elementwise, with broadcasting (e.g. a [B, 1] mask against
 * [B, d] states). `condition` is a constant: any non-zero value picks `a`. The gradient goes to the
 * chosen operand only and is exactly 0 for the other, so values of the one not chosen (NaN or
 * garbage in padding, say) reach neither the result nor any gradient, unlike a blend by
 * multiplication m·a + (1 - m)·b, where 0·NaN = NaN.
 */
export function where(condition: TensorLike, aIn: TensorLike, bIn: TensorLike): Tensor {
  const c = asTensor(condition);
  const a = asTensor(aIn);
  const b = asTensor(bIn);
  const shape = broadcastShapes("where", broadcastShapes("where", a.shape, b.shape), c.shape);
  const n = sizeOf(shape);
  const kc = broadcastKind(c.shape, shape);
  const ka = broadcastKind(a.shape, shape);
  const kb = broadcastKind(b.shape, shape);
  const ce = expand(c.data, kc, n);
  const ae = expand(a.data, ka, n);
  const be = expand(b.data, kb, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ce[i] !== 0 ? ae[i] : be[i];
  return opResult(out, shape, "where", [a, b], (g) => {
    const ga = new Float64Array(n);
    const gb = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (ce[i] !== 0) ga[i] = g[i];
      else gb[i] = g[i];
    }
    if (a.requiresGrad) accumulateGrad(a, reduceToShape(ga, ka, a.size));
    if (b.requiresGrad) accumulateGrad(b, reduceToShape(gb, kb, b.size));
  });
}
