/**
 * 练习 21：加性注意力及其手写梯度（additive-attention）
 *
 * 编码器–解码器里，解码器每一步用它的隐藏状态（查询 q）去“看”编码器的各个输出（键 k_j 与值 v_j）。
 * 加性注意力（Bahdanau 注意力）给每个键打分，再用 softmax 得到权重，上下文向量是值的加权和：
 *
 *   e_j = wᵀ tanh(W_q q + W_k k_j),   a = softmax(e)（只在真实位置上）,   c = Σ_j a_j v_j
 *
 * 一批里长短不一的序列被填充到同样长度 T：只有前 length 个键是真实的，位置 j ≥ length 是填充，
 * 它们的权重必须**恰好为 0**，也不能影响任何结果或梯度——即使填充位置存放的是很大的数甚至 NaN。
 *
 * 要写两个函数：
 * 1. additiveAttention(params, query, keys, values, length) → { weights（长 T）, context（长 Dv）}。
 * 2. additiveAttentionBackward(params, query, keys, values, length, dContext)：已知损失对上下文向量的
 *    梯度 dContext = ∂L/∂c，求 ∂L/∂W_q、∂L/∂W_k、∂L/∂w、∂L/∂q、∂L/∂keys、∂L/∂values（与对应输入同形状；
 *    填充位置的梯度为 0）。推导是你的任务：从 c 往回，经过加权和、softmax、打分 wᵀ tanh(·)，注意 W_q q
 *    对所有 j 是同一项。可以用数值差分检查自己的结果。
 * length 不是 1..T 之间的整数时抛出 Error，消息写明 length 和它的值。
 * 只用普通数组，不要导入课程的库（评分器拿你的结果和库里的 AdditiveAttention 比较）。不要修改输入。
 *
 * 形状：A 为注意力维数；W_q 为 A×Dq，W_k 为 A×Dk，w 长 A，query 长 Dq，keys 为 T×Dk，values 为 T×Dv，
 *       dContext 长 Dv。矩阵按行存放（number[][]）。
 *
 * 例：W_q = W_k = [[1, 0], [0, 1]]，w = [1, −1]，query = [0.5, 0]，
 *     keys = [[1, 0], [0, 1], [9, 9]]，values = [[1, 0], [0, 2], [5, 5]]，length = 2（第 3 个是填充）：
 *     e_1 = tanh(1.5) − tanh(0) ≈ 0.905148，e_2 = tanh(0.5) − tanh(1) ≈ −0.299477，
 *     weights ≈ [0.769347, 0.230653, 0]，context ≈ [0.769347, 0.461307]；
 *     dContext = [1, 0] 时 dValues ≈ [[0.769347, 0], [0.230653, 0], [0, 0]]，dw ≈ [0.078617, −0.135147]，
 *     dQuery ≈ [−0.107490, −0.102927]。
 *
 * Exercise 21: additive attention and its gradient by hand (additive-attention)
 *
 * e_j = wᵀ tanh(W_q q + W_k k_j), a = softmax(e) over the real positions j < length, c = Σ_j a_j v_j.
 * Padded positions (j ≥ length) get weight exactly 0 and must not affect anything, even when they hold
 * huge numbers or NaN. Write the forward pass (weights and context) and, given dContext = ∂L/∂c, the
 * gradients of W_q, W_k, w, the query, the keys and the values (zero at padded positions): deriving
 * them is the exercise. Throw an Error naming length and its value when length is not an integer in
 * 1..T. Plain arrays only; the grader compares with the library's AdditiveAttention. Example above.
 */

/** Parameters: Wq (A×Dq), Wk (A×Dk), w (A). */
export interface AttentionParams {
  Wq: number[][];
  Wk: number[][];
  w: number[];
}

/** Gradients of the loss with respect to every input, each of its input's shape. */
export interface AttentionGrads {
  dWq: number[][];
  dWk: number[][];
  dw: number[];
  dQuery: number[];
  dKeys: number[][];
  dValues: number[][];
}

/** The attention weights (length T, zero at padded positions) and the context vector (length Dv). */
export function additiveAttention(
  params: AttentionParams,
  query: number[],
  keys: number[][],
  values: number[][],
  length: number,
): { weights: number[]; context: number[] } {
  throw new Error(
    "additive-attention: not implemented yet (尚未实现): write additiveAttention in exercises/additive-attention.ts",
  );
}

/** The gradients of L given dContext = ∂L/∂context. */
export function additiveAttentionBackward(
  params: AttentionParams,
  query: number[],
  keys: number[][],
  values: number[][],
  length: number,
  dContext: number[],
): AttentionGrads {
  throw new Error(
    "additive-attention: not implemented yet (尚未实现): write additiveAttentionBackward in exercises/additive-attention.ts",
  );
}
