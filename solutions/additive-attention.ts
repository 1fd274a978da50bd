/**
 * Reference solution of exercise 21 (additive-attention). The statement is in exercises/additive-attention.ts.
 */

/** Parameters: Wq (A×Dq), Wk (A×Dk), w (A). */
export interface AttentionParams {
  Wq: number[][];
  Wk: number[][];
  w: number[];
}

export interface AttentionGrads {
  dWq: number[][];
  dWk: number[][];
  dw: number[];
  dQuery: number[];
  dKeys: number[][];
  dValues: number[][];
}

function matVec(m: number[][], x: number[]): number[] {
  return m.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
}

function checkLength(length: number, T: number): void {
  if (!Number.isInteger(length) || length < 1 || length > T)
    throw new Error(`additiveAttention: length must be an integer in 1..${T}, got ${length}`);
}

/** The hidden vectors s_j = tanh(Wk k_j + Wq q) and the weights of the first `length` keys. */
function forward(
  params: AttentionParams,
  query: number[],
  keys: number[][],
  length: number,
): { s: number[][]; weights: number[] } {
  const T = keys.length;
  checkLength(length, T);
  const u = matVec(params.Wq, query);
  const s: number[][] = [];
  const e: number[] = [];
  for (let j = 0; j < length; j++) {
    const sj = matVec(params.Wk, keys[j]).map((v, i) => Math.tanh(v + u[i]));
    s.push(sj);
    e.push(sj.reduce((acc, v, i) => acc + params.w[i] * v, 0));
  }
  const top = Math.max(...e);
  const ex = e.map((v) => Math.exp(v - top));
  const z = ex.reduce((a, b) => a + b, 0);
  const weights = new Array<number>(T).fill(0);
  for (let j = 0; j < length; j++) weights[j] = ex[j] / z;
  return { s, weights };
}

export function additiveAttention(
  params: AttentionParams,
  query: number[],
  keys: number[][],
  values: number[][],
  length: number,
): { weights: number[]; context: number[] } {
  if (values.length !== keys.length)
    throw new Error(`additiveAttention: values has ${values.length} rows but keys has ${keys.length}`);
  const { weights } = forward(params, query, keys, length);
  const context = new Array<number>(values[0].length).fill(0);
  for (let j = 0; j < length; j++) for (let d = 0; d < context.length; d++) context[d] += weights[j] * values[j][d];
  return { weights, context };
}

export function additiveAttentionBackward(
  params: AttentionParams,
  query: number[],
  keys: number[][],
  values: number[][],
  length: number,
  dContext: number[],
): AttentionGrads {
  if (values.length !== keys.length)
    throw new Error(`additiveAttentionBackward: values has ${values.length} rows but keys has ${keys.length}`);
  const { s, weights } = forward(params, query, keys, length);
  const A = params.w.length;
  const dWq = params.Wq.map((r) => r.map(() => 0));
  const dWk = params.Wk.map((r) => r.map(() => 0));
  const dw = new Array<number>(A).fill(0);
  const dKeys = keys.map((r) => r.map(() => 0));
  const dValues = values.map((r) => r.map(() => 0));
  const da: number[] = [];
  for (let j = 0; j < length; j++) {
    for (let d = 0; d < dContext.length; d++) dValues[j][d] = weights[j] * dContext[d];
    da.push(values[j].reduce((acc, v, d) => acc + v * dContext[d], 0));
  }
  const mean = da.reduce((acc, v, j) => acc + weights[j] * v, 0);
  const dzSum = new Array<number>(A).fill(0);
  for (let j = 0; j < length; j++) {
    const de = weights[j] * (da[j] - mean);
    const dz = s[j].map((v, i) => de * params.w[i] * (1 - v * v));
    for (let i = 0; i < A; i++) {
      dw[i] += de * s[j][i];
      dzSum[i] += dz[i];
      for (let m = 0; m < keys[j].length; m++) {
        dWk[i][m] += dz[i] * keys[j][m];
        dKeys[j][m] += params.Wk[i][m] * dz[i];
      }
    }
  }
  const dQuery = new Array<number>(query.length).fill(0);
  for (let i = 0; i < A; i++)
    for (let m = 0; m < query.length; m++) {
      dWq[i][m] = dzSum[i] * query[m];
      dQuery[m] += params.Wq[i][m] * dzSum[i];
    }
  return { dWq, dWk, dw, dQuery, dKeys, dValues };
}
