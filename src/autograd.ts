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

/**
 * An elementwise op y = f(x) whose derivative dy/dx = df(x, y) is known from the input and the output.
 * `fRows`, when given, computes the same f in place over rows of an array (a faster kernel, such as
 * sigmoidRows); it is called on a copy of x as one row.
 */
export function unaryOp(
  op: string,
  xIn: TensorLike,
  f: (x: number) => number,
  df: (x: number, y: number) => number,
  fRows?: (values: Float64Array, off: number, rows: number, cols: number, stride: number) => void,
): Tensor {
  const x = asTensor(xIn);
  const xd = x.data;
  let out: Float64Array;
  if (fRows) {
    out = xd.slice();
    fRows(out, 0, 1, out.length, out.length);
  } else {
    out = new Float64Array(xd.length);
    for (let i = 0; i < xd.length; i++) out[i] = f(xd[i]);
  }
  return opResult(out, x.shape, op, [x], (g) => {
    const gx = new Float64Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * df(xd[i], out[i]);
    accumulateGrad(x, gx);
  });
}

export { sigmoidScalar, tanhScalar } from "./ops/activation-kernels";
