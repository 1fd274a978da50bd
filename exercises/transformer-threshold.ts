/**
 * 练习 12：RNN 与 Transformer 的计算量（transformer-threshold）
 *
 * 循环层的计算量随序列长度 T 线性增长，自注意力随 T 二次增长，所以存在一个阈值长度 T_win：序列
 * 至少这么长时，循环层更省计算。本练习用下面这个精确的计算量模型来求它。
 *
 * 计算量模型（前向传播、批大小 1、只数矩阵乘法）：
 *   - 一次乘加记 2 FLOPs：(a×b 矩阵)·(b×c 矩阵) 记 2·a·b·c FLOPs；矩阵乘向量 (a×b)·(b) 记 2·a·b。
 *   - 不计偏置、激活函数、softmax、缩放、逐元素乘法、残差连接和层归一化。
 *   - 输入维度与隐藏（模型）维度都为 d。
 *   - 循环层：每个时间步，每个单元（门或候选状态）做 W x_t 与 U h_{t-1} 两次 d×d 矩阵乘向量。
 *     单元数 g：rnn 为 1，gru 为 3，lstm 为 4。
 *   - 自注意力层（单头；多头不改变计数）：Q、K、V 三个投影（每个都是 T×d 乘 d×d）；注意力分数
 *     Q Kᵀ（T×d 乘 d×T）；加权求和 A V（T×T 乘 T×d）；输出投影（T×d 乘 d×d）。
 *   - 前馈子层（ffnFactor = k）：完整的 Transformer 块在自注意力之后还有一个前馈子层，宽度 k·d：
 *     先乘 d×(k·d) 的矩阵，再乘 (k·d)×d 的矩阵（中间的激活函数不计）。k = 0 表示只有自注意力，
 *     常见的 Transformer 块取 k = 4。
 *
 * 请实现：
 *   1. recurrentLayerFlops(kind, T, d) 与 attentionLayerFlops(T, d, ffnFactor)：按上面的模型返回 FLOPs。
 *   2. thresholdLength(kind, d, ffnFactor)：返回使 FLOPs_rec(T, d) < FLOPs_attn(T, d, ffnFactor)（严格小于）
 *      的最小正整数 T，即 T_win。d 可达 10^4：先推出闭式解，或者让搜索足够高效。
 * 参数不合法时抛出 Error，消息写出出错的那个参数名和它的值（不要写一条列出所有参数的笼统消息）：
 * kind 不是 "rnn" | "gru" | "lstm"，T 不是非负整数，d 不是正整数，ffnFactor 不是非负整数。
 *
 * 例：d = 64，T = 100：recurrentLayerFlops("lstm", 100, 64) = 6,553,600；
 *     attentionLayerFlops(100, 64, 0) = 5,836,800（这里只算自注意力时，注意力更便宜）；
 *     thresholdLength("lstm", 64, 0) = 129（T = 128 时两者相等，不算“更便宜”）。
 *
 * Exercise 12: FLOPs of a recurrent layer versus a Transformer block (transformer-threshold)
 *
 * Cost model (forward, batch 1, matrix products only, a multiply-add = 2 FLOPs, input size = hidden
 * size = d): a recurrent layer with g units (rnn 1, gru 3, lstm 4) does W x_t and U h_{t-1} per unit
 * and step; a single-head self-attention layer does the Q, K, V projections, Q Kᵀ, A V and the output
 * projection; with ffnFactor = k > 0 a feed-forward sublayer of width k·d follows (a d×kd then a kd×d
 * matrix; k = 4 in the usual Transformer block). Implement both counts and thresholdLength(kind, d,
 * ffnFactor): the smallest positive integer T with FLOPs_rec < FLOPs_attn (strictly). For invalid
 * input throw an Error naming the argument at fault and its value (not a catch-all message).
 * Example above: d = 64, T = 100 gives 6,553,600 (lstm) and 5,836,800 (attention, k = 0); the
 * threshold for lstm, d = 64, k = 0 is 129.
 */

/** Recurrent layer types. */
export type RecurrentKind = "rnn" | "gru" | "lstm";

/**
 * FLOPs of one recurrent layer over T steps.
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
 * FLOPs of one single-head self-attention layer, followed by a feed-forward sublayer of width
 * ffnFactor·d when ffnFactor > 0.
 * @param T sequence length (integer ≥ 0)
 * @param d model size (integer ≥ 1)
 * @param ffnFactor width factor k of the feed-forward sublayer (integer ≥ 0; 0: none, 4: usual block)
 */
export function attentionLayerFlops(T: number, d: number, ffnFactor: number): number {
  throw new Error(
    "transformer-threshold: not implemented yet (尚未实现): write attentionLayerFlops in exercises/transformer-threshold.ts",
  );
}

/**
 * The smallest positive integer T for which the recurrent layer needs strictly fewer FLOPs.
 * @param kind "rnn", "gru" or "lstm"
 * @param d model size (integer ≥ 1)
 * @param ffnFactor width factor k of the feed-forward sublayer (integer ≥ 0)
 */
export function thresholdLength(kind: RecurrentKind, d: number, ffnFactor: number): number {
  throw new Error(
    "transformer-threshold: not implemented yet (尚未实现): write thresholdLength in exercises/transformer-threshold.ts",
  );
}
