/**
 * Dense matrix kernels on row-major Float64Arrays, shared by matmul, linear and the fused
 * recurrent layers. All of them ADD into `c` (callers zero it when they want a plain product),
 * which is what backward passes need when gradients accumulate.
 *
 * One general kernel, `gemm`, does the work: C += A·B where A is read through two strides (so a
 * transposed A costs nothing) and B, C are row blocks inside larger buffers. It is register-blocked
 * (see below). On the three products of an LSTM layer with 64 units and a batch of 32 it measured
 * about 7 GFLOP/s in plain JavaScript on the course's 2-vCPU machines, against about 5 for 4×4
 * blocks, 6 for 8×4 and 1 for a naive loop; `npm run bench` times it inside the fused LSTM.
 *
 * Where WebAssembly is available, `gemm` hands products big enough to pay for copying their
 * operands to a SIMD build of the same kernel (two columns of C per f64x2 instruction; generated
 * by scripts/wasm/gemm-wat.ts, compiled with wabt into kernels-wasm-binary.ts). It performs every
 * element's operations in the same order as `gemmTs` below, so the results are bit-identical; the
 * TypeScript kernel is the reference and the fallback (no WebAssembly, `setWasmKernels(false)`, or
 * RNN_COURSE_WASM=0 in the environment). The same WebAssembly module holds the SIMD activation
 * kernels of activation-kernels.ts and shares its memory with gemm.
 */
import { KERNELS_WASM_BASE64 } from "./kernels-wasm-binary";

type WasmGemmFn = (
  n: number,
  k: number,
  m: number,
  aOff: number,
  aRow: number,
  aCol: number,
  bOff: number,
  ldb: number,
  cOff: number,
  ldc: number,
) => void;

/** In-place activation over rows of a matrix in the module's memory (src/ops/activation-kernels.ts). */
type WasmRowsFn = (off: number, rows: number, cols: number, stride: number) => void;

/** The instantiated WebAssembly module: its memory seen as float64 values, and its functions. */
export interface WasmKernels {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heap: Float64Array;
  exports: {
    gemm: WasmGemmFn;
    exp: WasmRowsFn;
    sigmoid: WasmRowsFn;
    tanh: WasmRowsFn;
    lstm_cell: (
      gOff: number,
      cpOff: number,
      cOff: number,
      tcOff: number,
      hOff: number,
      rows: number,
      d: number,
      G: number,
    ) => void;
    lstm_cell_backward: (
      gOff: number,
      tcOff: number,
      cpOff: number,
      dhOff: number,
      dcOff: number,
      goOff: number,
      dzOff: number,
      rows: number,
      d: number,
      gStride: number,
      dzStride: number,
    ) => void;
    softmax_rows: (off: number, rows: number, cols: number, statsOff: number) => void;
    gru_gates: (gOff: number, hpOff: number, rhOff: number, rows: number, d: number, G: number) => void;
    gru_state: (gOff: number, hpOff: number, hOff: number, rows: number, d: number, G: number) => void;
    /** (gOff, hpOff, dhOff, goOff, dzOff, rows, d, gStride, dzStride): see gruBackwardStateRows. */
    gru_backward_state: (...args: number[]) => void;
    /** (gOff, drhOff, hpOff, dhOff, dzOff, rows, d, gStride, dzStride): see gruBackwardResetRows. */
    gru_backward_reset: (...args: number[]) => void;
  };
}

/** The SIMD kernels once instantiated; null when WebAssembly is missing or refuses the module. */
let wasmModule: WasmKernels | null | undefined;
/** On unless the environment says RNN_COURSE_WASM=0 (for timing or debugging the TypeScript path). */
let wasmEnabled = !(typeof process !== "undefined" && process.env?.RNN_COURSE_WASM === "0");
/**
 * Products with fewer multiply-adds than this stay in TypeScript: below it the copies and the call
 * cost more than SIMD saves (measured: 8×8×32 runs at 6.5 GFLOP/s in TypeScript and 0.9 through
 * WebAssembly, 8×16×32 breaks even, 16×16×64 runs at 6.6 and 11.4).
 */
export const WASM_MIN_WORK = 8192;

function loadWasmKernels(): WasmKernels | null {
  try {
    const wasm = (globalThis as any).WebAssembly;
    if (!wasm || typeof Buffer === "undefined") return null;
    const instance = new wasm.Instance(new wasm.Module(Buffer.from(KERNELS_WASM_BASE64, "base64")), {});
    const memory = instance.exports.memory as WasmKernels["memory"];
    return { memory, heap: new Float64Array(memory.buffer), exports: instance.exports as WasmKernels["exports"] };
  } catch {
    return null;
  }
}

/** Whether the WebAssembly SIMD kernels can be used in this process. */
export function wasmKernelsAvailable(): boolean {
  if (wasmModule === undefined) wasmModule = loadWasmKernels();
  return wasmModule !== null;
}

/**
 * Turns the WebAssembly kernels on or off (they are on by default where available) and returns the
 * previous setting; with them off everything runs in TypeScript. Results are identical either way.
 */
export function setWasmKernels(on: boolean): boolean {
  const before = wasmEnabled;
  wasmEnabled = on;
  return before;
}

/**
 * The WebAssembly kernels with a memory of at least `values` float64 values, or null when they are
 * switched off, unavailable, or the memory cannot grow that far (then callers use TypeScript).
 */
export function wasmKernels(values: number): WasmKernels | null {
  if (!wasmEnabled) return null;
  if (wasmModule === undefined) wasmModule = loadWasmKernels();
  const w = wasmModule;
  if (!w) return null;
  if (w.heap.length < values) {
    if (values > 1 << 26) return null; // beyond 512 MB: leave it to TypeScript
    try {
      w.memory.grow(Math.ceil((values * 8 - w.memory.buffer.byteLength) / 65536));
    } catch {
      return null; // no more memory for WebAssembly (e.g. an address-space limit): TypeScript it is
    }
    w.heap = new Float64Array(w.memory.buffer);
  }
  return w;
}

/** Runs gemm in WebAssembly: copies the regions of a, b, c it touches in, c back out. */
function gemmWasm(
  n: number,
  k: number,
  m: number,
  a: Float64Array,
  aOff: number,
  aRow: number,
  aCol: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): boolean {
  const lenA = (n - 1) * aRow + (k - 1) * aCol + 1,
    lenB = (k - 1) * ldb + m,
    lenC = (n - 1) * ldc + m;
  const total = lenA + lenB + lenC;
  const w = wasmKernels(total);
  if (!w) return false;
  const heap = w.heap;
  heap.set(a.subarray(aOff, aOff + lenA), 0);
  heap.set(b.subarray(bOff, bOff + lenB), lenA);
  heap.set(c.subarray(cOff, cOff + lenC), lenA + lenB);
  w.exports.gemm(n, k, m, 0, aRow, aCol, lenA, ldb, lenA + lenB, ldc);
  c.set(heap.subarray(lenA + lenB, total), cOff);
  return true;
}

/**
 * C[n,m] += A[n,k] · B[k,m] with
 *   A(i,p) = a[aOff + i·aRow + p·aCol]   (any strides: aRow = k, aCol = 1 is a row-major A;
 *                                          aRow = 1, aCol = n reads A stored transposed, as [k,n])
 *   B(p,j) = b[bOff + p·ldb + j]          (rows of B contiguous, ldb apart)
 *   C(i,j) = c[cOff + i·ldc + j]          (rows of C contiguous, ldc apart)
 *
 * Register blocking: C is updated eight rows at a time, and the sum over p is unrolled by eight.
 * The 8×8 block of A (a00 … a77) sits in local variables while the inner loop streams along row
 * j of B: per j it loads 8 values of B, updates 8 values of C and does 128 flops, where the
 * naive loop does 2 flops per value of C it reads and writes. Leftover rows (n mod 8) go one at a
 * time, leftover p (k mod 8) one at a time over the eight rows.
 */
export function gemm(
  n: number,
  k: number,
  m: number,
  a: Float64Array,
  aOff: number,
  aRow: number,
  aCol: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  if (wasmEnabled && n * k * m >= WASM_MIN_WORK && aRow > 0 && aCol > 0 && c !== a && c !== b) {
    if (gemmWasm(n, k, m, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc)) return;
  }
  gemmTs(n, k, m, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
}

/** The TypeScript kernel: the reference for the WebAssembly one and its fallback. */
export function gemmTs(
  n: number,
  k: number,
  m: number,
  a: Float64Array,
  aOff: number,
  aRow: number,
  aCol: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  let i = 0;
  for (; i + 7 < n; i += 8) {
    const r0 = aOff + i * aRow,
      r1 = r0 + aRow,
      r2 = r1 + aRow,
      r3 = r2 + aRow,
      r4 = r3 + aRow,
      r5 = r4 + aRow,
      r6 = r5 + aRow,
      r7 = r6 + aRow;
    const c0 = cOff + i * ldc,
      c1 = c0 + ldc,
      c2 = c1 + ldc,
      c3 = c2 + ldc,
      c4 = c3 + ldc,
      c5 = c4 + ldc,
      c6 = c5 + ldc,
      c7 = c6 + ldc;
    let p = 0;
    for (; p + 7 < k; p += 8) {
      const q0 = p * aCol,
        q1 = q0 + aCol,
        q2 = q1 + aCol,
        q3 = q2 + aCol,
        q4 = q3 + aCol,
        q5 = q4 + aCol,
        q6 = q5 + aCol,
        q7 = q6 + aCol;
      const a00 = a[r0 + q0],
        a01 = a[r0 + q1],
        a02 = a[r0 + q2],
        a03 = a[r0 + q3],
        a04 = a[r0 + q4],
        a05 = a[r0 + q5],
        a06 = a[r0 + q6],
        a07 = a[r0 + q7];
      const a10 = a[r1 + q0],
        a11 = a[r1 + q1],
        a12 = a[r1 + q2],
        a13 = a[r1 + q3],
        a14 = a[r1 + q4],
        a15 = a[r1 + q5],
        a16 = a[r1 + q6],
        a17 = a[r1 + q7];
      const a20 = a[r2 + q0],
        a21 = a[r2 + q1],
        a22 = a[r2 + q2],
        a23 = a[r2 + q3],
        a24 = a[r2 + q4],
        a25 = a[r2 + q5],
        a26 = a[r2 + q6],
        a27 = a[r2 + q7];
      const a30 = a[r3 + q0],
        a31 = a[r3 + q1],
        a32 = a[r3 + q2],
        a33 = a[r3 + q3],
        a34 = a[r3 + q4],
        a35 = a[r3 + q5],
        a36 = a[r3 + q6],
        a37 = a[r3 + q7];
      const a40 = a[r4 + q0],
        a41 = a[r4 + q1],
        a42 = a[r4 + q2],
        a43 = a[r4 + q3],
        a44 = a[r4 + q4],
        a45 = a[r4 + q5],
        a46 = a[r4 + q6],
        a47 = a[r4 + q7];
      const a50 = a[r5 + q0],
        a51 = a[r5 + q1],
        a52 = a[r5 + q2],
        a53 = a[r5 + q3],
        a54 = a[r5 + q4],
        a55 = a[r5 + q5],
        a56 = a[r5 + q6],
        a57 = a[r5 + q7];
      const a60 = a[r6 + q0],
        a61 = a[r6 + q1],
        a62 = a[r6 + q2],
        a63 = a[r6 + q3],
        a64 = a[r6 + q4],
        a65 = a[r6 + q5],
        a66 = a[r6 + q6],
        a67 = a[r6 + q7];
      const a70 = a[r7 + q0],
        a71 = a[r7 + q1],
        a72 = a[r7 + q2],
        a73 = a[r7 + q3],
        a74 = a[r7 + q4],
        a75 = a[r7 + q5],
        a76 = a[r7 + q6],
        a77 = a[r7 + q7];
      const b0 = bOff + p * ldb,
        b1 = b0 + ldb,
        b2 = b1 + ldb,
        b3 = b2 + ldb,
        b4 = b3 + ldb,
        b5 = b4 + ldb,
        b6 = b5 + ldb,
        b7 = b6 + ldb;
      for (let j = 0; j < m; j++) {
        const x0 = b[b0 + j],
          x1 = b[b1 + j],
          x2 = b[b2 + j],
          x3 = b[b3 + j],
          x4 = b[b4 + j],
          x5 = b[b5 + j],
          x6 = b[b6 + j],
          x7 = b[b7 + j];
        c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3 + a04 * x4 + a05 * x5 + a06 * x6 + a07 * x7;
        c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3 + a14 * x4 + a15 * x5 + a16 * x6 + a17 * x7;
        c[c2 + j] += a20 * x0 + a21 * x1 + a22 * x2 + a23 * x3 + a24 * x4 + a25 * x5 + a26 * x6 + a27 * x7;
        c[c3 + j] += a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3 + a34 * x4 + a35 * x5 + a36 * x6 + a37 * x7;
        c[c4 + j] += a40 * x0 + a41 * x1 + a42 * x2 + a43 * x3 + a44 * x4 + a45 * x5 + a46 * x6 + a47 * x7;
        c[c5 + j] += a50 * x0 + a51 * x1 + a52 * x2 + a53 * x3 + a54 * x4 + a55 * x5 + a56 * x6 + a57 * x7;
        c[c6 + j] += a60 * x0 + a61 * x1 + a62 * x2 + a63 * x3 + a64 * x4 + a65 * x5 + a66 * x6 + a67 * x7;
        c[c7 + j] += a70 * x0 + a71 * x1 + a72 * x2 + a73 * x3 + a74 * x4 + a75 * x5 + a76 * x6 + a77 * x7;
      }
    }
    for (; p < k; p++) {
      const q = p * aCol;
      const a0 = a[r0 + q],
        a1 = a[r1 + q],
        a2 = a[r2 + q],
        a3 = a[r3 + q],
        a4 = a[r4 + q],
        a5 = a[r5 + q],
        a6 = a[r6 + q],
        a7 = a[r7 + q];
      const bp = bOff + p * ldb;
      for (let j = 0; j < m; j++) {
        const x = b[bp + j];
        c[c0 + j] += a0 * x;
        c[c1 + j] += a1 * x;
        c[c2 + j] += a2 * x;
        c[c3 + j] += a3 * x;
        c[c4 + j] += a4 * x;
        c[c5 + j] += a5 * x;
        c[c6 + j] += a6 * x;
        c[c7 + j] += a7 * x;
      }
    }
  }
  for (; i < n; i++) {
    const r = aOff + i * aRow;
    const ci = cOff + i * ldc;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const a0 = a[r + p * aCol],
        a1 = a[r + (p + 1) * aCol],
        a2 = a[r + (p + 2) * aCol],
        a3 = a[r + (p + 3) * aCol];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue; // e.g. a padded row of a gradient
      const b0 = bOff + p * ldb,
        b1 = b0 + ldb,
        b2 = b1 + ldb,
        b3 = b2 + ldb;
      for (let j = 0; j < m; j++) c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
    }
    for (; p < k; p++) {
      const av = a[r + p * aCol];
      if (av === 0) continue;
      const bp = bOff + p * ldb;
      for (let j = 0; j < m; j++) c[ci + j] += av * b[bp + j];
    }
  }
}

/** c[n,m] += a[n,k] · b[k,m]. Offsets allow working inside larger buffers. */
export function gemmNN(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  n: number,
  k: number,
  m: number,
  aOff = 0,
  bOff = 0,
  cOff = 0,
): void {
  gemm(n, k, m, a, aOff, k, 1, b, bOff, m, c, cOff, m);
}

/** c[n,m] += a[k,n]ᵀ · b[k,m] (a stored as [k,n]): sums of outer products of rows. */
export function gemmTN(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  n: number,
  k: number,
  m: number,
  aOff = 0,
  bOff = 0,
  cOff = 0,
): void {
  gemm(n, k, m, a, aOff, 1, n, b, bOff, m, c, cOff, m);
}

/**
 * c[n,m] += a[n,k] · b[m,k]ᵀ (b stored as [m,k]). With at least a block of 8 rows, b is first
 * transposed (m·k copies, small next to the 2·n·m·k operations) so the blocked kernel can stream
 * its rows; fewer rows are dotted with the rows of b directly.
 */
export function gemmNT(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  n: number,
  k: number,
  m: number,
  aOff = 0,
  bOff = 0,
  cOff = 0,
): void {
  if (n >= 8 && m >= 4) {
    const bt = new Float64Array(k * m);
    for (let j = 0; j < m; j++) {
      const bj = bOff + j * k;
      for (let p = 0; p < k; p++) bt[p * m + j] = b[bj + p];
    }
    gemm(n, k, m, a, aOff, k, 1, bt, 0, m, c, cOff, m);
    return;
  }
  for (let i = 0; i < n; i++) {
    const ai = aOff + i * k;
    const ci = cOff + i * m;
    for (let j = 0; j < m; j++) {
      const bj = bOff + j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      c[ci + j] += s;
    }
  }
}
