/**
 * The library's exp, logistic sigmoid and tanh of one number, and the kernels that apply them in
 * place to rows of a matrix (the gates of the recurrent layers, the sigmoid and tanh ops, softmax
 * and cross-entropy).
 *
 * Why our own: the fused LSTM computes five of these per hidden unit and time step, and through
 * V8's Math.exp / Math.tanh (calls into C, 8 and 21 ns each here) they were a third of a small
 * model's training time. The functions below are plain arithmetic, so the same formulas run in a
 * WebAssembly SIMD build, two values per instruction (scripts/wasm/activation-wat.ts, compiled with
 * the gemm into kernels-wasm-binary.ts), and the TypeScript versions here are the reference: the
 * SIMD kernels do the same operations in the same order and give bit-identical results
 * (test/ops/activation-kernels.test.ts), the TypeScript path is the fallback.
 *
 * Accuracy (measured over millions of points in the tests): expScalar equals Math.exp except for
 * ±1 ulp near 0 and in the subnormal range; sigmoidScalar is within 1 ulp of the same formula with
 * Math.exp; tanhScalar is within 3 ulp of Math.tanh. All handle NaN, ±∞, ±0 and subnormals.
 *
 *   exp(x):  k = round(x / ln 2) (ties to even), r = x - k·ln 2 in two parts (|r| ≤ ln 2 / 2), then
 *            e^r by fdlibm's rational approximation, e^r = 1 + r + r·c/(2 - c) with c = r - r²·P(r²),
 *            and e^x = e^r · 2^k1 · 2^(k-k1) with k1 = round(k/2) (two factors, each a normal number,
 *            so results below 2^-1022 round once)
 *   σ(a):    with e = e^{-|a|} and r = 1/(1+e): r for a ≥ 0, e·r otherwise (no overflow, full
 *            relative accuracy)
 *   tanh(x): with u = -2|x| and t = e^u - 1, tanh|x| = -t/(t + 2), and the sign of x put back; t is
 *            taken from the same reduction as exp, t = 2^k·p + (2^k - 1) with p = e^r - 1 from the
 *            rational approximation, so it does not cancel when u is small
 */
import { type WasmKernels, wasmKernels } from "./kernels";

/** Constants of expScalar (shared with the WebAssembly generator, which writes these exact doubles). */
export const EXP_CONSTANTS = {
  LOG2E: 1.4426950408889634,
  /** ln 2 in two parts: LN2_HI has 32 trailing zero bits, so k·LN2_HI is exact. */
  LN2_HI: 6.9314718036912381649e-1,
  LN2_LO: 1.90821492927058770002e-10,
  /** 1.5·2^52: adding and subtracting it rounds |v| < 2^51 to the nearest integer, ties to even. */
  ROUND: 6755399441055744,
  /** Inputs are clamped to [LOW, HIGH]: e^LOW rounds to 0 and e^HIGH overflows to ∞, as they should. */
  LOW: -746,
  HIGH: 710,
  P1: 1.66666666666666019037e-1,
  P2: -2.77777777770155933842e-3,
  P3: 6.61375632143793436117e-5,
  P4: -1.6533902205465251539e-6,
  P5: 4.13813679705723846039e-8,
} as const;

/** 2^k for k = -540 … 519 (index k + 540), built by exact doubling and halving. */
const POW2 = (() => {
  const table = new Float64Array(1060);
  table[540] = 1;
  for (let k = 541; k < 1060; k++) table[k] = table[k - 1] * 2;
  for (let k = 539; k >= 0; k--) table[k] = table[k + 1] / 2;
  return table;
})();

const { LOG2E, LN2_HI, LN2_LO, ROUND, LOW, HIGH, P1, P2, P3, P4, P5 } = EXP_CONSTANTS;

/** e^x (see the file comment for the method). */
export function expScalar(x: number): number {
  const xc = x < LOW ? LOW : x > HIGH ? HIGH : x; // NaN stays NaN
  const k = xc * LOG2E + ROUND - ROUND;
  const hi = xc - k * LN2_HI,
    lo = k * LN2_LO,
    r = hi - lo,
    t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  const k1 = k * 0.5 + ROUND - ROUND; // k/2 rounded, so 2^k1 and 2^(k-k1) are normal numbers
  return y * POW2[k1 + 540] * POW2[k - k1 + 540];
}

/** Numerically stable logistic function σ(a) = 1/(1+e^{-a}) of one number. */
export function sigmoidScalar(a: number): number {
  const e = expScalar(-Math.abs(a)); // e^{-|a|} ≤ 1: no overflow
  const r = 1 / (1 + e);
  return a >= 0 ? r : e * r; // σ(a) = 1/(1+e^{-a}) for a ≥ 0, e^a/(1+e^a) otherwise
}

/** tanh of one number (see the file comment for the method). */
export function tanhScalar(x: number): number {
  const u = -2 * Math.abs(x);
  const uc = u < LOW ? LOW : u > HIGH ? HIGH : u; // as in expScalar (NaN stays NaN)
  const k = uc * LOG2E + ROUND - ROUND;
  const hi = uc - k * LN2_HI,
    lo = k * LN2_LO,
    r = hi - lo,
    t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const p = hi - (lo - (r * c) / (2 - c)); // e^r - 1, accurate also when r is tiny
  const k1 = k * 0.5 + ROUND - ROUND;
  const s = POW2[k1 + 540] * POW2[k - k1 + 540]; // 2^k
  const em1 = s * p + (s - 1); // e^u - 1 = 2^k (1 + p) - 1
  const z = -em1 / (em1 + 2);
  return x < 0 ? -z : x > 0 ? z : x; // ±0 and NaN as they came
}

/**
 * Below this many values a block stays in TypeScript (copying it to WebAssembly memory and back
 * costs more than the SIMD saves).
 */
export const WASM_MIN_VALUES = 16;

/** A region of an array: [array, offset, length]. */
type Region = readonly [Float64Array, number, number];

/**
 * Runs a WebAssembly kernel on copies of `regions`, placed one after another in its memory: `call`
 * gets each region's start there, then the regions listed in `results` (by index) are copied back.
 * Returns false, touching nothing, when the kernels are off or unavailable (the caller then runs
 * the TypeScript version).
 */
function onWasm(
  regions: readonly Region[],
  results: readonly number[],
  call: (w: WasmKernels, at: number[]) => void,
): boolean {
  let total = 0;
  const at = regions.map(([, , n]) => (total += n) - n);
  const w = wasmKernels(total);
  if (!w) return false;
  regions.forEach(([a, off, n], k) => w.heap.set(a.subarray(off, off + n), at[k]));
  call(w, at);
  for (const k of results) {
    const [a, off, n] = regions[k];
    a.set(w.heap.subarray(at[k], at[k] + n), off);
  }
  return true;
}

function applyRows(
  kind: "exp" | "sigmoid" | "tanh",
  f: (v: number) => number,
  x: Float64Array,
  off: number,
  rows: number,
  cols: number,
  stride: number,
): void {
  if (rows <= 0 || cols <= 0) return;
  const len = (rows - 1) * stride + cols;
  if (
    rows * cols >= WASM_MIN_VALUES &&
    onWasm([[x, off, len]], [0], (w, at) => w.exports[kind](at[0], rows, cols, stride))
  )
    return;
  for (let r = 0; r < rows; r++) {
    const start = off + r * stride;
    for (let j = start; j < start + cols; j++) x[j] = f(x[j]);
  }
}

/** x[off + r·stride + j] = e^x[off + r·stride + j] for r < rows, j < cols, in place. */
export function expRows(x: Float64Array, off: number, rows: number, cols: number, stride: number): void {
  applyRows("exp", expScalar, x, off, rows, cols, stride);
}

/** x[off + r·stride + j] = σ(x[off + r·stride + j]) for r < rows, j < cols, in place. */
export function sigmoidRows(x: Float64Array, off: number, rows: number, cols: number, stride: number): void {
  applyRows("sigmoid", sigmoidScalar, x, off, rows, cols, stride);
}

/** x[off + r·stride + j] = tanh(x[off + r·stride + j]) for r < rows, j < cols, in place. */
export function tanhRows(x: Float64Array, off: number, rows: number, cols: number, stride: number): void {
  applyRows("tanh", tanhScalar, x, off, rows, cols, stride);
}

/**
 * One LSTM step after its gate products, for `rows` rows (sequences) at once, in place:
 *   gates[gOff + r·G + …] = [z_f | z_i | z_o | z_c̃] (d values each) become [σ(z_f) | σ(z_i) | σ(z_o) | tanh(z_c̃)];
 *   c = f ⊙ c_prev + i ⊙ c̃ → cs[cOff + r·d + j];  tanh(c) → tanhC[tcOff + …];  h = o ⊙ tanh(c) → hs[hOff + …]
 * with c_prev read from cs[cpOff + r·d + j]. The fused LSTM (src/nn/lstm-sequence-op.ts) calls it once
 * per time step; in WebAssembly it is one call with one copy of the step's data each way.
 */
export function lstmCellRows(
  gates: Float64Array,
  gOff: number,
  cs: Float64Array,
  cpOff: number,
  cOff: number,
  tanhC: Float64Array,
  tcOff: number,
  hs: Float64Array,
  hOff: number,
  rows: number,
  d: number,
  G: number,
): void {
  if (rows <= 0 || d <= 0) return;
  const nG = rows * G,
    nD = rows * d;
  const regions: Region[] = [
    [gates, gOff, nG],
    [cs, cpOff, nD],
    [cs, cOff, nD],
    [tanhC, tcOff, nD],
    [hs, hOff, nD],
  ];
  if (
    nD >= WASM_MIN_VALUES &&
    onWasm(regions, [0, 2, 3, 4], (w, at) => w.exports.lstm_cell(at[0], at[1], at[2], at[3], at[4], rows, d, G))
  )
    return;
  for (let r = 0; r < rows; r++) {
    const z = gOff + r * G,
      s = r * d;
    for (let j = 0; j < d; j++) {
      const f = sigmoidScalar(gates[z + j]),
        i = sigmoidScalar(gates[z + d + j]),
        o = sigmoidScalar(gates[z + 2 * d + j]),
        g = tanhScalar(gates[z + 3 * d + j]);
      gates[z + j] = f;
      gates[z + d + j] = i;
      gates[z + 2 * d + j] = o;
      gates[z + 3 * d + j] = g;
      const c = f * cs[cpOff + s + j] + i * g;
      const tc = tanhScalar(c);
      cs[cOff + s + j] = c;
      tanhC[tcOff + s + j] = tc;
      hs[hOff + s + j] = o * tc;
    }
  }
}

/**
 * The elementwise part of one LSTM step's backward, for `rows` rows that are all inside their
 * sequences (the fused LSTM calls it for each run of such rows), in place. Per value, with the gate
 * activations f, i, o, c̃ (gates, [rows, G]), tanh(c_t) and c_{t-1} ([rows, d]), the gradients dh, dc
 * reaching h_t, c_t from later steps and gOut from the output at t ([rows, d]):
 *   dh' = dh + gOut;  dc' = dc + dh'·o·(1 - tanh(c_t)²)
 *   dZ = [dc'·c_{t-1}·f·(1-f) | dc'·c̃·i·(1-i) | dh'·tanh(c_t)·o·(1-o) | dc'·i·(1-c̃²)]
 *   dc ← dc'·f (the gradient reaching c_{t-1});  dh ← 0 (the caller adds dZ·U)
 */
export function lstmCellBackwardRows(
  gates: Float64Array,
  gOff: number,
  tanhC: Float64Array,
  tcOff: number,
  cs: Float64Array,
  cpOff: number,
  dh: Float64Array,
  dc: Float64Array,
  sOff: number,
  gOut: Float64Array,
  goOff: number,
  dZ: Float64Array,
  rows: number,
  d: number,
  G: number,
): void {
  if (rows <= 0 || d <= 0) return;
  const nG = rows * G,
    nD = rows * d;
  const regions: Region[] = [
    [gates, gOff, nG],
    [tanhC, tcOff, nD],
    [cs, cpOff, nD],
    [dh, sOff, nD],
    [dc, sOff, nD],
    [gOut, goOff, nD],
    [dZ, gOff, nG],
  ];
  if (
    nD >= WASM_MIN_VALUES &&
    onWasm(regions, [3, 4, 6], (w, at) =>
      w.exports.lstm_cell_backward(at[0], at[1], at[2], at[3], at[4], at[5], at[6], rows, d, G, G),
    )
  )
    return;
  for (let r = 0; r < rows; r++) {
    const z = gOff + r * G,
      s = r * d;
    for (let j = 0; j < d; j++) {
      const f = gates[z + j],
        i = gates[z + d + j],
        o = gates[z + 2 * d + j],
        g = gates[z + 3 * d + j];
      const tc = tanhC[tcOff + s + j];
      const dhj = dh[sOff + s + j] + gOut[goOff + s + j];
      const dcj = dc[sOff + s + j] + dhj * o * (1 - tc * tc);
      dZ[z + j] = dcj * cs[cpOff + s + j] * f * (1 - f);
      dZ[z + d + j] = dcj * g * i * (1 - i);
      dZ[z + 2 * d + j] = dhj * tc * o * (1 - o);
      dZ[z + 3 * d + j] = dcj * i * (1 - g * g);
      dc[sOff + s + j] = dcj * f;
      dh[sOff + s + j] = 0;
    }
  }
}

/**
 * Softmax of each of `rows` rows of `cols` values (x[off + r·cols + j]), in place, with the row's
 * largest value m and the sum s of e^(x - m) written to stats[2r] and stats[2r + 1] (for a stable
 * log-sum-exp, log s + m). The sum runs in two parts, even and odd j (the last value of an odd row
 * in the even one), then adds them: the order the SIMD build (two lanes) uses, so both agree bit for
 * bit. A row holding NaN gives NaN; a row of -∞ gives NaN (there is no largest finite value).
 */
export function softmaxRows(x: Float64Array, off: number, rows: number, cols: number, stats: Float64Array): void {
  if (rows <= 0 || cols <= 0) return;
  const n = rows * cols;
  const regions: Region[] = [
    [x, off, n],
    [stats, 0, 2 * rows],
  ];
  if (n >= WASM_MIN_VALUES && onWasm(regions, [0, 1], (w, at) => w.exports.softmax_rows(at[0], rows, cols, at[1])))
    return;
  for (let r = 0; r < rows; r++) {
    const base = off + r * cols;
    let m0 = -Infinity,
      m1 = -Infinity,
      j = 0;
    for (; j + 1 < cols; j += 2) {
      m0 = Math.max(m0, x[base + j]);
      m1 = Math.max(m1, x[base + j + 1]);
    }
    if (j < cols) m0 = Math.max(m0, x[base + j]);
    const m = Math.max(m0, m1);
    let s0 = 0,
      s1 = 0;
    for (j = 0; j + 1 < cols; j += 2) {
      const e0 = expScalar(x[base + j] - m),
        e1 = expScalar(x[base + j + 1] - m);
      x[base + j] = e0;
      x[base + j + 1] = e1;
      s0 += e0;
      s1 += e1;
    }
    if (j < cols) {
      const e = expScalar(x[base + j] - m);
      x[base + j] = e;
      s0 += e;
    }
    const s = s0 + s1;
    for (j = 0; j < cols; j++) x[base + j] /= s;
    stats[2 * r] = m;
    stats[2 * r + 1] = s;
  }
}

/**
 * The GRU's gates after their products, for `rows` rows at once, in place: the first two blocks of d
 * values of each gate row (gates[gOff + r·G + …]) become r = σ(a_r) and z = σ(a_z), and
 * rh[rhOff + r·d + j] = r·h_prev[hpOff + r·d + j] (the input of the candidate's product).
 */
export function gruGateRows(
  gates: Float64Array,
  gOff: number,
  hs: Float64Array,
  hpOff: number,
  rh: Float64Array,
  rhOff: number,
  rows: number,
  d: number,
  G: number,
): void {
  if (rows <= 0 || d <= 0) return;
  const nG = rows * G,
    nD = rows * d;
  const regions: Region[] = [
    [gates, gOff, nG],
    [hs, hpOff, nD],
    [rh, rhOff, nD],
  ];
  if (nD >= WASM_MIN_VALUES && onWasm(regions, [0, 2], (w, at) => w.exports.gru_gates(at[0], at[1], at[2], rows, d, G)))
    return;
  for (let b = 0; b < rows; b++) {
    const z = gOff + b * G,
      s = b * d;
    for (let j = 0; j < d; j++) {
      const r = sigmoidScalar(gates[z + j]);
      gates[z + j] = r;
      gates[z + d + j] = sigmoidScalar(gates[z + d + j]);
      rh[rhOff + s + j] = r * hs[hpOff + s + j];
    }
  }
}

/**
 * The GRU's new state, for `rows` rows at once: the third block of each gate row becomes
 * h̃ = tanh(a_h) (in place), and h[hOff + r·d + j] = h_prev + z·(h̃ - h_prev) with h_prev from
 * hs[hpOff + r·d + j] and z from the second block (already σ(a_z), see gruGateRows).
 */
export function gruStateRows(
  gates: Float64Array,
  gOff: number,
  hs: Float64Array,
  hpOff: number,
  hOff: number,
  rows: number,
  d: number,
  G: number,
): void {
  if (rows <= 0 || d <= 0) return;
  const nG = rows * G,
    nD = rows * d;
  const regions: Region[] = [
    [gates, gOff, nG],
    [hs, hpOff, nD],
    [hs, hOff, nD],
  ];
  if (nD >= WASM_MIN_VALUES && onWasm(regions, [0, 2], (w, at) => w.exports.gru_state(at[0], at[1], at[2], rows, d, G)))
    return;
  for (let b = 0; b < rows; b++) {
    const z = gOff + b * G,
      s = b * d;
    for (let j = 0; j < d; j++) {
      const hc = tanhScalar(gates[z + 2 * d + j]);
      gates[z + 2 * d + j] = hc;
      const hp = hs[hpOff + s + j];
      hs[hOff + s + j] = hp + gates[z + d + j] * (hc - hp);
    }
  }
}

/**
 * The first part of a GRU step's backward, for `rows` rows inside their sequences, in place: with
 * z and h̃ the second and third blocks of each gate row (gates[gOff + r·G + …]) and h_prev, dh, the
 * output's gradient gOut at hs[hpOff + …], dh[sOff + …], gOut[goOff + …] ([rows, d]):
 *   dh' = dh + gOut;  da_z = dh'·(h̃ - h_prev)·z·(1-z);  da_h = dh'·z·(1 - h̃²)  (blocks 2 and 3 of dZ)
 *   dh ← dh'·(1 - z)  (the direct path to h_{t-1}; gruBackwardResetRows and a product add the rest)
 */
export function gruBackwardStateRows(
  gates: Float64Array,
  gOff: number,
  hs: Float64Array,
  hpOff: number,
  dh: Float64Array,
  sOff: number,
  gOut: Float64Array,
  goOff: number,
  dZ: Float64Array,
  rows: number,
  d: number,
  G: number,
): void {
  if (rows <= 0 || d <= 0) return;
  const nG = rows * G,
    nD = rows * d;
  const regions: Region[] = [
    [gates, gOff, nG],
    [hs, hpOff, nD],
    [dh, sOff, nD],
    [gOut, goOff, nD],
    [dZ, gOff, nG],
  ];
  if (
    nD >= WASM_MIN_VALUES &&
    onWasm(regions, [2, 4], (w, at) => w.exports.gru_backward_state(at[0], at[1], at[2], at[3], at[4], rows, d, G, G))
  )
    return;
  for (let r = 0; r < rows; r++) {
    const z = gOff + r * G,
      s = r * d;
    for (let j = 0; j < d; j++) {
      const u = gates[z + d + j],
        hc = gates[z + 2 * d + j],
        hp = hs[hpOff + s + j];
      const dhj = dh[sOff + s + j] + gOut[goOff + s + j];
      dZ[z + d + j] = dhj * (hc - hp) * u * (1 - u);
      dZ[z + 2 * d + j] = dhj * u * (1 - hc * hc);
      dh[sOff + s + j] = dhj * (1 - u);
    }
  }
}

/**
 * The second part of a GRU step's backward, after dRH = ∂L/∂(r ⊙ h_prev) = da_h·U_h: with r the
 * first block of each gate row, da_r = dRH·h_prev·r·(1-r) (block 1 of dZ) and dh ← dh + dRH·r.
 */
export function gruBackwardResetRows(
  gates: Float64Array,
  gOff: number,
  dRH: Float64Array,
  hs: Float64Array,
  hpOff: number,
  dh: Float64Array,
  sOff: number,
  dZ: Float64Array,
  rows: number,
  d: number,
  G: number,
): void {
  if (rows <= 0 || d <= 0) return;
  const nG = rows * G,
    nD = rows * d;
  const regions: Region[] = [
    [gates, gOff, nG],
    [dRH, sOff, nD],
    [hs, hpOff, nD],
    [dh, sOff, nD],
    [dZ, gOff, nG],
  ];
  if (
    nD >= WASM_MIN_VALUES &&
    onWasm(regions, [3, 4], (w, at) => w.exports.gru_backward_reset(at[0], at[1], at[2], at[3], at[4], rows, d, G, G))
  )
    return;
  for (let r = 0; r < rows; r++) {
    const z = gOff + r * G,
      s = r * d;
    for (let j = 0; j < d; j++) {
      const rg = gates[z + j];
      dZ[z + j] = dRH[sOff + s + j] * hs[hpOff + s + j] * rg * (1 - rg);
      dh[sOff + s + j] += dRH[sOff + s + j] * rg;
    }
  }
}
