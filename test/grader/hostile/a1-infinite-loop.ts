/** A1: a synchronous infinite loop in `dot`; `axpy` is correct (its points must still be earned). */
export function dot(a: number[], b: number[]): number {
  let s = 0;
  for (;;) s += a.length + b.length;
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return x.map((xi, i) => alpha * xi + y[i]);
}
