/**
 * Reference solution of exercise 19 (teacher-forcing). The statement is in exercises/teacher-forcing.ts.
 */

/** Decoder parameters: embedding E (V×D), Wh (H×H), Wx (H×D), b (H), Wy (V×H), by (V). */
export interface DecoderParams {
  E: number[][];
  Wh: number[][];
  Wx: number[][];
  b: number[];
  Wy: number[][];
  by: number[];
}

/** "teacher": always the true previous token; "free": always the own prediction; an array: per step. */
export type FeedMode = "teacher" | "free" | boolean[];

export interface DecodeResult {
  inputs: number[];
  predictions: number[];
  logits: number[][];
  loss: number;
}

function argmax(v: number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

export function decode(
  params: DecoderParams,
  h0: number[],
  targets: number[],
  startToken: number,
  mode: FeedMode,
): DecodeResult {
  const V = params.E.length;
  const T = targets.length;
  targets.forEach((y, t) => {
    if (!Number.isInteger(y) || y < 0 || y >= V)
      throw new Error(`decode: targets[${t}] = ${y} is not a token id of a vocabulary of ${V}`);
  });
  if (Array.isArray(mode) && mode.length !== T)
    throw new Error(`decode: mode has ${mode.length} entries, one per step needed (${T})`);
  let h = h0.slice();
  const inputs: number[] = [];
  const predictions: number[] = [];
  const logits: number[][] = [];
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const teacher = mode === "teacher" || (Array.isArray(mode) && mode[t]);
    const input = t === 0 ? startToken : teacher ? targets[t - 1] : predictions[t - 1];
    inputs.push(input);
    const x = params.E[input];
    h = params.Wh.map((row, i) => {
      let a = params.b[i];
      for (let j = 0; j < row.length; j++) a += row[j] * h[j];
      for (let j = 0; j < x.length; j++) a += params.Wx[i][j] * x[j];
      return Math.tanh(a);
    });
    const y = params.Wy.map((row, k) => row.reduce((s, w, i) => s + w * h[i], params.by[k]));
    logits.push(y);
    predictions.push(argmax(y));
    const top = Math.max(...y);
    const logZ = top + Math.log(y.reduce((s, v) => s + Math.exp(v - top), 0));
    loss += logZ - y[targets[t]];
  }
  return { inputs, predictions, logits, loss: T > 0 ? loss / T : 0 };
}
