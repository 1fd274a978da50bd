/**
 * A whole LSTM layer over a sequence as ONE op, with its hand-written backward right below the
 * forward. Same equations, gate order (f, i, o, c̃) and masking as LSTMCell + runLayer; tests prove
 * the two agree in values and gradients. Fusing removes thousands of small tensors per step and
 * lets the matrix products run as large blocks:
 *   forward:  Z = X·Wᵀ + b for all steps at once (time-major), then per step Z_t += h_{t-1}·Uᵀ
 *   backward: per step dh_{t-1} = dZ_t·U; after the loop dW = dZᵀ·X, dU = dZᵀ·H_prev, dX = dZ·W
 *
 * Chain rule per step (valid positions), with tc = tanh(c_t):
 *   do = dh ⊙ tc,  dc = dc_next + dh ⊙ o ⊙ (1 - tc²)
 *   df = dc ⊙ c_{t-1},  di = dc ⊙ c̃,  dc̃ = dc ⊙ i,  dc_{t-1} = dc ⊙ f
 *   dZ = [df ⊙ f(1-f), di ⊙ i(1-i), do ⊙ o(1-o), dc̃ ⊙ (1-c̃²)]
 * Padded positions (t ≥ length) copy the state forward, so there dh and dc pass straight back.
 */
import { Tensor, accumulateGrad, fmtShape, result } from "../tensor";
import { gemmNN, gemmTN } from "../ops/kernels";
import { reshape, slice } from "../ops/shape";
import { sigmoidScalar } from "../ops/activation";

/** Runs an LSTM layer over x [B, T, m]; returns output [B, T, d] and final h, c [B, d]. */
export function lstmSequence(
  x: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  bias: Tensor,
  h0: Tensor,
  c0: Tensor,
  lengths?: readonly number[],
): { output: Tensor; h: Tensor; c: Tensor } {
  const [B, T, m] = x.shape;
  const d = weightHh.shape[1];
  const G = 4 * d;
  if (x.rank !== 3 || weightIh.shape[0] !== G || weightIh.shape[1] !== m || weightHh.shape[0] !== G || bias.size !== G) {
    throw new Error(`lstmSequence: shapes x ${fmtShape(x.shape)}, weightIh ${fmtShape(weightIh.shape)}, weightHh ${fmtShape(weightHh.shape)}, bias ${fmtShape(bias.shape)} do not fit [B,T,m], [4d,m], [4d,d], [4d]`);
  }
  for (const [s, name] of [[h0, "h0"], [c0, "c0"]] as Array<[Tensor, string]>) {
    if (s.size !== B * d) throw new Error(`lstmSequence: ${name} must have shape [${B}, ${d}], got ${fmtShape(s.shape)}`);
  }
  const W = weightIh.data;
  const U = weightHh.data;
  const valid = (b: number, t: number): boolean => !lengths || t < lengths[b];

  // Time-major copy of the input: xs[(t*B + b)*m + k].
  const xs = new Float64Array(T * B * m);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) xs.set(x.data.subarray((b * T + t) * m, (b * T + t + 1) * m), (t * B + b) * m);
  // Uᵀ [d, 4d] so the per-step product runs along contiguous rows.
  const UT = new Float64Array(d * G);
  for (let g = 0; g < G; g++) for (let k = 0; k < d; k++) UT[k * G + g] = U[g * d + k];
  const WT = new Float64Array(m * G);
  for (let g = 0; g < G; g++) for (let k = 0; k < m; k++) WT[k * G + g] = W[g * m + k];

  // Gate activations [T, B, 4d]; states h, c [T+1, B, d] (index 0 = initial); tanh(c_t) [T, B, d].
  const gates = new Float64Array(T * B * G);
  for (let r = 0; r < T * B; r++) gates.set(bias.data, r * G);
  gemmNN(xs, WT, gates, T * B, m, G);
  const hs = new Float64Array((T + 1) * B * d);
  const cs = new Float64Array((T + 1) * B * d);
  const tcs = new Float64Array(T * B * d);
  hs.set(h0.data, 0);
  cs.set(c0.data, 0);
  for (let t = 0; t < T; t++) {
    const zOff = t * B * G;
    gemmNN(hs, UT, gates, B, d, G, t * B * d, 0, zOff);
    const prev = t * B * d;
    const next = (t + 1) * B * d;
    for (let b = 0; b < B; b++) {
      const zb = zOff + b * G;
      const sb = b * d;
      if (!valid(b, t)) {
        for (let j = 0; j < d; j++) {
          hs[next + sb + j] = hs[prev + sb + j];
          cs[next + sb + j] = cs[prev + sb + j];
        }
        continue;
      }
      for (let j = 0; j < d; j++) {
        const f = sigmoidScalar(gates[zb + j]);
        const i = sigmoidScalar(gates[zb + d + j]);
        const o = sigmoidScalar(gates[zb + 2 * d + j]);
        const g = Math.tanh(gates[zb + 3 * d + j]);
        gates[zb + j] = f;
        gates[zb + d + j] = i;
        gates[zb + 2 * d + j] = o;
        gates[zb + 3 * d + j] = g;
        const c = f * cs[prev + sb + j] + i * g;
        const tc = Math.tanh(c);
        cs[next + sb + j] = c;
        tcs[prev + sb + j] = tc;
        hs[next + sb + j] = o * tc;
      }
    }
  }

  // Packed result: output [B, T, d], then h_T [B, d], then c_T [B, d].
  const nOut = B * T * d;
  const packed = new Float64Array(nOut + 2 * B * d);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) {
      if (!valid(b, t)) continue;
      packed.set(hs.subarray((t + 1) * B * d + b * d, (t + 1) * B * d + (b + 1) * d), (b * T + t) * d);
    }
  packed.set(hs.subarray(T * B * d), nOut);
  packed.set(cs.subarray(T * B * d), nOut + B * d);

  const all = result(packed, [packed.length], "lstmSequence", [x, weightIh, weightHh, bias, h0, c0], (res) => {
    const gp = res.grad as Float64Array;
    const dZ = new Float64Array(T * B * G);
    const dh = gp.slice(nOut, nOut + B * d);
    const dc = gp.slice(nOut + B * d, nOut + 2 * B * d);
    const dhPrev = new Float64Array(B * d);
    for (let t = T - 1; t >= 0; t--) {
      const zOff = t * B * G;
      const prev = t * B * d;
      for (let b = 0; b < B; b++) {
        const sb = b * d;
        if (!valid(b, t)) continue; // state copied: dh, dc pass through unchanged
        const zb = zOff + b * G;
        const go = (b * T + t) * d;
        for (let j = 0; j < d; j++) {
          const f = gates[zb + j], i = gates[zb + d + j], o = gates[zb + 2 * d + j], g = gates[zb + 3 * d + j];
          const tc = tcs[prev + sb + j];
          const dhj = dh[sb + j] + gp[go + j];
          const dcj = dc[sb + j] + dhj * o * (1 - tc * tc);
          const dOut = dhj * tc;
          dZ[zb + j] = dcj * cs[prev + sb + j] * f * (1 - f);
          dZ[zb + d + j] = dcj * g * i * (1 - i);
          dZ[zb + 2 * d + j] = dOut * o * (1 - o);
          dZ[zb + 3 * d + j] = dcj * i * (1 - g * g);
          dc[sb + j] = dcj * f;
          dh[sb + j] = 0;
        }
      }
      // dh_{t-1} = dZ_t · U (rows of padded positions are zero and keep their pass-through dh).
      dhPrev.fill(0);
      gemmNN(dZ, U, dhPrev, B, G, d, zOff, 0, 0);
      for (let k = 0; k < B * d; k++) dh[k] += dhPrev[k];
    }
    if (x.requiresGrad) {
      const dxs = new Float64Array(T * B * m);
      gemmNN(dZ, W, dxs, T * B, G, m);
      const gx = new Float64Array(x.size);
      for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) gx.set(dxs.subarray((t * B + b) * m, (t * B + b + 1) * m), (b * T + t) * m);
      accumulateGrad(x, gx);
    }
    if (weightIh.requiresGrad) {
      const gW = new Float64Array(G * m);
      gemmTN(dZ, xs, gW, G, T * B, m);
      accumulateGrad(weightIh, gW);
    }
    if (weightHh.requiresGrad) {
      const gU = new Float64Array(G * d);
      gemmTN(dZ, hs, gU, G, T * B, d);
      accumulateGrad(weightHh, gU);
    }
    if (bias.requiresGrad) {
      const gb = new Float64Array(G);
      for (let r = 0; r < T * B; r++) for (let g = 0; g < G; g++) gb[g] += dZ[r * G + g];
      accumulateGrad(bias, gb);
    }
    if (h0.requiresGrad) accumulateGrad(h0, dh);
    if (c0.requiresGrad) accumulateGrad(c0, dc);
  });
  return {
    output: reshape(slice(all, 0, 0, nOut), [B, T, d]),
    h: reshape(slice(all, 0, nOut, nOut + B * d), [B, d]),
    c: reshape(slice(all, 0, nOut + B * d, nOut + 2 * B * d), [B, d]),
  };
}
