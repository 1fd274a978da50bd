/** Wrong variant of rnn-step: computes tanh as (e^{2a} - 1) / (e^{2a} + 1), which overflows to NaN for large a. */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** One RNN step, with a deliberate mistake (computes tanh as (e^{2a} - 1) / (e^{2a} + 1), which overflows to NaN for large a.). */
export function rnnStep(params: RnnParams, hPrev: number[], x: number[]): number[] {
  const { Wh, Wx, b } = params;
  const h: number[] = [];
  for (let i = 0; i < b.length; i++) {
    let a = b[i];
    for (let j = 0; j < hPrev.length; j++) a += Wh[i][j] * hPrev[j];
    for (let j = 0; j < x.length; j++) a += Wx[i][j] * x[j];
    const e2 = Math.exp(2 * a);
    h.push((e2 - 1) / (e2 + 1));
  }
  return h;
}
