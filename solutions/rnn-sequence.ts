/**
 * Reference solution of exercise 2 (rnn-sequence): the simple RNN over a whole sequence.
 * Statement and conventions: exercises/rnn-sequence.ts.
 */

/** Parameters of a simple RNN cell: recurrent weights W_h (d×d), input weights W_x (d×m), bias b (d). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** Result of running the RNN over a sequence. */
export interface RnnSequenceResult {
  /** h_1 … h_T: T rows of d numbers (states[t] is the state after reading xs[t]). */
  states: number[][];
  /** h_T (h_0 when the sequence is empty). */
  last: number[];
}

function step(params: RnnParams, hPrev: number[], x: number[]): number[] {
  const { Wh, Wx, b } = params;
  return b.map((bi, i) => {
    let a = bi;
    for (let j = 0; j < hPrev.length; j++) a += Wh[i][j] * hPrev[j];
    for (let j = 0; j < x.length; j++) a += Wx[i][j] * x[j];
    return Math.tanh(a);
  });
}

/** Runs the simple RNN over `xs` from the initial state `h0`. */
export function rnnSequence(params: RnnParams, h0: number[], xs: number[][]): RnnSequenceResult {
  const states: number[][] = [];
  let h = h0.slice();
  for (const x of xs) {
    h = step(params, h, x);
    states.push(h);
  }
  return { states, last: h.slice() };
}
