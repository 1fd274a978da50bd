/** Wrong variant of rnn-step: forgets the bias b. */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** One RNN step, with a deliberate mistake (forgets the bias b.). */
export function rnnStep(params: RnnParams, hPrev: number[], x: number[]): number[] {
  const { Wh, Wx, b } = params;
  const h: number[] = [];
  for (let i = 0; i < b.length; i++) {
    let a = 0;
    for (let j = 0; j < hPrev.length; j++) a += Wh[i][j] * hPrev[j];
    for (let j = 0; j < x.length; j++) a += Wx[i][j] * x[j];
    h.push(Math.tanh(a));
  }
  return h;
}
