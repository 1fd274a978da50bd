/** Wrong variant of gradient-lag: uses the derivative of the previous step (an off-by-one index). */

/** Parameters of a simple RNN cell: recurrent weights W_h (d×d), input weights W_x (d×m), bias b (d). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

function frobenius(M: number[][]): number {
  let s = 0;
  for (const row of M) for (const v of row) s += v * v;
  return Math.sqrt(s);
}

/** Frobenius norms of ∂h_T/∂h_{T-ℓ} for ℓ = 0 … T. */
export function jacobianNormsByLag(params: RnnParams, h0: number[], xs: number[][]): number[] {
  const { Wh, Wx, b } = params;
  const d = b.length;
  const hs: number[][] = [h0.slice()];
  for (const x of xs) {
    const prev = hs[hs.length - 1];
    hs.push(
      b.map((bi, i) => {
        let a = bi;
        for (let j = 0; j < d; j++) a += Wh[i][j] * prev[j];
        for (let j = 0; j < x.length; j++) a += Wx[i][j] * x[j];
        return Math.tanh(a);
      }),
    );
  }
  const T = xs.length;
  // J starts as the identity; at lag ℓ it is right-multiplied by D_{T-ℓ+1} W_h.
  let J: number[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
  const norms = [frobenius(J)];
  for (let lag = 1; lag <= T; lag++) {
    const h = hs[T - lag];
    // (D W_h)[k][j] = (1 - h_k²) W_h[k][j]; (J D W_h)[i][j] = Σ_k J[i][k] (1 - h_k²) W_h[k][j].
    const next = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < d; i++) {
      for (let k = 0; k < d; k++) {
        const jk = J[i][k] * (1 - h[k] * h[k]);
        for (let j = 0; j < d; j++) next[i][j] += jk * Wh[k][j];
      }
    }
    J = next;
    norms.push(frobenius(J));
  }
  return norms;
}
