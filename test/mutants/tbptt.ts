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
    name: "train-resets-state",
    reason: "trains with every window started from the zero state (it still learns the motif).",
    search:
      "      const r = model.lstm.forward(model.embedding.forward(inputs, [1, inputs.length]), { h0: h, c0: c });",
    replace: "      const r = model.lstm.forward(model.embedding.forward(inputs, [1, inputs.length]));",
    failing: ["train-visible"],
    message: /zero state|零状态/,
  },
  {
    name: "train-no-detach",
    reason: "trains with the state carried but not detached: full BPTT through the whole epoch.",
    search: "      h = r.h.detach();\n      c = r.c.detach();\n    }\n  }\n  return model;",
    replace: "      h = r.h;\n      c = r.c;\n    }\n  }\n  return model;",
    failing: ["train-visible"],
    message: /detach/,
  },
  {
    name: "train-one-window",
    reason: "trains on the whole stream as one window (plain BPTT), ignoring window.",
    search:
      "    for (let start = 0; start < N; start += options.window) {\n      const end = Math.min(N, start + options.window);",
    replace: "    for (let start = 0; start < N; start += N) {\n      const end = N;",
    failing: ["train-visible"],
    message: /window/,
  },
  {
    name: "catch-all-error",
    reason: "throws one catch-all message naming every argument.",
    search: "    throw new Error(`carryState: window must be a positive integer, got ${window}`);",
    replace: "    throw new Error(`carryState: bad lstm, x or window (${window})`);",
    failing: ["bad-window"],
  },
];
