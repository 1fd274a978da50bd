/**
 * A vocabulary maps tokens (SMILES symbols, characters of a poem, words) to integer ids and back:
 * first the special tokens in the order given (padding, unknown, start, …), then the tokens of the
 * data by decreasing count, ties broken by code unit order, so the ids depend only on the multiset
 * of tokens. Build it on the TRAINING split only, so that the test set cannot leak into it.
 */

/** The padding token (id 0 with the default specials). */
export const PAD_TOKEN = "<pad>";
/** The unknown-token placeholder (id 1 with the default specials). */
export const UNK_TOKEN = "<unk>";
/** Id of the padding token with the default specials. */
export const PAD_ID = 0;
/** Id of the unknown token with the default specials. */
export const UNK_ID = 1;

/** Options of `buildVocabulary`. */
export interface VocabularyOptions {
  /** Tokens that come first, in this order, and are never counted (default [PAD_TOKEN, UNK_TOKEN]). */
  specials?: readonly string[];
  /** The special token that stands for tokens not in the vocabulary (default UNK_TOKEN). */
  unknown?: string;
  /** Leave out tokens seen fewer times (default 1). */
  minCount?: number;
  /** Keep at most this many of the most frequent tokens, specials not counted (default: all). */
  maxTokens?: number;
  /** How `decode` shows some tokens, e.g. { "<unk>": "□", "<bos>": "" } (default: as they are). */
  display?: Readonly<Record<string, string>>;
}

/** Tokens ↔ ids. Tokens not in the vocabulary map to the id of the unknown token. */
export class Vocabulary {
  /** Id of each token. */
  readonly ids: ReadonlyMap<string, number>;
  /** Id that unknown tokens map to. */
  readonly unknownId: number;

  constructor(
    /** Token of each id. */
    readonly tokens: readonly string[],
    unknown: string = UNK_TOKEN,
    private readonly display: Readonly<Record<string, string>> = {},
  ) {
    const ids = new Map<string, number>();
    tokens.forEach((t, i) => {
      if (ids.has(t)) throw new Error(`Vocabulary: token "${t}" appears twice`);
      ids.set(t, i);
    });
    const unknownId = ids.get(unknown);
    if (unknownId === undefined) throw new Error(`Vocabulary: the unknown token "${unknown}" is not among the tokens`);
    this.ids = ids;
    this.unknownId = unknownId;
  }

  /** Number of tokens (the size of a model's output layer). */
  get size(): number {
    return this.tokens.length;
  }

  /** Id of one token (unknownId if it is not in the vocabulary). */
  id(token: string): number {
    return this.ids.get(token) ?? this.unknownId;
  }

  /** Ids of a token sequence; a string is read character by character. */
  encode(tokens: Iterable<string>): number[] {
    return Array.from(tokens, (t) => this.id(t));
  }

  /** The tokens of `ids` joined into one string (shown as the `display` option says). */
  decode(ids: ArrayLike<number>): string {
    let s = "";
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0 || id >= this.size)
        throw new Error(`Vocabulary.decode: id ${id} at position ${i} is not in 0..${this.size - 1}`);
      const t = this.tokens[id];
      s += this.display[t] ?? t;
    }
    return s;
  }
}

/** How often each token occurs, tokens in `exclude` left out; most frequent first, ties by code unit order. */
export function tokenCounts(
  sequences: Iterable<Iterable<string>>,
  exclude: readonly string[] = [],
): Array<[string, number]> {
  const skip = new Set(exclude);
  const counts = new Map<string, number>();
  for (const seq of sequences) for (const t of seq) if (!skip.has(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Builds a vocabulary from token sequences (see the module comment and VocabularyOptions). */
export function buildVocabulary(sequences: Iterable<Iterable<string>>, options: VocabularyOptions = {}): Vocabulary {
  const specials = options.specials ?? [PAD_TOKEN, UNK_TOKEN];
  const minCount = options.minCount ?? 1;
  if (!Number.isInteger(minCount) || minCount < 1)
    throw new Error(`buildVocabulary: minCount must be a positive integer, got ${minCount}`);
  const maxTokens = options.maxTokens ?? Infinity;
  if (maxTokens !== Infinity && (!Number.isInteger(maxTokens) || maxTokens < 1))
    throw new Error(`buildVocabulary: maxTokens must be a positive integer, got ${maxTokens}`);
  const kept = tokenCounts(sequences, specials)
    .filter(([, n]) => n >= minCount)
    .slice(0, maxTokens)
    .map(([t]) => t);
  return new Vocabulary([...specials, ...kept], options.unknown ?? UNK_TOKEN, options.display);
}
