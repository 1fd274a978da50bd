import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("nn/bidirectional", () => {
  const rng = new Rng(21);
  const B = 3,
    T = 5,
    m = 2,
    d = 3;
  const xs = rng.randn([B, T, m]);
  const lengths = [5, 2, 4];

  it("Bidirectional: forward half equals the forward layer; backward half equals the backward layer on reversed input", () => {
    const fw = new rnn.GRU(m, d, { rng: new Rng(1) });
    const bw = new rnn.GRU(m, d, { rng: new Rng(2) });
    const bi = new rnn.Bidirectional(fw, bw);
    const r = bi.forward(xs, { lengths });
    assert.deepEqual(r.output.shape, [B, T, 2 * d]);
    assert.equal(bi.hiddenSize, 2 * d);
    const f = fw.forward(xs, { lengths });
    assert.ok(maxAbsDiff(rnn.slice(r.output, 2, 0, d).data, f.output.data) < 1e-15);
    for (let b = 0; b < B; b++) {
      const L = lengths[b];
      const seq = rnn.slice(rnn.slice(xs, 0, b, b + 1), 1, 0, L);
      const reversed = rnn.stack(
        [...Array(L).keys()].reverse().map((t) => rnn.select(seq, 1, t)),
        1,
      );
      const back = bw.forward(reversed).output; // [1, L, d], back[t'] belongs to time L-1-t'
      for (let t = 0; t < L; t++) {
        const got = rnn.slice(rnn.select(rnn.select(r.output, 0, b), 0, t), 0, d, 2 * d).data;
        assert.ok(maxAbsDiff(got, rnn.select(rnn.select(back, 0, 0), 0, L - 1 - t).data) < 1e-13);
      }
    }
    check(() => rnn.reshape(bi.forward(xs, { lengths }).output, [B * T * 2 * d]), bi.parameters());
  });

  for (const kind of ["GRU", "LSTM"] as const) {
    it(`${kind}, numLayers = 2: each layer reads both directions of the layer below (PyTorch/Keras stacking)`, () => {
      const stack2 = (seed: number) =>
        kind === "GRU"
          ? new rnn.GRU(m, d, { rng: new Rng(seed), numLayers: 2, upperInputSize: 2 * d })
          : new rnn.LSTM(m, d, { rng: new Rng(seed), numLayers: 2, upperInputSize: 2 * d });
      const fw = stack2(1);
      const bw = stack2(2);
      const bi = new rnn.Bidirectional(fw, bw);
      const r = bi.forward(xs, { lengths });
      assert.deepEqual(r.output.shape, [B, T, 2 * d]);
      assert.deepEqual(r.h.shape, [2, B, 2 * d]);
      // The manual composition: two one-layer bidirectional layers made of the same cells.
      const oneLayer = (from: rnn.GRU | rnn.LSTM, l: number, inputSize: number) => {
        const layer =
          kind === "GRU"
            ? new rnn.GRU(inputSize, d, { rng: new Rng(0) })
            : new rnn.LSTM(inputSize, d, { rng: new Rng(0) });
        (layer.cells as unknown[])[0] = from.cells[l];
        return layer;
      };
      const first = new rnn.Bidirectional(oneLayer(fw, 0, m), oneLayer(bw, 0, m)).forward(xs, { lengths });
      const second = new rnn.Bidirectional(oneLayer(fw, 1, 2 * d), oneLayer(bw, 1, 2 * d)).forward(first.output, {
        lengths,
      });
      assert.ok(maxAbsDiff(r.output.data, second.output.data) < 1e-14);
      assert.ok(maxAbsDiff(r.h.data, rnn.concat([first.h, second.h], 0).data) < 1e-14);
      // The backward direction of layer 2 sees the forward states of layer 1.
      const before = rnn.slice(r.output, 2, d, 2 * d).data.slice();
      fw.cells[0].weightIh.data[0] += 0.5;
      const after = rnn.slice(bi.forward(xs, { lengths }).output, 2, d, 2 * d).data;
      assert.ok(maxAbsDiff(before, after) > 1e-6);
      fw.cells[0].weightIh.data[0] -= 0.5;
      // Through two layers and time: round-off of the finite differences, compared absolutely below 1e-3.
      check(() => rnn.reshape(bi.forward(xs, { lengths }).output, [B * T * 2 * d]), bi.parameters(), 1e-5, 1e-3);
    });
  }

  it("rejects stacks whose upper layers do not read both directions", () => {
    const plain = () => new rnn.RNN(m, d, { rng: new Rng(1), numLayers: 2 });
    assert.throws(
      () => new rnn.Bidirectional(plain(), plain()),
      new RegExp(
        /Bidirectional: layers 2…2 read both directions of the layer below \(3 \+ 3 = 6 features\)/.source +
          / but expect 3; build each stack with upperInputSize: 6/.source,
      ),
    );
    assert.throws(
      () => new rnn.Bidirectional(new rnn.RNN(m, d, { rng: new Rng(1) }), plain()),
      /Bidirectional: both directions need the same numLayers and inputSize/,
    );
  });
});
