/** Mutants of exercises/rnn-sequence.ts: mistakes applied to solutions/rnn-sequence.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "includes-h0",
    reason: "puts h_0 into states (T + 1 rows; off by one in time).",
    search: "const states: number[][] = [];",
    replace: "const states: number[][] = [h0.slice()];",
  },
  {
    name: "no-feedback",
    reason: "uses h_0 as h_{t-1} at every step (the state is never fed back).",
    search: "h = step(params, h, x);",
    replace: "h = step(params, h0, x);",
  },
  {
    name: "throwing-proxy",
    reason:
      "(attack C6 of docs/grading.md): returns a Proxy whose traps throw. The grader " +
      "must turn this into a failed test of this exercise, not a crash of the grader.",
    search: "return { states, last: h.slice() };",
    replace: `const trap = (): never => {
    throw new Error("gotcha");
  };
  return new Proxy({} as RnnSequenceResult, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });`,
  },
  {
    name: "zero-start",
    reason: "ignores the given h_0 and starts from zeros.",
    search: "let h = h0.slice();",
    replace: "let h = h0.map(() => 0);",
  },
];
