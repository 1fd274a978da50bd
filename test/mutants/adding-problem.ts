/** Mutants of exercises/adding-problem.ts: mistakes applied to solutions/adding-problem.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "constant-mean",
    reason: "predicts the mean 1 for every sequence (the baseline, no training).",
    search: "const STEPS = 400;",
    replace: "const STEPS = 1;",
    also: [
      {
        search: "return (x: number[][][]): number[] => rnn.noGrad(() => Array.from(model(rnn.tensor(x)).data));",
        replace: "return (x: number[][][]): number[] => x.map(() => 1);",
      },
    ],
  },
  {
    name: "first-state",
    reason: "reads the first hidden state of the output instead of the last (sees only x_1).",
    search: "const STEPS = 400;",
    replace: "const STEPS = 150;",
    also: [
      {
        search: "  const model = (x: rnn.Tensor): rnn.Tensor => head.forward(rnn.select(lstm.forward(x).h, 0, 0));",
        replace:
          "  const model = (x: rnn.Tensor): rnn.Tensor => head.forward(rnn.select(lstm.forward(x).output, 1, 0));",
      },
    ],
  },
  {
    name: "short-memory",
    reason:
      'a "model" with a short memory. It remembers only the most recent marked value and guesses the mean 0.5 for the one it has forgotten, as a simple RNN with vanishing gradients tends to do. MSE = Var(u) = 1/12 ≈ 0.083: better than the baseline, not below 0.05.',
    search: "const STEPS = 400;",
    replace: "const STEPS = 1;",
    also: [
      {
        search: "return (x: number[][][]): number[] => rnn.noGrad(() => Array.from(model(rnn.tensor(x)).data));",
        replace: `return (x: number[][][]): number[] =>
    x.map((seq) => {
      let last = 0.5;
      for (const [value, marker] of seq) if (marker === 1) last = value;
      return last + 0.5;
    });`,
      },
    ],
  },
];
