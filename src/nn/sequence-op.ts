/**
 * Plumbing shared by the fused whole-sequence ops (lstm-sequence-op.ts, gru-sequence-op.ts,
 * rnn-sequence-op.ts): shape checks, the padding mask and the time-major input with its padding cleared,
 * transposed weights, the input side of the gate products (forward and backward), and packing and
 * splitting the one result of a fused op into the tensors a layer returns.
 *
 * Layout used by every fused op: the input x and the output stay batch-major [B, T, ·] as the
 * layers see them; the op's own buffers are time-major ([T, B, ·], row t·B + b) so that one time
 * step is one contiguous block of rows and the states before every step, H_prev = [h_0 … h_{T-1}],
 * form one [T·B, d] matrix for the weight gradients.
 */
import { Tensor, fmtShape, sizeOf } from "../tensor";
import { gradBuffer, opResult } from "../autograd";
import { gemm, wasmKernels, type WasmKernels } from "../ops/kernels";
import { checkLengths } from "./recurrent";

/** Sizes of a fused op's problem: batch, time, input features, hidden units. */
export interface FusedSizes {
  B: number;
  T: number;
  m: number;
  d: number;
}

/**
 * Checks x [B, T, m], weightIh [k·d, m], weightHh [k·d, d], bias [k·d] for k stacked blocks, the
 * initial states (each [B, d]) and the lengths, naming the op and the shapes on failure.
 */
export function checkFusedShapes(
  op: string,
  blocks: number,
  x: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  bias: Tensor,
  states: ReadonlyArray<readonly [Tensor, string]>,
  lengths: readonly number[] | undefined,
): FusedSizes {
  const d = weightHh.rank === 2 ? weightHh.shape[1] : -1;
  const G = blocks * d;
  if (
    x.rank !== 3 ||
    weightIh.rank !== 2 ||
    weightHh.rank !== 2 ||
    weightIh.shape[0] !== G ||
    weightIh.shape[1] !== x.shape[2] ||
    weightHh.shape[0] !== G ||
    bias.rank !== 1 ||
    bias.size !== G
  ) {
    const k = blocks === 1 ? "" : `${blocks}`;
    throw new Error(
      `${op}: shapes x ${fmtShape(x.shape)}, weightIh ${fmtShape(weightIh.shape)}, ` +
        `weightHh ${fmtShape(weightHh.shape)}, bias ${fmtShape(bias.shape)} do not fit [B,T,m], [${k}d,m], [${k}d,d], [${k}d]`,
    );
  }
  const [B, T, m] = x.shape;
  for (const [s, name] of states) {
    if (s.size !== B * d) throw new Error(`${op}: ${name} must have shape [${B}, ${d}], got ${fmtShape(s.shape)}`);
  }
  checkLengths(op, lengths, B, T);
  return { B, T, m, d };
}

/**
 * The padding mask, time-major: valid[t·B + b] = 1 when step t is inside sequence b (t < length),
 * 0 at padding. Without lengths every step is valid.
 */
export function validMask(lengths: readonly number[] | undefined, B: number, T: number): Uint8Array {
  const valid = new Uint8Array(T * B).fill(1);
  if (lengths) for (let b = 0; b < B; b++) for (let t = lengths[b]; t < T; t++) valid[t * B + b] = 0;
  return valid;
}

/**
 * The values of x [B, T, m] time-major, as a [T·B, m] matrix (row t·B + b holds x[b, t, :]), with
 * every padded step set to 0 (by assignment, not multiplication). The ops read x through this only,
 * so whatever the padding holds (NaN included) reaches neither the gate products nor the weight
 * gradients; and the input side of all steps is one matrix product.
 */
export function timeMajorInput(x: Tensor, valid: Uint8Array, sizes: FusedSizes): Float64Array {
  const { B, T, m } = sizes;
  const xd = x.data;
  const xt = new Float64Array(T * B * m);
  for (let t = 0; t < T; t++)
    for (let b = 0; b < B; b++) {
      if (!valid[t * B + b]) continue;
      const from = (b * T + t) * m,
        to = (t * B + b) * m;
      for (let p = 0; p < m; p++) xt[to + p] = xd[from + p];
    }
  return xt;
}

/** w [rows, cols] transposed into a new [cols, rows] array. */
export function transposed(w: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = w[i * cols + j];
  return out;
}

/**
 * A fused op computes its output and final states into one packed array (so that its backward
 * runs once and sees all their gradients together); this splits it into tensors of the given
 * shapes, in order. Each part shares memory with the packed result and adds its gradient into
 * the matching slice of the packed gradient.
 */
export function unpack(packed: Tensor, shapes: ReadonlyArray<readonly number[]>): Tensor[] {
  let offset = 0;
  return shapes.map((shape) => {
    const start = offset;
    const n = sizeOf(shape);
    offset += n;
    return opResult(packed.data.subarray(start, start + n), shape, packed.op, [packed], (g) => {
      const gp = gradBuffer(packed);
      for (let i = 0; i < n; i++) gp[start + i] += g[i];
    });
  });
}

/** Adds g into t's gradient (taking g itself when t has none yet, so g must be fresh memory). */
export function addGrad(t: Tensor, g: Float64Array): void {
  if (!t.grad) {
    t.grad = g;
    return;
  }
  const a = t.grad;
  for (let i = 0; i < a.length; i++) a[i] += g[i];
}

/**
 * The input part of the pre-activations of every step, for all k blocks at once:
 *   Z = 1·bᵀ + X·Wᵀ     (row t·B + b: z = W x_t + b for sequence b at step t)
 * Z is the T·B rows of G values starting at Z[zOff]; X is the time-major input xt [T·B, m] (padding
 * cleared, see timeMajorInput); WT is Wᵀ [m, G]. The recurrent part is added step by step later.
 */
export function setInputProjections(
  Z: Float64Array,
  zOff: number,
  G: number,
  xt: Float64Array,
  WT: Float64Array,
  bias: Tensor,
  sizes: FusedSizes,
): void {
  const { B, T, m } = sizes;
  const rows = T * B;
  if (rows === 0) return;
  // Every row starts as b: one row written, then copied in blocks that double (a few memmoves).
  Z.set(bias.data, zOff);
  for (let filled = 1; filled < rows; filled *= 2) {
    const n = Math.min(filled, rows - filled);
    Z.copyWithin(zOff + filled * G, zOff, zOff + n * G);
  }
  gemm(rows, m, G, xt, 0, m, 1, WT, 0, G, Z, zOff, G);
}

/**
 * Gradients of the input side of z_t = W x_t + U h_{t-1} + b, given dZ [T·B, G] (time-major, 0 at
 * padding), accumulated into weightIh, bias and x when they need them (xt: the time-major input,
 * padding cleared), each as one product over all steps:
 *   dW = dZᵀ X     (computed transposed, dWᵀ = Xᵀ·dZ, so the long axis G is innermost)
 *   db = Σ over rows of dZ (as 1ᵀ·dZ)
 *   dX = dZ · W    (time-major, then put back in x's batch-major layout)
 */
export function addInputGradients(
  dZ: Float64Array,
  G: number,
  x: Tensor,
  xt: Float64Array,
  weightIh: Tensor,
  bias: Tensor,
  sizes: FusedSizes,
): void {
  const { B, T, m } = sizes;
  if (weightIh.requiresGrad) {
    const gWT = new Float64Array(m * G);
    gemm(m, T * B, G, xt, 0, 1, m, dZ, 0, G, gWT, 0, G);
    addGrad(weightIh, transposed(gWT, m, G));
  }
  if (bias.requiresGrad) {
    // db = 1ᵀ·dZ: the column sums, as a product with a row of ones (one call, SIMD where available).
    const gb = new Float64Array(G);
    gemm(1, T * B, G, onesOf(T * B), 0, T * B, 1, dZ, 0, G, gb, 0, G);
    addGrad(bias, gb);
  }
  if (x.requiresGrad) {
    const gxt = new Float64Array(T * B * m);
    gemm(T * B, G, m, dZ, 0, G, 1, weightIh.data, 0, m, gxt, 0, m);
    const gx = new Float64Array(x.size);
    for (let t = 0; t < T; t++)
      for (let b = 0; b < B; b++) {
        const from = (t * B + b) * m,
          to = (b * T + t) * m;
        for (let p = 0; p < m; p++) gx[to + p] = gxt[from + p];
      }
    addGrad(x, gx);
  }
}

/**
 * The packed result of a fused op: the output [B, T, d] (h_t from the time-major states
 * hs [T+1, B, d], block t+1 = h_t; 0 at padding), followed by the given final states [B, d].
 */
export function packResult(
  hs: Float64Array,
  valid: Uint8Array,
  sizes: FusedSizes,
  finals: readonly Float64Array[],
): Float64Array {
  const { B, T, d } = sizes;
  const nOut = B * T * d;
  const packed = new Float64Array(nOut + finals.length * B * d);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      if (!valid[t * B + b]) continue;
      const from = (t + 1) * B * d + b * d,
        to = (b * T + t) * d;
      for (let j = 0; j < d; j++) packed[to + j] = hs[from + j];
    }
  }
  finals.forEach((s, k) => packed.set(s, nOut + k * B * d));
  return packed;
}

/** The output part of a fused op's gradient (batch-major [B, T, d], at the start of gOut) time-major, [T, B, d]. */
export function timeMajorOutputGrad(gOut: Float64Array, sizes: FusedSizes): Float64Array {
  const { B, T, d } = sizes;
  const out = new Float64Array(T * B * d);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) out.set(gOut.subarray((b * T + t) * d, (b * T + t + 1) * d), (t * B + b) * d);
  return out;
}

/**
 * Calls f(first, end) for each run of consecutive rows b = first … end-1 that are inside their
 * sequences at step t (valid[t·B + b] = 1), so a backward step can work on whole blocks of rows
 * and skip the padded ones.
 */
export function forEachValidRun(
  valid: Uint8Array,
  t: number,
  B: number,
  f: (first: number, end: number) => void,
): void {
  for (let b = 0; b < B;) {
    if (!valid[t * B + b]) {
      b++;
      continue;
    }
    let e = b + 1;
    while (e < B && valid[t * B + e]) e++;
    f(b, e);
    b = e;
  }
}

let ones = new Float64Array(0);

/** A row of n ones (shared, read only). */
function onesOf(n: number): Float64Array {
  if (ones.length < n) ones = new Float64Array(Math.max(n, 2 * ones.length)).fill(1);
  return ones;
}

let scratchBuffer = new Float64Array(0);

/**
 * A zeroed work array of n values, reused from call to call. Only for buffers that live inside one
 * backward pass and are dropped before it returns (backward passes never run nested), so the
 * megabytes of ∂L/∂z a long sequence needs are not allocated and collected on every step.
 */
export function backwardScratch(n: number): Float64Array {
  if (scratchBuffer.length < n) scratchBuffer = new Float64Array(n);
  const view = scratchBuffer.subarray(0, n);
  view.fill(0);
  return view;
}

/**
 * Places regions of the given lengths one after another in WebAssembly memory, for a fused op that
 * runs all its steps there (so each step calls the kernels on that memory instead of copying its
 * operands in and out); `at[k]` is where region k starts. Null when the WebAssembly kernels are off
 * or unavailable, or there is nothing to do: the op then runs its TypeScript loop.
 */
export function wasmLayout(lengths: readonly number[]): { w: WasmKernels; heap: Float64Array; at: number[] } | null {
  let total = 0;
  const at = lengths.map((n) => (total += n) - n);
  if (lengths.some((n) => n === 0)) return null;
  const w = wasmKernels(total);
  return w ? { w, heap: w.heap, at } : null;
}
