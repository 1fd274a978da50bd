/**
 * 练习 6：LSTM 单元的一步（lstm-cell）
 *
 * 实现长短时记忆网络（LSTM）的六个方程（σ 为 logistic sigmoid，⊙ 为逐元素乘法）：
 *
 *   f_t = σ(W_f x_t + U_f h_{t-1} + b_f)          遗忘门
 *   i_t = σ(W_i x_t + U_i h_{t-1} + b_i)          输入门
 *   o_t = σ(W_o x_t + U_o h_{t-1} + b_o)          输出门
 *   c̃_t = tanh(W_c x_t + U_c h_{t-1} + b_c)       候选细胞状态
 *   c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t               细胞状态
 *   h_t = o_t ⊙ tanh(c_t)                          隐藏状态
 *
 * 权重布局（与本课程库的 LSTMCell 相同）：四块按 f, i, o, c̃ 的顺序 沿行堆叠，
 *   W = [W_f; W_i; W_o; W_c]   4d×m   （第 0…d-1 行是 W_f，第 d…2d-1 行是 W_i，依此类推）
 *   U = [U_f; U_i; U_o; U_c]   4d×d
 *   b = [b_f; b_i; b_o; b_c]   长 4d
 * 注意：PyTorch 的顺序是 i, f, g, o（并且有两组偏置）；Keras 是 i, f, c, o。这里按 f, i, o, c̃。
 *
 * 形状：x 长 m，hPrev、cPrev 长 d；返回 { h: h_t, c: c_t }，各长 d。矩阵按行存放（number[][]）。
 * 不要修改传入的参数。σ(a) = 1 / (1 + e^{-a})；对很大的 |a| 也不能出现 NaN。
 *
 * 例：d = m = 1，W = [[0], [0], [0], [1]]，U = [[0], [0], [0], [0]]，b = [0, 0, 0, 0]，
 *     x = [2]，hPrev = [0]，cPrev = [1]：
 *     f = i = o = σ(0) = 0.5，c̃ = tanh(2) ≈ 0.964028，
 *     c = 0.5·1 + 0.5·0.964028 ≈ 0.982014，h = 0.5·tanh(0.982014) ≈ 0.376968
 *
 * Exercise 6: one LSTM step (lstm-cell)
 *
 * Implement the six LSTM equations above. The four blocks are stacked by rows in the order
 * f, i, o, c̃: W = [W_f; W_i; W_o; W_c] (4d×m), U = [U_f; U_i; U_o; U_c] (4d×d), b (4d). PyTorch
 * stacks i, f, g, o instead. Return { h, c } (length d each). Matrices are number[][] by rows.
 */

/** LSTM parameters, four blocks stacked by rows in the order f, i, o, c̃. */
export interface LstmParams {
  /** [W_f; W_i; W_o; W_c], 4d×m. */
  W: number[][];
  /** [U_f; U_i; U_o; U_c], 4d×d. */
  U: number[][];
  /** [b_f; b_i; b_o; b_c], length 4d. */
  b: number[];
}

/** New hidden and cell states. */
export interface LstmState {
  h: number[];
  c: number[];
}

/**
 * One LSTM step.
 * @param params W (4d×m), U (4d×d), b (4d), blocks in the order f, i, o, c̃
 * @param x input x_t (length m)
 * @param hPrev h_{t-1} (length d)
 * @param cPrev c_{t-1} (length d)
 */
export function lstmCell(params: LstmParams, x: number[], hPrev: number[], cPrev: number[]): LstmState {
  throw new Error("lstm-cell: not implemented yet (尚未实现): write lstmCell in exercises/lstm-cell.ts");
}
