/** Mutants of exercises/clip-grad-norm.ts: mistakes applied to solutions/clip-grad-norm.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "always-rescale",
    reason: "rescales to maxNorm even when the norm is below it (normalises instead of clipping).",
    search: "  const scale = norm > maxNorm ? maxNorm / norm : 1;",
    replace: "  const scale = norm > 0 ? maxNorm / norm : 1;",
  },
  {
    name: "in-place",
    reason: "scales the input arrays in place and returns them.",
    search: "  return { clipped: grads.map((g) => g.map((v) => v * scale)), norm };",
    replace: `  for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= scale;
  return { clipped: grads, norm };`,
  },
  {
    name: "naive-overflow",
    reason: "squares the entries directly (overflows for 1e200, underflows for 1e-200).",
    search: "      const s = v / largest;",
    replace: "      const s = v;",
    also: [{ search: "  return largest * Math.sqrt(sum);", replace: "  return Math.sqrt(sum);" }],
  },
  {
    name: "no-validation",
    reason: "does not reject a non-positive maxNorm.",
    search: "  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be a positive number, got ${maxNorm}`);",
    replace: "",
  },
  {
    name: "norm-after",
    reason: "returns the norm after clipping.",
    search: "  return { clipped: grads.map((g) => g.map((v) => v * scale)), norm };",
    replace: "  return { clipped: grads.map((g) => g.map((v) => v * scale)), norm: norm * scale };",
  },
  {
    name: "per-array",
    reason: "clips each array by its own norm instead of the global norm.",
    search: `  const scale = norm > maxNorm ? maxNorm / norm : 1;
  return { clipped: grads.map((g) => g.map((v) => v * scale)), norm };`,
    replace: `  // mistake: each array is clipped by its own norm
  const clipped = grads.map((g) => {
    const n = globalNorm([g]);
    const scale = n > maxNorm ? maxNorm / n : 1;
    return g.map((v) => v * scale);
  });
  return { clipped, norm };`,
  },
  {
    name: "squared-norm",
    reason: "forgets the square root.",
    search: "  return largest * Math.sqrt(sum);",
    replace: "  return largest * largest * sum;",
  },
  {
    name: "catch-all-error",
    reason: "throws a catch-all message about both arguments.",
    search: "throw new Error(`clipGradNorm: maxNorm must be a positive number, got ${maxNorm}`);",
    replace: "throw new Error(`clipGradNorm: invalid grads or maxNorm (${maxNorm})`);",
  },
];
