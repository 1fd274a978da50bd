/** Mutants of exercises/rnn-step.ts: mistakes applied to solutions/rnn-step.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "d-for-m",
    reason: "loops over d entries of x (assumes m = d).",
    search: "    for (let j = 0; j < x.length; j++) a += Wx[i][j] * x[j];",
    replace: "    for (let j = 0; j < d; j++) a += (Wx[i][j] ?? 0) * (x[j] ?? 0);",
  },
  {
    name: "exp-tanh",
    reason: "computes tanh as (e^{2a} - 1) / (e^{2a} + 1), which overflows to NaN for large a.",
    search: "    h.push(Math.tanh(a));",
    replace: `    const e2 = Math.exp(2 * a);
    h.push((e2 - 1) / (e2 + 1));`,
  },
  {
    name: "missing-bias",
    reason: "forgets the bias b.",
    search: "    let a = b[i];",
    replace: "    let a = 0;",
  },
  {
    name: "sigmoid",
    reason: "uses the logistic sigmoid instead of tanh.",
    search: "    h.push(Math.tanh(a));",
    replace: "    h.push(1 / (1 + Math.exp(-a)));",
  },
  {
    name: "transposed-wh",
    reason: "multiplies by the transpose of W_h (sums over the row index).",
    search: "    for (let j = 0; j < hPrev.length; j++) a += Wh[i][j] * hPrev[j];",
    replace: "    for (let j = 0; j < hPrev.length; j++) a += Wh[j][i] * hPrev[j];",
  },
  {
    name: "value-of-objects",
    reason:
      "(attack C5 of docs/grading.md): returns objects whose valueOf gives the right " +
      "numbers (hostile, attack C5 of docs/grading.md): the grader must reject them as " +
      "non-numbers.",
    search: "h.push(Math.tanh(a));",
    replace: `const value = Math.tanh(a);
    h.push({ valueOf: () => value } as unknown as number);`,
  },
];
