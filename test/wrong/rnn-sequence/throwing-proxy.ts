/**
 * Hostile variant of rnn-sequence (attack C6 of docs/grading.md): returns a Proxy whose traps throw. The
 * grader must turn this into a failed test of this exercise, not a crash of the grader.
 */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** Returns a result object that throws on every property access. */
export function rnnSequence(params: RnnParams, h0: number[], xs: number[][]): { states: number[][]; last: number[] } {
  void params;
  void h0;
  void xs;
  const trap = (): never => {
    throw new Error("gotcha");
  };
  return new Proxy({} as { states: number[][]; last: number[] }, {
    get: trap,
    has: trap,
    ownKeys: trap,
    getOwnPropertyDescriptor: trap,
  });
}
