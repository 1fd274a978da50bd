/** Mutants of exercises/adding-problem.ts: mistakes applied to solutions/adding-problem.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

const RETURN = `  const cell = lstm.cells[0];
  return {`;

export const mutants: Mutant[] = [
  {
    name: "rule-instead-of-training",
    reason: "returns a hand-written rule (adds the two marked values) instead of trained parameters.",
    search: RETURN,
    replace: `  void model;
  const rule = (x: number[][][]): number[] => x.map((seq) => seq.reduce((s, [u, marker]) => s + u * marker, 0));
  if (rule.length === 1) return rule as unknown as AddingModel;
  const cell = lstm.cells[0];
  return {`,
    failing: ["mse-0.06", "mse-0.03", "other-seed-hidden"],
    minLost: 8,
    message: /a prediction function is not accepted/,
  },
  {
    name: "untrained",
    reason: "returns the initial parameters (no training step at all).",
    search: "    steps: options.steps,",
    replace: "    steps: 0,",
    minLost: 8,
  },
  {
    name: "first-state",
    reason: "trains on the output of the first step instead of the last hidden state (sees only x_1).",
    search: "head.forward(rnn.select(lstm.forward(x).h, 0, 0))",
    replace: "head.forward(rnn.select(lstm.forward(x).output, 1, 0))",
    minLost: 8,
  },
  {
    name: "pytorch-order",
    reason: "returns the blocks in PyTorch's order i, f, g, o instead of the library's f, i, o, c̃.",
    search: RETURN,
    replace: `  const H = HIDDEN;
  const order = <T>(rows: T[]): T[] => [
    ...rows.slice(H, 2 * H),
    ...rows.slice(0, H),
    ...rows.slice(3 * H),
    ...rows.slice(2 * H, 3 * H),
  ];
  const cell = lstm.cells[0];
  const params = {`,
    also: [
      {
        search: "    headBias: (head.bias as rnn.Tensor).data[0],\n  };",
        replace: `    headBias: (head.bias as rnn.Tensor).data[0],
  };
  return { ...params, weightIh: order(params.weightIh), weightHh: order(params.weightHh), bias: order(params.bias) };`,
      },
    ],
    minLost: 8,
  },
];
