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
import { Tensor } from "../tensor";
import { AdditiveAttention, additiveAttentionAll } from "./attention";

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
  return additiveAttentionAll("additiveAttentionSteps", attention, queries, keys, options);
}
