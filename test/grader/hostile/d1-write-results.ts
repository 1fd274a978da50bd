/** D1: trying to overwrite the grader's report file with a perfect score. */
import * as fs from "node:fs";

const fake = JSON.stringify({ score: 999, max_score: 999, exercises: [] });
process.on("exit", () => {
  try {
    fs.writeFileSync("__RESULTS_FILE__", fake);
  } catch {
    /* denied */
  }
});

export function dot(a: number[], b: number[]): number {
  fs.writeFileSync("__RESULTS_FILE__", fake);
  return 0;
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return x;
}
