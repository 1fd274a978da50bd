/**
 * 练习 18：反向缩放的暂退法（inverted-dropout）
 *
 * 暂退法（dropout）在训练时随机把一部分激活值置零，迫使网络不依赖个别单元。每个元素以概率 p
 * 被丢弃（置 0），否则保留。“反向缩放”（inverted）的版本在训练时就把保留下来的值放大，使输出的
 * 期望等于输入，于是推断时什么都不用做（输出就是输入）。放大多少由你推出：要求 E[y] = x。
 *
 * 要写两个函数：
 * 1. dropoutForward(x, p, training, rng) → { y, mask }：
 *    - training 为 true：为每个元素按行优先的顺序（x[0][0], x[0][1], …, x[1][0], …）各调用一次
 *      rng() 得到 u ∈ [0, 1)；u < p 时丢弃该元素，否则保留。mask 与 x 同形状，存放每个元素乘上的
 *      系数（丢弃为 0），y = x ⊙ mask。
 *    - training 为 false（推断）：不调用 rng，y 是 x 的副本，mask 全为 1。
 *    - p 不在 [0, 1) 内时抛出 Error，消息写明 p 和它的值。
 * 2. dropoutBackward(dy, mask)：已知 ∂L/∂y，求 ∂L/∂x（与 x 同形状）。形状不一致时抛出 Error。
 * 不要修改输入；只用普通数组，不要导入课程的库。
 *
 * 形状：x、y、mask、dy、dx 都是 N×F 的 number[][]。
 *
 * 例：x = [[1, 2], [3, 4]]，p = 0.5，rng 依次返回 0.7, 0.2, 0.5, 0.9：
 *     第二个元素被丢弃（0.2 < 0.5），其余保留 → mask = [[2, 0], [2, 2]]，y = [[2, 0], [6, 8]]；
 *     dy = [[1, 1], [1, 1]] 时 dx = [[2, 0], [2, 2]]。
 *
 * Exercise 18: inverted dropout (inverted-dropout)
 *
 * In training each entry is dropped with probability p (one rng() call per entry, row-major order;
 * u < p drops it) and the kept entries are scaled so that E[y] = x (derive the factor); mask holds the
 * factor each entry was multiplied by (0 when dropped), y = x ⊙ mask. At inference (training false) y is
 * a copy of x, mask is all ones and rng is not called. Throw an Error naming p and its value when p is
 * not in [0, 1). dropoutBackward(dy, mask) returns ∂L/∂x. Plain arrays, no course library. Example above.
 */

/** Inverted dropout of x (N×F): the output and the factors each entry was multiplied by. */
export function dropoutForward(
  x: number[][],
  p: number,
  training: boolean,
  rng: () => number,
): { y: number[][]; mask: number[][] } {
  throw new Error(
    "inverted-dropout: not implemented yet (尚未实现): write dropoutForward in exercises/inverted-dropout.ts",
  );
}

/** ∂L/∂x given ∂L/∂y and the mask of the forward pass. */
export function dropoutBackward(dy: number[][], mask: number[][]): number[][] {
  throw new Error(
    "inverted-dropout: not implemented yet (尚未实现): write dropoutBackward in exercises/inverted-dropout.ts",
  );
}
