/**
 * NumPy-style broadcasting: shapes are aligned on their last axes; an axis of size 1 stretches to
 * match the other operand. The backward side of a broadcast is a sum over the stretched axes.
 */
import { Shape, fmtShape, sizeOf } from "../tensor";

/** The broadcast shape of a and b, or a clear error naming the op. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = new Array(rank);
  for (let i = 0; i < rank; i++) {
    const da = a.length - rank + i >= 0 ? a[a.length - rank + i] : 1;
    const db = b.length - rank + i >= 0 ? b[b.length - rank + i] : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast (axis ${i} ` +
          `from the left of the aligned shapes: ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * For every element of the output shape, the flat index into an operand of shape `inShape`
 * (broadcast axes repeat). Returned as an Int32Array of length size(outShape).
 */
export function broadcastIndex(inShape: Shape, outShape: Shape): Int32Array {
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = inShape.length - 1; i >= 0; i--) {
    const axis = rank - inShape.length + i;
    strides[axis] = inShape[i] === 1 ? 0 : s;
    s *= inShape[i];
  }
  return stridedIndex(outShape, strides);
}

/**
 * Walks every position of `outShape` in row-major order and returns, for each, the flat offset
 * Σ counter[axis]·strides[axis] into a source array (strides 0 repeat a value: broadcasting;
 * permuted strides: transposition).
 */
export function stridedIndex(outShape: Shape, strides: readonly number[]): Int32Array {
  const rank = outShape.length;
  const n = sizeOf(outShape);
  const idx = new Int32Array(n);
  const counter = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let k = 0; k < n; k++) {
    idx[k] = offset;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      offset += strides[ax];
      if (counter[ax] < outShape[ax]) break;
      offset -= strides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return idx;
}

/** How operand b lines up with the output: same layout, a scalar, a repeated trailing block, or general. */
export type BroadcastKind =
  { kind: "same" } | { kind: "scalar" } | { kind: "tile"; period: number } | { kind: "general"; index: Int32Array };

/** Classifies an operand's broadcast so hot loops can take a fast path. */
export function broadcastKind(inShape: Shape, outShape: Shape): BroadcastKind {
  const n = sizeOf(inShape);
  if (n === sizeOf(outShape)) return { kind: "same" };
  if (n === 1) return { kind: "scalar" };
  // A trailing block such as a bias [d] against [B, d]: inShape equals the last axes of outShape.
  let tile = inShape.length <= outShape.length;
  let lead = true;
  for (let i = 0; tile && i < inShape.length; i++) {
    const o = outShape[outShape.length - inShape.length + i];
    if (lead && inShape[i] === 1 && o !== 1) continue; // leading ones, e.g. [1, d]
    lead = false;
    if (inShape[i] !== o) tile = false;
  }
  if (tile) return { kind: "tile", period: n };
  return { kind: "general", index: broadcastIndex(inShape, outShape) };
}

/** Sums a gradient of the output shape down to an operand's shape (the backward of broadcasting). */
export function reduceToShape(g: Float64Array, k: BroadcastKind, inSize: number): Float64Array {
  switch (k.kind) {
    case "same":
      return g;
    case "scalar": {
      let s = 0;
      for (let i = 0; i < g.length; i++) s += g[i];
      return new Float64Array([s]);
    }
    case "tile": {
      const out = new Float64Array(inSize);
      const p = k.period;
      for (let i = 0; i < g.length; i += p) for (let j = 0; j < p; j++) out[j] += g[i + j];
      return out;
    }
    case "general": {
      const out = new Float64Array(inSize);
      const idx = k.index;
      for (let i = 0; i < g.length; i++) out[idx[i]] += g[i];
      return out;
    }
  }
}

/** Reads operand values aligned to the output: returns a function index -> value. */
export function expand(data: Float64Array, k: BroadcastKind, outSize: number): Float64Array {
  switch (k.kind) {
    case "same":
      return data;
    case "scalar":
      return new Float64Array(outSize).fill(data[0]);
    case "tile": {
      const out = new Float64Array(outSize);
      for (let i = 0; i < outSize; i += k.period) out.set(data, i);
      return out;
    }
    case "general": {
      const out = new Float64Array(outSize);
      for (let i = 0; i < outSize; i++) out[i] = data[k.index[i]];
      return out;
    }
  }
}
