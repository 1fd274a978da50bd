/**
 * Reference solution of exercise 5 (bptt): backpropagation through time for the simple tanh RNN
 * with the loss on the last state. Statement and conventions: exercises/bptt.ts.
 */

/** Parameters of a simple RNN cell: recurrent weights W_h (d×d), input weights W_x (d×m), bias b (d). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** Gradients of the loss with respect to the parameters and the initial state. */
export interface RnnGradients {
  /** ∂L/∂W_h, d×d. */
  dWh: number[][];
  /** ∂L/∂W_x, d×m. */
  dWx: number[][];
  /** ∂L/∂b, length d. */
  db: number[];
  /** ∂L/∂h_0, length d. */
  dh0: number[];
}

/** Backpropagation through time for the simple tanh RNN with the loss on the last state. */
export function rnnBackward(params: RnnParams, h0: number[], xs: number[][], dhLast: number[]): RnnGradients {
  const { Wh, Wx, b } = params;
  const d = b.length;
  const m = Wx.length > 0 ? Wx[0].length : 0;
  // Forward pass, keeping every state: hs[t] = h_t, hs[0] = h_0.
  const hs: number[][] = [h0.slice()];
  for (const x of xs) {
    const prev = hs[hs.length - 1];
    hs.push(
      b.map((bi, i) => {
        let a = bi;
        for (let j = 0; j < d; j++) a += Wh[i][j] * prev[j];
        for (let j = 0; j < m; j++) a += Wx[i][j] * x[j];
        return Math.tanh(a);
      }),
    );
  }
  const dWh = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const dWx = Array.from({ length: d }, () => new Array<number>(m).fill(0));
  const db = new Array<number>(d).fill(0);
  let g = dhLast.slice();
  for (let t = xs.length; t >= 1; t--) {
    const h = hs[t];
    const hPrev = hs[t - 1];
    const x = xs[t - 1];
    const delta = g.map((gi, i) => gi * (1 - h[i] * h[i]));
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) dWh[i][j] += delta[i] * hPrev[j];
      for (let j = 0; j < m; j++) dWx[i][j] += delta[i] * x[j];
      db[i] += delta[i];
    }
    // g = W_hᵀ δ: entry j sums over the rows i.
    g = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) g[j] += Wh[i][j] * delta[i];
  }
  return { dWh, dWx, db, dh0: g };
}
