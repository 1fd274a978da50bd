/** Mutants of exercises/embedding.ts: mistakes applied to solutions/embedding.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "aliased-rows",
    reason: "returns the table's own rows (no copy).",
    search: "    return table[id].slice();",
    replace: "    return table[id];",
  },
  {
    name: "no-range-check",
    reason: "does not check the ids.",
    search: "  if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {",
    replace: `  if (Number.isNaN(id)) {
    // mistake: only NaN is rejected, not ids outside 0 … V-1`,
  },
  {
    name: "overwrite",
    reason: "overwrites instead of accumulating repeated ids.",
    search: "    for (let j = 0; j < k; j++) dE[id][j] += gradOut[t][j];",
    replace: "    for (let j = 0; j < k; j++) dE[id][j] = gradOut[t][j];",
  },
];
