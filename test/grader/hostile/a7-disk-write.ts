/** A7: writing files (next to the code, into a known folder, into /tmp). */
import * as fs from "node:fs";

export function dot(a: number[], b: number[]): number {
  fs.writeFileSync("__MARKER_DIR__/a7-dot.txt", "written by learner code");
  return a.reduce((s, ai, i) => s + ai * b[i], 0);
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  fs.appendFileSync(`${process.cwd()}/a7-axpy.txt`, "x".repeat(1000));
  fs.writeFileSync("/tmp/rnn-course-a7-marker.txt", "written by learner code");
  return x.map((xi, i) => alpha * xi + y[i]);
}
