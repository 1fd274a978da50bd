/**
 * SMILES strings as token sequences for a recurrent network: tokenising, a vocabulary, and padded
 * batches with per-sequence lengths (for the `lengths` option of the sequence layers) and a mask.
 *
 * Tokens (one per atom or bond symbol, in the order they appear):
 * - a bracket atom such as `[nH]`, `[N+]`, `[O-]`, `[Fe++]`, `[C@@H]` is ONE token, brackets included;
 * - the two-letter organic-subset atoms `Cl` and `Br` are one token each (so `Cl` is not C then l);
 * - other organic-subset atoms: B C N O P S F I, aromatic b c n o p s, and the wildcard `*`;
 * - bonds and structure: `-` `=` `#` `$` `:` `/` `\` `(` `)` `.`;
 * - ring closures: a single digit `1`…`9`, `0`, or `%` with two digits (`%10`) as one token.
 * Anything else (a stray letter, an unclosed bracket) is an error naming the string and position.
 */

/** A token vocabulary: id 0 is padding, id 1 stands for tokens not in the vocabulary. */
export interface Vocabulary {
  /** Token of each id; tokens[0] = PAD_TOKEN, tokens[1] = UNK_TOKEN. */
  readonly tokens: readonly string[];
  /** Id of each known token. */
  readonly ids: ReadonlyMap<string, number>;
}

/** The padding token (id 0). */
export const PAD_TOKEN = "<pad>";
/** The unknown-token placeholder (id 1). */
export const UNK_TOKEN = "<unk>";
/** Id of the padding token. */
export const PAD_ID = 0;
/** Id of the unknown token. */
export const UNK_ID = 1;

const SINGLE = new Set([
  "B",
  "C",
  "N",
  "O",
  "P",
  "S",
  "F",
  "I",
  "b",
  "c",
  "n",
  "o",
  "p",
  "s",
  "*",
  "-",
  "=",
  "#",
  "$",
  ":",
  "/",
  "\\",
  "(",
  ")",
  ".",
  "0",
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
]);

/**
 * Splits a SMILES string into tokens (see the module comment for the token rules).
 * `tokenizeSmiles("ClC(=O)[O-]")` → `["Cl", "C", "(", "=", "O", ")", "[O-]"]`.
 */
export function tokenizeSmiles(smiles: string): string[] {
  if (typeof smiles !== "string") throw new Error(`tokenizeSmiles: smiles must be a string, got ${typeof smiles}`);
  const tokens: string[] = [];
  let i = 0;
  while (i < smiles.length) {
    const ch = smiles[i];
    if (ch === "[") {
      const close = smiles.indexOf("]", i + 1);
      if (close < 0) throw new Error(`tokenizeSmiles: unclosed "[" at position ${i} in "${smiles}"`);
      if (close === i + 1) throw new Error(`tokenizeSmiles: empty bracket atom "[]" at position ${i} in "${smiles}"`);
      const inner = smiles.slice(i + 1, close);
      if (inner.includes("["))
        throw new Error(`tokenizeSmiles: nested "[" inside the bracket atom at position ${i} in "${smiles}"`);
      tokens.push(smiles.slice(i, close + 1));
      i = close + 1;
    } else if ((ch === "C" && smiles[i + 1] === "l") || (ch === "B" && smiles[i + 1] === "r")) {
      tokens.push(smiles.slice(i, i + 2));
      i += 2;
    } else if (ch === "%") {
      const digits = smiles.slice(i + 1, i + 3);
      if (!/^[0-9]{2}$/.test(digits))
        throw new Error(`tokenizeSmiles: "%" at position ${i} must be followed by two digits in "${smiles}"`);
      tokens.push("%" + digits);
      i += 3;
    } else if (SINGLE.has(ch)) {
      tokens.push(ch);
      i += 1;
    } else {
      throw new Error(`tokenizeSmiles: unexpected character "${ch}" at position ${i} in "${smiles}"`);
    }
  }
  return tokens;
}

/**
 * Builds a vocabulary from token sequences (normally the TRAINING split only, so that the test set
 * cannot leak into it). Tokens seen fewer than `minCount` times (default 1) are left out and will
 * map to UNK_ID. Ids are assigned by decreasing count, ties broken alphabetically, after PAD and UNK:
 * the result depends only on the multiset of tokens.
 */
export function buildVocabulary(
  sequences: readonly (readonly string[])[],
  options: { minCount?: number } = {},
): Vocabulary {
  const minCount = options.minCount ?? 1;
  if (!Number.isInteger(minCount) || minCount < 1)
    throw new Error(`buildVocabulary: minCount must be a positive integer, got ${minCount}`);
  const counts = new Map<string, number>();
  for (const seq of sequences) for (const t of seq) counts.set(t, (counts.get(t) ?? 0) + 1);
  const kept = [...counts.entries()].filter(([t, n]) => n >= minCount && t !== PAD_TOKEN && t !== UNK_TOKEN);
  kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const tokens = [PAD_TOKEN, UNK_TOKEN, ...kept.map(([t]) => t)];
  return { tokens, ids: new Map(tokens.map((t, i) => [t, i])) };
}

/** Token ids of a sequence; unknown tokens become UNK_ID. */
export function encodeTokens(vocab: Vocabulary, tokens: readonly string[]): number[] {
  return tokens.map((t) => vocab.ids.get(t) ?? UNK_ID);
}

/** A batch of id sequences padded to a common length. */
export interface PaddedBatch {
  /** Token ids, row-major [batch, time] (PAD_ID after each sequence's end). */
  readonly ids: Int32Array;
  /** [batch, time]. */
  readonly shape: [number, number];
  /** Length of each sequence (≥ 1): pass as `lengths` to RNN/LSTM/GRU. */
  readonly lengths: number[];
  /** 1 at real tokens, 0 at padding, row-major [batch, time] (for masked losses). */
  readonly mask: Float64Array;
}

/**
 * Pads id sequences with PAD_ID to the longest one (or to `length`, which must be at least the
 * longest). Every sequence must hold at least one id: the sequence layers need lengths ≥ 1.
 */
export function padBatch(sequences: readonly (readonly number[])[], length?: number): PaddedBatch {
  if (sequences.length === 0) throw new Error("padBatch: no sequences given");
  let longest = 0;
  sequences.forEach((s, b) => {
    if (s.length === 0) throw new Error(`padBatch: sequence ${b} is empty (lengths must be ≥ 1)`);
    longest = Math.max(longest, s.length);
  });
  const T = length ?? longest;
  if (!Number.isInteger(T) || T < longest)
    throw new Error(`padBatch: length ${length} is shorter than the longest sequence (${longest})`);
  const B = sequences.length;
  const ids = new Int32Array(B * T).fill(PAD_ID);
  const mask = new Float64Array(B * T);
  sequences.forEach((s, b) => {
    for (let t = 0; t < s.length; t++) {
      ids[b * T + t] = s[t];
      mask[b * T + t] = 1;
    }
  });
  return { ids, shape: [B, T], lengths: sequences.map((s) => s.length), mask };
}
