/** Mutants of exercises/transformer-threshold.ts: mistakes applied to solutions/transformer-threshold.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "macs-not-flops",
    reason: "counts a multiply-add as one FLOP.",
    search: "  return T * g * 2 * (2 * d * d);",
    replace: "  return T * g * 2 * (d * d);",
    also: [
      {
        search: `  const projections = 4 * 2 * T * d * d; // Q, K, V and the output projection
  const scores = 2 * T * T * d; // Q Kᵀ
  const mixing = 2 * T * T * d; // A V
  const feedForward = 2 * (2 * T * d * (ffnFactor * d)); // T×d · d×kd, then T×kd · kd×d`,
        replace: `  const projections = 4 * T * d * d; // Q, K, V and the output projection
  const scores = T * T * d; // Q Kᵀ
  const mixing = T * T * d; // A V
  const feedForward = 2 * (T * d * (ffnFactor * d)); // T×d · d×kd, then T×kd · kd×d`,
      },
    ],
  },
  {
    name: "missing-av",
    reason: "forgets the A V product in the attention count.",
    search: "  return projections + scores + mixing + feedForward;",
    replace: "  return projections + scores + feedForward; // mistake: the A V product is not counted",
    also: [
      {
        search: "  return Math.max(1, (g - 2 - ffnFactor) * d + 1);",
        replace: "  return Math.max(1, 2 * (g - 2 - ffnFactor) * d + 1);",
      },
    ],
  },
  {
    name: "non-strict",
    reason: "accepts equal costs as cheaper (≤ instead of <).",
    search: "  return Math.max(1, (g - 2 - ffnFactor) * d + 1);",
    replace: "  return Math.max(1, (g - 2 - ffnFactor) * d);",
  },
  {
    name: "one-product-per-unit",
    reason: "counts only U h_{t-1} per unit (forgets W x_t).",
    search: "  return T * g * 2 * (2 * d * d);",
    replace: "  return T * g * (2 * d * d);",
    also: [
      {
        search: "  return Math.max(1, (g - 2 - ffnFactor) * d + 1);",
        replace: "  return Math.max(1, Math.floor(((g - 4 - 2 * ffnFactor) * d) / 2) + 1);",
      },
    ],
  },
  {
    name: "no-ffn",
    reason: "leaves out the feed-forward sublayer (16·T·d² at ffnFactor 4): counts self-attention only.",
    search: "  return projections + scores + mixing + feedForward;",
    replace: "  return projections + scores + mixing;",
    also: [
      {
        search: "  return Math.max(1, (g - 2 - ffnFactor) * d + 1);",
        replace: "  return Math.max(1, (g - 2) * d + 1);",
      },
    ],
    failing: ["attn-ffn", "threshold-ffn"],
  },
  {
    name: "catch-all-error",
    reason: "throws one catch-all message naming every argument, whichever is wrong.",
    search: `function requireSize(d: number, fn: string): void {
  if (!Number.isInteger(d) || d < 1) throw new Error(\`\${fn}: d must be an integer >= 1, got \${d}\`);
}`,
    replace: `function requireSize(d: number, fn: string): void {
  if (!Number.isInteger(d) || d < 1) throw new Error(\`\${fn}: invalid kind, T, d or ffnFactor (got d = \${d})\`);
}`,
    failing: ["invalid"],
    minLost: 1,
  },
];
