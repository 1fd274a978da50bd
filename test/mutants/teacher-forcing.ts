/** Mutants of exercises/teacher-forcing.ts: mistakes applied to solutions/teacher-forcing.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "always-teacher",
    reason: "ignores the mode and always feeds the true previous token.",
    search: '    const teacher = mode === "teacher" || (Array.isArray(mode) && mode[t]);',
    replace: "    const teacher = true;",
    failing: ["worked-free", "random-free"],
  },
  {
    name: "always-free",
    reason: "ignores the mode and always feeds the own prediction.",
    search: '    const teacher = mode === "teacher" || (Array.isArray(mode) && mode[t]);',
    replace: "    const teacher = false;",
    failing: ["worked-teacher", "random-teacher"],
  },
  {
    name: "feeds-current-target",
    reason: "teacher forcing feeds targets[t] (the answer of the step itself) instead of targets[t - 1].",
    search: "    const input = t === 0 ? startToken : teacher ? targets[t - 1] : predictions[t - 1];",
    replace: "    const input = t === 0 ? startToken : teacher ? targets[t] : predictions[t - 1];",
    failing: ["worked-teacher"],
  },
  {
    name: "summed-loss",
    reason: "returns the sum of the step losses instead of their mean.",
    search: "  return { inputs, predictions, logits, loss: T > 0 ? loss / T : 0 };",
    replace: "  return { inputs, predictions, logits, loss };",
    failing: ["worked-teacher"],
  },
  {
    name: "argmax-last-among-ties",
    reason: "breaks argmax ties towards the largest id.",
    search: "  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;",
    replace: "  for (let i = 1; i < v.length; i++) if (v[i] >= v[best]) best = i;",
  },
  {
    name: "catch-all-error",
    reason: "throws one catch-all message naming every argument.",
    search: "      throw new Error(`decode: targets[${t}] = ${y} is not a token id of a vocabulary of ${V}`);",
    replace: "      throw new Error(`decode: bad params, h0, targets, startToken or mode (${y})`);",
    failing: ["bad-target"],
  },
];
