/**
 * Reference solution of exercise 12 (transformer-threshold): FLOPs of a recurrent layer and of a
 * self-attention layer, and the length beyond which the recurrent layer is cheaper.
 * Statement and cost model: exercises/transformer-threshold.ts.
 */

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

function requireFfnFactor(ffnFactor: number, fn: string): void {
  if (!Number.isInteger(ffnFactor) || ffnFactor < 0)
    throw new Error(`${fn}: ffnFactor must be an integer >= 0, got ${ffnFactor}`);
}

/** FLOPs of one recurrent layer over T steps: 4·g·T·d² with g = 1, 3, 4 for rnn, gru, lstm. */
export function recurrentLayerFlops(kind: RecurrentKind, T: number, d: number): number {
  const g = units(kind, "recurrentLayerFlops");
  requireLength(T, "recurrentLayerFlops");
  requireSize(d, "recurrentLayerFlops");
  // Per step and unit: W x_t and U h_{t-1}, two d×d matrix-vector products of 2d² FLOPs each.
  return T * g * 2 * (2 * d * d);
}

/**
 * FLOPs of one single-head self-attention layer, followed (ffnFactor = k > 0) by a feed-forward
 * sublayer of width k·d: 8·T·d² + 4·T²·d + 4·k·T·d².
 */
export function attentionLayerFlops(T: number, d: number, ffnFactor: number): number {
  requireLength(T, "attentionLayerFlops");
  requireSize(d, "attentionLayerFlops");
  requireFfnFactor(ffnFactor, "attentionLayerFlops");
  const projections = 4 * 2 * T * d * d; // Q, K, V and the output projection
  const scores = 2 * T * T * d; // Q Kᵀ
  const mixing = 2 * T * T * d; // A V
  const feedForward = 2 * (2 * T * d * (ffnFactor * d)); // T×d · d×kd, then T×kd · kd×d
  return projections + scores + mixing + feedForward;
}

/**
 * The smallest positive integer T for which the recurrent layer needs strictly fewer FLOPs.
 * 4gTd² < (8 + 4k)Td² + 4T²d  ⇔  g·d < (2 + k)·d + T  ⇔  T > (g - 2 - k)·d.
 */
export function thresholdLength(kind: RecurrentKind, d: number, ffnFactor: number): number {
  const g = units(kind, "thresholdLength");
  requireSize(d, "thresholdLength");
  requireFfnFactor(ffnFactor, "thresholdLength");
  return Math.max(1, (g - 2 - ffnFactor) * d + 1);
}
