/**
 * Single-head scaled dot-product self-attention, the core of a Transformer layer, built from the
 * library's ops so that it can be timed and compared with a recurrent layer:
 *
 * $$Q = X W_q^\top,\quad K = X W_k^\top,\quad V = X W_v^\top,\qquad
 *   A = \operatorname{softmax}\!\Big(\frac{Q K^\top}{\sqrt{d}}\Big),\qquad Y = (A V)\, W_o^\top$$
 *
 * with X [batch, T, d] and the softmax taken over the last axis (each position attends to every
 * position, so the layer is non-causal). Every output position depends on every input position
 * through one product: the path between any two steps has length 1, where an RNN's has length |t-s|.
 * The price is the T×T matrix A per sequence: time ∝ T²·d and memory ∝ T² (next to the T·d² of the
 * four projections), where a recurrent layer costs time ∝ T·d² and memory ∝ T·d. Counting a
 * multiply-add as 2 FLOPs, the matrix products cost 8·T·d² (Q, K, V, output) + 4·T²·d (QKᵀ, AV).
 *
 * Parameters (no biases, one head; the output projection W_o is the usual last map of a Transformer
 * attention block):
 * - weightQ = W_q, weightK = W_k, weightV = W_v, weightO = W_o, each [d, d] (Xavier uniform)
 *
 * The rest of the file adds masks and a second score function: `maskedSoftmax` (masked positions
 * removed by selection, so they get weight and gradient exactly 0 whatever they hold),
 * `scaledDotProductAttention` (queries, keys and values given, with padding and causal masks) and
 * `AdditiveAttention` (Bahdanau's score wᵀ tanh(W_q q + W_k k), one query per sequence, as used by
 * an encoder–decoder). Each returns the attention weights for plotting.
 */
import { Rng } from "../random";
import { Tensor, fmtShape, sizeOf } from "../tensor";
import { accumulateGrad, opResult } from "../autograd";
import { xavierUniform } from "../init";
import { linear, matmul } from "../ops/matmul";
import { transpose } from "../ops/shape";
import { add, scale } from "../ops/elementwise";
import { reshape } from "../ops/shape";
import { tanh } from "../ops/activation";
import { broadcastKind, broadcastShapes, expand } from "../ops/broadcast";
import { softmax } from "../ops/activation";
import { Module, parameter } from "./module";

/** The output of self-attention and the attention weights behind it. */
export interface AttentionResult {
  /** Y [batch, T, d]. */
  output: Tensor;
  /** A [batch, T, T]: row t holds the weights position t gives to every position (rows sum to 1). */
  weights: Tensor;
}

/** Single-head self-attention over [batch, T, d] (see the module comment for the equations). */
export class SelfAttention extends Module {
  readonly weightQ: Tensor;
  readonly weightK: Tensor;
  readonly weightV: Tensor;
  readonly weightO: Tensor;

  constructor(
    readonly dim: number,
    options: { rng: Rng },
  ) {
    super();
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`SelfAttention: dim must be a positive integer, got ${dim}`);
    this.weightQ = parameter(xavierUniform(options.rng, dim, dim), "weightQ");
    this.weightK = parameter(xavierUniform(options.rng, dim, dim), "weightK");
    this.weightV = parameter(xavierUniform(options.rng, dim, dim), "weightV");
    this.weightO = parameter(xavierUniform(options.rng, dim, dim), "weightO");
  }

  /**
   * x [batch, T, d] → output [batch, T, d] and the attention weights [batch, T, T]. With `masks`
   * (padding lengths, causal), masked positions get weight exactly 0 (see scaledDotProductAttention).
   */
  attend(x: Tensor, masks?: AttentionMaskOptions): AttentionResult {
    if (x.rank !== 3 || x.shape[2] !== this.dim) {
      throw new Error(`SelfAttention.forward: input must be [batch, T, ${this.dim}], got shape ${fmtShape(x.shape)}`);
    }
    const q = linear(x, this.weightQ);
    const k = linear(x, this.weightK);
    const v = linear(x, this.weightV);
    if (masks) {
      const r = scaledDotProductAttention(q, k, v, masks);
      return { output: linear(r.output, this.weightO), weights: r.weights };
    }
    const scores = scale(matmul(q, transpose(k)), 1 / Math.sqrt(this.dim));
    const weights = softmax(scores, -1);
    return { output: linear(matmul(weights, v), this.weightO), weights };
  }

  /** x [batch, T, d] → Y [batch, T, d]. */
  forward(x: Tensor): Tensor {
    return this.attend(x).output;
  }
}

// ---------------------------------------------------------------------------------------------
// Masked attention: padding and causal masks by selection, scaled dot-product and additive scores.
// ---------------------------------------------------------------------------------------------

/** Which keys each query may attend to. */
export interface AttentionMaskOptions {
  /** Real length of each key sequence (keys at positions ≥ length are padding), one per batch row. */
  keyLengths?: readonly number[];
  /** Query t attends only to keys s ≤ t (needs as many queries as keys). */
  causal?: boolean;
  /** Any 0/1 mask (1 = may attend) broadcastable to the scores [B, Tq, Tk], e.g. [B, 1, Tk] or [Tq, Tk]. */
  mask?: Tensor;
}

/**
 * Softmax over the last axis restricted to the positions where `mask` is 1:
 *
 * $$a_j = \frac{m_j e^{s_j}}{\sum_i m_i e^{s_i}},\qquad
 *   \frac{\partial L}{\partial s_j} = m_j\, a_j \Big(g_j - \sum_i m_i a_i g_i\Big).$$
 *
 * Masked positions are selected out, not pushed to −∞ and multiplied by 0: they get weight exactly
 * 0 and gradient exactly 0 whatever their score holds (even NaN or ±∞). A lane with no allowed
 * position gets all-zero weights. `mask` is a 0/1 tensor broadcastable to `scores`.
 */
export function maskedSoftmax(scores: Tensor, mask: Tensor): Tensor {
  const shape = broadcastShapes("maskedSoftmax", mask.shape, scores.shape);
  if (shape.length !== scores.rank || shape.some((s, i) => s !== scores.shape[i]))
    throw new Error(
      `maskedSoftmax: mask shape ${fmtShape(mask.shape)} must broadcast to the scores shape ${fmtShape(scores.shape)}`,
    );
  const n = scores.size;
  const m = expand(mask.data, broadcastKind(mask.shape, scores.shape), n);
  for (let i = 0; i < m.length; i++)
    if (m[i] !== 0 && m[i] !== 1) throw new Error(`maskedSoftmax: mask values must be 0 or 1, got ${m[i]}`);
  const len = scores.rank === 0 ? 1 : scores.shape[scores.rank - 1];
  const s = scores.data;
  const out = new Float64Array(n);
  for (let base = 0; base < n; base += len) {
    let top = -Infinity;
    for (let j = base; j < base + len; j++) if (m[j] === 1 && s[j] > top) top = s[j];
    let z = 0;
    for (let j = base; j < base + len; j++) {
      if (m[j] === 1) {
        out[j] = Math.exp(s[j] - top);
        z += out[j];
      }
    }
    if (z > 0) for (let j = base; j < base + len; j++) if (m[j] === 1) out[j] /= z;
  }
  return opResult(out, scores.shape, "maskedSoftmax", [scores], (g) => {
    const gs = new Float64Array(n);
    for (let base = 0; base < n; base += len) {
      let dot = 0;
      for (let j = base; j < base + len; j++) if (m[j] === 1) dot += g[j] * out[j];
      for (let j = base; j < base + len; j++) if (m[j] === 1) gs[j] = out[j] * (g[j] - dot);
    }
    accumulateGrad(scores, gs);
  });
}

/** The [B, T] 0/1 mask of sequences with the given lengths (1 at positions < length). */
export function lengthMask(lengths: readonly number[], time: number): Tensor {
  const m = new Float64Array(lengths.length * time);
  lengths.forEach((L, b) => {
    if (!Number.isInteger(L) || L < 0 || L > time)
      throw new Error(`lengthMask: length ${L} of sequence ${b} must be an integer in 0..${time}`);
    for (let t = 0; t < L; t++) m[b * time + t] = 1;
  });
  return new Tensor(m, [lengths.length, time]);
}

/** The [T, T] lower-triangular 0/1 mask: query t may attend to keys s ≤ t. */
export function causalMask(time: number): Tensor {
  const m = new Float64Array(time * time);
  for (let t = 0; t < time; t++) for (let s = 0; s <= t; s++) m[t * time + s] = 1;
  return new Tensor(m, [time, time]);
}

/**
 * x [B, T, F] with the steps at positions ≥ lengths[b] replaced by exact zeros (selection: the
 * padding's values, even NaN, reach neither the result nor the gradient).
 */
export function zeroPadding(x: Tensor, lengths: readonly number[]): Tensor {
  if (x.rank !== 3) throw new Error(`zeroPadding: input must be [batch, time, features], got ${fmtShape(x.shape)}`);
  const [B, T, F] = x.shape;
  if (lengths.length !== B) throw new Error(`zeroPadding: ${lengths.length} lengths given for a batch of ${B}`);
  const keep = lengthMask(lengths, T).data;
  const out = new Float64Array(x.size);
  for (let r = 0; r < B * T; r++) if (keep[r] === 1) out.set(x.data.subarray(r * F, r * F + F), r * F);
  return opResult(out, x.shape, "zeroPadding", [x], (g) => {
    const gx = new Float64Array(x.size);
    for (let r = 0; r < B * T; r++) if (keep[r] === 1) gx.set(g.subarray(r * F, r * F + F), r * F);
    accumulateGrad(x, gx);
  });
}

/** Builds the combined 0/1 mask [B, Tq, Tk] of the options, or null when nothing is masked. */
function attentionMask(op: string, B: number, Tq: number, Tk: number, options: AttentionMaskOptions): Tensor | null {
  if (!options.keyLengths && !options.causal && !options.mask) return null;
  const m = new Float64Array(B * Tq * Tk).fill(1);
  if (options.keyLengths) {
    if (options.keyLengths.length !== B)
      throw new Error(`${op}: ${options.keyLengths.length} key lengths given for a batch of ${B}`);
    options.keyLengths.forEach((L, b) => {
      if (!Number.isInteger(L) || L < 1 || L > Tk)
        throw new Error(`${op}: key length ${L} of sequence ${b} must be an integer in 1..${Tk}`);
      for (let i = 0; i < Tq; i++) for (let j = L; j < Tk; j++) m[(b * Tq + i) * Tk + j] = 0;
    });
  }
  if (options.causal) {
    if (Tq !== Tk) throw new Error(`${op}: a causal mask needs as many queries as keys, got ${Tq} and ${Tk}`);
    for (let b = 0; b < B; b++)
      for (let i = 0; i < Tq; i++) for (let j = i + 1; j < Tk; j++) m[(b * Tq + i) * Tk + j] = 0;
  }
  if (options.mask) {
    const shape = [B, Tq, Tk];
    const full = broadcastShapes(op, options.mask.shape, shape);
    if (sizeOf(full) !== B * Tq * Tk)
      throw new Error(`${op}: mask shape ${fmtShape(options.mask.shape)} must broadcast to ${fmtShape(shape)}`);
    const e = expand(options.mask.data, broadcastKind(options.mask.shape, shape), B * Tq * Tk);
    for (let i = 0; i < m.length; i++) m[i] *= e[i];
  }
  return new Tensor(m, [B, Tq, Tk]);
}

/**
 * Scaled dot-product attention with masks:
 *
 * $$A = \operatorname{softmax}_{\text{mask}}\!\Big(\frac{Q K^\top}{\sqrt{d}}\Big),\qquad Y = A V$$
 *
 * q [B, Tq, d], k [B, Tk, d], v [B, Tk, dv] → output [B, Tq, dv] and weights [B, Tq, Tk] (for
 * plotting; each row sums to 1 over the allowed keys, masked keys have weight exactly 0). With
 * `keyLengths`, padded keys and values are replaced by zeros by selection first, so NaN or garbage
 * in the padding reaches neither the outputs nor any gradient.
 */
export function scaledDotProductAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: AttentionMaskOptions = {},
): AttentionResult {
  const op = "scaledDotProductAttention";
  if (q.rank !== 3 || k.rank !== 3 || v.rank !== 3)
    throw new Error(
      `${op}: q, k, v must be [batch, time, features], got shapes ${fmtShape(q.shape)}, ${fmtShape(k.shape)}, ${fmtShape(v.shape)}`,
    );
  const [B, Tq, d] = q.shape;
  const Tk = k.shape[1];
  if (k.shape[0] !== B || v.shape[0] !== B || k.shape[2] !== d || v.shape[1] !== Tk)
    throw new Error(
      `${op}: shapes q ${fmtShape(q.shape)}, k ${fmtShape(k.shape)}, v ` +
        `${fmtShape(v.shape)} do not match (need q [B,Tq,d], k [B,Tk,d], v [B,Tk,dv])`,
    );
  const mask = attentionMask(op, B, Tq, Tk, options);
  const keys = options.keyLengths ? zeroPadding(k, options.keyLengths) : k;
  const values = options.keyLengths ? zeroPadding(v, options.keyLengths) : v;
  const scores = scale(matmul(q, transpose(keys)), 1 / Math.sqrt(d));
  const weights = mask ? maskedSoftmax(scores, mask) : softmax(scores, -1);
  return { output: matmul(weights, values), weights };
}

/**
 * Additive (Bahdanau) attention of one query per sequence over a sequence of keys:
 *
 * $$e_j = w^\top \tanh(W_q q + W_k k_j),\qquad a = \operatorname{softmax}_{\text{mask}}(e),\qquad
 *   c = \sum_j a_j v_j$$
 *
 * Parameters: weightQ = W_q [attnDim, queryDim], weightK = W_k [attnDim, keyDim] (Xavier uniform),
 * score = w [1, attnDim] (Xavier uniform). A decoder calls it once per step with its hidden state as q.
 */
export class AdditiveAttention extends Module {
  readonly weightQ: Tensor;
  readonly weightK: Tensor;
  readonly score: Tensor;

  constructor(
    readonly queryDim: number,
    readonly keyDim: number,
    readonly attnDim: number,
    options: { rng: Rng },
  ) {
    super();
    for (const [name, v] of [
      ["queryDim", queryDim],
      ["keyDim", keyDim],
      ["attnDim", attnDim],
    ] as const)
      if (!Number.isInteger(v) || v < 1)
        throw new Error(`AdditiveAttention: ${name} must be a positive integer, got ${v}`);
    this.weightQ = parameter(xavierUniform(options.rng, attnDim, queryDim), "weightQ");
    this.weightK = parameter(xavierUniform(options.rng, attnDim, keyDim), "weightK");
    this.score = parameter(xavierUniform(options.rng, 1, attnDim), "score");
  }

  /**
   * query [B, queryDim], keys [B, Tk, keyDim], values [B, Tk, dv] (default: the keys) → context
   * [B, dv] and weights [B, Tk]. `keyLengths` masks padded keys (weight exactly 0, see maskedSoftmax).
   */
  attend(
    query: Tensor,
    keys: Tensor,
    options: { values?: Tensor; keyLengths?: readonly number[] } = {},
  ): { context: Tensor; weights: Tensor } {
    const op = "AdditiveAttention.attend";
    if (query.rank !== 2 || query.shape[1] !== this.queryDim)
      throw new Error(`${op}: query must be [batch, ${this.queryDim}], got ${fmtShape(query.shape)}`);
    const B = query.shape[0];
    const { context, weights } = additiveAttentionAll(op, this, reshape(query, [B, 1, this.queryDim]), keys, options);
    return { context: reshape(context, [B, context.shape[2]]), weights: reshape(weights, [B, weights.shape[2]]) };
  }
}

/**
 * The additive attention of `attention` for queries [B, Tq, queryDim] at once (shared by
 * `AdditiveAttention.attend`, one query, and `additiveAttentionSteps`, every decoder step): keys
 * [B, Tk, keyDim], values [B, Tk, dv] (default: the keys) → context [B, Tq, dv], weights [B, Tq, Tk].
 * `op` names the caller in error messages.
 */
export function additiveAttentionAll(
  op: string,
  attention: AdditiveAttention,
  queries: Tensor,
  keys: Tensor,
  options: { values?: Tensor; keyLengths?: readonly number[] } = {},
): { context: Tensor; weights: Tensor } {
  if (queries.rank !== 3 || queries.shape[2] !== attention.queryDim)
    throw new Error(`${op}: queries must be [batch, steps, ${attention.queryDim}], got ${fmtShape(queries.shape)}`);
  const [B, Tq] = queries.shape;
  if (keys.rank !== 3 || keys.shape[0] !== B || keys.shape[2] !== attention.keyDim)
    throw new Error(`${op}: keys must be [${B}, time, ${attention.keyDim}], got ${fmtShape(keys.shape)}`);
  const Tk = keys.shape[1];
  const values = options.values ?? keys;
  if (values.rank !== 3 || values.shape[0] !== B || values.shape[1] !== Tk)
    throw new Error(`${op}: values must be [${B}, ${Tk}, features], got ${fmtShape(values.shape)}`);
  const lengths = options.keyLengths;
  if (lengths && (lengths.length !== B || lengths.some((L) => !Number.isInteger(L) || L < 1 || L > Tk)))
    throw new Error(`${op}: keyLengths must hold ${B} integers in 1..${Tk}, got [${lengths.join(", ")}]`);
  const k = lengths ? zeroPadding(keys, lengths) : keys;
  const v = lengths ? zeroPadding(values, lengths) : values;
  const a = attention.attnDim;
  const projectedKeys = reshape(linear(k, attention.weightK), [B, 1, Tk, a]);
  const projectedQueries = reshape(linear(queries, attention.weightQ), [B, Tq, 1, a]);
  const hidden = tanh(add(projectedKeys, projectedQueries)); // [B, Tq, Tk, a]
  const e = reshape(linear(hidden, attention.score), [B, Tq, Tk]);
  const weights = lengths ? maskedSoftmax(e, reshape(lengthMask(lengths, Tk), [B, 1, Tk])) : softmax(e, -1);
  return { context: matmul(weights, v), weights };
}
