/**
 * 练习 1：RNN 的一步（rnn-step）
 *
 * 实现简单 RNN 的一次状态更新（“核心机制”一节）：
 *
 *   h_t = tanh(W_h h_{t-1} + W_x x_t + b)
 *
 * 形状：隐藏维度 d，输入维度 m。W_h ∈ R^{d×d}，W_x ∈ R^{d×m}，b ∈ R^d，h_{t-1} ∈ R^d，x_t ∈ R^m，
 * 返回 h_t ∈ R^d。tanh 逐元素作用。
 *
 * 本章约定：向量是 number[]；矩阵是按行存放的 number[][]，W[i][j] 是第 i 行第 j 列，
 * d×m 矩阵有 d 行、每行 m 个数。于是 (W x)_i = Σ_j W[i][j] · x[j]。不要修改传入的参数。
 *
 * 例：d = 2, m = 1, W_h = [[0.5, 0], [0, 0.5]], W_x = [[1], [-1]], b = [0, 0.1],
 *     h_{t-1} = [1, 0], x_t = [2]
 *     → 预激活 a = [0.5 + 2, 0 - 2 + 0.1] = [2.5, -1.9]，h_t = [tanh 2.5, tanh -1.9] ≈ [0.98661, -0.95624]
 *
 * Exercise 1: one RNN step (rnn-step)
 *
 * Implement one state update of the simple RNN:  h_t = tanh(W_h h_{t-1} + W_x x_t + b).
 * Shapes: hidden size d, input size m; W_h is d×d, W_x is d×m, b has d entries, h_{t-1} has d,
 * x_t has m; return h_t with d entries. Chapter convention: vectors are number[]; matrices are
 * number[][] stored by rows (W[i][j] = row i, column j; a d×m matrix has d rows of m numbers), so
 * (W x)_i = Σ_j W[i][j] x[j]. Do not modify the arguments. Worked example above.
 */

/** Parameters of a simple RNN cell: recurrent weights W_h (d×d), input weights W_x (d×m), bias b (d). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/**
 * One step of the simple RNN: returns h_t = tanh(W_h h_{t-1} + W_x x_t + b) (length d).
 * @param params W_h (d×d), W_x (d×m), b (d)
 * @param hPrev the previous hidden state h_{t-1} (length d)
 * @param x the input x_t (length m)
 */
export function rnnStep(params: RnnParams, hPrev: number[], x: number[]): number[] {
  throw new Error("rnn-step: not implemented yet (尚未实现): write rnnStep in exercises/rnn-step.ts");
}
