/**
 * A whole simple-RNN layer over a sequence as ONE op, with its hand-written backward right below
 * the forward. Same equation and masking as RNNCell + runSteps; tests prove the two agree in values
 * and gradients.
 *   forward, per step:   a_t = W x_t + U h_{t-1} + b,   h_t = φ(a_t)   (φ = tanh or ReLU)
 *   backward, per step:  da_t = dh_t ⊙ φ'(a_t),   dh_{t-1} = da_t·U     (rows: dH_{t-1} = dA_t·U)
 *   backward, once:      dU = dAᵀ·H_prev,  dW = dAᵀ·X,  db = Σ dA,  dX = dA·W
 * with φ'(a) = 1 - h² for tanh and [a > 0] = [h > 0] for ReLU, so only h_t is kept.
 * Padded positions (t ≥ length) copy the state forward, so there dh passes straight back; the
 * input is read with its padding set to 0 (timeMajorInput), so padding reaches no value or gradient.
 */
import { Tensor } from "../tensor";
import { opResult } from "../autograd";
import { gemm } from "../ops/kernels";
import { tanhRows } from "../ops/activation-kernels";
import {
  addGrad,
  addInputGradients,
  backwardScratch,
  timeMajorInput,
  checkFusedShapes,
  packResult,
  setInputProjections,
  transposed,
  unpack,
  validMask,
  wasmLayout,
} from "./sequence-op";

/**
 * Runs a simple RNN layer over x [B, T, m] from h0 [B, d] with weightIh [d, m], weightHh [d, d],
 * bias [d] and φ = `nonlinearity`; returns output [B, T, d] (h_t, 0 at padding) and the final h
 * [B, d] taken at each sequence's length.
 */
export function rnnSequence(
  x: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  bias: Tensor,
  h0: Tensor,
  nonlinearity: "tanh" | "relu",
  lengths?: readonly number[],
): { output: Tensor; h: Tensor } {
  const sizes = checkFusedShapes("rnnSequence", 1, x, weightIh, weightHh, bias, [[h0, "h0"]], lengths);
  if (nonlinearity !== "tanh" && nonlinearity !== "relu")
    throw new Error(`rnnSequence: nonlinearity must be "tanh" or "relu", got "${String(nonlinearity)}"`);
  const { B, T, m, d } = sizes;
  const BD = B * d; // one time step of the state
  const U = weightHh.data;
  const valid = validMask(lengths, B, T);
  const xt = timeMajorInput(x, valid, sizes); // padding set to 0: it cannot reach values or gradients
  const isTanh = nonlinearity === "tanh";
  // Wᵀ [m, d] and Uᵀ [d, d]: the forward products stream their rows.
  const WT = transposed(weightIh.data, d, m);
  const UT = transposed(U, d, d);

  // States [T+1, B, d], time-major: block 0 holds h_0, block t+1 holds h_t (kept for the backward).
  const hs = new Float64Array((T + 1) * BD);
  hs.set(h0.data);
  // a_t = b + W x_t + U h_{t-1}, computed in place in block t+1 (the input part for every step at
  // once, before the loop), then h_t = φ(a_t).
  setInputProjections(hs, BD, d, xt, WT, bias, sizes);
  if (!rnnStepsOnWasm(hs, UT, valid, isTanh, B, T, d))
    for (let t = 0; t < T; t++) {
      const prev = t * BD,
        next = prev + BD;
      gemm(B, d, d, hs, prev, d, 1, UT, 0, d, hs, next, d);
      if (isTanh) tanhRows(hs, next, 1, BD, BD);
      else for (let j = next; j < next + BD; j++) hs[j] = hs[j] > 0 ? hs[j] : 0;
      for (let b = 0; b < B; b++) {
        const s = b * d;
        if (!valid[t * B + b]) hs.copyWithin(next + s, prev + s, prev + s + d); // padding: the state is carried over
      }
    }
  const nOut = B * T * d;
  const packed = packResult(hs, valid, sizes, [hs.subarray(T * BD)]);

  const all = opResult(packed, [packed.length], "rnnSequence", [x, weightIh, weightHh, bias, h0], (gOut) => {
    // gradients of [output | h_T]
    const dA = backwardScratch(T * BD); // ∂L/∂a_t, time-major; rows of padded positions stay 0
    const dh = new Float64Array(BD); // ∂L/∂h_t from later steps (and the final state)
    dh.set(gOut.subarray(nOut, nOut + BD));
    if (!rnnBackStepsOnWasm(hs, dh, gOut, dA, U, valid, isTanh, B, T, d))
      for (let t = T - 1; t >= 0; t--) {
        const at = t * BD,
          next = at + BD;
        for (let b = 0; b < B; b++) {
          if (!valid[t * B + b]) continue; // state copied: dh passes through unchanged
          const s = b * d,
            out = (b * T + t) * d;
          for (let j = 0; j < d; j++) {
            const h = hs[next + s + j];
            const dhj = dh[s + j] + gOut[out + j];
            dA[at + s + j] = isTanh ? dhj * (1 - h * h) : h > 0 ? dhj : 0; // da = dh ⊙ φ'(a)
            dh[s + j] = 0; // dh_{t-1} is dA_t·U, added next
          }
        }
        // dh_{t-1} = dA_t · U (padded rows of dA_t are 0, so their pass-through dh is kept).
        gemm(B, d, d, dA, at, d, 1, U, 0, d, dh, 0, d);
      }
    if (weightHh.requiresGrad) {
      // dU = Σ_t dA_tᵀ h_{t-1} = dAᵀ · H_prev, with H_prev = hs blocks 0 … T-1 as one [T·B, d] matrix.
      const gU = new Float64Array(d * d);
      gemm(d, T * B, d, dA, 0, 1, d, hs, 0, d, gU, 0, d);
      addGrad(weightHh, gU);
    }
    addInputGradients(dA, d, x, xt, weightIh, bias, sizes);
    if (h0.requiresGrad) addGrad(h0, dh);
  });
  const [output, h] = unpack(all, [
    [B, T, d],
    [B, d],
  ]);
  return { output, h };
}

/**
 * The forward loop above with Uᵀ and the states in WebAssembly memory, copied in and out once; each
 * step calls the gemm and tanh kernels directly on that memory (see lstmStepsOnWasm). Returns
 * false, touching nothing, when the WebAssembly kernels are off or unavailable.
 */
function rnnStepsOnWasm(
  hs: Float64Array,
  UT: Float64Array,
  valid: Uint8Array,
  isTanh: boolean,
  B: number,
  T: number,
  d: number,
): boolean {
  const BD = B * d;
  const layout = wasmLayout([d * d, (T + 1) * BD]);
  if (!layout) return false;
  const { w, heap } = layout;
  const [u0, h0] = layout.at;
  const { gemm: mm, tanh } = w.exports;
  heap.set(UT, u0);
  heap.set(hs, h0);
  for (let t = 0; t < T; t++) {
    const prev = h0 + t * BD,
      next = prev + BD;
    mm(B, d, d, prev, d, 1, u0, d, next, d);
    if (isTanh) tanh(next, 1, BD, BD);
    else for (let j = next; j < next + BD; j++) heap[j] = heap[j] > 0 ? heap[j] : 0;
    for (let b = 0; b < B; b++) {
      const s = b * d;
      if (!valid[t * B + b]) heap.copyWithin(next + s, prev + s, prev + s + d);
    }
  }
  hs.set(heap.subarray(h0, h0 + (T + 1) * BD));
  return true;
}

/**
 * The backward loop above with U, dA and dh in WebAssembly memory (the operands of its one product
 * per step); the elementwise part reads the states and the output's gradient where they are.
 */
function rnnBackStepsOnWasm(
  hs: Float64Array,
  dh: Float64Array,
  gOut: Float64Array,
  dA: Float64Array,
  U: Float64Array,
  valid: Uint8Array,
  isTanh: boolean,
  B: number,
  T: number,
  d: number,
): boolean {
  const BD = B * d;
  const layout = wasmLayout([d * d, T * BD, BD]);
  if (!layout) return false;
  const { w, heap } = layout;
  const [u0, a0, dh0] = layout.at;
  const mm = w.exports.gemm;
  heap.set(U, u0);
  heap.fill(0, a0, a0 + T * BD);
  heap.set(dh, dh0);
  for (let t = T - 1; t >= 0; t--) {
    const at = t * BD,
      next = at + BD;
    for (let b = 0; b < B; b++) {
      if (!valid[t * B + b]) continue;
      const s = b * d,
        out = (b * T + t) * d;
      for (let j = 0; j < d; j++) {
        const h = hs[next + s + j];
        const dhj = heap[dh0 + s + j] + gOut[out + j];
        heap[a0 + at + s + j] = isTanh ? dhj * (1 - h * h) : h > 0 ? dhj : 0;
        heap[dh0 + s + j] = 0;
      }
    }
    mm(B, d, d, a0 + at, d, 1, u0, d, dh0, d);
  }
  dA.set(heap.subarray(a0, a0 + T * BD));
  dh.set(heap.subarray(dh0, dh0 + BD));
  return true;
}
