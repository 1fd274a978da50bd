/**
 * Ops that move values without arithmetic: reshape, transpose, slice, select, concat, stack, gather.
 * Their backward moves the gradient back to where each value came from (scatter-add for gather).
 */
import { Shape, Tensor, TensorLike, asTensor, fmtShape, sizeOf } from "../tensor";
import { accumulateGrad, gradBuffer, opResult } from "../autograd";
import { normalizeAxis, splitAt } from "./axis";
import { stridedIndex } from "./broadcast";

/** Same values, new shape (one size may be -1 and is inferred). */
export function reshape(xIn: TensorLike, shape: Shape): Tensor {
  const x = asTensor(xIn);
  const target = shape.slice();
  const unknown = target.indexOf(-1);
  if (unknown >= 0) {
    const known = sizeOf(target.filter((_, i) => i !== unknown));
    if (known === 0 || x.size % known !== 0)
      throw new Error(`reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} values) into ${fmtShape(shape)}`);
    target[unknown] = x.size / known;
  }
  if (sizeOf(target) !== x.size)
    throw new Error(
      `reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} values) into ${fmtShape(shape)} (${sizeOf(target)} values)`,
    );
  return opResult(x.data.slice(), target, "reshape", [x], (g) => accumulateGrad(x, g));
}

/** Permutes axes (default: swaps the last two). The backward applies the inverse permutation. */
export function transpose(xIn: TensorLike, axes?: readonly number[]): Tensor {
  const x = asTensor(xIn);
  const r = x.rank;
  let perm: number[];
  if (axes === undefined) {
    if (r < 2) throw new Error(`transpose: needs at least 2 axes, got shape ${fmtShape(x.shape)}`);
    perm = [...Array(r).keys()];
    perm[r - 2] = r - 1;
    perm[r - 1] = r - 2;
  } else {
    perm = axes.map((a) => normalizeAxis("transpose", a, x.shape));
    if (perm.length !== r || new Set(perm).size !== r)
      throw new Error(`transpose: axes [${axes.join(",")}] are not a permutation of ${r} axes`);
  }
  const outShape = perm.map((p) => x.shape[p]);
  const index = permuteIndex(x.shape, perm);
  const out = new Float64Array(x.size);
  for (let i = 0; i < out.length; i++) out[i] = x.data[index[i]];
  return opResult(out, outShape, "transpose", [x], (g) => {
    const gx = new Float64Array(x.size);
    for (let i = 0; i < g.length; i++) gx[index[i]] += g[i];
    accumulateGrad(x, gx);
  });
}

/** For each output position of the permuted tensor, the flat index in the input. */
function permuteIndex(shape: Shape, perm: number[]): Int32Array {
  const r = shape.length;
  const inStrides = new Array<number>(r);
  let s = 1;
  for (let i = r - 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= shape[i];
  }
  return stridedIndex(
    perm.map((p) => shape[p]),
    perm.map((p) => inStrides[p]),
  );
}

/** x[..., start:end, ...] along one axis (end exclusive; negative values count from the end). */
export function slice(xIn: TensorLike, axis: number, start: number, end?: number): Tensor {
  const x = asTensor(xIn);
  const ax = normalizeAxis("slice", axis, x.shape);
  const n = x.shape[ax];
  const s = start < 0 ? start + n : start;
  const e = end === undefined ? n : end < 0 ? end + n : end;
  if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > n || s > e) {
    throw new Error(
      `slice: range ${start}:${end ?? ""} is out of bounds for axis ${axis} of size ${n} (shape ${fmtShape(x.shape)})`,
    );
  }
  const { outer, len, inner } = splitAt(x.shape, ax);
  const w = e - s;
  const out = new Float64Array(outer * w * inner);
  for (let o = 0; o < outer; o++) out.set(x.data.subarray((o * len + s) * inner, (o * len + e) * inner), o * w * inner);
  const shape = x.shape.slice();
  shape[ax] = w;
  return opResult(out, shape, "slice", [x], (g) => {
    const gx = gradBuffer(x);
    for (let o = 0; o < outer; o++) {
      const src = o * w * inner;
      const dst = (o * len + s) * inner;
      for (let i = 0; i < w * inner; i++) gx[dst + i] += g[src + i];
    }
  });
}

/** x[..., index, ...]: one position along an axis, with that axis removed (e.g. the time step t of [B,T,F]). */
export function select(xIn: TensorLike, axis: number, index: number): Tensor {
  const x = asTensor(xIn);
  const ax = normalizeAxis("select", axis, x.shape);
  const n = x.shape[ax];
  const i = index < 0 ? index + n : index;
  if (!Number.isInteger(i) || i < 0 || i >= n)
    throw new Error(
      `select: index ${index} is out of range for axis ${axis} of size ${n} (shape ${fmtShape(x.shape)})`,
    );
  const { outer, len, inner } = splitAt(x.shape, ax);
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) out.set(x.data.subarray((o * len + i) * inner, (o * len + i + 1) * inner), o * inner);
  const shape = x.shape.filter((_, k) => k !== ax);
  return opResult(out, shape, "select", [x], (g) => {
    const gx = gradBuffer(x);
    for (let o = 0; o < outer; o++) {
      const dst = (o * len + i) * inner;
      for (let j = 0; j < inner; j++) gx[dst + j] += g[o * inner + j];
    }
  });
}

/** Joins tensors along an existing axis; all other sizes must match. */
export function concat(xsIn: readonly TensorLike[], axis = -1): Tensor {
  if (xsIn.length === 0) throw new Error("concat: needs at least one tensor");
  const xs = xsIn.map(asTensor);
  const r = xs[0].rank;
  const ax = normalizeAxis("concat", axis, xs[0].shape);
  for (let t = 1; t < xs.length; t++) {
    const s = xs[t].shape;
    if (s.length !== r || s.some((v, k) => k !== ax && v !== xs[0].shape[k])) {
      throw new Error(
        `concat: tensor ${t} has shape ${fmtShape(s)}, incompatible with ${fmtShape(xs[0].shape)} along axis ${axis}`,
      );
    }
  }
  const { outer, inner } = splitAt(xs[0].shape, ax);
  const total = xs.reduce((acc, t) => acc + t.shape[ax], 0);
  const out = new Float64Array(outer * total * inner);
  let offset = 0;
  const offsets: number[] = [];
  for (const t of xs) {
    offsets.push(offset);
    const w = t.shape[ax] * inner;
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * w, (o + 1) * w), o * total * inner + offset * inner);
    offset += t.shape[ax];
  }
  const shape = xs[0].shape.slice();
  shape[ax] = total;
  return opResult(out, shape, "concat", xs, (g) => {
    xs.forEach((t, k) => {
      if (!t.requiresGrad) return;
      const w = t.shape[ax] * inner;
      const gt = new Float64Array(t.size);
      for (let o = 0; o < outer; o++)
        gt.set(g.subarray(o * total * inner + offsets[k] * inner, o * total * inner + offsets[k] * inner + w), o * w);
      accumulateGrad(t, gt);
    });
  });
}

/** Stacks same-shape tensors along a new axis (e.g. hidden states over time into [B,T,d] with axis 1). */
export function stack(xsIn: readonly TensorLike[], axis = 0): Tensor {
  if (xsIn.length === 0) throw new Error("stack: needs at least one tensor");
  const xs = xsIn.map(asTensor);
  const s0 = xs[0].shape;
  xs.forEach((t, k) => {
    if (t.rank !== s0.length || t.shape.some((v, i) => v !== s0[i])) {
      throw new Error(`stack: tensor ${k} has shape ${fmtShape(t.shape)}, but tensor 0 has ${fmtShape(s0)}`);
    }
  });
  const ax = normalizeAxis("stack", axis, s0, s0.length + 1);
  const expanded = s0.slice(0, ax).concat([1], s0.slice(ax));
  return concat(
    xs.map((t) => opResult(t.data, expanded, "reshape", [t], (g) => accumulateGrad(t, g))),
    ax,
  );
}

/**
 * Rows of a table by index (embedding lookup): table [V, d], indices of any shape → [...indices.shape, d].
 * Backward: scatter-add of the gradient rows into the table (repeated indices add up).
 */
export function gather(table: Tensor, indices: ArrayLike<number>, indexShape?: Shape): Tensor {
  if (table.rank !== 2) throw new Error(`gather: table must be a matrix [V, d], got shape ${fmtShape(table.shape)}`);
  const [V, d] = table.shape;
  const n = indices.length;
  const ishape = indexShape ? indexShape.slice() : [n];
  if (sizeOf(ishape) !== n) throw new Error(`gather: index shape ${fmtShape(ishape)} does not hold ${n} indices`);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = indices[i];
    if (!Number.isInteger(v) || v < 0 || v >= V)
      throw new Error(
        `gather: index ${v} at position ${i} is out of range for a table of ${V} rows (shape ${fmtShape(table.shape)})`,
      );
    idx[i] = v;
  }
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) out.set(table.data.subarray(idx[i] * d, idx[i] * d + d), i * d);
  return opResult(out, ishape.concat([d]), "gather", [table], (g) => {
    const gt = gradBuffer(table);
    for (let i = 0; i < n; i++) {
      const dst = idx[i] * d;
      for (let j = 0; j < d; j++) gt[dst + j] += g[i * d + j];
    }
  });
}
