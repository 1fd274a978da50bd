/** Wrong variant of rnn-step: multiplies by the transpose of W_h (sums over the row index). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** One RNN step, with a deliberate mistake (multiplies by the transpose of W_h (sums over the row index).). */
export function rnnStep(params: RnnParams, hPrev: number[], x: number[]): number[] {
  const { Wh, Wx, b } = params;
  const h: number[] = [];
  for (let i = 0; i < b.length; i++) {
    let a = b[i];
    for (let j = 0; j < hPrev.length; j++) a += Wh[j][i] * hPrev[j];
    for (let j = 0; j < x.length; j++) a += Wx[i][j] * x[j];
    h.push(Math.tanh(a));
  }
  return h;
}
