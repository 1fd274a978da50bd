/** Mutants of exercises/inverted-dropout.ts: mistakes applied to solutions/inverted-dropout.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "no-rescale",
    reason: "drops entries but does not scale the kept ones (plain dropout: E[y] = (1 - p) x).",
    search: "  const keep = 1 / (1 - p);",
    replace: "  const keep = 1;",
    failing: ["worked"],
  },
  {
    name: "scale-by-keep-probability",
    reason: "multiplies the kept entries by 1 - p instead of dividing by it.",
    search: "  const keep = 1 / (1 - p);",
    replace: "  const keep = 1 - p;",
    failing: ["worked"],
  },
  {
    name: "drops-when-above",
    reason: "drops an entry when u > p (keeps with probability p).",
    search: "(rng() < p ? 0 : keep)",
    replace: "(rng() > p ? 0 : keep)",
    failing: ["worked"],
  },
  {
    name: "dropout-at-inference",
    reason: "also drops entries at inference.",
    search: "  if (!training) return { y: x.map((row) => row.slice()), mask: x.map((row) => row.map(() => 1)) };\n",
    replace: "",
    failing: ["inference"],
  },
  {
    name: "backward-ignores-mask",
    reason: "passes dy through unchanged in the backward pass.",
    search: "  return dy.map((row, i) => row.map((g, j) => g * mask[i][j]));",
    replace: "  return dy.map((row) => row.slice());",
    failing: ["backward"],
  },
  {
    name: "catch-all-error",
    reason: "throws one catch-all message naming every argument.",
    search: "  if (!(p >= 0 && p < 1)) throw new Error(`dropoutForward: p must be in [0, 1), got ${p}`);",
    replace: "  if (!(p >= 0 && p < 1)) throw new Error(`dropoutForward: bad x, p, training or rng (${p})`);",
    failing: ["bad-p"],
  },
];
