/** A5: unbounded off-heap allocation (typed arrays are not covered by V8's heap limit). */
export function dot(a: number[], b: number[]): number {
  const hoard: Float64Array[] = [];
  for (;;) hoard.push(new Float64Array(1 << 20).fill(1)); // 8 MB each, touched
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  const big = new Float64Array(2 ** 31 - 1); // one 16 GB allocation
  return Array.from(big.subarray(0, x.length));
}
