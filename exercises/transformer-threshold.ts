/**
 * 练习 12：RNN 与自注意力的计算量（transformer-threshold）
 *
 * 比较 RNN（计算量随序列长度 T 线性增长）和 Transformer 的自注意力（随 T 二次增长），并定义
 * 一个阈值长度 T_win：序列比它长时，RNN 更省计算。本练习用下面这个精确的计算量模型来求它。
 *
 * 计算量模型（前向传播、批大小 1、只数矩阵乘法）：
 *   - 一次乘加记 2 FLOPs：(a×b 矩阵)·(b×c 矩阵) 记 2·a·b·c FLOPs；矩阵乘向量 (a×b)·(b) 记 2·a·b。
 *   - 不计偏置、激活函数、softmax、缩放、逐元素乘法。
 *   - 输入维度与隐藏（模型）维度都为 d。
 *   - 循环层：每个时间步，每个单元（门或候选状态）做 W x_t 与 U h_{t-1} 两次 d×d 矩阵乘向量。
 *     单元数 g：rnn 为 1，gru 为 3，lstm 为 4。所以 FLOPs_rec(T, d) = T · g · (2d² + 2d²) = 4·g·T·d²。
 *   - 自注意力层（单头；多头不改变计数）：
 *       Q、K、V 三个投影：3 · 2·T·d² ；注意力分数 Q Kᵀ（T×d 乘 d×T）：2·T²·d ；
 *       加权求和 A V（T×T 乘 T×d）：2·T²·d ；输出投影：2·T·d²。
 *     合计 FLOPs_attn(T, d) = 8·T·d² + 4·T²·d。
 *
 * 请实现：
 *   1. recurrentLayerFlops(kind, T, d) 与 attentionLayerFlops(T, d)：按上面的模型返回 FLOPs。
 *   2. thresholdLength(kind, d)：返回使 FLOPs_rec(T, d) < FLOPs_attn(T, d)（严格小于）的最小正整数 T，
 *      即 T_win。（可以推出闭式解，也可以搜索；d 可达 10^4，搜索要高效。）
 * 参数不合法时抛出 Error，消息写出参数名：kind 不是 "rnn" | "gru" | "lstm"，T 不是非负整数，
 * d 不是正整数。
 *
 * 例：d = 64，T = 100：FLOPs_rec(lstm) = 4·4·100·64² = 6,553,600；
 *     FLOPs_attn = 8·100·64² + 4·100²·64 = 3,276,800 + 2,560,000 = 5,836,800（这里注意力更便宜）。
 *     thresholdLength("lstm", 64) = 129（T = 128 时两者相等，不算“更便宜”）。
 *
 * Exercise 12: FLOPs of a recurrent layer versus self-attention (transformer-threshold)
 *
 * Cost model (forward, batch 1, matrix products only, a multiply-add = 2 FLOPs, input size = hidden
 * size = d): a recurrent layer with g units (rnn 1, gru 3, lstm 4) costs 4·g·T·d²; a single-head
 * self-attention layer costs 8·T·d² (Q, K, V and output projections) + 4·T²·d (QKᵀ and AV).
 * Implement both counts and thresholdLength(kind, d): the smallest positive integer T with
 * FLOPs_rec < FLOPs_attn (strictly). Throw an Error naming the argument for invalid input.
 */

/** Recurrent layer types. */
export type RecurrentKind = "rnn" | "gru" | "lstm";

/**
 * FLOPs of one recurrent layer over T steps: 4·g·T·d² with g = 1, 3, 4 for rnn, gru, lstm.
 * @param kind "rnn", "gru" or "lstm"
 * @param T sequence length (integer ≥ 0)
 * @param d input and hidden size (integer ≥ 1)
 */
export function recurrentLayerFlops(kind: RecurrentKind, T: number, d: number): number {
  throw new Error(
    "transformer-threshold: not implemented yet (尚未实现): write recurrentLayerFlops in exercises/transformer-threshold.ts",
  );
}

/**
 * FLOPs of one single-head self-attention layer: 8·T·d² + 4·T²·d.
 * @param T sequence length (integer ≥ 0)
 * @param d model size (integer ≥ 1)
 */
export function attentionLayerFlops(T: number, d: number): number {
  throw new Error(
    "transformer-threshold: not implemented yet (尚未实现): write attentionLayerFlops in exercises/transformer-threshold.ts",
  );
}

/**
 * The smallest positive integer T for which the recurrent layer needs strictly fewer FLOPs.
 * @param kind "rnn", "gru" or "lstm"
 * @param d model size (integer ≥ 1)
 */
export function thresholdLength(kind: RecurrentKind, d: number): number {
  throw new Error(
    "transformer-threshold: not implemented yet (尚未实现): write thresholdLength in exercises/transformer-threshold.ts",
  );
}
