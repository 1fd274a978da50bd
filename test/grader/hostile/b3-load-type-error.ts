/** B3: a TypeError while the module loads. */
const config = (globalThis as unknown as { rnnConfig: { size: number } }).rnnConfig;
export const size = config.size;

export function dot(a: number[], b: number[]): number {
  return a.reduce((s, ai, i) => s + ai * b[i], 0);
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return x.map((xi, i) => alpha * xi + y[i]);
}
