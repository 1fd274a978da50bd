/**
 * Reference solution of exercise 14 (smiles-tokenize): SMILES tokens, vocabulary, padded batches
 * with a mask. Statement and rules: exercises/smiles-tokenize.ts.
 */

/** An encoded batch: ids and mask are B rows of L numbers (L = longest sequence in the batch). */
export interface EncodedBatch {
  ids: number[][];
  mask: number[][];
  lengths: number[];
}

const TWO_LETTER_ATOMS = new Set(["Cl", "Br"]);

/** Splits a SMILES string into tokens (bracket atoms, Cl, Br, %nn ring bonds, single characters). */
export function tokenizeSmiles(smiles: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < smiles.length) {
    const ch = smiles[i];
    if (ch === "[") {
      const end = smiles.indexOf("]", i + 1);
      if (end < 0)
        throw new Error(
          `tokenizeSmiles: unterminated bracket atom starting at position ${i} in ${JSON.stringify(smiles)}`,
        );
      tokens.push(smiles.slice(i, end + 1));
      i = end + 1;
    } else if (TWO_LETTER_ATOMS.has(smiles.slice(i, i + 2))) {
      tokens.push(smiles.slice(i, i + 2));
      i += 2;
    } else if (ch === "%" && /^[0-9]{2}$/.test(smiles.slice(i + 1, i + 3))) {
      tokens.push(smiles.slice(i, i + 3));
      i += 3;
    } else {
      tokens.push(ch);
      i += 1;
    }
  }
  return tokens;
}

/** Vocabulary: "<pad>", "<unk>", then the distinct tokens in default sort order. */
export function buildSmilesVocabulary(tokenLists: string[][]): string[] {
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
