/**
 * 练习 3：按全局范数裁剪梯度（clip-grad-norm）
 *
 * 梯度爆炸时常用的启发式方法是梯度裁剪：把所有参数的梯度看成一个长向量 g，计算它的全局 L2 范数
 *
 *   ‖g‖ = sqrt( Σ_k Σ_i grads[k][i]² )        （对所有数组的所有元素求和，而不是每个数组单独算）
 *
 * 若 ‖g‖ > maxNorm，就把每个数组的每个元素都乘以同一个系数 maxNorm / ‖g‖（方向不变，范数变为
 * maxNorm）；否则原样返回（‖g‖ 恰好等于 maxNorm 时也不变）。返回裁剪后的数组 clipped（与输入同样
 * 的形状，新的数组）和裁剪之前的范数 norm。
 *
 * 要求：
 * - 不要修改传入的 grads（返回新的数组）。
 * - maxNorm 不是正数（≤ 0 或 NaN）时抛出 Error，消息里要写出参数名 maxNorm 和它的值（不要写一条同时提到 grads 的笼统消息），
 *   例如 "clipGradNorm: maxNorm must be a positive number, got -1"。
 * - 梯度全为零、数组为空、grads 为空列表时 norm = 0，不要出现 NaN。
 * - 范数对很大的元素（如 1e200）也要算对：直接平方会溢出成 Infinity（太小的元素
 *   如 1e-200 平方后也会变成 0）。
 * - 系数写成 maxNorm / (‖g‖ + 1e-6)（PyTorch 的写法）也能通过容差检查。
 *
 * 形状：grads 是若干个一维数组（每个是一个参数的梯度展开成的 number[]，长度可以不同）。
 *
 * 例：grads = [[3, 0], [0, 4]]，maxNorm = 1 → ‖g‖ = 5 > 1，系数 0.2
 *     → clipped = [[0.6, 0], [0, 0.8]]，norm = 5
 *     grads = [[0.3], [0.4]]，maxNorm = 1 → norm = 0.5，不裁剪，clipped = [[0.3], [0.4]]
 *
 * Exercise 3: clip gradients by their global norm (clip-grad-norm)
 *
 * Treat all gradient arrays as one long vector g and compute its global L2 norm (over every entry of
 * every array, not per array). If ‖g‖ > maxNorm, multiply every entry by maxNorm / ‖g‖; otherwise
 * return the values unchanged. Return new arrays `clipped` and the norm before clipping. Do not modify
 * `grads`. Throw an Error when maxNorm is not positive (its message must name maxNorm and its value, and
 * not grads). The norm of all-zero or empty gradients is 0 (no NaN), and the norm must not overflow for
 * entries like 1e200 (nor underflow for 1e-200).
 */

/** Result of clipping: the clipped copies and the global norm before clipping. */
export interface ClipResult {
  /** Same shapes as the input, scaled by min(1, maxNorm / norm). */
  clipped: number[][];
  /** Global L2 norm of all gradients before clipping. */
  norm: number;
}

/**
 * Global-norm gradient clipping.
 * @param grads gradient arrays (one flattened array per parameter)
 * @param maxNorm largest allowed global norm (> 0)
 */
export function clipGradNorm(grads: number[][], maxNorm: number): ClipResult {
  throw new Error("clip-grad-norm: not implemented yet (尚未实现): write clipGradNorm in exercises/clip-grad-norm.ts");
}
