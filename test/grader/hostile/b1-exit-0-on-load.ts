/** B1 at load time: the module ends the process before any test runs. */
process.exit(0);

export function dot(a: number[], b: number[]): number {
  return a.reduce((s, ai, i) => s + ai * b[i], 0);
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return x.map((xi, i) => alpha * xi + y[i]);
}
