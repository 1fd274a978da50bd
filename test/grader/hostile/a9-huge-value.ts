/** A9: huge return values (a 24 MB typed array, over the 16 MB output cap; a 50 MB string). */
export function dot(a: number[], b: number[]): number {
  return "z".repeat(50_000_000) as unknown as number;
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return new Float64Array(3_000_000).fill(alpha) as unknown as number[];
}
