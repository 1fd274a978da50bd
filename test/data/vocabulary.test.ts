import { strict as assert } from "node:assert";
import { PAD_ID, UNK_ID, Vocabulary, buildVocabulary } from "../../src/index";

describe("data/vocabulary", () => {
  const seqs = [["C", "C", "O"], ["C", "N"], ["C", "Cl"], ["O"]];

  it("puts PAD and UNK first, then tokens by decreasing count, ties alphabetically", () => {
    const v = buildVocabulary(seqs);
    assert.deepEqual(v.tokens, ["<pad>", "<unk>", "C", "O", "Cl", "N"]);
    assert.equal(v.ids.get("C"), 2);
    assert.equal(PAD_ID, 0);
    assert.equal(UNK_ID, 1);
  });

  it("drops rare tokens to UNK with minCount", () => {
    const v = buildVocabulary(seqs, { minCount: 2 });
    assert.deepEqual(v.tokens, ["<pad>", "<unk>", "C", "O"]);
    assert.deepEqual(v.encode(["C", "N", "O", "Br"]), [2, UNK_ID, 3, UNK_ID]);
    assert.throws(() => buildVocabulary(seqs, { minCount: 0 }), /minCount must be a positive integer/);
  });

  it("does not depend on the order of the sequences", () => {
    assert.deepEqual(buildVocabulary(seqs).tokens, buildVocabulary(seqs.slice().reverse()).tokens);
  });

  it("takes specials, an unknown token, a token limit and a display map", () => {
    const v = buildVocabulary(["abca", "ab"], {
      specials: ["<s>", "?"],
      unknown: "?",
      maxTokens: 2,
      display: { "?": "_" },
    });
    assert.deepEqual(v.tokens, ["<s>", "?", "a", "b"]);
    assert.equal(v.size, 4);
    assert.equal(v.unknownId, 1);
    assert.deepEqual(v.encode("abcz"), [2, 3, 1, 1]);
    assert.equal(v.decode([0, 2, 1, 3]), "<s>a_b");
    assert.throws(
      () => buildVocabulary(["a"], { maxTokens: 0 }),
      /buildVocabulary: maxTokens must be a positive integer, got 0/,
    );
    assert.throws(() => new Vocabulary(["a", "a"]), /Vocabulary: token "a" appears twice/);
    assert.throws(() => new Vocabulary(["a"]), /Vocabulary: the unknown token "<unk>" is not among the tokens/);
  });
});
