/** Wrong variant of rnn-sequence: puts h_0 into states (T + 1 rows; off by one in time). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** Runs the RNN but also records h_0 as the first state. */
export function rnnSequence(params: RnnParams, h0: number[], xs: number[][]): { states: number[][]; last: number[] } {
  const states: number[][] = [h0.slice()];
  let h = h0.slice();
  for (const x of xs) {
    h = params.b.map((bi, i) =>
      Math.tanh(
        bi + h.reduce((s, hj, j) => s + params.Wh[i][j] * hj, 0) + x.reduce((s, xj, j) => s + params.Wx[i][j] * xj, 0),
      ),
    );
    states.push(h);
  }
  return { states, last: h };
}
