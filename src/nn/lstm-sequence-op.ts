/**
 * A whole LSTM layer over a sequence as ONE op, with its hand-written backward right below the
 * forward. Same equations, gate order (f, i, o, c̃) and masking as LSTMCell + runSteps; tests prove
 * the two agree in values and gradients. Fusing removes thousands of small tensors per step and
 * lets the matrix products run as large register-blocked blocks (src/ops/kernels.ts):
 *   forward, per step:   z_t = b + W x_t + U h_{t-1}            (rows: Z_t = 1·bᵀ + X_t·Wᵀ + H_{t-1}·Uᵀ)
 *   backward, per step:  dH_{t-1} = dZ_t·U                      (the only product inside the loop)
 *   backward, once:      dU = dZᵀ·H_prev,  dW = dZᵀ·X,  db = Σ dZ,  dX = dZ·W
 *
 * Chain rule per step (valid positions), with tc = tanh(c_t) and dh, dc the gradients reaching
 * h_t and c_t (from the loss through the output at t, and from step t+1):
 *   h_t = o ⊙ tc                →  do = dh ⊙ tc,     dc += dh ⊙ o ⊙ (1 - tc²)
 *   c_t = f ⊙ c_{t-1} + i ⊙ c̃  →  df = dc ⊙ c_{t-1}, di = dc ⊙ c̃,  dc̃ = dc ⊙ i,  dc_{t-1} = dc ⊙ f
 *   gates from z = [z_f, z_i, z_o, z_c]:
 *     dz = [df ⊙ f(1-f), di ⊙ i(1-i), do ⊙ o(1-o), dc̃ ⊙ (1-c̃²)]
 * Padded positions (t ≥ length) copy the state forward, so there dh and dc pass straight back; the
 * input is read with its padding set to 0 (timeMajorInput), so padding reaches no value or gradient.
 */
import { Tensor } from "../tensor";
import { opResult } from "../autograd";
import { lstmCellBackwardRows, lstmCellRows } from "../ops/activation-kernels";
import { gemm } from "../ops/kernels";

import {
  addGrad,
  addInputGradients,
  timeMajorInput,
  backwardScratch,
  forEachValidRun,
  timeMajorOutputGrad,
  checkFusedShapes,
  packResult,
  setInputProjections,
  transposed,
  unpack,
  validMask,
  wasmLayout,
} from "./sequence-op";

/**
 * Runs an LSTM layer over x [B, T, m] from h0, c0 [B, d] with weightIh [4d, m], weightHh [4d, d],
 * bias [4d] (blocks f, i, o, c̃); returns output [B, T, d] (h_t, 0 at padding) and the final h, c
 * [B, d] taken at each sequence's length.
 */
export function lstmSequence(
  x: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  bias: Tensor,
  h0: Tensor,
  c0: Tensor,
  lengths?: readonly number[],
): { output: Tensor; h: Tensor; c: Tensor } {
  const sizes = checkFusedShapes(
    "lstmSequence",
    4,
    x,
    weightIh,
    weightHh,
    bias,
    [
      [h0, "h0"],
      [c0, "c0"],
    ],
    lengths,
  );
  const { B, T, m, d } = sizes;
  const G = 4 * d; // one row of gates: [f | i | o | c̃]
  const BD = B * d; // one time step of a state
  const U = weightHh.data;
  const valid = validMask(lengths, B, T);
  const xt = timeMajorInput(x, valid, sizes); // padding set to 0: it cannot reach values or gradients
  // Wᵀ [m, 4d] and Uᵀ [d, 4d]: the forward products stream their rows.
  const WT = transposed(weightIh.data, G, m);
  const UT = transposed(U, G, d);

  // Time-major buffers kept for the backward: gate activations [T, B, 4d]; states h and c
  // [T+1, B, d] (block 0 holds h_0 and c_0, block t+1 holds h_t and c_t); tanh(c_t) [T, B, d].
  const gates = new Float64Array(T * B * G);
  const hs = new Float64Array((T + 1) * BD);
  const cs = new Float64Array((T + 1) * BD);
  const tanhC = new Float64Array(T * BD);
  hs.set(h0.data);
  cs.set(c0.data);

  // z_t = b + W x_t + U h_{t-1}: the input part for every step at once, then the recurrent part
  // step by step, for the B rows of step t at once.
  setInputProjections(gates, 0, G, xt, WT, bias, sizes);
  if (!lstmStepsOnWasm(gates, hs, cs, tanhC, UT, valid, B, T, d))
    for (let t = 0; t < T; t++) {
      const zt = t * B * G,
        prev = t * BD,
        next = prev + BD;
      gemm(B, d, G, hs, prev, d, 1, UT, 0, G, gates, zt, G);
      // Gates, c_t, tanh(c_t) and h_t of all B rows (padded rows too, then overwritten below):
      // f, i, o = σ(z), c̃ = tanh(z);  c_t = f ⊙ c_{t-1} + i ⊙ c̃;  h_t = o ⊙ tanh(c_t).
      lstmCellRows(gates, zt, cs, prev, next, tanhC, prev, hs, next, B, d, G);
      for (let b = 0; b < B; b++) {
        if (valid[t * B + b]) continue;
        // Padding: the state is carried over unchanged (tanh(c_t) there is never read).
        const s = b * d;
        hs.copyWithin(next + s, prev + s, prev + s + d);
        cs.copyWithin(next + s, prev + s, prev + s + d);
      }
    }

  // Packed result: output [B, T, d], then h_T and c_T [B, d].
  const nOut = B * T * d;
  const packed = packResult(hs, valid, sizes, [hs.subarray(T * BD), cs.subarray(T * BD)]);

  const all = opResult(packed, [packed.length], "lstmSequence", [x, weightIh, weightHh, bias, h0, c0], (gOut) => {
    // gradients of [output | h_T | c_T]
    const dZ = backwardScratch(T * B * G); // ∂L/∂z_t, time-major; rows of padded positions stay 0
    const dh = new Float64Array(BD); // ∂L/∂h_t from later steps (and the final state)
    const dc = new Float64Array(BD); // ∂L/∂c_t likewise
    dh.set(gOut.subarray(nOut, nOut + BD));
    dc.set(gOut.subarray(nOut + BD, nOut + 2 * BD));
    const gOutT = timeMajorOutputGrad(gOut, sizes); // each step's rows are one block
    if (!lstmBackStepsOnWasm(gates, tanhC, cs, dh, dc, gOutT, dZ, U, valid, B, T, d))
      for (let t = T - 1; t >= 0; t--) {
        const zt = t * B * G,
          prev = t * BD;
        // Each run of rows inside their sequences at once; padded rows are skipped (their state was
        // copied: dh, dc pass through unchanged, and their rows of dZ stay 0).
        forEachValidRun(valid, t, B, (b, e) =>
          lstmCellBackwardRows(
            gates,
            zt + b * G,
            tanhC,
            prev + b * d,
            cs,
            prev + b * d,
            dh,
            dc,
            b * d,
            gOutT,
            prev + b * d,
            dZ,
            e - b,
            d,
            G,
          ),
        );
        // dh_{t-1} = dZ_t · U (padded rows of dZ_t are 0, so their pass-through dh is kept).
        gemm(B, G, d, dZ, zt, G, 1, U, 0, d, dh, 0, d);
      }
    if (weightHh.requiresGrad) {
      // dU = Σ_t dZ_tᵀ h_{t-1} = dZᵀ · H_prev, with H_prev = hs blocks 0 … T-1 as one [T·B, d] matrix.
      const gU = new Float64Array(G * d);
      gemm(G, T * B, d, dZ, 0, 1, G, hs, 0, d, gU, 0, d);
      addGrad(weightHh, gU);
    }
    addInputGradients(dZ, G, x, xt, weightIh, bias, sizes);
    if (h0.requiresGrad) addGrad(h0, dh);
    if (c0.requiresGrad) addGrad(c0, dc);
  });
  const [output, h, c] = unpack(all, [
    [B, T, d],
    [B, d],
    [B, d],
  ]);
  return { output, h, c };
}

/**
 * The forward loop above, run with every buffer in WebAssembly memory: Uᵀ, the gates (holding the
 * input projections), the states and tanh(c) are copied in once and out once, and each step calls
 * the SIMD gemm and lstm_cell directly on them, where the TypeScript loop copies the step's operands
 * (Uᵀ included) in and out at every step. The kernels are the same, so the results are identical.
 * Returns false, touching nothing, when the WebAssembly kernels are off or unavailable.
 */
function lstmStepsOnWasm(
  gates: Float64Array,
  hs: Float64Array,
  cs: Float64Array,
  tanhC: Float64Array,
  UT: Float64Array,
  valid: Uint8Array,
  B: number,
  T: number,
  d: number,
): boolean {
  const G = 4 * d,
    BD = B * d;
  const layout = wasmLayout([G * d, T * B * G, (T + 1) * BD, (T + 1) * BD, T * BD]);
  if (!layout) return false;
  const { w, heap } = layout;
  const [u0, z0, h0, c0, tc0] = layout.at;
  const { gemm: mm, lstm_cell: cell } = w.exports;
  heap.set(UT, u0);
  heap.set(gates, z0);
  heap.set(hs.subarray(0, BD), h0);
  heap.set(cs.subarray(0, BD), c0);
  for (let t = 0; t < T; t++) {
    const zt = t * B * G,
      prev = t * BD,
      next = prev + BD;
    mm(B, d, G, h0 + prev, d, 1, u0, G, z0 + zt, G);
    cell(z0 + zt, c0 + prev, c0 + next, tc0 + prev, h0 + next, B, d, G);
    for (let b = 0; b < B; b++) {
      if (valid[t * B + b]) continue;
      const s = b * d;
      heap.copyWithin(h0 + next + s, h0 + prev + s, h0 + prev + s + d);
      heap.copyWithin(c0 + next + s, c0 + prev + s, c0 + prev + s + d);
    }
  }
  gates.set(heap.subarray(z0, h0));
  hs.set(heap.subarray(h0, c0));
  cs.set(heap.subarray(c0, tc0));
  tanhC.set(heap.subarray(tc0, tc0 + T * BD));
  return true;
}

/**
 * The backward loop above in WebAssembly memory, as lstmStepsOnWasm does for the forward: dZ (zero
 * on entry), dh and dc are copied back out once at the end.
 */
function lstmBackStepsOnWasm(
  gates: Float64Array,
  tanhC: Float64Array,
  cs: Float64Array,
  dh: Float64Array,
  dc: Float64Array,
  gOutT: Float64Array,
  dZ: Float64Array,
  U: Float64Array,
  valid: Uint8Array,
  B: number,
  T: number,
  d: number,
): boolean {
  const G = 4 * d,
    BD = B * d,
    nZ = T * B * G;
  const layout = wasmLayout([G * d, nZ, nZ, T * BD, T * BD, T * BD, BD, BD]);
  if (!layout) return false;
  const { w, heap } = layout;
  const [u0, z0, dz0, tc0, c0, go0, dh0, dc0] = layout.at;
  const { gemm: mm, lstm_cell_backward: cellBack } = w.exports;
  heap.set(U, u0);
  heap.set(gates, z0);
  heap.fill(0, dz0, dz0 + nZ);
  heap.set(tanhC, tc0);
  heap.set(cs.subarray(0, T * BD), c0);
  heap.set(gOutT, go0);
  heap.set(dh, dh0);
  heap.set(dc, dc0);
  for (let t = T - 1; t >= 0; t--) {
    const zt = t * B * G,
      prev = t * BD;
    forEachValidRun(valid, t, B, (b, e) =>
      cellBack(
        z0 + zt + b * G,
        tc0 + prev + b * d,
        c0 + prev + b * d,
        dh0 + b * d,
        dc0 + b * d,
        go0 + prev + b * d,
        dz0 + zt + b * G,
        e - b,
        d,
        G,
        G,
      ),
    );
    mm(B, G, d, dz0 + zt, G, 1, u0, d, dh0, d);
  }
  dZ.set(heap.subarray(dz0, dz0 + nZ));
  dh.set(heap.subarray(dh0, dh0 + BD));
  dc.set(heap.subarray(dc0, dc0 + BD));
  return true;
}
