/**
 * Reference solution of exercise 14 (embedding): lookup and scatter-add backward.
 * Statement and conventions: exercises/embedding.ts.
 */

function checkId(id: number, vocabSize: number, fn: string): void {
  if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
    throw new Error(`${fn}: id ${id} is out of range for a vocabulary of size ${vocabSize}`);
  }
}

/** Looks up rows of the embedding table (copies). */
export function embeddingLookup(table: number[][], ids: number[]): number[][] {
  return ids.map((id) => {
    checkId(id, table.length, "embeddingLookup");
    return table[id].slice();
  });
}

/** Gradient of the loss with respect to the table, from the gradient of the looked-up rows. */
export function embeddingBackward(ids: number[], gradOut: number[][], vocabSize: number): number[][] {
  const k = gradOut.length > 0 ? gradOut[0].length : 0;
  const dE = Array.from({ length: vocabSize }, () => new Array<number>(k).fill(0));
  ids.forEach((id, t) => {
    checkId(id, vocabSize, "embeddingBackward");
    for (let j = 0; j < k; j++) dE[id][j] += gradOut[t][j];
  });
  return dE;
}
