/** Wrong variant of embedding: does not check the ids. */

function checkId(id: number, vocabSize: number, fn: string): void {
  if (Number.isNaN(id)) {
    // mistake: only NaN is rejected, not ids outside 0 … V-1
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
