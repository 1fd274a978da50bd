import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";
import { lstmSequence } from "../../src/nn/lstm-sequence-op";

describe("nn/lstm: LSTMCell", () => {
  const rng = new Rng(11);
  const x = () => rng.randn([2, 3], 1);
  const h = () => rng.randn([2, 4], 0.5);
  const x0 = new Rng(1).randn([2, 3]);
  const h0 = new Rng(2).randn([2, 4], 0.5);
  const c0 = new Rng(3).randn([2, 4], 0.5);
  const sig = (a: number) => 1 / (1 + Math.exp(-a));

  it("LSTMCell: x, h, c and every parameter, both outputs", () => {
    const cell = new rnn.LSTMCell(3, 4, { rng });
    check(
      (xx, hh, cc) => {
        const s = cell.forward(xx, { h: hh, c: cc });
        return rnn.concat([s.h, s.c], 1);
      },
      [x(), h(), h()],
    );
    check(() => {
      const s = cell.forward(x0, { h: h0, c: c0 });
      return rnn.concat([s.h, s.c], 1);
    }, cell.parameters());
  });
  it("LSTM gate order is f, i, o, c~ (scalar case by hand)", () => {
    const cell = new rnn.LSTMCell(1, 1, { rng: new Rng(0) });
    cell.loadParameters({ weightIh: [0.1, 0.2, 0.3, 0.4], weightHh: [-0.5, 0.6, -0.7, 0.8], bias: [1, -1, 0.5, 0] });
    const xv = 0.7,
      hv = 0.2,
      cv = -0.3;
    const f = sig(0.1 * xv - 0.5 * hv + 1),
      i = sig(0.2 * xv + 0.6 * hv - 1),
      o = sig(0.3 * xv - 0.7 * hv + 0.5),
      g = Math.tanh(0.4 * xv + 0.8 * hv);
    const c = f * cv + i * g;
    const s = cell.forward(rnn.tensor([[xv]]), { h: rnn.tensor([[hv]]), c: rnn.tensor([[cv]]) });
    assert.ok(Math.abs(s.c.item() - c) < 1e-14);
    assert.ok(Math.abs(s.h.item() - o * Math.tanh(c)) < 1e-14);
  });
});

describe("nn/lstm: LSTM", () => {
  const rng = new Rng(21);
  const B = 3,
    T = 5,
    m = 2,
    d = 3;
  const xs = rng.randn([B, T, m]);
  const lengths = [5, 2, 4];

  it("LSTM: the fused op equals the composition of primitive ops, in values and in gradients", () => {
    for (const opts of [{}, { lengths }]) {
      const a = new rnn.LSTM(m, d, { rng: new Rng(9), numLayers: 2 });
      const b = new rnn.LSTM(m, d, { rng: new Rng(9), numLayers: 2 });
      const x1 = xs.detach(),
        x2 = xs.detach();
      x1.requiresGrad = x2.requiresGrad = true;
      const h0a = new Rng(4).randn([2, B, d]),
        h0b = h0a.detach(),
        c0a = new Rng(6).randn([2, B, d]),
        c0b = c0a.detach();
      for (const t of [h0a, h0b, c0a, c0b]) t.requiresGrad = true;
      const ra = a.forward(x1, { ...opts, h0: h0a, c0: c0a, fused: true });
      const rb = b.forward(x2, { ...opts, h0: h0b, c0: c0b, fused: false });
      assert.ok(maxAbsDiff(ra.output.data, rb.output.data) < 1e-13);
      assert.ok(maxAbsDiff(ra.h.data, rb.h.data) < 1e-13);
      assert.ok(maxAbsDiff(ra.c.data, rb.c.data) < 1e-13);
      const w = new Rng(10);
      const seedOut = w.randn(ra.output.shape),
        seedH = w.randn(ra.h.shape),
        seedC = w.randn(ra.c.shape);
      const lossOf = (r: { output: Tensor; h: Tensor; c: Tensor }) =>
        rnn.add(
          rnn.add(rnn.sum(rnn.mul(r.output, seedOut)), rnn.sum(rnn.mul(r.h, seedH))),
          rnn.sum(rnn.mul(r.c, seedC)),
        );
      lossOf(ra).backward();
      lossOf(rb).backward();
      const pa = a.parameters(),
        pb = b.parameters();
      pa.forEach((p, k) =>
        assert.ok(maxAbsDiff(p.grad as Float64Array, pb[k].grad as Float64Array) < 1e-12, `param ${k}`),
      );
      assert.ok(maxAbsDiff(x1.grad as Float64Array, x2.grad as Float64Array) < 1e-12);
      assert.ok(maxAbsDiff(h0a.grad as Float64Array, h0b.grad as Float64Array) < 1e-12);
      assert.ok(maxAbsDiff(c0a.grad as Float64Array, c0b.grad as Float64Array) < 1e-12);
    }
  });

  it("LSTM fused op passes a numeric gradient check on its own", () => {
    const layer = new rnn.LSTM(m, d, { rng: new Rng(12) });
    const c = layer.cells[0];
    const h0 = new Rng(1).randn([B, d], 0.5),
      c0 = new Rng(2).randn([B, d], 0.5);
    check(
      (x, W, U, b, hh, cc) => {
        const r = lstmSequence(x, W, U, b, hh, cc, lengths);
        return rnn.concat([rnn.reshape(r.output, [B, T * d]), r.h, r.c], 1);
      },
      [xs.detach(), c.weightIh.detach(), c.weightHh.detach(), c.bias.detach(), h0, c0],
      1e-5,
    );
  });
});
