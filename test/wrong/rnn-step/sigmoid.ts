/** Wrong variant of rnn-step: uses the logistic sigmoid instead of tanh. */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** One RNN step, with a deliberate mistake (uses the logistic sigmoid instead of tanh.). */
export function rnnStep(params: RnnParams, hPrev: number[], x: number[]): number[] {
  const { Wh, Wx, b } = params;
  const h: number[] = [];
  for (let i = 0; i < b.length; i++) {
    let a = b[i];
    for (let j = 0; j < hPrev.length; j++) a += Wh[i][j] * hPrev[j];
    for (let j = 0; j < x.length; j++) a += Wx[i][j] * x[j];
    h.push(1 / (1 + Math.exp(-a)));
  }
  return h;
}
