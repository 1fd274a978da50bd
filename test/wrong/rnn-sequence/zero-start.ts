/** Wrong variant of rnn-sequence: ignores the given h_0 and starts from zeros. */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** Runs the RNN from a zero state, whatever h_0 is. */
export function rnnSequence(params: RnnParams, h0: number[], xs: number[][]): { states: number[][]; last: number[] } {
  const states: number[][] = [];
  let h = h0.map(() => 0);
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
