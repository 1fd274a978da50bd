/**
 * 练习 16：带掩码的 softmax 交叉熵（masked-cross-entropy）
 *
 * 一批填充过的序列（见练习 15）在每个时间步输出 V 个类别的 logits。只有真实记号（mask = 1）
 * 参与损失，填充位置（mask = 0）不算：
 *
 *   p_{b,t} = softmax(logits[b][t])，  ℓ_{b,t} = -log p_{b,t}[targets[b][t]]
 *   loss = Σ_{b,t} mask[b][t] · ℓ_{b,t} / Σ_{b,t} mask[b][t]          （对真实记号取平均）
 *
 * 以及损失对 logits 的梯度 grad[b][t][v] = ∂loss/∂logits[b][t][v]（自己推导：先求 ℓ 对一组 logits 的导数）。
 *
 * 要求：
 * - 数值稳定：logits 可能很大（如 1000），直接算 e^{1000} 会溢出成 NaN，要用 log-sum-exp 的技巧
 *   （先减去最大的 logit）。
 * - 填充位置的 logits 可能是任意（很大）的数，target 可能是 0；它们的 ℓ 和梯度都不能影响结果
 *   （梯度为 0，也不能出现 NaN）。
 * - Σ mask = 0（整批都是填充）时 loss = 0，梯度全为 0。
 * - 除以真实记号数 Σ mask，而不是 B·T 或 B（常见错误：对填充位置也取了平均）。
 *
 * 形状：logits 为 B×T×V（number[][][]），targets 与 mask 为 B×T（targets 是 0 … V-1 的整数，mask 是 0 或 1）。
 * 返回 { loss: number, grad: number[][][]（B×T×V）}。
 *
 * 例：logits = [[[0, 0], [5, 5]]]，targets = [[1, 0]]，mask = [[1, 0]]（B = 1，T = 2，V = 2）：
 *     只有第一个位置算数：p = [0.5, 0.5]，loss = -log 0.5 ≈ 0.693147，
 *     grad = [[[0.5, -0.5], [0, 0]]]。
 *
 * Exercise 16: masked softmax cross-entropy (masked-cross-entropy)
 *
 * loss = Σ mask·(-log softmax(logits)[target]) / Σ mask, and grad = ∂loss/∂logits (derive it).
 * Use log-sum-exp (logits may be 1000); padded positions (mask 0) may hold any logits and must not
 * affect the result (zero gradient, no NaN); Σ mask = 0 gives loss 0 and a zero gradient. Divide by the
 * number of real tokens, not by B·T. Shapes: logits B×T×V, targets and mask B×T.
 */

/** Loss and gradient with respect to the logits. */
export interface LossAndGrad {
  loss: number;
  /** ∂loss/∂logits, B×T×V. */
  grad: number[][][];
}

/**
 * Masked mean softmax cross-entropy over a padded batch.
 * @param logits B×T×V scores
 * @param targets B×T class indices
 * @param mask B×T, 1 for real tokens and 0 for padding
 */
export function maskedCrossEntropy(logits: number[][][], targets: number[][], mask: number[][]): LossAndGrad {
  throw new Error(
    "masked-cross-entropy: not implemented yet (尚未实现): write maskedCrossEntropy in exercises/masked-cross-entropy.ts",
  );
}
