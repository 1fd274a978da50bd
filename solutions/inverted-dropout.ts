/**
 * Reference solution of exercise 18 (inverted-dropout). The statement is in exercises/inverted-dropout.ts.
 */

export function dropoutForward(
  x: number[][],
  p: number,
  training: boolean,
  rng: () => number,
): { y: number[][]; mask: number[][] } {
  if (!(p >= 0 && p < 1)) throw new Error(`dropoutForward: p must be in [0, 1), got ${p}`);
  if (!training) return { y: x.map((row) => row.slice()), mask: x.map((row) => row.map(() => 1)) };
  const keep = 1 / (1 - p);
  const mask = x.map((row) => row.map(() => (rng() < p ? 0 : keep)));
  return { y: x.map((row, i) => row.map((v, j) => v * mask[i][j])), mask };
}

export function dropoutBackward(dy: number[][], mask: number[][]): number[][] {
  if (dy.length !== mask.length || dy.some((row, i) => row.length !== mask[i].length))
    throw new Error(
      `dropoutBackward: dy is ${dy.length}×${dy[0]?.length ?? 0} but mask is ${mask.length}×${mask[0]?.length ?? 0}`,
    );
  return dy.map((row, i) => row.map((g, j) => g * mask[i][j]));
}
