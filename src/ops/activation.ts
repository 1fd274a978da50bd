/**
 * Activations and normalisers: tanh, sigmoid, relu, softmax, logSoftmax.
 *
 *   tanh'(a)    = 1 - tanh(a)²
 *   sigmoid'(a) = σ(a)(1 - σ(a))
 *   relu'(a)    = 1 if a > 0 else 0
 *   softmax:    dx = y ⊙ (g - Σ g⊙y)          (along the axis)
 *   logSoftmax: dx = g - softmax(x) · Σ g      (along the axis)
 */
import { Tensor, TensorLike, asTensor } from "../tensor";
import { accumulateGrad, opResult, unaryOp } from "../autograd";
import { sigmoidRows, sigmoidScalar, tanhRows, tanhScalar } from "./activation-kernels";
import { normalizeAxis, splitAt } from "./axis";

/** Hyperbolic tangent, elementwise. */
export function tanh(x: TensorLike): Tensor {
  return unaryOp("tanh", x, tanhScalar, (_, y) => 1 - y * y, tanhRows);
}

/** Logistic sigmoid σ(a) = 1/(1+e^{-a}), elementwise (the true sigmoid, not a "hard" one). */
export function sigmoid(x: TensorLike): Tensor {
  return unaryOp("sigmoid", x, sigmoidScalar, (_, y) => y * (1 - y), sigmoidRows);
}

/** Rectified linear unit max(0, a), elementwise. */
export function relu(x: TensorLike): Tensor {
  return unaryOp(
    "relu",
    x,
    (a) => (a > 0 ? a : 0),
    (a) => (a > 0 ? 1 : 0),
  );
}

function axisView(op: string, x: Tensor, axis: number): { outer: number; len: number; inner: number } {
  return splitAt(x.shape, normalizeAxis(op, axis, x.shape));
}

/**
 * Calls f(base) for every lane along the axis: the lane holds the elements base + l·inner,
 * l = 0 … len-1 (see axisView).
 */
function forEachLane(outer: number, len: number, inner: number, f: (base: number) => void): void {
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) f(o * len * inner + i);
}

/** The largest value of a lane (subtracted before exponentiating, for stability). */
function laneMax(d: Float64Array, base: number, len: number, inner: number): number {
  let m = -Infinity;
  for (let l = 0; l < len; l++) m = Math.max(m, d[base + l * inner]);
  return m;
}

/** Softmax along `axis` (default: last), computed with the maximum subtracted for stability. */
export function softmax(xIn: TensorLike, axis = -1): Tensor {
  const x = asTensor(xIn);
  const { outer, len, inner } = axisView("softmax", x, axis);
  const d = x.data;
  const out = new Float64Array(x.size);
  forEachLane(outer, len, inner, (base) => {
    const m = laneMax(d, base, len, inner);
    let s = 0;
    for (let l = 0; l < len; l++) {
      const e = Math.exp(d[base + l * inner] - m);
      out[base + l * inner] = e;
      s += e;
    }
    for (let l = 0; l < len; l++) out[base + l * inner] /= s;
  });
  return opResult(out, x.shape, "softmax", [x], (g) => {
    const gx = new Float64Array(x.size);
    forEachLane(outer, len, inner, (base) => {
      let dot = 0;
      for (let l = 0; l < len; l++) dot += g[base + l * inner] * out[base + l * inner];
      for (let l = 0; l < len; l++) {
        const k = base + l * inner;
        gx[k] = out[k] * (g[k] - dot);
      }
    });
    accumulateGrad(x, gx);
  });
}

/** log(softmax(x)) along `axis` (default: last), via the log-sum-exp trick. */
export function logSoftmax(xIn: TensorLike, axis = -1): Tensor {
  const x = asTensor(xIn);
  const { outer, len, inner } = axisView("logSoftmax", x, axis);
  const d = x.data;
  const out = new Float64Array(x.size);
  forEachLane(outer, len, inner, (base) => {
    const m = laneMax(d, base, len, inner);
    let s = 0;
    for (let l = 0; l < len; l++) s += Math.exp(d[base + l * inner] - m);
    const lse = m + Math.log(s);
    for (let l = 0; l < len; l++) out[base + l * inner] = d[base + l * inner] - lse;
  });
  return opResult(out, x.shape, "logSoftmax", [x], (g) => {
    const gx = new Float64Array(x.size);
    forEachLane(outer, len, inner, (base) => {
      let gs = 0;
      for (let l = 0; l < len; l++) gs += g[base + l * inner];
      for (let l = 0; l < len; l++) {
        const k = base + l * inner;
        gx[k] = g[k] - Math.exp(out[k]) * gs;
      }
    });
    accumulateGrad(x, gx);
  });
}
