/** Wrong variant of linear-rnn-varma: uses Φ_i = +c_i I (sign error when moving terms across). */

/** VARMA coefficients: y_t = Σ_i ar[i-1] y_{t-i} + Σ_j ma[j] x_{t-j}. */
export interface Varma {
  /** Φ_1 … Φ_P, each p×p. */
  ar: number[][][];
  /** Θ_0 … Θ_{Q-1}, each p×m. */
  ma: number[][][];
}

function matmul(X: number[][], Y: number[][], inner: number, cols: number): number[][] {
  return X.map((row) => {
    const out = new Array<number>(cols).fill(0);
    for (let k = 0; k < inner; k++) {
      const v = row[k];
      for (let j = 0; j < cols; j++) out[j] += v * Y[k][j];
    }
    return out;
  });
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** Coefficients c_1 … c_d of det(λI - A) (Faddeev–LeVerrier). */
export function characteristicPolynomial(A: number[][]): number[] {
  const d = A.length;
  const coefficients: number[] = [];
  let M = identity(d);
  for (let k = 1; k <= d; k++) {
    if (k > 1) {
      M = matmul(A, M, d, d);
      for (let i = 0; i < d; i++) M[i][i] += coefficients[k - 2];
    }
    const AM = matmul(A, M, d, d);
    let trace = 0;
    for (let i = 0; i < d; i++) trace += AM[i][i];
    coefficients.push(-trace / k);
  }
  return coefficients;
}

/** The VARMA(d, d-1) form of the linear RNN h_t = W_h h_{t-1} + W_x x_t, y_t = W_y h_t. */
export function varmaFromLinearRnn(Wh: number[][], Wx: number[][], Wy: number[][]): Varma {
  const d = Wh.length;
  const m = d > 0 ? Wx[0].length : 0;
  const p = Wy.length;
  const c = [1, ...characteristicPolynomial(Wh)];
  // Markov parameters H_k = C A^k B for k = 0 … d-1.
  const markov: number[][][] = [];
  let AkB = Wx.map((row) => row.slice());
  for (let k = 0; k < d; k++) {
    markov.push(matmul(Wy, AkB, d, m));
    AkB = matmul(Wh, AkB, d, m);
  }
  const ar = c.slice(1).map((ci) => identity(p).map((row) => row.map((v) => ci * v)));
  const ma = markov.map((_, j) => {
    const theta = Array.from({ length: p }, () => new Array<number>(m).fill(0));
    for (let i = 0; i <= j; i++) {
      const H = markov[j - i];
      for (let r = 0; r < p; r++) for (let s = 0; s < m; s++) theta[r][s] += c[i] * H[r][s];
    }
    return theta;
  });
  return { ar, ma };
}

/** Runs the VARMA recursion from zero history. */
export function simulateVarma(ar: number[][][], ma: number[][][], xs: number[][]): number[][] {
  if (ma.length === 0) throw new Error("simulateVarma: ma must hold at least one matrix (Θ_0)");
  const p = ma[0].length;
  const ys: number[][] = [];
  for (let t = 0; t < xs.length; t++) {
    const y = new Array<number>(p).fill(0);
    for (let i = 1; i <= ar.length && t - i >= 0; i++) {
      const Phi = ar[i - 1];
      const past = ys[t - i];
      for (let r = 0; r < p; r++) for (let s = 0; s < p; s++) y[r] += Phi[r][s] * past[s];
    }
    for (let j = 0; j < ma.length && t - j >= 0; j++) {
      const Theta = ma[j];
      const x = xs[t - j];
      for (let r = 0; r < p; r++) for (let s = 0; s < x.length; s++) y[r] += Theta[r][s] * x[s];
    }
    ys.push(y);
  }
  return ys;
}
