/** Wrong variant of rnn-sequence: uses h_0 as h_{t-1} at every step (the state is never fed back). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** Runs every step from h_0 instead of from the previous state. */
export function rnnSequence(params: RnnParams, h0: number[], xs: number[][]): { states: number[][]; last: number[] } {
  const states: number[][] = [];
  for (const x of xs) {
    states.push(
      params.b.map((bi, i) =>
        Math.tanh(
          bi +
            h0.reduce((s, hj, j) => s + params.Wh[i][j] * hj, 0) +
            x.reduce((s, xj, j) => s + params.Wx[i][j] * xj, 0),
        ),
      ),
    );
  }
  return { states, last: states.length > 0 ? states[states.length - 1] : h0.slice() };
}
