/**
 * Matrix products: matmul (batched) and linear (the affine map of a layer, x·Wᵀ + b).
 *
 * Chain rule for C = A·B:  dA = dC·Bᵀ,  dB = Aᵀ·dC  (summed over the batch when B is shared).
 */
import { Tensor, TensorLike, asTensor, fmtShape } from "../tensor";
import { accumulateGrad, opResult } from "../autograd";
import { gemmNN, gemmNT, gemmTN } from "./kernels";

/**
 * Matrix product A·B.
 * - A [..., n, k] · B [k, m] → [..., n, m] (B shared across A's leading axes);
 * - A [b, n, k] · B [b, k, m] → [b, n, m] (batched, same batch size);
 * - A [n, k] · v [k] → [n] and v [k] · B [k, m] → [m] (vectors).
 */
export function matmul(aIn: TensorLike, bIn: TensorLike): Tensor {
  const a = asTensor(aIn);
  const b = asTensor(bIn);
  if (a.rank === 0 || b.rank === 0) {
    throw new Error(
      `matmul: both arguments need at least one axis, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}; use mul for scalars`,
    );
  }
  if (b.rank === 1) {
    const k = b.shape[0];
    if (a.shape[a.rank - 1] !== k) throw innerError(a, b);
    const out = matmul(a, reshapeNoCopy(b, [k, 1]));
    return reshapeNoCopy(out, a.shape.slice(0, -1));
  }
  if (a.rank === 1) {
    const out = matmul(reshapeNoCopy(a, [1, a.shape[0]]), b);
    return reshapeNoCopy(out, out.shape.slice(1));
  }
  const n = a.shape[a.rank - 2];
  const k = a.shape[a.rank - 1];
  const kb = b.shape[b.rank - 2];
  const m = b.shape[b.rank - 1];
  if (k !== kb) throw innerError(a, b);
  if (b.rank === 2) {
    // Shared B: treat all leading axes of A as rows.
    const rows = a.size / k;
    const out = new Float64Array(rows * m);
    gemmNN(a.data, b.data, out, rows, k, m);
    const shape = a.shape.slice(0, -1).concat([m]);
    return opResult(out, shape, "matmul", [a, b], (g) => {
      if (a.requiresGrad) {
        const ga = new Float64Array(a.size);
        gemmNT(g, b.data, ga, rows, m, k);
        accumulateGrad(a, ga);
      }
      if (b.requiresGrad) {
        const gb = new Float64Array(b.size);
        gemmTN(a.data, g, gb, k, rows, m);
        accumulateGrad(b, gb);
      }
    });
  }
  if (a.rank !== b.rank || a.shape.slice(0, -2).some((s, i) => s !== b.shape[i])) {
    throw new Error(
      `matmul: batch axes of shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} must match (or B must be a matrix)`,
    );
  }
  const batch = a.size / (n * k);
  const out = new Float64Array(batch * n * m);
  for (let s = 0; s < batch; s++) gemmNN(a.data, b.data, out, n, k, m, s * n * k, s * k * m, s * n * m);
  const shape = a.shape.slice(0, -1).concat([m]);
  return opResult(out, shape, "matmul", [a, b], (g) => {
    if (a.requiresGrad) {
      const ga = new Float64Array(a.size);
      for (let s = 0; s < batch; s++) gemmNT(g, b.data, ga, n, m, k, s * n * m, s * k * m, s * n * k);
      accumulateGrad(a, ga);
    }
    if (b.requiresGrad) {
      const gb = new Float64Array(b.size);
      for (let s = 0; s < batch; s++) gemmTN(a.data, g, gb, k, n, m, s * n * k, s * n * m, s * k * m);
      accumulateGrad(b, gb);
    }
  });
}

function innerError(a: Tensor, b: Tensor): Error {
  const ka = a.shape[a.rank - 1];
  const kb = b.rank === 1 ? b.shape[0] : b.shape[b.rank - 2];
  return new Error(
    `matmul: inner sizes (${ka}) and (${kb}) of tensors with shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} must match`,
  );
}

/** Reshape that shares the gradient path (used internally for vector cases). */
function reshapeNoCopy(t: Tensor, shape: number[]): Tensor {
  return opResult(t.data, shape, "reshape", [t], (g) => accumulateGrad(t, g));
}

/**
 * The affine map of a layer: y = x·Wᵀ + b, with x [..., in], W [out, in] (the seed's W x with
 * column vectors, applied to rows), b [out] or omitted. One op, so the backward is three products:
 * dx = dy·W, dW = dyᵀ·x, db = Σ dy.
 */
export function linear(xIn: TensorLike, weight: Tensor, bias?: Tensor | null): Tensor {
  const x = asTensor(xIn);
  if (weight.rank !== 2)
    throw new Error(`linear: weight must be a matrix [out, in], got shape ${fmtShape(weight.shape)}`);
  const [outF, inF] = weight.shape;
  if (x.rank === 0 || x.shape[x.rank - 1] !== inF) {
    throw new Error(
      `linear: input of shape ${fmtShape(x.shape)} must end in ${inF} features to match weight ${fmtShape(weight.shape)}`,
    );
  }
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outF)) {
    throw new Error(
      `linear: bias must have shape [${outF}] to match weight ${fmtShape(weight.shape)}, got ${fmtShape(bias.shape)}`,
    );
  }
  const rows = x.size / inF;
  const out = new Float64Array(rows * outF);
  if (bias) for (let r = 0; r < rows; r++) out.set(bias.data, r * outF);
  gemmNT(x.data, weight.data, out, rows, inF, outF);
  const parents = bias ? [x, weight, bias] : [x, weight];
  return opResult(out, x.shape.slice(0, -1).concat([outF]), "linear", parents, (g) => {
    if (x.requiresGrad) {
      const gx = new Float64Array(x.size);
      gemmNN(g, weight.data, gx, rows, outF, inF);
      accumulateGrad(x, gx);
    }
    if (weight.requiresGrad) {
      const gw = new Float64Array(weight.size);
      gemmTN(g, x.data, gw, outF, rows, inF);
      accumulateGrad(weight, gw);
    }
    if (bias && bias.requiresGrad) {
      const gb = new Float64Array(outF);
      for (let r = 0; r < rows; r++) for (let j = 0; j < outF; j++) gb[j] += g[r * outF + j];
      accumulateGrad(bias, gb);
    }
  });
}
