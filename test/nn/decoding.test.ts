import { strict as assert } from "node:assert";
import {
  DecodeStep,
  Hypothesis,
  Linear,
  RNNCell,
  Rng,
  Tensor,
  beamSearch,
  greedyDecode,
  lengthPenalty,
  logSoftmax,
  noGrad,
  sampleDecode,
  tensor,
} from "../../src/index";
import { compareHypotheses } from "../../src/nn/decoding";

/** A small RNN language model over `vocab` tokens as a step function (state: h [1, hidden]). */
function rnnModel(seed: number, vocab: number, hidden: number): DecodeStep<Tensor> {
  const rng = new Rng(seed);
  const cell = new RNNCell(vocab, hidden, { rng });
  const head = new Linear(hidden, vocab, { rng });
  for (const p of head.parameters()) for (let i = 0; i < p.size; i++) p.data[i] *= 3; // peakier distributions
  return (prev, h) =>
    noGrad(() => {
      const x = new Tensor(new Float64Array(vocab), [1, vocab]);
      x.data[prev] = 1;
      const next = cell.forward(x, h);
      return { logProbs: logSoftmax(head.forward(next)), state: next };
    });
}

/** A model whose next-token distribution is a seeded random function of the whole prefix. */
function tableModel(seed: number, vocab: number): DecodeStep<number[]> {
  return (prev, prefix) => {
    const history = [...prefix, prev];
    let h = seed;
    for (const t of history) h = (h * 31 + t + 7) % 1000003;
    const rng = new Rng(h);
    const w = Array.from({ length: vocab }, () => Math.exp(2 * rng.normal()));
    const z = w.reduce((a, b) => a + b, 0);
    return { logProbs: w.map((v) => Math.log(v / z)), state: history };
  };
}

/** Every sequence the decoder can produce, scored the same way: the exact ranking. */
function bruteForce<S>(
  step: DecodeStep<S>,
  o: { startToken: number; state: S; maxLength: number; endToken?: number; alpha?: number },
): Hypothesis[] {
  const all: Hypothesis[] = [];
  const alpha = o.alpha ?? 0;
  const walk = (tokens: number[], logProb: number, prev: number, state: S): void => {
    const r = step(prev, state);
    const lp = r.logProbs instanceof Tensor ? r.logProbs.data : Array.from(r.logProbs);
    for (let v = 0; v < lp.length; v++) {
      const seq = [...tokens, v];
      const total = logProb + lp[v];
      const score = total / lengthPenalty(seq.length, alpha);
      if (v === o.endToken) all.push({ tokens: seq, logProb: total, score, finished: true });
      else if (seq.length === o.maxLength) all.push({ tokens: seq, logProb: total, score, finished: false });
      else walk(seq, total, v, r.state);
    }
  };
  walk([], 0, o.startToken, o.state);
  return all.sort(compareHypotheses);
}

describe("nn: decoding", () => {
  const h0 = () => new Tensor(new Float64Array(4), [1, 4]);

  it("beam search with a beam wide enough to keep every sequence returns the brute-force ranking exactly", () => {
    for (const alpha of [0, 0.6, 2]) {
      const step = rnnModel(1, 4, 4);
      const o = { startToken: 0, state: h0(), maxLength: 4, endToken: 3, alpha };
      const exact = bruteForce(step, o);
      assert.equal(exact.length, 1 + 3 + 9 + 27 + 81); // ended at step 1..4, plus 27·3 cut at step 4
      const beam = beamSearch(step, { ...o, beamWidth: 1000, k: exact.length });
      assert.deepEqual(beam, exact);
    }
    const table = tableModel(5, 3);
    const o = { startToken: 0, state: [] as number[], maxLength: 5, endToken: 2, alpha: 1 };
    assert.deepEqual(beamSearch(table, { ...o, beamWidth: 1000, k: 10 }), bruteForce(table, o).slice(0, 10));
  });

  it("without an end token every sequence has maxLength tokens and the best is the most probable", () => {
    const step = tableModel(6, 3);
    const o = { startToken: 0, state: [] as number[], maxLength: 4 };
    const exact = bruteForce(step, o);
    assert.equal(exact.length, 81);
    const best = beamSearch(step, { ...o, beamWidth: 81, k: 3 });
    assert.deepEqual(best, exact.slice(0, 3));
    assert.ok(best.every((h) => h.tokens.length === 4 && !h.finished));
  });

  it("beam width 1 is greedy decoding, and a wider beam can beat greedy (found by brute force)", () => {
    let found = false;
    for (let seed = 0; seed < 40 && !found; seed++) {
      const step = tableModel(seed, 3);
      const o = { startToken: 0, state: [] as number[], maxLength: 4, endToken: 2 };
      const greedy = greedyDecode(step, o);
      const [one] = beamSearch(step, { ...o, beamWidth: 1 });
      assert.deepEqual(one, greedy);
      const exact = bruteForce(step, o)[0];
      const [wide] = beamSearch(step, { ...o, beamWidth: 3 });
      assert.ok(wide.logProb >= greedy.logProb - 1e-12);
      if (exact.logProb > greedy.logProb + 1e-9 && wide.logProb === exact.logProb) found = true;
    }
    assert.ok(found, "some model where greedy misses the best sequence and a beam of 3 finds it");
  });

  it("ties are broken by the smaller token sequence, identically in greedy, beam and brute force", () => {
    const uniform: DecodeStep<null> = () => ({
      logProbs: [Math.log(1 / 3), Math.log(1 / 3), Math.log(1 / 3)],
      state: null,
    });
    const o = { startToken: 0, state: null, maxLength: 3, endToken: 2 };
    const exact = bruteForce(uniform, o);
    assert.deepEqual(exact[0].tokens, [2]);
    assert.deepEqual(exact[1].tokens, [0, 2]);
    assert.deepEqual(exact[2].tokens, [1, 2]);
    assert.deepEqual(beamSearch(uniform, { ...o, beamWidth: 100, k: exact.length }), exact);
    assert.deepEqual(greedyDecode(uniform, o).tokens, [0, 0, 0]);
    // Two equally likely continuations with no end token: lexicographic order.
    const flat = beamSearch(uniform, { startToken: 0, state: null, maxLength: 2, beamWidth: 9, k: 9 });
    assert.deepEqual(
      flat.map((h) => h.tokens.join("")),
      ["00", "01", "02", "10", "11", "12", "20", "21", "22"],
    );
  });

  it("length normalisation: α = 0 prefers a short sequence, a large α a longer one (both exact)", () => {
    // End now with p = 0.4, or go on with 0.6 per step and end with certainty at step 3.
    const step: DecodeStep<number> = (prev, t) => {
      const lp = t < 2 ? [Math.log(0.6), -Infinity, Math.log(0.4)] : [-Infinity, -Infinity, 0];
      return { logProbs: lp, state: t + 1 };
    };
    const o = { startToken: 1, state: 0, maxLength: 5, endToken: 2 };
    const short = beamSearch(step, { ...o, beamWidth: 10, alpha: 0 })[0];
    assert.deepEqual(short.tokens, [2]); // log 0.4 = -0.92 > log 0.36 = -1.02
    const long = beamSearch(step, { ...o, beamWidth: 10, alpha: 2 })[0];
    assert.deepEqual(long.tokens, [0, 0, 2]);
    assert.ok(Math.abs(long.score - Math.log(0.36) / lengthPenalty(3, 2)) < 1e-15);
  });

  it("the end token stops a hypothesis and is counted in its length; logProb is the model's", () => {
    const step = rnnModel(2, 4, 4);
    const o = { startToken: 0, state: h0(), maxLength: 6, endToken: 3 };
    for (const h of beamSearch(step, { ...o, beamWidth: 4, alpha: 0.7 })) {
      const endAt = h.tokens.indexOf(3);
      if (h.finished) assert.equal(endAt, h.tokens.length - 1);
      else assert.ok(endAt === -1 && h.tokens.length === 6);
      // Recompute log p along the sequence.
      let state = h0();
      let prev = 0;
      let lp = 0;
      for (const t of h.tokens) {
        const r = step(prev, state);
        lp += (r.logProbs as Tensor).data[t];
        state = r.state;
        prev = t;
      }
      assert.equal(lp, h.logProb);
      assert.equal(h.score, h.logProb / lengthPenalty(h.tokens.length, 0.7));
    }
  });

  it("sampling is seeded, matches the model's probabilities, and a tiny temperature is greedy", () => {
    const step: DecodeStep<null> = () => ({ logProbs: [Math.log(0.2), Math.log(0.5), Math.log(0.3)], state: null });
    const counts = [0, 0, 0];
    const rng = new Rng(3);
    const n = 20000;
    for (let i = 0; i < n; i++)
      counts[sampleDecode(step, { startToken: 0, state: null, maxLength: 1, rng }).tokens[0]]++;
    [0.2, 0.5, 0.3].forEach((p, v) => assert.ok(Math.abs(counts[v] / n - p) < 4 * Math.sqrt((p * (1 - p)) / n)));
    // Temperature 2: probabilities ∝ p^(1/2).
    const hot = [0, 0, 0];
    for (let i = 0; i < n; i++)
      hot[sampleDecode(step, { startToken: 0, state: null, maxLength: 1, rng, temperature: 2 }).tokens[0]]++;
    const r = [0.2, 0.5, 0.3].map(Math.sqrt);
    const z = r.reduce((a, b) => a + b, 0);
    r.forEach((w, v) => assert.ok(Math.abs(hot[v] / n - w / z) < 4 * Math.sqrt(((w / z) * (1 - w / z)) / n)));
    const model = rnnModel(4, 4, 4);
    const o = { startToken: 0, state: h0(), maxLength: 6, endToken: 3 };
    const a = sampleDecode(model, { ...o, rng: new Rng(9) });
    const b = sampleDecode(model, { ...o, rng: new Rng(9) });
    assert.deepEqual(a, b);
    assert.deepEqual(
      sampleDecode(model, { ...o, rng: new Rng(9), temperature: 1e-3 }).tokens,
      greedyDecode(model, o).tokens,
    );
  });

  it("rejects bad options and bad log-probabilities with clear messages", () => {
    const step = rnnModel(5, 3, 2);
    const o = { startToken: 0, state: new Tensor(new Float64Array(2), [1, 2]), maxLength: 3 };
    assert.throws(
      () => beamSearch(step, { ...o, beamWidth: 0 }),
      /beamSearch: beamWidth must be a positive integer, got 0/,
    );
    assert.throws(
      () => greedyDecode(step, { ...o, maxLength: 0 }),
      /greedyDecode: maxLength must be a positive integer/,
    );
    assert.throws(
      () => greedyDecode(step, { ...o, endToken: 3 }),
      /greedyDecode: endToken 3 is not a token id of a vocabulary of 3/,
    );
    assert.throws(
      () => sampleDecode(step, { ...o, rng: new Rng(1), temperature: 0 }),
      /sampleDecode: temperature must be a positive number, got 0/,
    );
    const logits: DecodeStep<null> = () => ({ logProbs: tensor([0.5, 1]), state: null });
    assert.throws(
      () => greedyDecode(logits, { startToken: 0, state: null, maxLength: 2 }),
      /greedyDecode: logProbs\[0\] = 0.5 is not a log-probability/,
    );
  });
});
