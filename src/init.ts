/**
 * Weight initialisers.
 *
 * - Xavier/Glorot uniform: U(-a, a) with a = gain·√(6 / (fanIn + fanOut)), keeping activation
 *   variance roughly constant through a layer.
 * - Orthogonal: a random matrix with orthonormal rows or columns (Q of a QR decomposition of a
 *   Gaussian matrix, sign-corrected), so that a recurrent W_h has all singular values equal to
 *   `gain` at the start: gradients neither vanish nor explode through it at first.
 */
import { Rng } from "./random";
import { Tensor } from "./tensor";

/** Xavier/Glorot uniform matrix of shape [fanOut, fanIn] (the layout of W in W x). */
export function xavierUniform(
  rng: Rng,
  fanOut: number,
  fanIn: number,
  gain = 1,
  options: { requiresGrad?: boolean } = {},
): Tensor {
  if (!(fanIn > 0 && fanOut > 0))
    throw new Error(`xavierUniform: fanIn and fanOut must be positive, got ${fanIn} and ${fanOut}`);
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return new Tensor(rng.uniformArray(fanOut * fanIn, -a, a), [fanOut, fanIn], options);
}

/** Uniform matrix U(-a, a), a = 1/√fanIn: PyTorch's default for recurrent layers. */
export function uniformFanIn(
  rng: Rng,
  rows: number,
  cols: number,
  fanIn: number,
  options: { requiresGrad?: boolean } = {},
): Tensor {
  const a = 1 / Math.sqrt(fanIn);
  return new Tensor(rng.uniformArray(rows * cols, -a, a), cols === 1 ? [rows] : [rows, cols], options);
}

/** A [rows, cols] matrix with orthonormal columns (rows ≥ cols) or rows (rows < cols), times `gain`. */
export function orthogonal(
  rng: Rng,
  rows: number,
  cols: number,
  gain = 1,
  options: { requiresGrad?: boolean } = {},
): Tensor {
  if (!(rows > 0 && cols > 0)) throw new Error(`orthogonal: rows and cols must be positive, got ${rows} and ${cols}`);
  const tall = rows >= cols;
  const n = tall ? rows : cols; // long side
  const k = tall ? cols : rows; // vectors to orthonormalise
  // k Gaussian vectors of length n, orthonormalised by modified Gram–Schmidt (twice, for accuracy).
  const v: Float64Array[] = [];
  for (let j = 0; j < k; j++) v.push(rng.normalArray(n));
  for (let j = 0; j < k; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let t = 0; t < n; t++) dot += v[i][t] * v[j][t];
        for (let t = 0; t < n; t++) v[j][t] -= dot * v[i][t];
      }
    }
    let norm = 0;
    for (let t = 0; t < n; t++) norm += v[j][t] * v[j][t];
    norm = Math.sqrt(norm);
    if (norm < 1e-12) throw new Error("orthogonal: degenerate random draw; try another seed");
    for (let t = 0; t < n; t++) v[j][t] /= norm;
  }
  const out = new Float64Array(rows * cols);
  for (let j = 0; j < k; j++)
    for (let t = 0; t < n; t++) {
      if (tall) out[t * cols + j] = gain * v[j][t];
      else out[j * cols + t] = gain * v[j][t];
    }
  return new Tensor(out, [rows, cols], options);
}
