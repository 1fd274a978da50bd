/**
 * 练习 13：线性 RNN 就是 VARMA 模型（linear-rnn-varma）
 *
 * 没有激活函数的线性 RNN 等价于向量自回归移动平均（VARMA）模型。考虑
 *
 *   h_t = A h_{t-1} + B x_t，  y_t = C h_t，  h_0 = 0
 *
 * 其中 A = W_h（d×d），B = W_x（d×m），C = W_y（p×d）。展开得 y_t = Σ_{k≥0} C A^k B x_{t-k}。
 * 设 A 的特征多项式为
 *
 *   det(λI - A) = λ^d + c_1 λ^{d-1} + … + c_{d-1} λ + c_d
 *
 * 由 Cayley–Hamilton 定理 A^d + c_1 A^{d-1} + … + c_d I = 0，可以推出（令 c_0 = 1，t ≤ 0 时 x_t = y_t = 0）：
 *
 *   y_t = Σ_{i=1}^{d} Φ_i y_{t-i} + Σ_{j=0}^{d-1} Θ_j x_{t-j}
 *   Φ_i = -c_i · I_p                              （p×p，自回归 AR 部分）
 *   Θ_j = Σ_{i=0}^{j} c_i · C A^{j-i} B            （p×m，移动平均 MA 部分）
 *
 * 请实现三个函数：
 *   1. characteristicPolynomial(A)：返回 [c_1, …, c_d]（长度 d）。提示：Faddeev–LeVerrier 算法——
 *      M_1 = I，c_1 = -tr(A)；对 k = 2…d：M_k = A M_{k-1} + c_{k-1} I，c_k = -tr(A M_k) / k。
 *   2. varmaFromLinearRnn(Wh, Wx, Wy)：返回 { ar: [Φ_1, …, Φ_d], ma: [Θ_0, …, Θ_{d-1}] }。
 *   3. simulateVarma(ar, ma, xs)：按上面的 VARMA 递推计算 y_1 … y_T（t ≤ 0 的项为零），
 *      ar 可以是任意长度（包括 0），ma 至少一个矩阵；输出维度 p 是 ma[0] 的行数。
 *      xs[t] 是 x_{t+1}（长 m），返回 T 行、每行 p 个数。
 * 用 simulateVarma(varmaFromLinearRnn(...)) 得到的输出应与直接运行线性 RNN 完全一致（在舍入误差内）。
 * 矩阵按行存放（number[][]），矩阵列表是 number[][][]。
 *
 * 例：d = m = p = 1，A = [[0.5]]，B = [[2]]，C = [[3]]：特征多项式 λ - 0.5，c_1 = -0.5，
 *     ar = [[[0.5]]]，ma = [[[6]]]，即 y_t = 0.5·y_{t-1} + 6·x_t。xs = [[1], [0], [0]] → y = [[6], [3], [1.5]]。
 *     A = [[1, 2], [3, 4]] → λ² - 5λ - 2，characteristicPolynomial = [-5, -2]。
 *
 * Exercise 13: a linear RNN is a VARMA model (linear-rnn-varma)
 *
 * For h_t = A h_{t-1} + B x_t, y_t = C h_t, h_0 = 0, with det(λI - A) = λ^d + c_1 λ^{d-1} + … + c_d,
 * Cayley–Hamilton gives y_t = Σ_{i=1}^{d} Φ_i y_{t-i} + Σ_{j=0}^{d-1} Θ_j x_{t-j} with Φ_i = -c_i I_p and
 * Θ_j = Σ_{i=0}^{j} c_i C A^{j-i} B (c_0 = 1). Implement characteristicPolynomial (returns c_1 … c_d),
 * varmaFromLinearRnn (returns { ar: Φ_1 … Φ_d, ma: Θ_0 … Θ_{d-1} }) and simulateVarma (the recursion
 * with zeros before t = 1; p = rows of ma[0]).
 */

/** VARMA coefficients: y_t = Σ_i ar[i-1] y_{t-i} + Σ_j ma[j] x_{t-j}. */
export interface Varma {
  /** Φ_1 … Φ_P, each p×p. */
  ar: number[][][];
  /** Θ_0 … Θ_{Q-1}, each p×m. */
  ma: number[][][];
}

/**
 * Coefficients c_1 … c_d of det(λI - A) = λ^d + c_1 λ^{d-1} + … + c_d.
 * @param A a d×d matrix (rows)
 */
export function characteristicPolynomial(A: number[][]): number[] {
  throw new Error(
    "linear-rnn-varma: not implemented yet (尚未实现): write characteristicPolynomial in exercises/linear-rnn-varma.ts",
  );
}

/**
 * The VARMA(d, d-1) form of the linear RNN h_t = W_h h_{t-1} + W_x x_t, y_t = W_y h_t.
 * @param Wh A, d×d
 * @param Wx B, d×m
 * @param Wy C, p×d
 */
export function varmaFromLinearRnn(Wh: number[][], Wx: number[][], Wy: number[][]): Varma {
  throw new Error(
    "linear-rnn-varma: not implemented yet (尚未实现): write varmaFromLinearRnn in exercises/linear-rnn-varma.ts",
  );
}

/**
 * Runs the VARMA recursion from zero history.
 * @param ar Φ_1 … Φ_P (p×p each; may be empty)
 * @param ma Θ_0 … Θ_{Q-1} (p×m each; at least one)
 * @param xs inputs x_1 … x_T (T rows of m numbers)
 * @returns y_1 … y_T (T rows of p numbers)
 */
export function simulateVarma(ar: number[][][], ma: number[][][], xs: number[][]): number[][] {
  throw new Error(
    "linear-rnn-varma: not implemented yet (尚未实现): write simulateVarma in exercises/linear-rnn-varma.ts",
  );
}
