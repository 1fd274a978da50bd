/**
 * Hostile variant of rnn-step (attack C5 of docs/grading.md): returns objects whose valueOf gives the right
 * numbers, which loose comparisons (==) would accept. The grader must reject them as non-numbers.
 */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** Right values, wrong type: every entry is an object with valueOf. */
export function rnnStep(params: RnnParams, hPrev: number[], x: number[]): number[] {
  const { Wh, Wx, b } = params;
  return b.map((bi, i) => {
    let a = bi;
    for (let j = 0; j < hPrev.length; j++) a += Wh[i][j] * hPrev[j];
    for (let j = 0; j < x.length; j++) a += Wx[i][j] * x[j];
    const value = Math.tanh(a);
    return { valueOf: () => value } as unknown as number;
  });
}
