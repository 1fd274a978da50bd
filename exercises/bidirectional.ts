/**
 * 练习 11：双向 RNN（bidirectional）
 *
 * 双向RNN用两个独立的简单 RNN：前向 RNN 从头到尾读序列，后向 RNN 从尾到头读序列，
 * 再把两者在同一时间步的状态拼接起来：
 *
 *   前向：h→_t = tanh(W_h^f h→_{t-1} + W_x^f x_t + b^f)，t = 1, …, T，h→_0 = 0
 *   后向：h←_t = tanh(W_h^b h←_{t+1} + W_x^b x_t + b^b)，t = T, …, 1，h←_{T+1} = 0
 *   输出：y_t = [h→_t ; h←_t]（长度 d_f + d_b，前向在前）
 *
 * 注意对齐：h←_t 是后向 RNN 读完 x_T, x_{T-1}, …, x_t 之后的状态，所以它要放在时间步 t，
 * 而不是放在后向 RNN 的第 T - t + 1 个处理步的位置。两个方向的隐藏维度可以不同（d_f ≠ d_b）。
 *
 * 形状：xs 为 T×m（xs[t] 是 x_{t+1}）；forward 的 W_h 为 d_f×d_f、W_x 为 d_f×m、b 长 d_f；
 * backward 同理（d_b）。返回 T 行，每行 d_f + d_b 个数；T = 0 时返回 []。矩阵按行存放
 * （number[][]）。不要修改传入的参数。
 *
 * 例：d_f = d_b = m = 1，forward = backward = { Wh: [[0.5]], Wx: [[1]], b: [0] }，xs = [[1], [0]]：
 *     前向：h→_1 = tanh(1) ≈ 0.761594，h→_2 = tanh(0.380797) ≈ 0.363399
 *     后向：h←_2 = tanh(0) = 0，h←_1 = tanh(0.5·0 + 1) ≈ 0.761594
 *     → [[0.761594, 0.761594], [0.363399, 0]]
 *
 * Exercise 11: bidirectional RNN (bidirectional)
 *
 * Run a forward simple RNN over x_1 … x_T and an independent backward one over x_T … x_1 (both from
 * zero states), and return y_t = [h→_t ; h←_t] for every t (forward part first). h←_t is the backward
 * state after reading x_T … x_t, placed at time t. The two directions may have different sizes.
 * Return T rows of d_f + d_b numbers ([] when T = 0). Matrices are number[][] by rows.
 */

/** Parameters of a simple RNN cell: recurrent weights W_h (d×d), input weights W_x (d×m), bias b (d). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/**
 * Bidirectional simple RNN with zero initial states.
 * @param forward parameters of the forward direction (size d_f)
 * @param backward parameters of the backward direction (size d_b)
 * @param xs inputs, T rows of m numbers
 * @returns T rows [h→_t ; h←_t] of length d_f + d_b
 */
export function bidirectionalRnn(forward: RnnParams, backward: RnnParams, xs: number[][]): number[][] {
  throw new Error(
    "bidirectional: not implemented yet (尚未实现): write bidirectionalRnn in exercises/bidirectional.ts",
  );
}
