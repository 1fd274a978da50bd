/** Mutants of exercises/gradient-lag.ts: mistakes applied to solutions/gradient-lag.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "left-multiply",
    reason: "multiplies on the left: J_ℓ = D W_h J_{ℓ-1} (wrong order of the product).",
    search: `        const jk = J[i][k] * (1 - h[k] * h[k]);
        for (let j = 0; j < d; j++) next[i][j] += jk * Wh[k][j];`,
    replace: `        const jk = (1 - h[i] * h[i]) * Wh[i][k];
        for (let j = 0; j < d; j++) next[i][j] += jk * J[k][j];`,
  },
  {
    name: "no-derivative",
    reason: "leaves out diag(1 - h_j²): computes ‖W_h^ℓ‖_F.",
    search: "        const jk = J[i][k] * (1 - h[k] * h[k]);",
    replace: "        const jk = J[i][k];",
  },
  {
    name: "textbook-index",
    reason: "uses the derivative of the previous step (the textbook's off-by-one index).",
    search: "    const h = hs[T - lag + 1];",
    replace: "    const h = hs[T - lag];",
  },
];
