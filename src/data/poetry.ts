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
import { Rng } from "../random";
import { repositoryPath } from "./repository-path";
import { Vocabulary, VocabularyOptions, buildVocabulary, tokenCounts } from "./vocabulary";

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

/** Path of the committed data file data/poetry/quatrains.tsv. */
export function poetryDataPath(): string {
  return repositoryPath("data", "poetry", "quatrains.tsv");
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
      `loadQuatrains: ${file} does not exist; it is part of the repository ` +
        `(data/poetry/) and can be rebuilt with \`npx tsx scripts/data/derive-poetry.ts\``,
    );
  }
  return parseQuatrains(fs.readFileSync(file, "utf8"), file);
}

/** The start-of-poem token a model reads before the first character. */
export const BOS_TOKEN = "<bos>";

/**
 * The vocabulary options of quatrains: ids 0 = <bos>, 1 = <unk>, 2 = "，", 3 = "。", then characters
 * by falling frequency; `decode` shows <unk> as "□" and <bos> as "". Use with `buildVocabulary(texts,
 * { ...QUATRAIN_VOCABULARY, maxTokens })`.
 */
export const QUATRAIN_VOCABULARY: Readonly<VocabularyOptions> = {
  specials: [BOS_TOKEN, "<unk>", "，", "。"],
  unknown: "<unk>",
  display: { "<unk>": "□", [BOS_TOKEN]: "" },
};

/** Character frequencies (punctuation excluded), most frequent first, ties by code point. */
export function characterCounts(poems: readonly Quatrain[]): Array<[string, number]> {
  return tokenCounts(
    poems.map((p) => p.poem),
    ["，", "。"],
  );
}

/** Training and validation poems with a vocabulary built on the training poems only. */
export interface PoetryData {
  train: Quatrain[];
  validation: Quatrain[];
  vocab: Vocabulary;
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
  const texts = train.map((p) => p.poem);
  return {
    train,
    validation,
    vocab: buildVocabulary(texts, { ...QUATRAIN_VOCABULARY, maxTokens: options.maxCharacters }),
  };
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
export function encodeQuatrains(poems: readonly Quatrain[], vocab: Vocabulary): EncodedQuatrains {
  const L = QUATRAIN_LENGTH;
  const inputs = new Int32Array(poems.length * L);
  const targets = new Int32Array(poems.length * L);
  const mask = new Float64Array(poems.length * L);
  const bos = vocab.id(BOS_TOKEN);
  poems.forEach((p, b) => {
    const ids = vocab.encode(p.poem);
    if (ids.length !== L)
      throw new Error(`encodeQuatrains: poem ${b} ("${p.poem}") has ${ids.length} characters, expected ${L}`);
    for (let t = 0; t < L; t++) {
      inputs[b * L + t] = t === 0 ? bos : ids[t - 1];
      targets[b * L + t] = ids[t];
      mask[b * L + t] = quatrainPunctuation(t) === null ? 1 : 0;
    }
  });
  return { inputs, targets, mask };
}
