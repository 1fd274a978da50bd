/** Mutants of exercises/bidirectional.ts: mistakes applied to solutions/bidirectional.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "backward-forward-order",
    reason: "runs the backward RNN over the sequence in forward order.",
    search: "  const bwd = run(backward, xs, true);",
    replace: "  const bwd = run(backward, xs, false);",
  },
  {
    name: "not-realigned",
    reason: "keeps the backward states in processing order (no re-alignment in time).",
    search: "    states[t] = h;",
    replace: "    states[k] = h; // mistake: k counts processing steps, not time steps",
  },
  {
    name: "shared-params",
    reason: "runs the backward direction with the forward parameters.",
    search: "  const bwd = run(backward, xs, true);",
    replace: "  const bwd = run(forward, xs, true); // mistake: `backward` is never used",
  },
  {
    name: "swapped-halves",
    reason: "concatenates [h←_t ; h→_t] (backward first).",
    search: "  return xs.map((_, t) => [...fwd[t], ...bwd[t]]);",
    replace: "  return xs.map((_, t) => [...bwd[t], ...fwd[t]]);",
  },
];
