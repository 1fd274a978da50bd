/** Wrong variant of rnn-step: loops over d entries of x (assumes m = d). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** One RNN step, with a deliberate mistake (loops over d entries of x (assumes m = d).). */
export function rnnStep(params: RnnParams, hPrev: number[], x: number[]): number[] {
  const { Wh, Wx, b } = params;
  const h: number[] = [];
  for (let i = 0; i < b.length; i++) {
    let a = b[i];
    for (let j = 0; j < hPrev.length; j++) a += Wh[i][j] * hPrev[j] + (Wx[i][j] ?? 0) * (x[j] ?? 0);
    h.push(Math.tanh(a));
  }
  return h;
}
