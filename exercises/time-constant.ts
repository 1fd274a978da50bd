/**
 * 练习 9：遗忘门与时间常数（time-constant）
 *
 * 细胞状态更新的齐次部分 c_t = f⋆ c_{t-1} 是漏积分器的离散近似。若采样间隔为 Δt，
 * 遗忘门的工作点 f⋆ ∈ (0, 1] 对应连续时间低通滤波器的时间常数
 *
 *   τ = -Δt / ln(f⋆)          （自然对数 ln，即 Math.log）
 *
 * 请实现三个函数：
 *   1. timeConstant(forget, dt)：返回 τ。f⋆ = 1 时 ln 1 = 0，记忆永不衰减，返回 +Infinity
 *      （注意 -Δt/0 在 JavaScript 里是 -Infinity，要单独处理）。
 *   2. forgetForTimeConstant(tau, dt)：反过来，由 τ 求 f⋆ = exp(-Δt/τ)；tau = Infinity 时返回 1。
 *   3. stepsToDecay(forget, fraction)：细胞状态乘 n 次 f⋆ 之后衰减到原来的 f⋆^n。返回使
 *      f⋆^n ≤ fraction 的最小非负整数 n，即 n = ⌈ln(fraction) / ln(f⋆)⌉。fraction ≥ 1 时 n = 0；
 *      f⋆ = 1 且 fraction < 1 时永远达不到，返回 Infinity。（评分用例避开 f⋆^n 恰好等于 fraction
 *      的情形，不必担心舍入。）
 * 参数不合法时抛出 Error，消息中写出参数名：forget 不在 (0, 1] 内、dt 或 tau 不是正数、
 * fraction 不是正数。
 *
 * 例：Δt = 0.02 s，f⋆ = 0.95 → τ = -0.02 / ln 0.95 ≈ 0.389915 s（约 0.39 s）；
 *     forgetForTimeConstant(0.389915, 0.02) ≈ 0.95；
 *     stepsToDecay(0.95, 0.5) = ⌈13.513⌉ = 14（半衰需要 14 步）。
 *
 * Exercise 9: forget gate and time constant (time-constant)
 *
 * A forget-gate operating point f⋆ with sampling interval Δt is a leaky integrator with time constant
 * τ = -Δt / ln f⋆ (natural log). Implement timeConstant (f⋆ = 1 → +Infinity), its inverse
 * forgetForTimeConstant (f⋆ = exp(-Δt/τ), τ = Infinity → 1), and stepsToDecay: the smallest integer
 * n ≥ 0 with f⋆^n ≤ fraction (0 when fraction ≥ 1, Infinity when f⋆ = 1 and fraction < 1). Throw an
 * Error naming the argument when forget ∉ (0, 1], or dt, tau, fraction are not positive.
 */

/**
 * Time constant τ = -Δt / ln(f⋆) of a forget-gate value.
 * @param forget f⋆ in (0, 1]
 * @param dt sampling interval Δt > 0
 */
export function timeConstant(forget: number, dt: number): number {
  throw new Error("time-constant: not implemented yet (尚未实现): write timeConstant in exercises/time-constant.ts");
}

/**
 * Forget-gate value f⋆ = exp(-Δt / τ) with time constant τ.
 * @param tau τ > 0 (Infinity allowed)
 * @param dt sampling interval Δt > 0
 */
export function forgetForTimeConstant(tau: number, dt: number): number {
  throw new Error(
    "time-constant: not implemented yet (尚未实现): write forgetForTimeConstant in exercises/time-constant.ts",
  );
}

/**
 * Smallest integer n ≥ 0 with forget^n ≤ fraction.
 * @param forget f⋆ in (0, 1]
 * @param fraction target fraction > 0
 */
export function stepsToDecay(forget: number, fraction: number): number {
  throw new Error("time-constant: not implemented yet (尚未实现): write stepsToDecay in exercises/time-constant.ts");
}
