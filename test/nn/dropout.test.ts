import { strict as assert } from "node:assert";
import {
  Dropout,
  GRU,
  LSTM,
  RecurrentDropout,
  Rng,
  Tensor,
  dropout,
  gradCheck,
  mul,
  ones,
  setTraining,
  variationalDropout,
} from "../../src/index";
import { dropoutMask } from "../../src/nn/dropout";

describe("nn: dropout", () => {
  it("inverted dropout keeps the expectation: mean of dropout(1) is 1 within 4 standard errors", () => {
    const n = 100000;
    for (const p of [0.1, 0.5, 0.8]) {
      const y = dropout(ones([n]), p, new Rng(7));
      let s = 0;
      let zeros = 0;
      for (const v of y.data) {
        s += v;
        if (v === 0) zeros++;
        else assert.ok(Math.abs(v - 1 / (1 - p)) < 1e-15);
      }
      const se = Math.sqrt(p / (1 - p) / n);
      assert.ok(Math.abs(s / n - 1) < 4 * se, `p=${p}: mean ${s / n}`);
      assert.ok(Math.abs(zeros / n - p) < 4 * Math.sqrt((p * (1 - p)) / n), `p=${p}: dropped ${zeros / n}`);
    }
  });

  it("is seeded: the same seed gives the same mask", () => {
    const a = dropoutMask([50], 0.5, new Rng(3));
    const b = dropoutMask([50], 0.5, new Rng(3));
    assert.deepEqual(Array.from(a.data), Array.from(b.data));
  });

  it("is the identity in eval mode, and setTraining switches nested layers", () => {
    const x = new Rng(1).randn([2, 5, 3]);
    const d = new Dropout(0.5, { rng: new Rng(2) });
    assert.notDeepEqual(Array.from(d.forward(x).data), Array.from(x.data));
    d.eval();
    assert.equal(d.forward(x), x);
    d.train();
    assert.notDeepEqual(Array.from(d.forward(x).data), Array.from(x.data));
    const wrapped = new RecurrentDropout(new GRU(3, 4, { rng: new Rng(3) }), {
      rng: new Rng(4),
      input: 0.5,
      output: 0.5,
    });
    setTraining(wrapped, false);
    assert.equal(wrapped.inputDropout.training, false);
    assert.equal(wrapped.outputDropout.training, false);
    const plain = wrapped.layer.forward(x).output;
    assert.deepEqual(Array.from(wrapped.forward(x).output.data), Array.from(plain.data));
  });

  it("variational dropout shares one mask per sequence and feature across all time steps", () => {
    const [B, T, F] = [3, 7, 5];
    const y = variationalDropout(ones([B, T, F]), 0.5, new Rng(9));
    let dropped = 0;
    for (let b = 0; b < B; b++)
      for (let f = 0; f < F; f++) {
        const first = y.data[b * T * F + f];
        if (first === 0) dropped++;
        for (let t = 1; t < T; t++) assert.equal(y.data[(b * T + t) * F + f], first);
      }
    assert.ok(dropped > 0 && dropped < B * F, "some but not all features dropped");
    // Per-value dropout, by contrast, varies over time.
    const z = dropout(ones([B, T, F]), 0.5, new Rng(9));
    let varies = false;
    for (let t = 1; t < T; t++) if (z.data[t * F] !== z.data[0]) varies = true;
    assert.ok(varies);
  });

  it("RecurrentDropout drops inputs and outputs only: the recurrent path is the layer's own, exactly", () => {
    const rng = new Rng(11);
    const lstm = new LSTM(3, 4, { rng });
    const x = rng.randn([2, 6, 3]);
    const wrapped = new RecurrentDropout(lstm, { rng: new Rng(12), input: 0.3, output: 0.4 });
    const r = wrapped.forward(x);
    // The same masks, drawn again from the same seed in the same order.
    const maskRng = new Rng(12);
    const inMask = dropoutMask([2, 1, 3], 0.3, maskRng);
    const outMask = dropoutMask([2, 1, 4], 0.4, maskRng);
    const ref = lstm.forward(mul(x, inMask));
    const refOut = mul(ref.output, outMask);
    for (let i = 0; i < refOut.size; i++) assert.equal(r.output.data[i], refOut.data[i]);
    for (let i = 0; i < ref.h.size; i++) {
      assert.equal(r.h.data[i], ref.h.data[i]);
      assert.equal(r.c.data[i], ref.c.data[i]);
    }
  });

  it("passes a numeric gradient check with a fixed mask (inputs and layer weights)", () => {
    const rng = new Rng(13);
    const lstm = new LSTM(2, 3, { rng });
    const x = rng.randn([2, 4, 2]);
    const cell = lstm.cells[0];
    const report = gradCheck(
      (xin, wih, whh) => {
        const wrapped = new RecurrentDropout(lstm, { rng: new Rng(14), input: 0.5, output: 0.5 });
        return wrapped.forward(xin).output;
      },
      [x, cell.weightIh, cell.weightHh],
      { tolerance: 1e-5 },
    );
    assert.ok(report.ok, report.summary);
    const plain = gradCheck((xin) => dropout(mul(xin, xin), 0.3, new Rng(15)), [new Rng(16).randn([10])]);
    assert.ok(plain.ok, plain.summary);
  });

  it("rejects a bad rate and a non-sequence input to variational dropout", () => {
    assert.throws(() => new Dropout(1, { rng: new Rng(1) }), /Dropout: drop probability p must be in \[0, 1\), got 1/);
    assert.throws(
      () => variationalDropout(new Tensor(new Float64Array(4), [2, 2]), 0.5, new Rng(1)),
      /variationalDropout: input must be \[batch, time, features\], got \[2,2\]/,
    );
  });
});
