/**
 * Reference solution of exercise 3 (clip-grad-norm): global-norm gradient clipping.
 * Statement and conventions: exercises/clip-grad-norm.ts.
 */

/** Result of clipping: the clipped copies and the global norm before clipping. */
export interface ClipResult {
  /** Same shapes as the input, scaled by min(1, maxNorm / norm). */
  clipped: number[][];
  /** Global L2 norm of all gradients before clipping. */
  norm: number;
}

/** Global L2 norm without overflow: factor out the largest magnitude before squaring. */
function globalNorm(grads: number[][]): number {
  let largest = 0;
  for (const g of grads) for (const v of g) largest = Math.max(largest, Math.abs(v));
  if (largest === 0 || !Number.isFinite(largest)) return largest;
  let sum = 0;
  for (const g of grads) {
    for (const v of g) {
      const s = v / largest;
      sum += s * s;
    }
  }
  return largest * Math.sqrt(sum);
}

/** Global-norm gradient clipping. */
export function clipGradNorm(grads: number[][], maxNorm: number): ClipResult {
  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be a positive number, got ${maxNorm}`);
  const norm = globalNorm(grads);
  const scale = norm > maxNorm ? maxNorm / norm : 1;
  return { clipped: grads.map((g) => g.map((v) => v * scale)), norm };
}
