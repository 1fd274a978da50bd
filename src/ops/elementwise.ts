/**
 * Elementwise arithmetic with broadcasting, and elementwise math functions.
 * Each op: forward values, then the chain rule right below it.
 */
import { Tensor, TensorLike, accumulateGrad, asTensor, result } from "../tensor";
import { broadcastKind, broadcastShapes, expand, reduceToShape } from "./broadcast";
import { sizeOf } from "../tensor";

type Binary = (x: number, y: number) => number;

/** Shared skeleton of a broadcasting binary op: forward with fast paths, gradient reduced to each operand's shape. */
function binary(
  op: string,
  aIn: TensorLike,
  bIn: TensorLike,
  f: Binary,
  grads: (
    g: Float64Array,
    a: Float64Array,
    b: Float64Array,
    out: Float64Array,
  ) => [Float64Array | null, Float64Array | null],
): Tensor {
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
  return result(out, shape, op, [a, b], (o) => {
    const g = o.grad as Float64Array;
    const needA = a.requiresGrad;
    const needB = b.requiresGrad;
    const ae = expand(ad, ka, n);
    const be = expand(bd, kb, n);
    const [ga, gb] = grads(g, ae, be, out);
    if (needA && ga) accumulate(a, reduceToShape(ga, ka, a.size));
    if (needB && gb) accumulate(b, reduceToShape(gb, kb, b.size));
  });
}

const accumulate = accumulateGrad;

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
    (g) => [g, mapGrad(g, () => -1)],
  );
}

/** a ⊙ b (broadcasting). d/da = b, d/db = a. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary(
    "mul",
    a,
    b,
    (x, y) => x * y,
    (g, ae, be) => [mapGrad(g, (i) => be[i]), mapGrad(g, (i) => ae[i])],
  );
}

/** a / b (broadcasting). d/da = 1/b, d/db = -a/b². */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary(
    "div",
    a,
    b,
    (x, y) => x / y,
    (g, ae, be) => [mapGrad(g, (i) => 1 / be[i]), mapGrad(g, (i) => -ae[i] / (be[i] * be[i]))],
  );
}

/** Shared skeleton of a unary op: y = f(x), dy/dx from (x, y). */
function unary(op: string, xIn: TensorLike, f: (x: number) => number, df: (x: number, y: number) => number): Tensor {
  const x = asTensor(xIn);
  const xd = x.data;
  const out = new Float64Array(xd.length);
  for (let i = 0; i < xd.length; i++) out[i] = f(xd[i]);
  return result(out, x.shape, op, [x], (o) => {
    const g = o.grad as Float64Array;
    const gx = new Float64Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * df(xd[i], out[i]);
    accumulate(x, gx);
  });
}

/** -x. */
export function neg(x: TensorLike): Tensor {
  return unary(
    "neg",
    x,
    (v) => -v,
    () => -1,
  );
}

/** e^x. d/dx = e^x. */
export function exp(x: TensorLike): Tensor {
  return unary("exp", x, Math.exp, (_, y) => y);
}

/** Natural logarithm. d/dx = 1/x. */
export function log(x: TensorLike): Tensor {
  return unary("log", x, Math.log, (v) => 1 / v);
}

/** Square root. d/dx = 1/(2√x). */
export function sqrt(x: TensorLike): Tensor {
  return unary("sqrt", x, Math.sqrt, (_, y) => 0.5 / y);
}

/** |x|. d/dx = sign(x) (0 at 0). */
export function abs(x: TensorLike): Tensor {
  return unary("abs", x, Math.abs, (v) => (v > 0 ? 1 : v < 0 ? -1 : 0));
}

/** x^p for a constant exponent p. d/dx = p·x^(p-1). */
export function pow(x: TensorLike, p: number): Tensor {
  if (typeof p !== "number" || !Number.isFinite(p))
    throw new Error(`pow: exponent must be a finite number, got ${String(p)}`);
  return unary(
    "pow",
    x,
    (v) => Math.pow(v, p),
    (v) => p * Math.pow(v, p - 1),
  );
}

/** x². d/dx = 2x. */
export function square(x: TensorLike): Tensor {
  return unary(
    "square",
    x,
    (v) => v * v,
    (v) => 2 * v,
  );
}

/** c·x for a constant c. */
export function scale(x: TensorLike, c: number): Tensor {
  return unary(
    "scale",
    x,
    (v) => c * v,
    () => c,
  );
}

/** Elementwise maximum against a constant floor, e.g. clamp(x, lo, hi). Gradient passes inside the range. */
export function clamp(x: TensorLike, lo: number, hi: number): Tensor {
  if (!(lo <= hi)) throw new Error(`clamp: lo (${lo}) must be <= hi (${hi})`);
  return unary(
    "clamp",
    x,
    (v) => (v < lo ? lo : v > hi ? hi : v),
    (v) => (v >= lo && v <= hi ? 1 : 0),
  );
}
