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
 * Math.exp; tanhScalar is within 4 ulp of Math.tanh. All handle NaN, ±∞, ±0 and subnormals.
 *
 *   exp(x):  k = round(x / ln 2) (ties to even), r = x - k·ln 2 in two parts (|r| ≤ ln 2 / 2), then
 *            e^r by fdlibm's rational approximation, e^r = 1 + r + r·c/(2 - c) with c = r - r²·P(r²),
 *            and e^x = e^r · 2^⌊k/2⌋ · 2^(k-⌊k/2⌋) (two factors, so results below 2^-1022 round once)
 *   σ(a):    1/(1+e^{-a}) for a ≥ 0, e^a/(1+e^a) otherwise (no overflow, full relative accuracy)
 *   tanh(x): with u = -2|x| and t = e^u - 1 (a Taylor series to u^14/14! when |u| < 0.35, where
 *            e^u - 1 would cancel), tanh|x| = -t/(t + 2); the sign of x is put back
 */
import { wasmKernels } from "./kernels";

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

/** 1/n! for n = 1 … 14: the series of e^u - 1 that tanhScalar uses for |u| < 0.35. */
export const TANH_SERIES: readonly number[] = (() => {
  const out: number[] = [];
  let factorial = 1;
  for (let n = 1; n <= 14; n++) {
    factorial *= n; // exact: 14! < 2^53
    out.push(1 / factorial);
  }
  return out;
})();
/** The series is used where u = -2|x| is above this (|x| < 0.175). */
export const TANH_SERIES_BELOW = -0.35;

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
  const ki = k | 0,
    k1 = ki >> 1;
  return y * POW2[k1 + 540] * POW2[ki - k1 + 540];
}

/** Numerically stable logistic function σ(a) = 1/(1+e^{-a}) of one number. */
export function sigmoidScalar(a: number): number {
  if (a >= 0) return 1 / (1 + expScalar(-a));
  const e = expScalar(a);
  return e / (1 + e);
}

/** tanh of one number (see the file comment for the method). */
export function tanhScalar(x: number): number {
  const u = -2 * Math.abs(x);
  let t: number;
  if (u > TANH_SERIES_BELOW) {
    let s = TANH_SERIES[13];
    for (let n = 12; n >= 0; n--) s = TANH_SERIES[n] + u * s;
    t = u * s;
  } else {
    t = expScalar(u) - 1;
  }
  const z = -t / (t + 2);
  return x < 0 ? -z : x > 0 ? z : x; // ±0 and NaN as they came
}

/**
 * Below this many values a block stays in TypeScript (copying it to WebAssembly memory and back
 * costs more than the SIMD saves).
 */
export const WASM_MIN_VALUES = 16;

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
  if (rows * cols >= WASM_MIN_VALUES) {
    const w = wasmKernels(len);
    if (w) {
      w.heap.set(x.subarray(off, off + len), 0);
      w.exports[kind](0, rows, cols, stride);
      x.set(w.heap.subarray(0, len), off);
      return;
    }
  }
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
