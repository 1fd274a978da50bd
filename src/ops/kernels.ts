/**
 * Dense matrix kernels on row-major Float64Arrays, shared by matmul, linear and the fused
 * recurrent layers. All of them ADD into `c` (callers zero it when they want a plain product),
 * which is what backward passes need when gradients accumulate.
 *
 * Loop orders keep the innermost loop on contiguous memory (i-k-j), unrolled by 4 over k.
 */

/** c[n,m] += a[n,k] · b[k,m]. Offsets allow working inside larger buffers. */
export function gemmNN(a: Float64Array, b: Float64Array, c: Float64Array, n: number, k: number, m: number, aOff = 0, bOff = 0, cOff = 0): void {
  for (let i = 0; i < n; i++) {
    const ai = aOff + i * k;
    const ci = cOff + i * m;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const a0 = a[ai + p], a1 = a[ai + p + 1], a2 = a[ai + p + 2], a3 = a[ai + p + 3];
      const b0 = bOff + p * m, b1 = b0 + m, b2 = b1 + m, b3 = b2 + m;
      for (let j = 0; j < m; j++) c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
    }
    for (; p < k; p++) {
      const av = a[ai + p];
      if (av === 0) continue;
      const bp = bOff + p * m;
      for (let j = 0; j < m; j++) c[ci + j] += av * b[bp + j];
    }
  }
}

/** c[n,m] += a[n,k] · b[m,k]ᵀ (b stored as [m,k]): dot products of rows. */
export function gemmNT(a: Float64Array, b: Float64Array, c: Float64Array, n: number, k: number, m: number, aOff = 0, bOff = 0, cOff = 0): void {
  for (let i = 0; i < n; i++) {
    const ai = aOff + i * k;
    const ci = cOff + i * m;
    let j = 0;
    for (; j + 1 < m; j += 2) {
      const b0 = bOff + j * k, b1 = b0 + k;
      let s0 = 0, s1 = 0;
      for (let p = 0; p < k; p++) {
        const av = a[ai + p];
        s0 += av * b[b0 + p];
        s1 += av * b[b1 + p];
      }
      c[ci + j] += s0;
      c[ci + j + 1] += s1;
    }
    for (; j < m; j++) {
      const bj = bOff + j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      c[ci + j] += s;
    }
  }
}

/** c[n,m] += a[k,n]ᵀ · b[k,m] (a stored as [k,n]): sums of outer products of rows. */
export function gemmTN(a: Float64Array, b: Float64Array, c: Float64Array, n: number, k: number, m: number, aOff = 0, bOff = 0, cOff = 0): void {
  for (let p = 0; p < k; p++) {
    const ap = aOff + p * n;
    const bp = bOff + p * m;
    for (let i = 0; i < n; i++) {
      const av = a[ap + i];
      if (av === 0) continue;
      const ci = cOff + i * m;
      for (let j = 0; j < m; j++) c[ci + j] += av * b[bp + j];
    }
  }
}
