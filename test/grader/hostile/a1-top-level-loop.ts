/** A1 at load time: the module never finishes loading. */
let spin = 0;
while (spin >= 0) spin = (spin + 1) % 1000;

export function dot(a: number[], b: number[]): number {
  return a.reduce((s, ai, i) => s + ai * b[i], 0);
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return x.map((xi, i) => alpha * xi + y[i]);
}
