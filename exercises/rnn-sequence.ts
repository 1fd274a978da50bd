/**
 * 练习 2：在整个序列上运行 RNN（rnn-sequence）
 *
 * 从初始隐藏状态 h_0 出发，依次读入 x_1, …, x_T，每一步都用同一组参数（参数共享）：
 *
 *   h_t = tanh(W_h h_{t-1} + W_x x_t + b),  t = 1, …, T
 *
 * 返回所有隐藏状态 states = [h_1, …, h_T]（T 行，每行 d 个数；不包含 h_0）以及最后的状态
 * last = h_T。代码里时间从 0 开始编号：xs[t] 是 x_{t+1}，states[t] 是读完 xs[t] 之后的状态 h_{t+1}。
 * 空序列（T = 0）时 states = []，last = h_0 的一个副本。
 *
 * 形状：W_h 为 d×d，W_x 为 d×m，b 长 d，h0 长 d，xs 为 T×m。本章约定同练习 1：向量是 number[]，
 * 矩阵是按行存放的 number[][]（W[i][j] 为第 i 行第 j 列）。不要修改传入的参数。
 *
 * 例：d = m = 1，W_h = [[0.5]]，W_x = [[1]]，b = [0]，h_0 = [0]，xs = [[1], [0], [0]]
 *     → h_1 = tanh(1) ≈ 0.761594，h_2 = tanh(0.5·0.761594) ≈ 0.363399，h_3 = tanh(0.5·0.363399) ≈ 0.179726
 *     → states = [[0.761594], [0.363399], [0.179726]]，last = [0.179726]
 *
 * Exercise 2: run the RNN over a sequence (rnn-sequence)
 *
 * Starting from h_0, read x_1 … x_T with the same parameters at every step (parameter sharing),
 * h_t = tanh(W_h h_{t-1} + W_x x_t + b). Return states = [h_1, …, h_T] (T rows of d numbers, h_0 NOT
 * included) and last = h_T. In code time starts at 0: xs[t] is x_{t+1} and states[t] is h_{t+1}.
 * For an empty sequence (T = 0) return states = [] and last = a copy of h_0. Shapes: W_h d×d, W_x d×m,
 * b and h0 of length d, xs T×m. Matrices are number[][] by rows. Do not modify the arguments.
 */

/** Parameters of a simple RNN cell: recurrent weights W_h (d×d), input weights W_x (d×m), bias b (d). */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** Result of running the RNN over a sequence. */
export interface RnnSequenceResult {
  /** h_1 … h_T: T rows of d numbers (states[t] is the state after reading xs[t]). */
  states: number[][];
  /** h_T (h_0 when the sequence is empty). */
  last: number[];
}

/**
 * Runs the simple RNN over `xs` from the initial state `h0`.
 * @param params W_h (d×d), W_x (d×m), b (d)
 * @param h0 initial hidden state (length d)
 * @param xs inputs, T rows of m numbers
 */
export function rnnSequence(params: RnnParams, h0: number[], xs: number[][]): RnnSequenceResult {
  throw new Error("rnn-sequence: not implemented yet (尚未实现): write rnnSequence in exercises/rnn-sequence.ts");
}
