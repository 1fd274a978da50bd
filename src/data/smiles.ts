/**
 * SMILES strings as token sequences for a recurrent network: tokenising and padded batches (the
 * vocabulary is in ./vocabulary.ts) with per-sequence lengths (for the `lengths` option of the sequence layers) and a mask.
 *
 * Tokens (one per atom or bond symbol, in the order they appear):
 * - a bracket atom such as `[nH]`, `[N+]`, `[O-]`, `[Fe++]`, `[C@@H]` is ONE token, brackets included;
 * - the two-letter organic-subset atoms `Cl` and `Br` are one token each (so `Cl` is not C then l);
 * - other organic-subset atoms: B C N O P S F I, aromatic b c n o p s, and the wildcard `*`;
 * - bonds and structure: `-` `=` `#` `$` `:` `/` `\` `(` `)` `.`;
 * - ring closures: a single digit `1`…`9`, `0`, or `%` with two digits (`%10`) as one token.
 * Anything else (a stray letter, an unclosed bracket) is an error naming the string and position.
 */

import { PAD_ID } from "./vocabulary";

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
