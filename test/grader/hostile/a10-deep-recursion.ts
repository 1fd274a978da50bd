/** A10: unbounded recursion. */
function down(n: number): number {
  return down(n + 1) + 1;
}

export function dot(a: number[], b: number[]): number {
  return down(a.length);
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return [down(0)];
}
