/**
 * Tools for writing an op (the library's own ops use them; a notebook that defines a new op imports
 * them from "./rnn/autograd"). `rnn.*` does not re-export them: a model is built from ops, not these.
 *
 * An op computes its forward values eagerly and returns `opResult(values, shape, name, parents,
 * backward)`. When gradients are recorded and a parent needs one, `backward(grad)` runs during
 * `Tensor.backward()` with ∂L/∂(result) and adds each parent's share with `accumulateGrad`.
 */
import { Shape, Tensor, TensorLike, asTensor, isGradEnabled } from "./tensor";

/**
 * The result of an op. When recording is on and any parent needs gradients, the result keeps its
 * parents and `backward`, called with the gradient of the result (same layout as `data`);
 * otherwise it is a plain leaf.
 */
export function opResult(
  data: Float64Array,
  shape: Shape,
  op: string,
  parents: readonly Tensor[],
  backward: (grad: Float64Array) => void,
): Tensor {
  let needs = false;
  if (isGradEnabled()) for (const p of parents) if (p.requiresGrad) needs = true;
  if (!needs) return new Tensor(data, shape, { op });
  const out: Tensor = new Tensor(data, shape, {
    op,
    parents,
    requiresGrad: true,
    backwardFn: () => backward(out.grad as Float64Array),
  });
  return out;
}

/** Adds `g` into `t.grad`, allocating it on first use. */
export function accumulateGrad(t: Tensor, g: Float64Array): void {
  if (!t.grad) {
    t.grad = g.slice();
    return;
  }
  const a = t.grad;
  for (let i = 0; i < a.length; i++) a[i] += g[i];
}

/** The tensor's gradient buffer, allocated as zeros if needed (for ops that scatter into it). */
export function gradBuffer(t: Tensor): Float64Array {
  if (!t.grad) t.grad = new Float64Array(t.size);
  return t.grad;
}

/** An elementwise op y = f(x) whose derivative dy/dx = df(x, y) is known from the input and the output. */
export function unaryOp(
  op: string,
  xIn: TensorLike,
  f: (x: number) => number,
  df: (x: number, y: number) => number,
): Tensor {
  const x = asTensor(xIn);
  const xd = x.data;
  const out = new Float64Array(xd.length);
  for (let i = 0; i < xd.length; i++) out[i] = f(xd[i]);
  return opResult(out, x.shape, op, [x], (g) => {
    const gx = new Float64Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * df(xd[i], out[i]);
    accumulateGrad(x, gx);
  });
}

/** Numerically stable logistic function σ(a) = 1/(1+e^{-a}) of one number. */
export function sigmoidScalar(a: number): number {
  if (a >= 0) return 1 / (1 + Math.exp(-a));
  const e = Math.exp(a);
  return e / (1 + e);
}
