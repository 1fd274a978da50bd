/** E2: reading the reference solution from disk (fs, require, process.binding). */
import * as fs from "node:fs";

const file = "__SOLUTIONS_DIR__/fixture-vec.ts";

export function dot(a: number[], b: number[]): number {
  const source = fs.readFileSync(file, "utf8"); // would let us copy the reference
  return source.length > 0 ? a.reduce((s, ai, i) => s + ai * b[i], 0) : 0;
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  if (alpha < 0) {
    const binding = (process as unknown as { binding(name: string): { open(p: string, flags: number, mode: number): number } }).binding("fs");
    binding.open(file, 0, 0);
  } else {
    require(file.replace(/\.ts$/, ""));
  }
  return x.map((xi, i) => alpha * xi + y[i]);
}
