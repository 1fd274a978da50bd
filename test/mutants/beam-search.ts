/** Mutants of exercises/beam-search.ts: mistakes applied to solutions/beam-search.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "greedy",
    reason: "keeps only the best candidate at every step (greedy decoding instead of a beam).",
    search: "    for (const c of candidates.slice(0, beamWidth)) {",
    replace: "    for (const c of candidates.slice(0, 1)) {",
    failing: ["worked"],
  },
  {
    name: "reverse-tie-break",
    reason: "breaks ties by the lexicographically larger token sequence.",
    search: "  for (let i = 0; i < n; i++) if (a.tokens[i] !== b.tokens[i]) return a.tokens[i] - b.tokens[i];",
    replace: "  for (let i = 0; i < n; i++) if (a.tokens[i] !== b.tokens[i]) return b.tokens[i] - a.tokens[i];",
    failing: ["ties-uniform"],
  },
  {
    name: "continues-after-end",
    reason: "does not finish a sequence that emitted the end token; it keeps growing.",
    search: "      if (c.tokens[c.tokens.length - 1] === endToken || t === maxLength) finished.push(c);",
    replace: "      if (t === maxLength) finished.push(c);",
    failing: ["exhaustive-3"],
  },
  {
    name: "last-step-log-prob",
    reason: "scores a candidate by the last token's log-probability instead of the sum over the sequence.",
    search: "        candidates.push({ tokens: [...beam.tokens, v], logProb: beam.logProb + logProbs[v] });",
    replace: "        candidates.push({ tokens: [...beam.tokens, v], logProb: logProbs[v] });",
  },
  {
    name: "drops-early-finished",
    reason: "returns only the sequences alive at the last step, losing those that ended earlier.",
    search: "  finished.sort(better);",
    replace:
      "  finished.splice(0, finished.length, ...finished.filter((s) => s.tokens.length === maxLength));\n  finished.sort(better);",
  },
  {
    name: "catch-all-error",
    reason: "throws one catch-all message naming every option.",
    search: "    throw new Error(`beamSearch: beamWidth must be a positive integer, got ${beamWidth}`);",
    replace: "    throw new Error(`beamSearch: invalid beamWidth, maxLength or endToken (${beamWidth})`);",
    failing: ["bad-width"],
  },
];
