/**
 * A whole GRU layer over a sequence as ONE op, with its hand-written backward right below the
 * forward. Same equations, convention (z_t weights the NEW candidate), block order (r, z, h̃) and
 * masking as GRUCell + runSteps; tests prove the two agree in values and gradients.
 *   forward, per step:  [a_r, a_z, a_h] = b + W x_t,  then  a_r, a_z += U_{rz} h_{t-1}
 *                       r = σ(a_r), z = σ(a_z),  a_h += U_h (r ⊙ h_{t-1}),  h̃ = tanh(a_h)
 *                       h_t = h_{t-1} + z ⊙ (h̃ - h_{t-1})
 *   backward, per step: d(r ⊙ h_{t-1}) = da_h·U_h,  dh_{t-1} += [da_r, da_z]·U_{rz}
 *   backward, once:     dU_{rz} = dA_{rz}ᵀ·H_prev,  dU_h = dA_hᵀ·(R ⊙ H_prev),  dW = dAᵀ·X,  db = Σ dA,  dX = dA·W
 *
 * Chain rule per step (valid positions), dh being the gradient reaching h_t:
 *   h_t = (1 - z) ⊙ h_{t-1} + z ⊙ h̃  →  dh̃ = dh ⊙ z,  dz = dh ⊙ (h̃ - h_{t-1}),  dh_{t-1} = dh ⊙ (1 - z) + …
 *   h̃ = tanh(a_h)                     →  da_h = dh̃ ⊙ (1 - h̃²)
 *   a_h = … + U_h (r ⊙ h_{t-1})        →  drh = da_h·U_h (rows),  dr = drh ⊙ h_{t-1},  dh_{t-1} += drh ⊙ r
 *   r = σ(a_r), z = σ(a_z)             →  da_r = dr ⊙ r(1-r),  da_z = dz ⊙ z(1-z)
 *   a_r, a_z = … + U_{rz} h_{t-1}      →  dh_{t-1} += [da_r, da_z]·U_{rz}
 * Padded positions (t ≥ length) copy the state forward, so there dh passes straight back; the
 * input is read with its padding set to 0 (timeMajorInput), so padding reaches no value or gradient.
 */
import { Tensor } from "../tensor";
import { opResult } from "../autograd";
import { gruBackwardResetRows, gruBackwardStateRows, gruGateRows, gruStateRows } from "../ops/activation-kernels";
import { gemm } from "../ops/kernels";

import {
  addGrad,
  addInputGradients,
  backwardScratch,
  forEachValidRun,
  timeMajorOutputGrad,
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
 * Runs a GRU layer over x [B, T, m] from h0 [B, d] with weightIh [3d, m], weightHh [3d, d],
 * bias [3d] (blocks r, z, h̃); returns output [B, T, d] (h_t, 0 at padding) and the final h [B, d]
 * taken at each sequence's length.
 */
export function gruSequence(
  x: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  bias: Tensor,
  h0: Tensor,
  lengths?: readonly number[],
): { output: Tensor; h: Tensor } {
  const sizes = checkFusedShapes("gruSequence", 3, x, weightIh, weightHh, bias, [[h0, "h0"]], lengths);
  const { B, T, m, d } = sizes;
  const G = 3 * d; // one row of gates: [r | z | h̃]
  const BD = B * d; // one time step of the state
  const U = weightHh.data;
  const valid = validMask(lengths, B, T);
  const xt = timeMajorInput(x, valid, sizes); // padding set to 0: it cannot reach values or gradients
  // Wᵀ [m, 3d] and Uᵀ [d, 3d] = [U_rᵀ | U_zᵀ | U_hᵀ]: the forward products stream their rows.
  const WT = transposed(weightIh.data, G, m);
  const UT = transposed(U, G, d);

  // Time-major buffers kept for the backward: gate activations r, z, h̃ [T, B, 3d]; states
  // [T+1, B, d] (block 0 holds h_0, block t+1 holds h_t); r ⊙ h_{t-1} [T, B, d] (0 at padding).
  const gates = new Float64Array(T * B * G);
  const hs = new Float64Array((T + 1) * BD);
  const rh = new Float64Array(T * BD);
  hs.set(h0.data);

  // [a_r, a_z, a_h] = b + W x_t for every step at once; then per step a_r, a_z += U_{rz} h_{t-1}
  // (columns 0 … 2d-1 of Uᵀ).
  setInputProjections(gates, 0, G, xt, WT, bias, sizes);
  if (!gruStepsOnWasm(gates, hs, rh, UT, valid, B, T, d))
    for (let t = 0; t < T; t++) {
      const zt = t * B * G,
        prev = t * BD,
        next = prev + BD;
      gemm(B, d, 2 * d, hs, prev, d, 1, UT, 0, G, gates, zt, G);
      // r, z = σ(a_r), σ(a_z) and r ⊙ h_{t-1} for all B rows (padded rows too; their rh is cleared below).
      gruGateRows(gates, zt, hs, prev, rh, prev, B, d, G);
      for (let b = 0; b < B; b++) if (!valid[t * B + b]) rh.fill(0, prev + b * d, prev + (b + 1) * d);
      // a_h += U_h (r ⊙ h_{t-1})  (columns 2d … 3d-1 of Uᵀ into the h̃ block), then h̃ = tanh(a_h) and
      // h_t = h_{t-1} + z ⊙ (h̃ - h_{t-1}) for all B rows; padded rows then carry the state over.
      gemm(B, d, d, rh, prev, d, 1, UT, 2 * d, G, gates, zt + 2 * d, G);
      gruStateRows(gates, zt, hs, prev, next, B, d, G);
      for (let b = 0; b < B; b++) {
        if (valid[t * B + b]) continue;
        const s = b * d;
        hs.copyWithin(next + s, prev + s, prev + s + d);
      }
    }
  const nOut = B * T * d;
  const packed = packResult(hs, valid, sizes, [hs.subarray(T * BD)]);

  const all = opResult(packed, [packed.length], "gruSequence", [x, weightIh, weightHh, bias, h0], (gOut) => {
    // gradients of [output | h_T]
    const dZ = backwardScratch(T * B * G); // ∂L/∂[a_r, a_z, a_h], time-major; rows of padded positions stay 0
    const dh = new Float64Array(BD); // ∂L/∂h_t from later steps (and the final state)
    const dRH = new Float64Array(BD); // ∂L/∂(r ⊙ h_{t-1}) of one step
    dh.set(gOut.subarray(nOut, nOut + BD));
    const gOutT = timeMajorOutputGrad(gOut, sizes); // each step's rows are one block
    if (!gruBackStepsOnWasm(gates, hs, dh, gOutT, dZ, U, valid, B, T, d))
      for (let t = T - 1; t >= 0; t--) {
        const zt = t * B * G,
          prev = t * BD;
        // Padded rows copied the state: dh passes through them unchanged and their dZ rows stay 0.
        forEachValidRun(valid, t, B, (b, e) =>
          gruBackwardStateRows(gates, zt + b * G, hs, prev + b * d, dh, b * d, gOutT, prev + b * d, dZ, e - b, d, G),
        );
        // drh = da_h · U_h  (rows 2d … 3d-1 of U).
        dRH.fill(0);
        gemm(B, d, d, dZ, zt + 2 * d, G, 1, U, 2 * d * d, d, dRH, 0, d);
        forEachValidRun(valid, t, B, (b, e) =>
          gruBackwardResetRows(gates, zt + b * G, dRH, hs, prev + b * d, dh, b * d, dZ, e - b, d, G),
        );
        // dh_{t-1} += [da_r, da_z] · U_{rz}  (rows 0 … 2d-1 of U; padded rows of dZ_t are 0).
        gemm(B, 2 * d, d, dZ, zt, G, 1, U, 0, d, dh, 0, d);
      }
    if (weightHh.requiresGrad) {
      // dU_{rz} = Σ_t dA_{rz,t}ᵀ h_{t-1} and dU_h = Σ_t dA_{h,t}ᵀ (r ⊙ h_{t-1}), over all T·B rows at once.
      const gU = new Float64Array(G * d);
      gemm(2 * d, T * B, d, dZ, 0, 1, G, hs, 0, d, gU, 0, d);
      gemm(d, T * B, d, dZ, 2 * d, 1, G, rh, 0, d, gU, 2 * d * d, d);
      addGrad(weightHh, gU);
    }
    addInputGradients(dZ, G, x, xt, weightIh, bias, sizes);
    if (h0.requiresGrad) addGrad(h0, dh);
  });
  const [output, h] = unpack(all, [
    [B, T, d],
    [B, d],
  ]);
  return { output, h };
}

/**
 * The forward loop above with every buffer in WebAssembly memory (Uᵀ, the gates holding the input
 * projections, the states, r ⊙ h_{t-1}), copied in and out once; each step calls the same kernels
 * directly on that memory (see lstmStepsOnWasm). Returns false, touching nothing, when the
 * WebAssembly kernels are off or unavailable.
 */
function gruStepsOnWasm(
  gates: Float64Array,
  hs: Float64Array,
  rh: Float64Array,
  UT: Float64Array,
  valid: Uint8Array,
  B: number,
  T: number,
  d: number,
): boolean {
  const G = 3 * d,
    BD = B * d;
  const layout = wasmLayout([d * G, T * B * G, (T + 1) * BD, T * BD]);
  if (!layout) return false;
  const { w, heap } = layout;
  const [u0, z0, h0, rh0] = layout.at;
  const { gemm: mm, gru_gates: gateRows, gru_state: stateRows } = w.exports;
  heap.set(UT, u0);
  heap.set(gates, z0);
  heap.set(hs.subarray(0, BD), h0);
  for (let t = 0; t < T; t++) {
    const zt = t * B * G,
      prev = t * BD,
      next = prev + BD;
    mm(B, d, 2 * d, h0 + prev, d, 1, u0, G, z0 + zt, G);
    gateRows(z0 + zt, h0 + prev, rh0 + prev, B, d, G);
    for (let b = 0; b < B; b++) if (!valid[t * B + b]) heap.fill(0, rh0 + prev + b * d, rh0 + prev + (b + 1) * d);
    mm(B, d, d, rh0 + prev, d, 1, u0 + 2 * d, G, z0 + zt + 2 * d, G);
    stateRows(z0 + zt, h0 + prev, h0 + next, B, d, G);
    for (let b = 0; b < B; b++) {
      if (valid[t * B + b]) continue;
      const s = b * d;
      heap.copyWithin(h0 + next + s, h0 + prev + s, h0 + prev + s + d);
    }
  }
  gates.set(heap.subarray(z0, h0));
  hs.set(heap.subarray(h0, rh0));
  rh.set(heap.subarray(rh0, rh0 + T * BD));
  return true;
}

/** The backward loop above in WebAssembly memory, as gruStepsOnWasm does for the forward. */
function gruBackStepsOnWasm(
  gates: Float64Array,
  hs: Float64Array,
  dh: Float64Array,
  gOutT: Float64Array,
  dZ: Float64Array,
  U: Float64Array,
  valid: Uint8Array,
  B: number,
  T: number,
  d: number,
): boolean {
  const G = 3 * d,
    BD = B * d,
    nZ = T * B * G;
  const layout = wasmLayout([G * d, nZ, nZ, T * BD, T * BD, BD, BD]);
  if (!layout) return false;
  const { w, heap } = layout;
  const [u0, z0, dz0, h0, go0, dh0, drh0] = layout.at;
  const { gemm: mm, gru_backward_state: stateBack, gru_backward_reset: resetBack } = w.exports;
  heap.set(U, u0);
  heap.set(gates, z0);
  heap.fill(0, dz0, dz0 + nZ);
  heap.set(hs.subarray(0, T * BD), h0);
  heap.set(gOutT, go0);
  heap.set(dh, dh0);
  for (let t = T - 1; t >= 0; t--) {
    const zt = t * B * G,
      prev = t * BD;
    forEachValidRun(valid, t, B, (b, e) =>
      stateBack(z0 + zt + b * G, h0 + prev + b * d, dh0 + b * d, go0 + prev + b * d, dz0 + zt + b * G, e - b, d, G, G),
    );
    heap.fill(0, drh0, drh0 + BD);
    mm(B, d, d, dz0 + zt + 2 * d, G, 1, u0 + 2 * d * d, d, drh0, d);
    forEachValidRun(valid, t, B, (b, e) =>
      resetBack(z0 + zt + b * G, drh0 + b * d, h0 + prev + b * d, dh0 + b * d, dz0 + zt + b * G, e - b, d, G, G),
    );
    mm(B, 2 * d, d, dz0 + zt, G, 1, u0, d, dh0, d);
  }
  dZ.set(heap.subarray(dz0, dz0 + nZ));
  dh.set(heap.subarray(dh0, dh0 + BD));
  return true;
}
