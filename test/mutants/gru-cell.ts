/** Mutants of exercises/gru-cell.ts: mistakes applied to solutions/gru-cell.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "keras-order",
    reason: "reads the blocks in Keras's order z, r, h̃.",
    search: `  const resetGate = hPrev.map((_, k) => sigmoid(inputPart(k) + recurrentPart(k, hPrev)));
  const updateGate = hPrev.map((_, k) => sigmoid(inputPart(d + k) + recurrentPart(d + k, hPrev)));`,
    replace: `  const resetGate = hPrev.map((_, k) => sigmoid(inputPart(d + k) + recurrentPart(d + k, hPrev)));
  const updateGate = hPrev.map((_, k) => sigmoid(inputPart(k) + recurrentPart(k, hPrev)));`,
  },
  {
    name: "no-reset",
    reason: "ignores the reset gate (uses h_{t-1} in the candidate).",
    search: "  const resetState = hPrev.map((h, k) => resetGate[k] * h);",
    replace: "  const resetState = hPrev.slice(); // mistake: the reset gate is computed but never applied",
  },
  {
    name: "pytorch-update",
    reason: "uses PyTorch/Keras's convention h_t = z_t ⊙ h_{t-1} + (1 - z_t) ⊙ h̃_t.",
    search: "  return hPrev.map((h, k) => (1 - updateGate[k]) * h + updateGate[k] * candidate[k]);",
    replace: "  return hPrev.map((h, k) => updateGate[k] * h + (1 - updateGate[k]) * candidate[k]);",
  },
  {
    name: "reset-after",
    reason: "applies the reset gate after U_h: r_t ⊙ (U_h h_{t-1}) (PyTorch's form).",
    search:
      "  const candidate = hPrev.map((_, k) => Math.tanh(inputPart(2 * d + k) + recurrentPart(2 * d + k, resetState)));",
    replace: `  // mistake: r_t multiplies U_h h_{t-1} instead of h_{t-1} (resetState is unused)
  const candidate = hPrev.map((_, k) =>
    Math.tanh(inputPart(2 * d + k) + resetGate[k] * recurrentPart(2 * d + k, hPrev)),
  );`,
  },
];
