/**
 * Leaving work behind in the grading process after returning correct answers: a timer taken from
 * node:timers (not from the exercise's own context) that later loops forever, an interval, and a
 * listener on `process`. The exercise graded next in the same child must not pay for it.
 */
import * as timers from "node:timers";

let armed = false;

function leaveBehind(): void {
  if (armed) return;
  armed = true;
  timers.setTimeout(() => {
    for (;;) {
      /* runs forever once it fires, long after this exercise's cases are over */
    }
  }, 1200);
  setInterval(() => undefined, 10);
  process.on("exit", () => undefined);
}

export function dot(a: number[], b: number[]): number {
  leaveBehind();
  return a.reduce((s, ai, i) => s + ai * b[i], 0);
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return x.map((xi, i) => alpha * xi + y[i]);
}
