/** A4: unbounded JS-heap allocation. */
export function dot(a: number[], b: number[]): number {
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array(100_000).fill(a.length));
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return dot(x, y) as unknown as number[];
}
