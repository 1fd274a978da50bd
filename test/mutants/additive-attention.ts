/** Mutants of exercises/additive-attention.ts: mistakes applied to solutions/additive-attention.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "mask-after-softmax",
    reason: "takes the softmax over all T positions and then zeroes the padded weights (rows no longer sum to 1).",
    search: "  for (let j = 0; j < length; j++) {\n    const sj = matVec",
    replace: "  for (let j = 0; j < keys.length; j++) {\n    const sj = matVec",
    failing: ["forward-padded"],
  },
  {
    name: "softmax-jacobian-diagonal",
    reason: "backpropagates through the softmax with its diagonal only, a_j (1 - a_j) ∂L/∂a_j.",
    search: "    const de = weights[j] * (da[j] - mean);",
    replace: "    const de = weights[j] * (1 - weights[j]) * da[j];",
    failing: ["backward-no-padding"],
  },
  {
    name: "no-tanh-derivative",
    reason: "forgets tanh' = 1 - s² in the gradient of the score.",
    search: "    const dz = s[j].map((v, i) => de * params.w[i] * (1 - v * v));",
    replace: "    const dz = s[j].map((_, i) => de * params.w[i]);",
    failing: ["backward-no-padding"],
  },
  {
    name: "query-gradient-last-position-only",
    reason: "takes the query's gradient from the last position only instead of summing over every position.",
    search: "      dzSum[i] += dz[i];",
    replace: "      dzSum[i] = dz[i];",
    failing: ["backward-no-padding"],
  },
  {
    name: "uniform-weights",
    reason: "skips the scores: spreads the weight uniformly over the real positions.",
    search: "  for (let j = 0; j < length; j++) weights[j] = ex[j] / z;",
    replace: "  for (let j = 0; j < length; j++) weights[j] = 1 / length;",
    failing: ["worked"],
  },
  {
    name: "catch-all-error",
    reason: "throws one catch-all message naming every argument.",
    search: "    throw new Error(`additiveAttention: length must be an integer in 1..${T}, got ${length}`);",
    replace: "    throw new Error(`additiveAttention: bad query, keys, values or length (${length})`);",
    failing: ["bad-length"],
  },
];
