/**
 * 练习 5：手写随时间反向传播（BPTT）（bptt）
 *
 * 简单 RNN 从 h_0 出发读入 x_1, …, x_T：
 *
 *   a_t = W_h h_{t-1} + W_x x_t + b,   h_t = tanh(a_t)
 *
 * 损失 L 只依赖最后的状态 h_T，且已知 g_T = ∂L/∂h_T（参数 dhLast）。请求出共享参数的梯度
 * ∂L/∂W_h、∂L/∂W_x、∂L/∂b，以及对初始状态的梯度 ∂L/∂h_0。反向的递推要你自己用链式法则推出来：
 * 把网络按时间展开，想清楚 L 怎样经过 h_T, h_{T-1}, …, h_1 依赖每一步的参数。T = 0 时三个参数梯度
 * 全为零，∂L/∂h_0 = dhLast。（推不出来时，exercises/hints/bptt.md 里有可选的提示；自检失败后也会提到它。）
 *
 * 形状：W_h d×d，W_x d×m，b 长 d，h0 长 d，xs 为 T×m，dhLast 长 d；返回 dWh（d×d）、dWx（d×m）、
 * db（d）、dh0（d）。矩阵按行存放（number[][]），与练习 1 相同。不要修改传入的参数。
 *
 * 例：d = m = 1，W_h = [[0.5]]，W_x = [[1]]，b = [0]，h_0 = [0]，xs = [[1]]，dhLast = [1]：
 *     前向 h_1 = tanh(1) ≈ 0.761594；
 *     结果 dWh = [[0]]，dWx ≈ [[0.419974]]，db ≈ [0.419974]，dh0 ≈ [0.209987]。
 *
 * Exercise 5: backpropagation through time by hand (bptt)
 *
 * The simple RNN a_t = W_h h_{t-1} + W_x x_t + b, h_t = tanh(a_t) reads x_1 … x_T from h_0. The loss L
 * depends on h_T only, and g_T = ∂L/∂h_T is given (dhLast). Return ∂L/∂W_h, ∂L/∂W_x, ∂L/∂b and ∂L/∂h_0.
 * Deriving the backward recursion with the chain rule is the exercise (an optional hint is in
 * exercises/hints/bptt.md). For T = 0 the parameter gradients are zero and dh0 = dhLast. Shapes as in
 * exercise 1; matrices are number[][] by rows; do not modify the arguments. Worked example above.
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
