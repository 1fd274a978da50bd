/** Mutants of exercises/char-rnn.ts: mistakes applied to solutions/char-rnn.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "no-recurrent-gradient",
    reason: "backpropagates each step's output loss into its own step only: no gradient flows through h_{t-1}.",
    search: "        dhNext[j] += params.Whh[i][j] * da[i];\n",
    replace: "",
    failing: ["grads-small"],
  },
  {
    name: "no-tanh-derivative",
    reason: "forgets tanh' = 1 - h², so the gradient is wrong and training does not reach the threshold.",
    search: "    const da = dh.map((v, i) => v * (1 - h[i] * h[i]));",
    replace: "    const da = dh.map((v) => v);",
    failing: ["grads-small", "train-visible"],
  },
  {
    name: "output-gradient-sign",
    reason: "uses p + e_target instead of p - e_target at the output.",
    search: "    dy[targets[t]] -= 1;",
    replace: "    dy[targets[t]] += 1;",
    failing: ["worked", "train-visible"],
  },
  {
    name: "mean-loss",
    reason: "returns the mean of the step losses instead of their sum.",
    search: "  return { loss, grads: g, h: hs[T].slice() };",
    replace: "  return { loss: loss / T, grads: g, h: hs[T].slice() };",
    failing: ["grads-small"],
  },
  {
    name: "unigram-rule-instead-of-training",
    reason: "skips training: sets b_y to the log character frequencies (a hand-written rule) and returns.",
    search: "  for (let step = 0; step < options.steps; step++) {",
    replace: `  for (const id of ids) params.by[id] += 1;
  for (let k = 0; k < V; k++) params.by[k] = Math.log(params.by[k] / ids.length);
  for (let step = 0; step < 0; step++) {`,
    failing: ["train-visible"],
  },
  {
    name: "adagrad-memory-reset",
    reason: "recomputes the Adagrad memory from the current gradient only (a sign-like update), so training stalls.",
    search: "          mv[i] += dv[i] * dv[i];",
    replace: "          mv[i] = dv[i] * dv[i];",
    also: [
      {
        search: "            mm[i][j] += dm[i][j] * dm[i][j];",
        replace: "            mm[i][j] = dm[i][j] * dm[i][j];",
      },
    ],
  },
  {
    name: "sample-argmax",
    reason: "ignores the random draw and always takes the most probable character.",
    search: "      if (u < cum) {",
    replace: "      if (p[k] === Math.max(...p)) {",
    failing: ["sample-t1"],
  },
  {
    name: "clip-by-norm",
    reason: "rescales the gradients by their norm instead of clipping each entry.",
    search: "  const c = (v: number): number => Math.max(-limit, Math.min(limit, v));",
    replace: `  const all = [...grads.Wxh.flat(), ...grads.Whh.flat(), ...grads.Why.flat(), ...grads.bh, ...grads.by];
  const norm = Math.sqrt(all.reduce((s, v) => s + v * v, 0));
  const c = (v: number): number => (norm > limit ? (v * limit) / norm : v);`,
    failing: ["clip"],
  },
  {
    name: "catch-all-error",
    reason: "throws one catch-all message naming every argument.",
    search:
      "    throw new Error(`lossAndGrads: inputs has length ${inputs.length} but targets has length ${targets.length}`);",
    replace: "    throw new Error(`lossAndGrads: bad params, inputs, targets or hPrev (${targets.length})`);",
    failing: ["bad-targets"],
  },
];
