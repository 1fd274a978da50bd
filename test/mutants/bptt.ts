/** Mutants of exercises/bptt.ts: mistakes applied to solutions/bptt.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "last-step-only",
    reason: "stops after the last step (no recurrence: truncated to one step).",
    search: "  for (let t = xs.length; t >= 1; t--) {",
    replace: `  // mistake: only the last step is backpropagated (the loop stops after t = T)
  for (let t = xs.length; t >= Math.max(1, xs.length); t--) {`,
  },
  {
    name: "no-tanh-derivative",
    reason: "forgets the tanh derivative (δ_t = g).",
    search: "    const delta = g.map((gi, i) => gi * (1 - h[i] * h[i]));",
    replace: "    const delta = g.slice();",
  },
  {
    name: "no-transpose",
    reason: "propagates with W_h instead of W_hᵀ.",
    search: "    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) g[j] += Wh[i][j] * delta[i];",
    replace: "    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) g[i] += Wh[i][j] * delta[j];",
  },
  {
    name: "uses-h-t",
    reason: "uses h_t instead of h_{t-1} in the outer product for dW_h.",
    search: "      for (let j = 0; j < d; j++) dWh[i][j] += delta[i] * hPrev[j];",
    replace: "      for (let j = 0; j < d; j++) dWh[i][j] += delta[i] * h[j];",
  },
];
