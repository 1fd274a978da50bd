/**
 * 练习 4：梯度随时间滞后的衰减（gradient-lag）
 *
 * 简单 RNN a_j = W_h h_{j-1} + W_x x_j + b，h_j = tanh(a_j) 从 h_0 读入 x_1, …, x_T。
 * 单步状态转移的雅可比矩阵是
 *
 *   ∂h_j/∂h_{j-1} = diag(1 - h_j ⊙ h_j) W_h          （tanh'(a_j) = 1 - h_j²）
 *
 * 注意对角矩阵里用的是第 j 步自己的预激活 a_j = W_h h_{j-1} + W_x x_j + b（下标是 j 自己，
 * 不是 h_{j-2}、x_{j-1}：差一位是常见错误）。滞后为 ℓ 的雅可比矩阵是这些矩阵的乘积：
 *
 *   J_ℓ = ∂h_T/∂h_{T-ℓ} = D_T W_h · D_{T-1} W_h ⋯ D_{T-ℓ+1} W_h，  D_j = diag(1 - h_j²)，J_0 = I
 *
 * 请返回长度为 T + 1 的数组 norms，norms[ℓ] = ‖J_ℓ‖_F（Frobenius 范数：所有元素平方和的平方根），
 * ℓ = 0, 1, …, T。于是 norms[0] = √d。递推：J_ℓ = J_{ℓ-1} · D_{T-ℓ+1} W_h（右乘，顺序很重要）。
 *
 * 这就是“梯度消失与爆炸”的量化：norms[ℓ] 随 ℓ 大致按指数衰减或增长。
 *
 * 形状：W_h d×d，W_x d×m，b、h0 长 d，xs 为 T×m（xs[t] 是 x_{t+1}）。矩阵按行存放（number[][]）。
 *
 * 例（标量）：d = m = 1，W_h = [[0.5]]，W_x = [[0]]，b = [0]，h_0 = [0]，T = 30 个零输入
 *     → 状态一直是 0，tanh' = 1，norms[ℓ] = 0.5^ℓ，norms[30] ≈ 9.3e-10（梯度消失）。
 *     换成线性区里的 W_h = [[1.5]]、T = 20 → norms[20] = 1.5^20 ≈ 3325（梯度爆炸）。
 *
 * Exercise 4: how the gradient decays with the time lag (gradient-lag)
 *
 * For the simple tanh RNN, the one-step Jacobian is ∂h_j/∂h_{j-1} = diag(1 - h_j²) W_h, with the
 * pre-activation of step j itself (not h_{j-2}, x_{j-1}: an off-by-one index is a common mistake). Return
 * norms of length T + 1 with norms[ℓ] = ‖∂h_T/∂h_{T-ℓ}‖_F (Frobenius norm), where
 * J_ℓ = J_{ℓ-1} · D_{T-ℓ+1} W_h, J_0 = I (so norms[0] = √d). Shapes as in exercise 2.
 */

/** Parameters of a simple RNN cell: recurrent weights W_h (d×d), input weights W_x (d×m), bias b (d). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/**
 * Frobenius norms of ∂h_T/∂h_{T-ℓ} for ℓ = 0 … T.
 * @param params W_h (d×d), W_x (d×m), b (d)
 * @param h0 initial state (length d)
 * @param xs inputs, T rows of m numbers
 * @returns T + 1 numbers; entry ℓ is ‖∂h_T/∂h_{T-ℓ}‖_F
 */
export function jacobianNormsByLag(params: RnnParams, h0: number[], xs: number[][]): number[] {
  throw new Error(
    "gradient-lag: not implemented yet (尚未实现): write jacobianNormsByLag in exercises/gradient-lag.ts",
  );
}
