/** Wrong variant of transformer-threshold: counts a multiply-add as one FLOP. */

/** Recurrent layer types. */
export type RecurrentKind = "rnn" | "gru" | "lstm";

const UNITS: Record<RecurrentKind, number> = { rnn: 1, gru: 3, lstm: 4 };

function units(kind: RecurrentKind, fn: string): number {
  if (!Object.prototype.hasOwnProperty.call(UNITS, kind))
    throw new Error(`${fn}: kind must be "rnn", "gru" or "lstm", got ${JSON.stringify(kind)}`);
  return UNITS[kind];
}

function requireLength(T: number, fn: string): void {
  if (!Number.isInteger(T) || T < 0) throw new Error(`${fn}: T must be an integer >= 0, got ${T}`);
}

function requireSize(d: number, fn: string): void {
  if (!Number.isInteger(d) || d < 1) throw new Error(`${fn}: d must be an integer >= 1, got ${d}`);
}

/** FLOPs of one recurrent layer over T steps: 4·g·T·d² with g = 1, 3, 4 for rnn, gru, lstm. */
export function recurrentLayerFlops(kind: RecurrentKind, T: number, d: number): number {
  const g = units(kind, "recurrentLayerFlops");
  requireLength(T, "recurrentLayerFlops");
  requireSize(d, "recurrentLayerFlops");
  // Per step and unit: W x_t and U h_{t-1}, two d×d matrix-vector products of 2d² FLOPs each.
  return T * g * 2 * (d * d);
}

/** FLOPs of one single-head self-attention layer: 8·T·d² + 4·T²·d. */
export function attentionLayerFlops(T: number, d: number): number {
  requireLength(T, "attentionLayerFlops");
  requireSize(d, "attentionLayerFlops");
  const projections = 4 * T * d * d; // Q, K, V and the output projection
  const scores = T * T * d; // Q Kᵀ
  const mixing = T * T * d; // A V
  return projections + scores + mixing;
}

/**
 * The smallest positive integer T for which the recurrent layer needs strictly fewer FLOPs.
 * 4gTd² < 8Td² + 4T²d  ⇔  g·d < 2d + T  ⇔  T > (g - 2)·d.
 */
export function thresholdLength(kind: RecurrentKind, d: number): number {
  const g = units(kind, "thresholdLength");
  requireSize(d, "thresholdLength");
  return Math.max(1, (g - 2) * d + 1);
}
