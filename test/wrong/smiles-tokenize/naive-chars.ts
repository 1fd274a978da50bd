/** Wrong variant of smiles-tokenize: splits into single characters only. */

/** An encoded batch: ids and mask are B rows of L numbers (L = longest sequence in the batch). */
export interface EncodedBatch {
  ids: number[][];
  mask: number[][];
  lengths: number[];
}

/** Splits a SMILES string into tokens: one character each (mistake: no Cl, Br, [..] or %nn). */
export function tokenizeSmiles(smiles: string): string[] {
  return smiles.split("");
}

/** Vocabulary: "<pad>", "<unk>", then the distinct tokens in default sort order. */
export function buildVocab(tokenLists: string[][]): string[] {
  const distinct = new Set<string>();
  for (const tokens of tokenLists) for (const t of tokens) distinct.add(t);
  return ["<pad>", "<unk>", ...[...distinct].sort()];
}

/** Tokenises and encodes a batch, padding on the right to the longest sequence. */
export function encodeBatch(batch: string[], vocab: string[]): EncodedBatch {
  const index = new Map<string, number>();
  vocab.forEach((token, k) => {
    if (!index.has(token)) index.set(token, k);
  });
  const tokenized = batch.map(tokenizeSmiles);
  const L = Math.max(0, ...tokenized.map((t) => t.length));
  const ids = tokenized.map((tokens) =>
    Array.from({ length: L }, (_, t) => (t < tokens.length ? (index.get(tokens[t]) ?? 1) : 0)),
  );
  const mask = tokenized.map((tokens) => Array.from({ length: L }, (_, t) => (t < tokens.length ? 1 : 0)));
  return { ids, mask, lengths: tokenized.map((t) => t.length) };
}
