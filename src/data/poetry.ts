/**
 * Five-character quatrains (五言绝句) of the Tang dynasty, for character-level language models.
 *
 * The data is data/poetry/quatrains.tsv in this repository, derived once from the npm package
 * chinese-poetry 2.0.1 (MIT) by scripts/data/derive-poetry.ts; see data/poetry/README.md. The
 * characters are traditional (繁體), as in the package. Each poem is 24 characters:
 *
 *   position  0-4  5   6-10  11  12-16  17  18-22  23
 *             字×5 ，  字×5  。  字×5   ，  字×5   。
 *
 * A model reads [<bos>, c_0, …, c_22] and predicts [c_0, …, c_23] (`encodeQuatrains`). The
 * punctuation positions are fixed by the form, so `encodeQuatrains` gives them mask 0: the loss and
 * the perplexity then measure only the 20 characters.
 */
import * as fs from "fs";
import * as path from "path";
import { Rng } from "../random";

/** One poem. */
export interface Quatrain {
  readonly author: string;
  readonly title: string;
  /** The 24 characters, punctuation included. */
  readonly poem: string;
  /** 1-based line number in the source file. */
  readonly line: number;
}

/** Characters per poem, punctuation included. */
export const QUATRAIN_LENGTH = 24;

const SHAPE = /^[\u4e00-\u9fff]{5}，[\u4e00-\u9fff]{5}。[\u4e00-\u9fff]{5}，[\u4e00-\u9fff]{5}。$/;

/** The punctuation the form requires at `position` (0..23): "，" after lines 1 and 3, "。" after lines 2 and 4, else null. */
export function quatrainPunctuation(position: number): "，" | "。" | null {
  if (!Number.isInteger(position) || position < 0 || position >= QUATRAIN_LENGTH) {
    throw new Error(`quatrainPunctuation: position must be an integer in 0..${QUATRAIN_LENGTH - 1}, got ${position}`);
  }
  if (position % 6 !== 5) return null;
  return position % 12 === 5 ? "，" : "。";
}

/**
 * Path of the committed data file, resolved from this source file (not the working directory).
 * Symbolic links are resolved first: a notebook loads this file through the chapter's `rnn -> ../../src`
 * link, and tslab then reports __dirname inside the link (notebooks/<chapter>/rnn/data).
 */
export function poetryDataPath(): string {
  let here = __dirname;
  try {
    here = fs.realpathSync(__dirname);
  } catch {
    // keep __dirname as given
  }
  return path.resolve(here, "..", "..", "data", "poetry", "quatrains.tsv");
}

/**
 * Parses the text of a quatrain file (header `author<TAB>title<TAB>poem`, then one poem per line).
 * `file` only names the file in error messages; a malformed line is reported with its number and content.
 */
export function parseQuatrains(text: string, file: string): Quatrain[] {
  const lines = text.split(/\r?\n/);
  if (lines[0] !== "author\ttitle\tpoem") {
    throw new Error(
      `parseQuatrains: ${file}, line 1 must be the header "author<TAB>title<TAB>poem", got "${lines[0]}"`,
    );
  }
  const poems: Quatrain[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw === "") continue;
    const fields = raw.split("\t");
    const where = `${file}, line ${i + 1}: "${raw}"`;
    if (fields.length !== 3)
      throw new Error(
        `parseQuatrains: expected 3 tab-separated fields (author, title, poem) but found ${fields.length} in ${where}`,
      );
    const poem = fields[2];
    if (!SHAPE.test(poem))
      throw new Error(`parseQuatrains: the poem is not 4 lines of 5 characters punctuated "，。，。" in ${where}`);
    poems.push({ author: fields[0], title: fields[1], poem, line: i + 1 });
  }
  if (poems.length === 0) throw new Error(`parseQuatrains: ${file} holds no poems`);
  return poems;
}

/** Reads the quatrains (by default the committed data/poetry/quatrains.tsv). */
export function loadQuatrains(file: string = poetryDataPath()): Quatrain[] {
  if (!fs.existsSync(file)) {
    throw new Error(
      `loadQuatrains: ${file} does not exist; it is part of the repository (data/poetry/) and can be rebuilt with \`npx tsx scripts/data/derive-poetry.ts\``,
    );
  }
  return parseQuatrains(fs.readFileSync(file, "utf8"), file);
}

/** Maps characters to token ids and back. Ids: 0 = <bos>, 1 = <unk>, 2 = "，", 3 = "。", then characters by falling frequency. */
export class CharVocabulary {
  /** Id of the start-of-poem token. */
  static readonly BOS = 0;
  /** Id of the unknown-character token. */
  static readonly UNK = 1;
  /** Id of "，". */
  static readonly COMMA = 2;
  /** Id of "。". */
  static readonly STOP = 3;
  private readonly index: Map<string, number>;

  /** `characters`: the kept characters, most frequent first (no duplicates, no punctuation). */
  constructor(characters: readonly string[]) {
    this.tokens = ["<bos>", "<unk>", "，", "。", ...characters];
    this.index = new Map();
    this.tokens.forEach((t, i) => {
      if (this.index.has(t)) throw new Error(`CharVocabulary: token "${t}" appears twice`);
      this.index.set(t, i);
    });
  }

  /** Every token, by id. */
  readonly tokens: string[];

  /** Number of tokens (the size of a model's output layer). */
  get size(): number {
    return this.tokens.length;
  }

  /** Id of one character (<unk> if it is not kept). */
  id(ch: string): number {
    return this.index.get(ch) ?? CharVocabulary.UNK;
  }

  /** Ids of every character of `text`. */
  encode(text: string): number[] {
    return Array.from(text, (ch) => this.id(ch));
  }

  /** Text of token ids; <unk> shows as "□" and <bos> as "". */
  decode(ids: ArrayLike<number>): string {
    let s = "";
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0 || id >= this.size)
        throw new Error(`CharVocabulary.decode: id ${id} at position ${i} is not in 0..${this.size - 1}`);
      s += id === CharVocabulary.UNK ? "□" : id === CharVocabulary.BOS ? "" : this.tokens[id];
    }
    return s;
  }
}

/**
 * The `maxCharacters` most frequent characters of `poems` (punctuation excluded; ties broken by
 * code point, so the result is deterministic) as a vocabulary.
 */
export function buildCharVocabulary(poems: readonly Quatrain[], maxCharacters: number): CharVocabulary {
  if (!Number.isInteger(maxCharacters) || maxCharacters < 1)
    throw new Error(`buildCharVocabulary: maxCharacters must be a positive integer, got ${maxCharacters}`);
  const counts = characterCounts(poems);
  return new CharVocabulary(counts.slice(0, maxCharacters).map(([ch]) => ch));
}

/** Character frequencies (punctuation excluded), most frequent first, ties by code point. */
export function characterCounts(poems: readonly Quatrain[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const p of poems)
    for (const ch of p.poem) if (ch !== "，" && ch !== "。") counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Training and validation poems with a vocabulary built on the training poems only. */
export interface PoetryData {
  train: Quatrain[];
  validation: Quatrain[];
  vocab: CharVocabulary;
}

/**
 * Loads the quatrains, shuffles them with `seed`, holds out `validationFraction` of them (default
 * 0.1) and keeps the `maxCharacters` most frequent characters of the training poems.
 */
export function poetryDataset(options: {
  maxCharacters: number;
  validationFraction?: number;
  seed?: number;
  file?: string;
}): PoetryData {
  const frac = options.validationFraction ?? 0.1;
  if (!(frac > 0 && frac < 1)) throw new Error(`poetryDataset: validationFraction must be in (0, 1), got ${frac}`);
  const poems = loadQuatrains(options.file);
  const order = new Rng(options.seed ?? 0).shuffle(poems.map((_, i) => i));
  const nVal = Math.max(1, Math.round(frac * poems.length));
  if (nVal >= poems.length) throw new Error(`poetryDataset: ${poems.length} poems are too few to hold out ${nVal}`);
  const validation = order.slice(0, nVal).map((i) => poems[i]);
  const train = order.slice(nVal).map((i) => poems[i]);
  return { train, validation, vocab: buildCharVocabulary(train, options.maxCharacters) };
}

/** Model inputs and targets for a batch of poems, flat [poems × 24] (row-major). */
export interface EncodedQuatrains {
  /** [<bos>, c_0 … c_22] of each poem. */
  inputs: Int32Array;
  /** [c_0 … c_23] of each poem. */
  targets: Int32Array;
  /** 1 at the 20 character positions, 0 at the 4 punctuation positions. */
  mask: Float64Array;
}

/** Encodes poems for next-character prediction (see the module comment). */
export function encodeQuatrains(poems: readonly Quatrain[], vocab: CharVocabulary): EncodedQuatrains {
  const L = QUATRAIN_LENGTH;
  const inputs = new Int32Array(poems.length * L);
  const targets = new Int32Array(poems.length * L);
  const mask = new Float64Array(poems.length * L);
  poems.forEach((p, b) => {
    const ids = vocab.encode(p.poem);
    if (ids.length !== L)
      throw new Error(`encodeQuatrains: poem ${b} ("${p.poem}") has ${ids.length} characters, expected ${L}`);
    for (let t = 0; t < L; t++) {
      inputs[b * L + t] = t === 0 ? CharVocabulary.BOS : ids[t - 1];
      targets[b * L + t] = ids[t];
      mask[b * L + t] = quatrainPunctuation(t) === null ? 1 : 0;
    }
  });
  return { inputs, targets, mask };
}
