/** Mutants of exercises/param-count.ts: mistakes applied to solutions/param-count.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "bidir-upper-reads-d",
    reason: "lets upper bidirectional layers read d instead of 2d.",
    search: "    const m = layer === 0 ? inputSize : directions * d;",
    replace: "    const m = layer === 0 ? inputSize : d;",
  },
  {
    name: "gru-as-lstm",
    reason: "uses 4 units for GRU as well.",
    search: "const UNITS: Record<CellKind, number> = { rnn: 1, gru: 3, lstm: 4 };",
    replace: "const UNITS: Record<CellKind, number> = { rnn: 1, gru: 4, lstm: 4 };",
  },
  {
    name: "no-validation",
    reason: "accepts invalid arguments silently.",
    search: `function requirePositiveInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(\`paramCount: \${name} must be a positive integer, got \${value}\`);
}`,
    replace: "function requirePositiveInteger(value: number, name: string): void {}",
  },
  {
    name: "pytorch-two-biases",
    reason: "counts two biases per unit, as PyTorch does: d(m + d + 2).",
    search: "    total += directions * UNITS[kind] * d * (m + d + 1);",
    replace: "    total += directions * UNITS[kind] * d * (m + d + 2);",
  },
  {
    name: "upper-layers-read-m",
    reason: "gives every layer the input size m.",
    search: "    const m = layer === 0 ? inputSize : directions * d;",
    replace: "    const m = inputSize;",
  },
  {
    name: "catch-all-error",
    reason: "throws one catch-all message naming every argument, whichever is wrong.",
    search: "    throw new Error(`paramCount: ${name} must be a positive integer, got ${value}`);",
    replace: "    throw new Error(`paramCount: kind, inputSize, hiddenSize and layers must be valid, got ${value}`);",
    failing: ["bad-layers", "bad-hidden-size"],
  },
];
