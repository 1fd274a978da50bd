import { strict as assert } from "node:assert";
import {
  AdditiveAttention,
  Rng,
  Tensor,
  additiveAttentionSteps,
  gradCheck,
  reshape,
  slice,
  sum,
} from "../../src/index";

/** Row t of a [B, Tq, F] tensor as a [B, F] tensor. */
const step = (x: Tensor, t: number) => reshape(slice(x, 1, t, t + 1), [x.shape[0], x.shape[2]]);

describe("nn: additiveAttentionSteps", () => {
  const B = 2;
  const Tq = 3;
  const Tk = 4;
  const make = () => new AdditiveAttention(3, 2, 5, { rng: new Rng(1) });

  it("gives, for every query step, the context and weights of AdditiveAttention.attend", () => {
    const attn = make();
    const rng = new Rng(2);
    const queries = rng.randn([B, Tq, 3]);
    const keys = rng.randn([B, Tk, 2]);
    const values = rng.randn([B, Tk, 4]);
    const keyLengths = [4, 2];
    const all = additiveAttentionSteps(attn, queries, keys, { values, keyLengths });
    assert.deepEqual(all.context.shape, [B, Tq, 4]);
    assert.deepEqual(all.weights.shape, [B, Tq, Tk]);
    for (let t = 0; t < Tq; t++) {
      const one = attn.attend(step(queries, t), keys, { values, keyLengths });
      const c = step(all.context, t).data;
      const w = step(all.weights, t).data;
      one.context.data.forEach((v, i) => assert.ok(Math.abs(v - c[i]) < 1e-12, `context step ${t} entry ${i}`));
      one.weights.data.forEach((v, i) => assert.ok(Math.abs(v - w[i]) < 1e-12, `weights step ${t} entry ${i}`));
    }
    // The second sequence has 2 real keys: its padded keys get weight exactly 0, each row sums to 1.
    for (let t = 0; t < Tq; t++) {
      const row = all.weights.data.subarray((Tq + t) * Tk, (Tq + t + 1) * Tk);
      assert.equal(row[2], 0);
      assert.equal(row[3], 0);
      assert.ok(Math.abs(row[0] + row[1] - 1) < 1e-12);
    }
  });

  it("keeps NaN in padded keys and values out of the outputs and the gradients", () => {
    const attn = make();
    const rng = new Rng(3);
    const queries = rng.randn([B, Tq, 3], 1, { requiresGrad: true });
    const keys = rng.randn([B, Tk, 2], 1, { requiresGrad: true });
    keys.data[(1 * Tk + 3) * 2] = NaN; // sequence 1, position 3 is padding
    const out = additiveAttentionSteps(attn, queries, keys, { keyLengths: [4, 3] });
    sum(out.context).backward();
    for (const t of [out.context, out.weights, queries.grad!, ...attn.parameters().map((p) => p.grad!)])
      (t instanceof Tensor ? t.data : t).forEach((v) => assert.ok(Number.isFinite(v)));
    keys.grad!.forEach((v, i) => assert.ok(Number.isFinite(v), `key gradient ${i}`));
    assert.equal(keys.grad![(1 * Tk + 3) * 2], 0);
  });

  it("has the gradients of finite differences (queries, keys, values, parameters)", () => {
    const attn = make();
    const rng = new Rng(4);
    const inputs = [rng.randn([B, Tq, 3]), rng.randn([B, Tk, 2]), rng.randn([B, Tk, 4])];
    const options = { tolerance: 1e-5 };
    const r = gradCheck(
      (q, k, v) => additiveAttentionSteps(attn, q, k, { values: v, keyLengths: [3, 4] }).context,
      inputs,
      options,
    );
    assert.ok(r.ok, r.summary);
    const [q0, k0, v0] = inputs.map((t) => new Tensor(Float64Array.from(t.data), t.shape));
    const rp = gradCheck(
      () => additiveAttentionSteps(attn, q0, k0, { values: v0 }).weights,
      attn.parameters(),
      options,
    );
    assert.ok(rp.ok, rp.summary);
  });

  it("names the function and the shapes on bad input", () => {
    const attn = make();
    assert.throws(
      () =>
        additiveAttentionSteps(
          attn,
          new Tensor(new Float64Array(6), [2, 3]),
          new Tensor(new Float64Array(16), [2, 4, 2]),
        ),
      /additiveAttentionSteps: queries must be \[batch, steps, 3\], got \[2,3\]/,
    );
    assert.throws(
      () =>
        additiveAttentionSteps(
          attn,
          new Tensor(new Float64Array(18), [2, 3, 3]),
          new Tensor(new Float64Array(16), [2, 4, 2]),
          {
            keyLengths: [4, 5],
          },
        ),
      /keyLengths must hold 2 integers in 1\.\.4/,
    );
  });
});
