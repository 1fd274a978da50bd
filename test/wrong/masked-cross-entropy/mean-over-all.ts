/** Wrong variant of masked-cross-entropy: averages over all B·T positions, padding included. */

/** Loss and gradient with respect to the logits. */
export interface LossAndGrad {
  loss: number;
  /** ∂loss/∂logits, B×T×V. */
  grad: number[][][];
}

/** Masked mean softmax cross-entropy over a padded batch. */
export function maskedCrossEntropy(logits: number[][][], targets: number[][], mask: number[][]): LossAndGrad {
  let count = 0;
  for (const row of mask) count += row.length;
  const grad = logits.map((seq) => seq.map((z) => z.map(() => 0)));
  if (count === 0) return { loss: 0, grad };
  let total = 0;
  logits.forEach((seq, b) => {
    seq.forEach((z, t) => {
      const m = mask[b][t];
      if (m === 0) return; // padding: no loss, zero gradient, whatever its logits are
      const max = Math.max(...z);
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
