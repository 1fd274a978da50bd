/** Wrong variant of masked-cross-entropy: multiplies padded positions by 0 after computing them (0 · Infinity = NaN on garbage logits). */

/** Loss and gradient with respect to the logits. */
export interface LossAndGrad {
  loss: number;
  /** ∂loss/∂logits, B×T×V. */
  grad: number[][][];
}

/** Masked mean softmax cross-entropy over a padded batch. */
export function maskedCrossEntropy(logits: number[][][], targets: number[][], mask: number[][]): LossAndGrad {
  let count = 0;
  for (const row of mask) for (const m of row) count += m;
  const grad = logits.map((seq) => seq.map((z) => z.map(() => 0)));
  if (count === 0) return { loss: 0, grad };
  let total = 0;
  logits.forEach((seq, b) => {
    seq.forEach((z, t) => {
      const m = mask[b][t];
      // mistake: padded positions are computed too, then multiplied by m = 0
      const max = m === 0 ? 0 : Math.max(...z);
      let sum = 0;
      for (const v of z) sum += Math.exp(v - max);
      const logSumExp = max + Math.log(sum);
      const target = targets[b][t];
      total += m * (logSumExp - z[target]);
      z.forEach((v, k) => {
        const p = Math.exp(v - logSumExp);
        grad[b][t][k] = (m * (p - (k === target ? 1 : 0))) / count;
      });
    });
  });
  return { loss: total / count, grad };
}
