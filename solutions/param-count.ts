/**
 * Reference solution of exercise 7 (param-count): parameter counts of RNN, LSTM and GRU stacks.
 * Statement and conventions: exercises/param-count.ts.
 */

/** The recurrent cell types of the course. */
export type CellKind = "rnn" | "lstm" | "gru";

/** Stacking options. */
export interface LayerOptions {
  /** Number of stacked layers (default 1). */
  layers?: number;
  /** Two directions per layer (default false). */
  bidirectional?: boolean;
}

/** Affine units per cell: candidate only, or gates plus candidate. */
const UNITS: Record<CellKind, number> = { rnn: 1, gru: 3, lstm: 4 };

function requirePositiveInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`paramCount: ${name} must be a positive integer, got ${value}`);
}

/** Number of trainable parameters of a recurrent layer stack (no output layer). */
export function paramCount(kind: CellKind, inputSize: number, hiddenSize: number, options: LayerOptions = {}): number {
  if (!Object.prototype.hasOwnProperty.call(UNITS, kind)) {
    throw new Error(`paramCount: kind must be "rnn", "lstm" or "gru", got ${JSON.stringify(kind)}`);
  }
  const layers = options.layers ?? 1;
  const directions = options.bidirectional ? 2 : 1;
  requirePositiveInteger(inputSize, "inputSize");
  requirePositiveInteger(hiddenSize, "hiddenSize");
  requirePositiveInteger(layers, "layers");
  const d = hiddenSize;
  let total = 0;
  for (let layer = 0; layer < layers; layer++) {
    const m = layer === 0 ? inputSize : directions * d;
    total += directions * UNITS[kind] * d * (m + d + 1);
  }
  return total;
}
