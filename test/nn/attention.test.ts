import { strict as assert } from "node:assert";
import { Rng, SelfAttention, Tensor, gradCheck } from "../../src/index";

/** Reference: the equations written out with plain loops for one sequence. */
function naiveAttention(
  x: number[][],
  wq: Float64Array,
  wk: Float64Array,
  wv: Float64Array,
  wo: Float64Array,
  d: number,
): number[][] {
  const proj = (w: Float64Array) =>
    x.map((row) => [...Array(d).keys()].map((i) => row.reduce((s, v, j) => s + w[i * d + j] * v, 0)));
  const q = proj(wq);
  const k = proj(wk);
  const v = proj(wv);
  const mixed = q.map((qi) => {
    const scores = k.map((kj) => qi.reduce((s, a, c) => s + a * kj[c], 0) / Math.sqrt(d));
    const m = Math.max(...scores);
    const e = scores.map((s) => Math.exp(s - m));
    const z = e.reduce((a, b) => a + b, 0);
    return [...Array(d).keys()].map((c) => e.reduce((s, w, j) => s + (w / z) * v[j][c], 0));
  });
  return mixed.map((row) => [...Array(d).keys()].map((i) => row.reduce((s, v, j) => s + wo[i * d + j] * v, 0)));
}

describe("nn: SelfAttention", () => {
  it("matches the equations written out with loops", () => {
    const d = 3;
    const T = 5;
    const B = 2;
    const att = new SelfAttention(d, { rng: new Rng(1) });
    const x = new Rng(2).randn([B, T, d]);
    const y = att.forward(x);
    assert.deepEqual(y.shape, [B, T, d]);
    for (let b = 0; b < B; b++) {
      const xs: number[][] = [];
      for (let t = 0; t < T; t++) xs.push(Array.from(x.data.subarray((b * T + t) * d, (b * T + t + 1) * d)));
      const ref = naiveAttention(xs, att.weightQ.data, att.weightK.data, att.weightV.data, att.weightO.data, d);
      for (let t = 0; t < T; t++)
        for (let c = 0; c < d; c++) {
          const got = y.data[(b * T + t) * d + c];
          assert.ok(Math.abs(got - ref[t][c]) < 1e-12, `b=${b} t=${t} c=${c}: ${got} vs ${ref[t][c]}`);
        }
    }
  });

  it("attention weights are [B, T, T] and each row sums to 1", () => {
    const att = new SelfAttention(4, { rng: new Rng(3) });
    const { weights } = att.attend(new Rng(4).randn([2, 6, 4]));
    assert.deepEqual(weights.shape, [2, 6, 6]);
    for (let r = 0; r < 12; r++) {
      let s = 0;
      for (let j = 0; j < 6; j++) s += weights.data[r * 6 + j];
      assert.ok(Math.abs(s - 1) < 1e-12, `row ${r} sums to ${s}`);
    }
  });

  it("is permutation-equivariant: permuting the positions permutes the outputs", () => {
    const d = 4;
    const T = 6;
    const att = new SelfAttention(d, { rng: new Rng(5) });
    const x = new Rng(6).randn([1, T, d]);
    const perm = [3, 0, 5, 1, 4, 2];
    const xp = new Tensor(new Float64Array(T * d), [1, T, d]);
    perm.forEach((src, t) => xp.data.set(x.data.subarray(src * d, src * d + d), t * d));
    const y = att.forward(x);
    const yp = att.forward(xp);
    perm.forEach((src, t) => {
      for (let c = 0; c < d; c++) assert.ok(Math.abs(yp.data[t * d + c] - y.data[src * d + c]) < 1e-12);
    });
  });

  it("passes a numeric gradient check for the input and every parameter", () => {
    const att = new SelfAttention(3, { rng: new Rng(7) });
    const x0 = new Rng(8).randn([2, 4, 3]);
    // Tolerance 1e-5: some partials are ~1e-5 in size, where rounding in the central difference
    // (≈1e-16/ε relative to the output) already reaches a few 1e-6 of relative error.
    const options = { tolerance: 1e-5 };
    const rx = gradCheck((x) => att.forward(x), [new Rng(9).randn([2, 4, 3])], options);
    assert.ok(rx.ok, rx.summary);
    const rp = gradCheck(() => att.forward(x0), att.parameters(), options);
    assert.ok(rp.ok, rp.summary);
    assert.equal(att.parameters().length, 4);
  });

  it("rejects an input of the wrong shape, naming the layer and the shape", () => {
    const att = new SelfAttention(4, { rng: new Rng(1) });
    assert.throws(
      () => att.forward(new Rng(1).randn([2, 5, 3])),
      /SelfAttention\.forward: input must be \[batch, T, 4\], got shape \[2,5,3\]/,
    );
    assert.throws(() => new SelfAttention(0, { rng: new Rng(1) }), /SelfAttention: dim/);
  });
});
