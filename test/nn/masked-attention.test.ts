import { strict as assert } from "node:assert";
import {
  AdditiveAttention,
  Rng,
  SelfAttention,
  Tensor,
  causalMask,
  gradCheck,
  lengthMask,
  maskedSoftmax,
  scaledDotProductAttention,
  softmax,
  sum,
  mul,
} from "../../src/index";
import { zeroPadding } from "../../src/nn/attention";

/** Copies x and writes NaN into the padded steps of each sequence. */
function poisonPadding(x: Tensor, lengths: number[]): Tensor {
  const [B, T, F] = x.shape;
  const y = new Tensor(x.data.slice(), x.shape);
  for (let b = 0; b < B; b++)
    for (let t = lengths[b]; t < T; t++) for (let f = 0; f < F; f++) y.data[(b * T + t) * F + f] = NaN;
  return y;
}

describe("nn: masked attention", () => {
  it("maskedSoftmax gives masked positions weight exactly 0 even when their scores are NaN or ±∞", () => {
    const scores = new Tensor(new Float64Array([1, NaN, 2, Infinity, 0.5, -Infinity]), [2, 3]);
    const mask = new Tensor(new Float64Array([1, 0, 1, 0, 1, 0]), [2, 3]);
    const a = maskedSoftmax(scores, mask);
    const e = Math.exp(1 - 2);
    assert.deepEqual(Array.from(a.data), [e / (1 + e), 0, 1 / (1 + e), 0, 1, 0]);
  });

  it("maskedSoftmax equals softmax over the kept entries, with a full mask equals softmax, and passes a gradient check", () => {
    const s = new Rng(1).randn([2, 3, 5]);
    const full = maskedSoftmax(s, new Tensor(new Float64Array(30).fill(1), [2, 3, 5]));
    const ref = softmax(s, -1);
    for (let i = 0; i < 30; i++) assert.ok(Math.abs(full.data[i] - ref.data[i]) < 1e-15);
    const mask = causalMask(5);
    const report = gradCheck((x) => maskedSoftmax(x, mask), [new Rng(2).randn([2, 5, 5])]);
    assert.ok(report.ok, report.summary);
  });

  it("masked positions receive exactly zero gradient, and a fully masked row is all zeros", () => {
    const s = new Rng(3).randn([1, 4], 1, { requiresGrad: true });
    const mask = new Tensor(new Float64Array([1, 1, 0, 0]), [1, 4]);
    const a = maskedSoftmax(s, mask);
    sum(mul(a, new Rng(4).randn([1, 4]))).backward();
    assert.equal(s.grad![2], 0);
    assert.equal(s.grad![3], 0);
    assert.ok(s.grad![0] !== 0);
    const none = maskedSoftmax(new Rng(5).randn([2, 3]), new Tensor(new Float64Array([0, 0, 0, 1, 1, 1]), [2, 3]));
    assert.deepEqual(Array.from(none.data.subarray(0, 3)), [0, 0, 0]);
  });

  it("scaledDotProductAttention matches the formula written with loops, with key padding", () => {
    const rng = new Rng(6);
    const [B, Tq, Tk, d, dv] = [2, 3, 4, 3, 2];
    const q = rng.randn([B, Tq, d]);
    const k = rng.randn([B, Tk, d]);
    const v = rng.randn([B, Tk, dv]);
    const lengths = [4, 2];
    const r = scaledDotProductAttention(q, k, v, { keyLengths: lengths });
    for (let b = 0; b < B; b++)
      for (let i = 0; i < Tq; i++) {
        const sc: number[] = [];
        for (let j = 0; j < lengths[b]; j++) {
          let dot = 0;
          for (let c = 0; c < d; c++) dot += q.data[(b * Tq + i) * d + c] * k.data[(b * Tk + j) * d + c];
          sc.push(dot / Math.sqrt(d));
        }
        const m = Math.max(...sc);
        const ex = sc.map((x) => Math.exp(x - m));
        const z = ex.reduce((a, c) => a + c, 0);
        for (let j = 0; j < Tk; j++) {
          const w = r.weights.data[(b * Tq + i) * Tk + j];
          if (j < lengths[b]) assert.ok(Math.abs(w - ex[j] / z) < 1e-14);
          else assert.equal(w, 0);
        }
        for (let c = 0; c < dv; c++) {
          let y = 0;
          for (let j = 0; j < lengths[b]; j++) y += (ex[j] / z) * v.data[(b * Tk + j) * dv + c];
          assert.ok(Math.abs(r.output.data[(b * Tq + i) * dv + c] - y) < 1e-14);
        }
      }
  });

  it("NaN in the padded keys and values reaches neither the output nor any gradient", () => {
    const rng = new Rng(7);
    const lengths = [3, 1];
    const q = rng.randn([2, 2, 3], 1, { requiresGrad: true });
    const k = poisonPadding(rng.randn([2, 3, 3]), lengths);
    const v = poisonPadding(rng.randn([2, 3, 2]), lengths);
    k.requiresGrad = true;
    v.requiresGrad = true;
    const r = scaledDotProductAttention(q, k, v, { keyLengths: lengths });
    assert.ok(r.output.data.every(Number.isFinite));
    sum(r.output).backward();
    for (const t of [q, k, v]) assert.ok(t.grad!.every(Number.isFinite), `${t.shape} grad has NaN`);
    assert.equal(k.grad![(1 * 3 + 2) * 3], 0);
    assert.equal(zeroPadding(k, lengths).data[(1 * 3 + 1) * 3], 0);
    assert.deepEqual(Array.from(lengthMask([2, 0], 3).data), [1, 1, 0, 0, 0, 0]);
  });

  it("scaledDotProductAttention passes a gradient check with causal and padding masks", () => {
    const rng = new Rng(8);
    const report = gradCheck(
      (q, k, v) => scaledDotProductAttention(q, k, v, { causal: true, keyLengths: [4, 3] }).output,
      [rng.randn([2, 4, 3]), rng.randn([2, 4, 3]), rng.randn([2, 4, 2])],
    );
    assert.ok(report.ok, report.summary);
  });

  it("SelfAttention with a causal mask: position t ignores later inputs; weights are lower-triangular", () => {
    const att = new SelfAttention(3, { rng: new Rng(9) });
    const x = new Rng(10).randn([1, 5, 3]);
    const a = att.attend(x, { causal: true });
    for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) assert.equal(a.weights.data[i * 5 + j], 0);
    const x2 = new Tensor(x.data.slice(), x.shape);
    for (let c = 0; c < 3; c++) x2.data[4 * 3 + c] += 1;
    const b = att.attend(x2, { causal: true });
    for (let i = 0; i < 4 * 3; i++) assert.equal(a.output.data[i], b.output.data[i]);
    // Without masks the result is the unmasked layer's.
    const plain = att.attend(x);
    const viaMask = att.attend(x, { mask: new Tensor(new Float64Array(25).fill(1), [5, 5]) });
    for (let i = 0; i < plain.output.size; i++)
      assert.ok(Math.abs(plain.output.data[i] - viaMask.output.data[i]) < 1e-14);
  });

  it("AdditiveAttention matches e_j = wᵀ tanh(W_q q + W_k k_j) written with loops, masks padding, sums to 1", () => {
    const [B, T, dq, dk, da] = [2, 4, 3, 2, 5];
    const att = new AdditiveAttention(dq, dk, da, { rng: new Rng(11) });
    const rng = new Rng(12);
    const q = rng.randn([B, dq]);
    const lengths = [4, 2];
    const keys = poisonPadding(rng.randn([B, T, dk]), lengths);
    const r = att.attend(q, keys, { keyLengths: lengths });
    assert.deepEqual(r.context.shape, [B, dk]);
    assert.deepEqual(r.weights.shape, [B, T]);
    for (let b = 0; b < B; b++) {
      const e: number[] = [];
      for (let j = 0; j < lengths[b]; j++) {
        let s = 0;
        for (let a = 0; a < da; a++) {
          let pre = 0;
          for (let c = 0; c < dq; c++) pre += att.weightQ.data[a * dq + c] * q.data[b * dq + c];
          for (let c = 0; c < dk; c++) pre += att.weightK.data[a * dk + c] * keys.data[(b * T + j) * dk + c];
          s += att.score.data[a] * Math.tanh(pre);
        }
        e.push(s);
      }
      const m = Math.max(...e);
      const z = e.reduce((acc, x) => acc + Math.exp(x - m), 0);
      let total = 0;
      for (let j = 0; j < T; j++) {
        const w = r.weights.data[b * T + j];
        total += w;
        if (j < lengths[b]) assert.ok(Math.abs(w - Math.exp(e[j] - m) / z) < 1e-14);
        else assert.equal(w, 0);
      }
      assert.ok(Math.abs(total - 1) < 1e-14);
    }
    assert.ok(r.context.data.every(Number.isFinite));
  });

  it("AdditiveAttention passes a gradient check (parameters, query, keys, values) with padding", () => {
    const att = new AdditiveAttention(2, 3, 4, { rng: new Rng(13) });
    const rng = new Rng(14);
    const report = gradCheck(
      (q, k, v) => att.attend(q, k, { values: v, keyLengths: [3, 2] }).context,
      [rng.randn([2, 2]), rng.randn([2, 3, 3]), rng.randn([2, 3, 2]), att.weightQ, att.weightK, att.score],
    );
    assert.ok(report.ok, report.summary);
  });

  it("errors name the function and the shapes", () => {
    const rng = new Rng(15);
    assert.throws(
      () => scaledDotProductAttention(rng.randn([2, 3, 4]), rng.randn([2, 5, 3]), rng.randn([2, 5, 2])),
      /scaledDotProductAttention: shapes q \[2,3,4\], k \[2,5,3\], v \[2,5,2\] do not match/,
    );
    assert.throws(
      () =>
        scaledDotProductAttention(rng.randn([1, 2, 3]), rng.randn([1, 3, 3]), rng.randn([1, 3, 3]), { causal: true }),
      /scaledDotProductAttention: a causal mask needs as many queries as keys, got 2 and 3/,
    );
    const att = new AdditiveAttention(2, 3, 4, { rng });
    assert.throws(
      () => att.attend(rng.randn([2, 5]), rng.randn([2, 3, 3])),
      /AdditiveAttention.attend: query must be \[batch, 2\], got \[2,5\]/,
    );
    assert.throws(() => maskedSoftmax(rng.randn([2, 3]), rng.randn([4])), /maskedSoftmax/);
  });
});
