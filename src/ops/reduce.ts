/**
 * Reductions: sum, mean and max, over all values or along one axis.
 * Backward: sum spreads the gradient to every input, mean divides it by the count,
 * max routes it to the (first) position of the maximum.
 */
import { Tensor, TensorLike, asTensor, fmtShape } from "../tensor";
import { accumulateGrad, opResult } from "../autograd";
import { normalizeAxis, splitAt } from "./axis";

function reduceShape(
  op: string,
  x: Tensor,
  axis: number | undefined,
  keepDims: boolean,
): { ax: number | null; shape: number[] } {
  if (axis === undefined) return { ax: null, shape: keepDims ? x.shape.map(() => 1) : [] };
  const ax = normalizeAxis(op, axis, x.shape);
  const shape = x.shape.slice();
  if (keepDims) shape[ax] = 1;
  else shape.splice(ax, 1);
  return { ax, shape };
}

/** Sum of all values, or along `axis` (keepDims keeps it with size 1). */
export function sum(xIn: TensorLike, axis?: number, keepDims = false): Tensor {
  const x = asTensor(xIn);
  const { ax, shape } = reduceShape("sum", x, axis, keepDims);
  const { outer, len, inner } = ax === null ? { outer: 1, len: x.size, inner: 1 } : splitAt(x.shape, ax);
  const out = new Float64Array(outer * inner);
  const d = x.data;
  for (let o = 0; o < outer; o++)
    for (let l = 0; l < len; l++) {
      const base = (o * len + l) * inner;
      for (let i = 0; i < inner; i++) out[o * inner + i] += d[base + i];
    }
  return opResult(out, shape, "sum", [x], (g) => {
    const gx = new Float64Array(x.size);
    for (let o = 0; o < outer; o++)
      for (let l = 0; l < len; l++) {
        const base = (o * len + l) * inner;
        for (let i = 0; i < inner; i++) gx[base + i] = g[o * inner + i];
      }
    accumulateGrad(x, gx);
  });
}

/** Mean of all values, or along `axis`. */
export function mean(xIn: TensorLike, axis?: number, keepDims = false): Tensor {
  const x = asTensor(xIn);
  const count = axis === undefined ? x.size : x.shape[normalizeAxis("mean", axis, x.shape)];
  if (count === 0) throw new Error(`mean: cannot average an empty axis of shape ${fmtShape(x.shape)}`);
  const s = sum(x, axis, keepDims);
  const out = s.data.map((v) => v / count);
  return opResult(out, s.shape, "mean", [s], (g) => {
    accumulateGrad(
      s,
      g.map((v) => v / count),
    );
  });
}

/** Maximum of all values, or along `axis`; the gradient flows to the first maximal position. */
export function max(xIn: TensorLike, axis?: number, keepDims = false): Tensor {
  const x = asTensor(xIn);
  const { ax, shape } = reduceShape("max", x, axis, keepDims);
  const { outer, len, inner } = ax === null ? { outer: 1, len: x.size, inner: 1 } : splitAt(x.shape, ax);
  if (len === 0) throw new Error(`max: cannot take the maximum of an empty axis of shape ${fmtShape(x.shape)}`);
  const out = new Float64Array(outer * inner);
  const arg = new Int32Array(outer * inner);
  const d = x.data;
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let best = -Infinity;
      let bi = o * len * inner + i;
      for (let l = 0; l < len; l++) {
        const k = (o * len + l) * inner + i;
        if (d[k] > best || Number.isNaN(d[k])) {
          best = d[k];
          bi = k;
          if (Number.isNaN(best)) break;
        }
      }
      out[o * inner + i] = best;
      arg[o * inner + i] = bi;
    }
  return opResult(out, shape, "max", [x], (g) => {
    const gx = new Float64Array(x.size);
    for (let k = 0; k < g.length; k++) gx[arg[k]] += g[k];
    accumulateGrad(x, gx);
  });
}
