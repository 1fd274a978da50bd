/** Mutants of exercises/kalman-rts.ts: mistakes applied to solutions/kalman-rts.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "missing-as-zero",
    reason: "treats a missing observation as y = 0.",
    search: "    const y = ys[t];",
    replace: "    const y = Number.isNaN(ys[t]) ? 0 : ys[t];",
  },
  {
    name: "no-process-noise",
    reason: "forgets q in the predicted variance.",
    search: "    const pPred = t === 0 ? p0 : a * a * filteredVar[t - 1] + q;",
    replace: "    const pPred = t === 0 ? p0 : a * a * filteredVar[t - 1]; // mistake: + q is missing",
  },
  {
    name: "predict-first",
    reason: "predicts before the first update (treats the prior as a prior on x_0).",
    search: `    const mPred = t === 0 ? m0 : a * filteredMean[t - 1];
    const pPred = t === 0 ? p0 : a * a * filteredVar[t - 1] + q;`,
    replace: `    const mPred = t === 0 ? a * m0 : a * filteredMean[t - 1];
    const pPred = t === 0 ? a * a * p0 + q : a * a * filteredVar[t - 1] + q;`,
  },
  {
    name: "smoother-filtered-var",
    reason: "divides the smoother gain by the filtered variance P_{t+1|t+1}.",
    search: "    const g = (filteredVar[t] * a) / predVar[t + 1];",
    replace: "    const g = (filteredVar[t] * a) / filteredVar[t + 1];",
  },
];
