/** Mutants of exercises/tbptt.ts: mistakes applied to solutions/tbptt.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "no-detach",
    reason: "carries the state without detaching it, so the gradient flows back through every earlier window.",
    search: "    h = r.h.detach();\n    c = r.c.detach();\n  }\n  return { outputs, states };",
    replace: "    h = r.h;\n    c = r.c;\n  }\n  return { outputs, states };",
    failing: ["carry-12-5"],
  },
  {
    name: "reset-state",
    reason: "starts every window from the zero state instead of carrying the state.",
    search: "    const r = lstm.forward(rnn.slice(x, 1, start, Math.min(N, start + window)), { h0: h, c0: c });",
    replace: "    const r = lstm.forward(rnn.slice(x, 1, start, Math.min(N, start + window)));",
    failing: ["carry-12-5"],
  },
  {
    name: "carries-h-only",
    reason: "carries h but restarts the cell state c from zero in every window.",
    search: "    const r = lstm.forward(rnn.slice(x, 1, start, Math.min(N, start + window)), { h0: h, c0: c });",
    replace: "    const r = lstm.forward(rnn.slice(x, 1, start, Math.min(N, start + window)), { h0: h });",
    failing: ["carry-12-5"],
  },
  {
    name: "untrained-model",
    reason: "skips training: returns the freshly initialised model.",
    search: "  for (let epoch = 0; epoch < options.epochs; epoch++) {",
    replace: "  for (let epoch = 0; epoch < 0; epoch++) {",
    failing: ["train-visible"],
  },
  {
    name: "targets-not-shifted",
    reason: "trains the model to repeat the current token instead of predicting the next one.",
    search: "      const targets = stream.slice(start + 1, end + 1);",
    replace: "      const targets = stream.slice(start, end);",
    failing: ["train-visible"],
  },
  {
    name: "catch-all-error",
    reason: "throws one catch-all message naming every argument.",
    search: "    throw new Error(`carryState: window must be a positive integer, got ${window}`);",
    replace: "    throw new Error(`carryState: bad lstm, x or window (${window})`);",
    failing: ["bad-window"],
  },
];
