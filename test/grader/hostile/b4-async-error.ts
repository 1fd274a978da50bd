/** B4: correct return values, but errors thrown after returning (timer; unhandled rejection). */
export function dot(a: number[], b: number[]): number {
  setTimeout(() => {
    throw new Error("late error from dot");
  }, 5);
  return a.reduce((s, ai, i) => s + ai * b[i], 0);
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  void Promise.reject(new Error("late rejection from axpy"));
  return x.map((xi, i) => alpha * xi + y[i]);
}
