/** H1: the function is exported under another name. */
export function dotProduct(a: number[], b: number[]): number {
  return a.reduce((s, ai, i) => s + ai * b[i], 0);
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return x.map((xi, i) => alpha * xi + y[i]);
}
