/**
 * Reference solution of exercise 11 (bidirectional): a bidirectional simple RNN with concatenated
 * states per time step. Statement and conventions: exercises/bidirectional.ts.
 */

/** Parameters of a simple RNN cell: recurrent weights W_h (d×d), input weights W_x (d×m), bias b (d). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
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

/** States of one direction, indexed by time step (not by processing order). */
function run(params: RnnParams, xs: number[][], reverse: boolean): number[][] {
  const T = xs.length;
  const states: number[][] = new Array<number[]>(T);
  let h = params.b.map(() => 0);
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    h = step(params, h, xs[t]);
    states[t] = h;
  }
  return states;
}

/** Bidirectional simple RNN with zero initial states. */
export function bidirectionalRnn(forward: RnnParams, backward: RnnParams, xs: number[][]): number[][] {
  const fwd = run(forward, xs, false);
  const bwd = run(backward, xs, true);
  return xs.map((_, t) => [...fwd[t], ...bwd[t]]);
}
