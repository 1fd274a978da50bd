import { strict as assert } from "node:assert";
import { Rng, kneserNey } from "../src/index";

describe("ngram: interpolated Kneser–Ney", () => {
  const corpus = [
    [0, 1, 2, 3, 1, 2],
    [0, 2, 1, 2, 3],
    [0, 1, 2, 1, 2, 4],
  ];

  it("every conditional distribution sums to 1, for seen and unseen histories and every order", () => {
    for (const order of [1, 2, 3]) {
      const model = kneserNey(corpus, { order, discount: 0.7, vocabSize: 6, pad: 0 });
      for (const history of [[], [0], [1, 2], [4, 4], [5, 3], [2, 1]]) {
        let total = 0;
        for (let w = 0; w < 6; w++) total += Math.exp(model.logProb(history, w));
        assert.ok(Math.abs(total - 1) < 1e-12, `order ${order}, history ${history}: Σ P = ${total}`);
      }
    }
  });

  it("matches a hand computation for a bigram model", () => {
    // Bigrams counted (position 0 of each sequence is context only): 0→1 ×2, 0→2, 1→2 ×5, 2→3 ×2,
    // 3→1, 2→1 ×2, 2→4.
    const D = 0.5;
    const model = kneserNey(corpus, { order: 2, discount: D, vocabSize: 6, pad: 0 });
    // Continuation counts N₁₊(• w): w = 1 follows {0, 3, 2} → 3; w = 2 follows {1, 0} → 2;
    // w = 3 follows {2} → 1; w = 4 follows {2} → 1. Total 7, 4 distinct types.
    const unigram = (n: number) => (Math.max(n - D, 0) + D * 4 * (1 / 6)) / 7;
    // After 2: 2→3 ×2, 2→1 ×2, 2→4 ×1: total 5, 3 types.
    const p = (c: number, w: number) => (Math.max(c - D, 0) + D * 3 * unigram(w)) / 5;
    const cont = [0, 3, 2, 1, 1, 0];
    assert.ok(Math.abs(Math.exp(model.logProb([2], 1)) - p(2, cont[1])) < 1e-12);
    assert.ok(Math.abs(Math.exp(model.logProb([2], 4)) - p(1, cont[4])) < 1e-12);
    assert.ok(Math.abs(Math.exp(model.logProb([2], 5)) - p(0, cont[5])) < 1e-12);
    // A history never seen (5) falls back to the continuation unigram.
    assert.ok(Math.abs(Math.exp(model.logProb([5], 2)) - unigram(cont[2])) < 1e-12);
  });

  it("learns a deterministic second-order pattern that a bigram cannot, and masks select the targets", () => {
    // x_t = (x_{t-1} + x_{t-2}) mod 5: the next token depends on the last two.
    const rng = new Rng(1);
    const make = () => {
      const s = [rng.int(5), rng.int(5)];
      for (let t = 2; t < 30; t++) s.push((s[t - 1] + s[t - 2]) % 5);
      return s;
    };
    const train = Array.from({ length: 50 }, make);
    const test = Array.from({ length: 10 }, make);
    const masks = test.map((s) => s.map((_, i) => (i >= 2 ? 1 : 0)));
    const bigram = kneserNey(train, { order: 2, discount: 0.5, vocabSize: 5, pad: 0 }).perplexity(test, masks);
    const trigram = kneserNey(train, { order: 3, discount: 0.5, vocabSize: 5, pad: 0 }).perplexity(test, masks);
    assert.ok(trigram < 1.2, `trigram perplexity ${trigram}`);
    assert.ok(bigram > 3, `bigram perplexity ${bigram}`);
    // Masks: counting only positions ≥ 2 changes the counts, but not the fact.
    const trainMasks = train.map((s) => s.map((_, i) => (i >= 2 ? 1 : 0)));
    const masked = kneserNey(train, { order: 3, discount: 0.5, vocabSize: 5, pad: 0, masks: trainMasks });
    assert.ok(masked.perplexity(test, masks) < 1.2);
  });

  it("rejects bad arguments with messages naming the argument", () => {
    assert.throws(() => kneserNey(corpus, { order: 0, discount: 0.5, vocabSize: 6, pad: 0 }), /kneserNey: order/);
    assert.throws(() => kneserNey(corpus, { order: 2, discount: 1, vocabSize: 6, pad: 0 }), /kneserNey: discount/);
    assert.throws(
      () => kneserNey(corpus, { order: 2, discount: 0.5, vocabSize: 4, pad: 0 }),
      /sequences\[0\]\[3\] is 3|outside 0..3/,
    );
    assert.throws(
      () => kneserNey(corpus, { order: 2, discount: 0.5, vocabSize: 6, pad: 0, masks: [[1]] }),
      /3 sequences but 1 masks/,
    );
    const model = kneserNey(corpus, { order: 2, discount: 0.5, vocabSize: 6, pad: 0 });
    assert.throws(() => model.logProb([1], 6), /token is 6, outside 0..5/);
  });
});
