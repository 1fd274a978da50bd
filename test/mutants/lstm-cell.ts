/** Mutants of exercises/lstm-cell.ts: mistakes applied to solutions/lstm-cell.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "candidate-sigmoid",
    reason: "squashes the candidate with σ instead of tanh.",
    search: "    const candidate = Math.tanh(pre(3 * d + k));",
    replace: "    const candidate = sigmoid(pre(3 * d + k));",
  },
  {
    name: "exp-ratio-sigmoid",
    reason: "computes σ(a) as e^a / (1 + e^a), which is NaN for large a.",
    search: "  if (a >= 0) return 1 / (1 + Math.exp(-a));",
    replace: "",
  },
  {
    name: "h-without-tanh",
    reason: "forgets the tanh on the cell state: h_t = o_t ⊙ c_t.",
    search: "    h.push(outputGate * Math.tanh(ck));",
    replace: "    h.push(outputGate * ck);",
  },
  {
    name: "no-input-gate",
    reason: "adds the candidate without the input gate: c_t = f_t ⊙ c_{t-1} + c̃_t.",
    search: "    const ck = forgetGate * cPrev[k] + inputGate * candidate;",
    replace: "    const ck = forgetGate * cPrev[k] + candidate; // mistake: the input gate is not applied",
  },
  {
    name: "pytorch-order",
    reason: "reads the blocks in PyTorch's order i, f, g, o.",
    search: `    const forgetGate = sigmoid(pre(k));
    const inputGate = sigmoid(pre(d + k));
    const outputGate = sigmoid(pre(2 * d + k));
    const candidate = Math.tanh(pre(3 * d + k));`,
    replace: `    const forgetGate = sigmoid(pre(d + k));
    const inputGate = sigmoid(pre(k));
    const outputGate = sigmoid(pre(3 * d + k));
    const candidate = Math.tanh(pre(2 * d + k));`,
  },
];
