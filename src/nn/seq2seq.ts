/**
 * Additive attention for every decoder step at once, for encoder–decoder models trained with
 * teacher forcing: with the decoder's states s_1 … s_Tq known in advance (one run of a fused
 * recurrent layer over the target prefix), the scores of all steps are one batched computation
 *
 * $$e_{tj} = w^\top \tanh(W_q s_t + W_k k_j),\qquad a_{t\cdot} = \operatorname{softmax}_{\text{mask}}(e_{t\cdot}),\qquad
 *   c_t = \sum_j a_{tj} v_j$$
 *
 * with the parameters of an `AdditiveAttention` module (so a decoder trained with this function
 * decodes step by step with `AdditiveAttention.attend`, which computes the same numbers for one
 * query). The context enters the decoder's output layer, not its recurrence (Luong et al., 2015,
 * arrangement with Bahdanau's additive score): that is what makes the batched form exact.
 */
import { Tensor, fmtShape } from "../tensor";
import { linear, matmul } from "../ops/matmul";
import { add } from "../ops/elementwise";
import { reshape } from "../ops/shape";
import { softmax, tanh } from "../ops/activation";
import { AdditiveAttention, lengthMask, maskedSoftmax, zeroPadding } from "./attention";

/**
 * queries [B, Tq, queryDim], keys [B, Tk, keyDim], values [B, Tk, dv] (default: the keys) →
 * context [B, Tq, dv] and weights [B, Tq, Tk] (row t: the weights of query t, summing to 1 over
 * the real keys). `keyLengths` masks padded keys by selection: they get weight exactly 0 and their
 * values, even NaN, reach neither the outputs nor any gradient.
 */
export function additiveAttentionSteps(
  attention: AdditiveAttention,
  queries: Tensor,
  keys: Tensor,
  options: { values?: Tensor; keyLengths?: readonly number[] } = {},
): { context: Tensor; weights: Tensor } {
  const op = "additiveAttentionSteps";
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
