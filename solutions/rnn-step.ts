/**
 * Reference solution of exercise 1 (rnn-step): one simple-RNN step
 * h_t = tanh(W_h h_{t-1} + W_x x_t + b). Statement and conventions: exercises/rnn-step.ts.
 */

/** Parameters of a simple RNN cell: recurrent weights W_h (d×d), input weights W_x (d×m), bias b (d). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** One step of the simple RNN: returns h_t = tanh(W_h h_{t-1} + W_x x_t + b) (length d). */
export function rnnStep(params: RnnParams, hPrev: number[], x: number[]): number[] {
  const { Wh, Wx, b } = params;
  const d = b.length;
  const h: number[] = [];
  for (let i = 0; i < d; i++) {
    let a = b[i];
    for (let j = 0; j < hPrev.length; j++) a += Wh[i][j] * hPrev[j];
    for (let j = 0; j < x.length; j++) a += Wx[i][j] * x[j];
    h.push(Math.tanh(a));
  }
  return h;
}
