/**
 * 练习 7：GRU 单元的一步（gru-cell）
 *
 * 实现门控循环单元（GRU）的方程（σ 为 logistic sigmoid，⊙ 为逐元素乘法）：
 *
 *   r_t = σ(W_r x_t + U_r h_{t-1} + b_r)                 重置门
 *   z_t = σ(W_z x_t + U_z h_{t-1} + b_z)                 更新门
 *   h̃_t = tanh(W_h x_t + U_h (r_t ⊙ h_{t-1}) + b_h)      候选状态
 *   h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
 *
 * 注意本课程的约定：更新门 z_t 乘在新的候选状态 h̃_t 上。PyTorch、Keras 和
 * TensorFlow.js 的约定相反：h_t = z_t ⊙ h_{t-1} + (1 - z_t) ⊙ h̃_t（它们的 z 相当于我们的 1 - z）。
 * 另外，重置门作用在乘 U_h 之前：U_h (r_t ⊙ h_{t-1})；PyTorch 是 r_t ⊙ (U_h h_{t-1} + b)，
 * 两者不同。这里每个门只有一个偏置。
 *
 * 权重布局（与本课程库的 GRUCell 相同）：三块按 r, z, h̃ 的顺序沿行堆叠，
 *   W = [W_r; W_z; W_h]  3d×m，U = [U_r; U_z; U_h]  3d×d，b = [b_r; b_z; b_h]  长 3d。
 *
 * 形状：x 长 m，hPrev 长 d；返回 h_t（长 d）。矩阵按行存放（number[][]）。不要修改传入的参数。
 * 对很大的预激活也不能出现 NaN。
 *
 * 例：d = m = 1，W = [[0], [0], [1]]，U = [[0], [0], [1]]，b = [0, 0, 0]，x = [1]，hPrev = [1]：
 *     r = z = σ(0) = 0.5，h̃ = tanh(1 + 0.5·1) = tanh(1.5) ≈ 0.905148，
 *     h = 0.5·1 + 0.5·0.905148 ≈ 0.952574
 *
 * Exercise 7: one GRU step (gru-cell)
 *
 * Implement the GRU equations above with the course's convention h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
 * (the update gate weights the NEW candidate; PyTorch/Keras put z_t on h_{t-1}) and the reset gate
 * applied before U_h: U_h (r_t ⊙ h_{t-1}). Blocks are stacked by rows in the order r, z, h̃:
 * W (3d×m), U (3d×d), b (3d). Return h_t (length d).
 */

/** GRU parameters, three blocks stacked by rows in the order r, z, h̃. */
export interface GruParams {
  /** [W_r; W_z; W_h], 3d×m. */
  W: number[][];
  /** [U_r; U_z; U_h], 3d×d. */
  U: number[][];
  /** [b_r; b_z; b_h], length 3d. */
  b: number[];
}

/**
 * One GRU step with the course's convention.
 * @param params W (3d×m), U (3d×d), b (3d), blocks in the order r, z, h̃
 * @param x input x_t (length m)
 * @param hPrev h_{t-1} (length d)
 * @returns h_t (length d)
 */
export function gruCell(params: GruParams, x: number[], hPrev: number[]): number[] {
  throw new Error("gru-cell: not implemented yet (尚未实现): write gruCell in exercises/gru-cell.ts");
}
