/** Mutants of exercises/linear-rnn-varma.ts: mistakes applied to solutions/linear-rnn-varma.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "ar-positive",
    reason: "uses Φ_i = +c_i I (sign error when moving terms across).",
    search: "  const ar = c.slice(1).map((ci) => identity(p).map((row) => row.map((v) => -ci * v)));",
    replace: "  const ar = c.slice(1).map((ci) => identity(p).map((row) => row.map((v) => ci * v)));",
  },
  {
    name: "charpoly-sign",
    reason: "returns the coefficients with the opposite sign (c_1 = +tr A).",
    search: `    coefficients.push(-trace / k);
  }`,
    replace: `    coefficients.push(-trace / k);
    if (k === d) return coefficients.map((v) => -v);
  }`,
  },
  {
    name: "markov-only",
    reason: "takes Θ_j = C A^j B (forgets the c_i terms of the MA part).",
    search: "    for (let i = 0; i <= j; i++) {",
    replace: "    for (let i = 0; i <= 0; i++) {",
  },
  {
    name: "simulate-lagged-input",
    reason: "uses x_{t-j-1} instead of x_{t-j} in the MA part (off by one in time).",
    search: "    for (let j = 0; j < ma.length && t - j >= 0; j++) {",
    replace: "    for (let j = 0; j < ma.length && t - j - 1 >= 0; j++) {",
    also: [{ search: "      const x = xs[t - j];", replace: "      const x = xs[t - j - 1];" }],
  },
];
