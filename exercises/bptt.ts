/**
 * 练习 3：手写随时间反向传播（BPTT）（bptt）
 *
 * 简单 RNN 从 h_0 出发读入 x_1, …, x_T：
 *
 *   a_t = W_h h_{t-1} + W_x x_t + b,   h_t = tanh(a_t)
 *
 * 损失 L 只依赖最后的状态 h_T，且已知 g_T = ∂L/∂h_T（参数 dhLast）。请求出共享参数的梯度
 * ∂L/∂W_h、∂L/∂W_x、∂L/∂b，以及对初始状态的梯度 ∂L/∂h_0。按时间从后往前：
 *
 *   g = ∂L/∂h_T
 *   对 t = T, T-1, …, 1：
 *     δ_t = g ⊙ (1 - h_t ⊙ h_t)          （tanh'(a_t) = 1 - tanh²(a_t)）
 *     ∂L/∂W_h += δ_t h_{t-1}ᵀ             （外积：第 i 行第 j 列加 δ_t[i]·h_{t-1}[j]）
 *     ∂L/∂W_x += δ_t x_tᵀ
 *     ∂L/∂b   += δ_t
 *     g = W_hᵀ δ_t                        （这就是 ∂L/∂h_{t-1}）
 *   ∂L/∂h_0 = 最后得到的 g
 *
 * 因为参数在每一步共享，每个时间步的贡献要累加。注意外积里用的是这一步之前的状态 h_{t-1}，
 * 向前一步传播时乘的是 W_h 的转置。T = 0 时三个参数梯度全为零，∂L/∂h_0 = dhLast。
 *
 * 形状：W_h d×d，W_x d×m，b 长 d，h0 长 d，xs 为 T×m，dhLast 长 d；返回 dWh（d×d）、dWx（d×m）、
 * db（d）、dh0（d）。矩阵按行存放（number[][]），与练习 1 相同。不要修改传入的参数。
 *
 * 例：d = m = 1，W_h = [[0.5]]，W_x = [[1]]，b = [0]，h_0 = [0]，xs = [[1]]，dhLast = [1]：
 *     h_1 = tanh(1) ≈ 0.761594，δ_1 = 1 - 0.761594² ≈ 0.419974，
 *     dWh = [[δ_1·h_0]] = [[0]]，dWx = [[δ_1·x_1]] ≈ [[0.419974]]，db ≈ [0.419974]，dh0 = [0.5·δ_1] ≈ [0.209987]
 *
 * Exercise 3: backpropagation through time by hand (bptt)
 *
 * The simple RNN a_t = W_h h_{t-1} + W_x x_t + b, h_t = tanh(a_t) reads x_1 … x_T from h_0. The loss L
 * depends on h_T only, and g_T = ∂L/∂h_T is given (dhLast). Return ∂L/∂W_h, ∂L/∂W_x, ∂L/∂b and ∂L/∂h_0,
 * following the backward loop above (δ_t = g ⊙ (1 - h_t²); accumulate δ_t h_{t-1}ᵀ, δ_t x_tᵀ, δ_t;
 * then g = W_hᵀ δ_t). Parameters are shared across steps, so contributions add up. For T = 0 the
 * parameter gradients are zero and dh0 = dhLast. Shapes as in exercise 1; matrices are number[][] by rows.
 */

/** Parameters of a simple RNN cell: recurrent weights W_h (d×d), input weights W_x (d×m), bias b (d). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** Gradients of the loss with respect to the parameters and the initial state. */
export interface RnnGradients {
  /** ∂L/∂W_h, d×d. */
  dWh: number[][];
  /** ∂L/∂W_x, d×m. */
  dWx: number[][];
  /** ∂L/∂b, length d. */
  db: number[];
  /** ∂L/∂h_0, length d. */
  dh0: number[];
}

/**
 * Backpropagation through time for the simple tanh RNN with the loss on the last state.
 * @param params W_h (d×d), W_x (d×m), b (d)
 * @param h0 initial state (length d)
 * @param xs inputs, T rows of m numbers
 * @param dhLast ∂L/∂h_T (length d)
 */
export function rnnBackward(params: RnnParams, h0: number[], xs: number[][], dhLast: number[]): RnnGradients {
  throw new Error("bptt: not implemented yet (尚未实现): write rnnBackward in exercises/bptt.ts");
}
