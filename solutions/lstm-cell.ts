/**
 * Reference solution of exercise 6 (lstm-cell): one LSTM step with the six equations of the statement,
 * blocks stacked in the order f, i, o, c̃. Statement and conventions: exercises/lstm-cell.ts.
 */

/** LSTM parameters, four blocks stacked by rows in the order f, i, o, c̃. */
export interface LstmParams {
  /** [W_f; W_i; W_o; W_c], 4d×m. */
  W: number[][];
  /** [U_f; U_i; U_o; U_c], 4d×d. */
  U: number[][];
  /** [b_f; b_i; b_o; b_c], length 4d. */
  b: number[];
}

/** New hidden and cell states. */
export interface LstmState {
  h: number[];
  c: number[];
}

/** Logistic sigmoid, written so that neither branch overflows. */
function sigmoid(a: number): number {
  if (a >= 0) return 1 / (1 + Math.exp(-a));
  const e = Math.exp(a);
  return e / (1 + e);
}

/** One LSTM step. */
export function lstmCell(params: LstmParams, x: number[], hPrev: number[], cPrev: number[]): LstmState {
  const { W, U, b } = params;
  const d = hPrev.length;
  // Pre-activation of row r of the stacked blocks.
  const pre = (r: number): number => {
    let a = b[r];
    for (let j = 0; j < x.length; j++) a += W[r][j] * x[j];
    for (let j = 0; j < d; j++) a += U[r][j] * hPrev[j];
    return a;
  };
  const h: number[] = [];
  const c: number[] = [];
  for (let k = 0; k < d; k++) {
    const forgetGate = sigmoid(pre(k));
    const inputGate = sigmoid(pre(d + k));
    const outputGate = sigmoid(pre(2 * d + k));
    const candidate = Math.tanh(pre(3 * d + k));
    const ck = forgetGate * cPrev[k] + inputGate * candidate;
    c.push(ck);
    h.push(outputGate * Math.tanh(ck));
  }
  return { h, c };
}
