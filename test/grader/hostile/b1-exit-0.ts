/** B1: process.exit(0) in the middle of a test ("exit 0 means all passed"?); axpy is correct. */
export function dot(a: number[], b: number[]): number {
  process.exit(0);
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return x.map((xi, i) => alpha * xi + y[i]);
}
