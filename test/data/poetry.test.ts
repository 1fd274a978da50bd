import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  QUATRAIN_LENGTH,
  BOS_TOKEN,
  QUATRAIN_VOCABULARY,
  buildVocabulary,
  characterCounts,
  encodeQuatrains,
  poetryDataset,
  quatrainPunctuation,
} from "../../src/index";
import { loadQuatrains, parseQuatrains, poetryDataPath } from "../../src/data/poetry";

describe("data: Tang five-character quatrains", () => {
  it("finds the committed file from the source folder and every poem has the 4 × 5 form", () => {
    assert.equal(poetryDataPath(), path.resolve(__dirname, "..", "..", "data", "poetry", "quatrains.tsv"));
    const poems = loadQuatrains();
    assert.ok(poems.length > 3000, `${poems.length} poems`);
    const texts = new Set<string>();
    for (const p of poems) {
      const chars = Array.from(p.poem);
      assert.equal(chars.length, QUATRAIN_LENGTH);
      chars.forEach((ch, t) => {
        const punct = quatrainPunctuation(t);
        if (punct) assert.equal(ch, punct, `${p.poem} position ${t}`);
        else assert.match(ch, /[\u4e00-\u9fff]/);
      });
      texts.add(p.poem);
    }
    assert.equal(texts.size, poems.length, "no duplicate poems");
  });

  it("the data README states source, licence and script, and the licence file is MIT", () => {
    const dir = path.dirname(poetryDataPath());
    const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    assert.match(readme, /chinese-poetry/);
    assert.match(readme, /2\.0\.1/);
    assert.match(readme, /MIT/);
    assert.match(readme, /traditional/);
    assert.match(readme, new RegExp(`${loadQuatrains().length} poems`));
    assert.match(fs.readFileSync(path.join(dir, "LICENSE"), "utf8"), /MIT License/);
  });

  it("punctuation slots are 5, 11, 17, 23 with ，。，。", () => {
    const slots = Array.from({ length: QUATRAIN_LENGTH }, (_, t) => quatrainPunctuation(t))
      .map((p, t) => (p ? `${t}${p}` : ""))
      .filter((s) => s);
    assert.deepEqual(slots, ["5，", "11。", "17，", "23。"]);
    assert.throws(() => quatrainPunctuation(24), /quatrainPunctuation: position must be an integer in 0..23/);
  });

  it("the vocabulary keeps the most frequent characters, maps the rest to <unk>, and round-trips", () => {
    const poems = parseQuatrains(
      "author\ttitle\tpoem\n甲\t一\t白日依山盡，黃河入海流。欲窮千里目，更上一層樓。\n乙\t二\t白日白日白，山山山日日。白白白白白，日日日日日。\n",
      "inline",
    );
    const counts = characterCounts(poems);
    assert.deepEqual(counts.slice(0, 3), [
      ["日", 10],
      ["白", 9],
      ["山", 4],
    ]);
    const texts = poems.map((p) => p.poem);
    const vocab = buildVocabulary(texts, { ...QUATRAIN_VOCABULARY, maxTokens: 3 });
    assert.equal(vocab.size, 4 + 3);
    assert.deepEqual(vocab.tokens.slice(4), ["日", "白", "山"]);
    assert.equal(vocab.id("白"), 5);
    assert.equal(vocab.id("黃"), vocab.unknownId);
    assert.equal(vocab.unknownId, 1);
    const ids = vocab.encode(poems[0].poem);
    assert.equal(vocab.decode(ids), "白日□山□，□□□□□。□□□□□，□□□□□。");
    const full = buildVocabulary(texts, { ...QUATRAIN_VOCABULARY, maxTokens: 1000 });
    assert.equal(full.decode(full.encode(poems[0].poem)), poems[0].poem);
    assert.throws(() => full.decode([full.size]), /Vocabulary.decode: id/);
  });

  it("encodes inputs shifted by one with <bos>, targets, and a mask that skips punctuation", () => {
    const poems = parseQuatrains(
      "author\ttitle\tpoem\n甲\t一\t白日依山盡，黃河入海流。欲窮千里目，更上一層樓。\n",
      "inline",
    );
    const vocab = buildVocabulary(
      poems.map((p) => p.poem),
      { ...QUATRAIN_VOCABULARY, maxTokens: 100 },
    );
    const { inputs, targets, mask } = encodeQuatrains(poems, vocab);
    assert.equal(inputs[0], vocab.id(BOS_TOKEN));
    assert.equal(vocab.id(BOS_TOKEN), 0);
    for (let t = 1; t < QUATRAIN_LENGTH; t++) assert.equal(inputs[t], targets[t - 1]);
    assert.equal(vocab.decode(targets), poems[0].poem);
    assert.equal(targets[5], vocab.id("，"));
    assert.equal(vocab.id("，"), 2);
    assert.equal(targets[11], vocab.id("。"));
    assert.equal(vocab.id("。"), 3);
    assert.equal(
      Array.from(mask).reduce((a, b) => a + b, 0),
      20,
    );
    assert.deepEqual(
      [5, 11, 17, 23].map((t) => mask[t]),
      [0, 0, 0, 0],
    );
  });

  it("splits deterministically into disjoint training and validation sets; the vocabulary sees training poems only", () => {
    const a = poetryDataset({ maxCharacters: 500, seed: 1 });
    const b = poetryDataset({ maxCharacters: 500, seed: 1 });
    const c = poetryDataset({ maxCharacters: 500, seed: 2 });
    assert.deepEqual(
      a.validation.map((p) => p.line),
      b.validation.map((p) => p.line),
    );
    assert.notDeepEqual(
      a.validation.map((p) => p.line),
      c.validation.map((p) => p.line),
    );
    const total = loadQuatrains().length;
    assert.equal(a.train.length + a.validation.length, total);
    assert.equal(a.validation.length, Math.round(0.1 * total));
    const trainLines = new Set(a.train.map((p) => p.line));
    assert.ok(a.validation.every((p) => !trainLines.has(p.line)));
    assert.equal(a.vocab.size, 504);
    assert.deepEqual(
      a.vocab.tokens.slice(4),
      characterCounts(a.train)
        .slice(0, 500)
        .map(([ch]) => ch),
    );
  });

  it("reports a malformed or missing file with the file, line number and content", () => {
    assert.throws(
      () => parseQuatrains("author\ttitle\tpoem\n甲\t一\t白日依山盡，黃河入海流。\n", "x.tsv"),
      /parseQuatrains: the poem is not 4 lines .* in x\.tsv, line 2: "甲\t一\t白日依山盡，黃河入海流。"/,
    );
    assert.throws(
      () => parseQuatrains("author\ttitle\tpoem\n甲\t白日依山盡，黃河入海流。欲窮千里目，更上一層樓。\n", "x.tsv"),
      /expected 3 tab-separated fields .* found 2 in x\.tsv, line 2/,
    );
    assert.throws(() => parseQuatrains("poem\n", "x.tsv"), /x\.tsv, line 1 must be the header/);
    const missing = path.join(os.tmpdir(), "no-such-dir-rnn-course", "quatrains.tsv");
    assert.throws(() => loadQuatrains(missing), /loadQuatrains: .*quatrains\.tsv does not exist; .*derive-poetry\.ts/);
    assert.throws(() => poetryDataset({ maxCharacters: 0 }), /buildVocabulary: maxTokens must be a positive integer/);
  });
});
