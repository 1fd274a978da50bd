/** Wrong variant of gru-cell: applies the reset gate after U_h: r_t ⊙ (U_h h_{t-1}) (PyTorch's form). */

/** GRU parameters, three blocks stacked by rows in the order r, z, h̃. */
export interface GruParams {
  /** [W_r; W_z; W_h], 3d×m. */
  W: number[][];
  /** [U_r; U_z; U_h], 3d×d. */
  U: number[][];
  /** [b_r; b_z; b_h], length 3d. */
  b: number[];
}

/** Logistic sigmoid, written so that neither branch overflows. */
function sigmoid(a: number): number {
  if (a >= 0) return 1 / (1 + Math.exp(-a));
  const e = Math.exp(a);
  return e / (1 + e);
}

/** One GRU step with the course's convention. */
export function gruCell(params: GruParams, x: number[], hPrev: number[]): number[] {
  const { W, U, b } = params;
  const d = hPrev.length;
  const inputPart = (r: number): number => {
    let a = b[r];
    for (let j = 0; j < x.length; j++) a += W[r][j] * x[j];
    return a;
  };
  const recurrentPart = (r: number, h: number[]): number => {
    let a = 0;
    for (let j = 0; j < d; j++) a += U[r][j] * h[j];
    return a;
  };
  const resetGate = hPrev.map((_, k) => sigmoid(inputPart(k) + recurrentPart(k, hPrev)));
  const updateGate = hPrev.map((_, k) => sigmoid(inputPart(d + k) + recurrentPart(d + k, hPrev)));
  const resetState = hPrev.map((h, k) => resetGate[k] * h);
  // mistake: r_t multiplies U_h h_{t-1} instead of h_{t-1} (resetState is unused)
  const candidate = hPrev.map((_, k) =>
    Math.tanh(inputPart(2 * d + k) + resetGate[k] * recurrentPart(2 * d + k, hPrev)),
  );
  return hPrev.map((h, k) => (1 - updateGate[k]) * h + updateGate[k] * candidate[k]);
}
