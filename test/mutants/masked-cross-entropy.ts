/** Mutants of exercises/masked-cross-entropy.ts: mistakes applied to solutions/masked-cross-entropy.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "grad-not-normalised",
    reason: "forgets to divide the gradient by Σ mask.",
    search: "        grad[b][t][k] = (m * (p - (k === target ? 1 : 0))) / count;",
    replace: "        grad[b][t][k] = m * (p - (k === target ? 1 : 0));",
  },
  {
    name: "mean-over-all",
    reason: "averages over all B·T positions, padding included.",
    search: "  for (const row of mask) for (const m of row) count += m;",
    replace: "  for (const row of mask) count += row.length;",
  },
  {
    name: "naive-softmax",
    reason: "computes softmax without subtracting the maximum (overflows for large logits).",
    search: "      const max = Math.max(...z);",
    replace: "      const max = 0;",
  },
  {
    name: "padding-included",
    reason: "multiplies padded positions by 0 after computing them (0 · Infinity = NaN on garbage logits).",
    search: `      if (m === 0) return; // padding: no loss, zero gradient, whatever its logits are
      const max = Math.max(...z);`,
    replace: `      // mistake: padded positions are computed too, then multiplied by m = 0
      const max = m === 0 ? 0 : Math.max(...z);`,
  },
  {
    name: "sum-not-mean",
    reason: "returns the sum of the token losses instead of their mean.",
    search: "  return { loss: total / count, grad };",
    replace: "  return { loss: total, grad: grad.map((s) => s.map((z) => z.map((g) => g * count))) };",
  },
];
