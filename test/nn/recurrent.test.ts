import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("nn: sequence layers", () => {
  const rng = new Rng(21);
  const B = 3,
    T = 5,
    m = 2,
    d = 3;
  const xs = rng.randn([B, T, m]);
  const lengths = [5, 2, 4];

  for (const kind of ["RNN", "LSTM", "GRU"] as const) {
    const make = (numLayers = 1) =>
      kind === "RNN"
        ? new rnn.RNN(m, d, { rng: new Rng(5), numLayers })
        : kind === "LSTM"
          ? new rnn.LSTM(m, d, { rng: new Rng(5), numLayers })
          : new rnn.GRU(m, d, { rng: new Rng(5), numLayers });

    it(`${kind}: gradient check through time with lengths, 2 layers, initial state`, () => {
      const layer = make(2);
      const h0 = new Rng(8).randn([2, B, d], 0.3);
      const fn = () => {
        const r = layer.forward(xs, { lengths, h0 });
        return rnn.concat(
          [rnn.reshape(r.output, [B, T * d]), rnn.reshape(rnn.transpose(r.h, [1, 0, 2]), [B, 2 * d])],
          1,
        );
      };
      // Through-time checks sum many terms, so finite-difference round-off is larger: 1e-5 relative.
      check(fn, [...layer.parameters(), h0], 1e-5);
      check((x) => rnn.concat([rnn.reshape(layer.forward(x, { lengths }).output, [B, T * d])], 1), [xs.detach()], 1e-5);
    });

    it(`${kind}: with lengths, the final state equals running the truncated sequence; padded outputs are 0`, () => {
      const layer = make(1);
      const full = layer.forward(xs, { lengths });
      for (let b = 0; b < B; b++) {
        const one = rnn.slice(rnn.slice(xs, 0, b, b + 1), 1, 0, lengths[b]);
        const alone = layer.forward(one);
        assert.ok(maxAbsDiff(rnn.select(full.h, 1, b).data, rnn.select(alone.h, 1, 0).data) < 1e-12);
        for (let t = lengths[b]; t < T; t++)
          assert.ok(rnn.select(rnn.select(full.output, 0, b), 0, t).data.every((v) => v === 0));
      }
    });

    it(`${kind}: rejects bad input with a clear message`, () => {
      const layer = make(1);
      assert.throws(
        () => layer.forward(rnn.zeros([2, 3])),
        new RegExp(`${kind}.forward: input must be \\[batch, time, features\\], got shape \\[2,3\\]`),
      );
      assert.throws(
        () => layer.forward(rnn.zeros([2, 3, 5])),
        new RegExp(`${kind}.forward: input has 5 features per step but the layer expects inputSize 2`),
      );
      assert.throws(
        () => layer.forward(rnn.zeros([2, 3, 2]), { lengths: [3, 4] }),
        /length 4 of sequence 1 must be an integer in 1..3/,
      );
      assert.throws(
        () => layer.forward(rnn.zeros([2, 3, 2]), { h0: rnn.zeros([3, 3]) }),
        /h0 must have shape \[1, 2, 3\] or \[2, 3\], got \[3,3\]/,
      );
    });
  }
});

describe("nn/recurrent: padding reaches neither values nor gradients", () => {
  const B = 3,
    T = 5,
    m = 2,
    d = 3;
  const lengths = [5, 2, 4];
  const values = new Rng(4).randn([B, T, m]);
  /** The inputs with every padded step set to `fill`. */
  const padded = (fill: number): Tensor => {
    const x = values.detach();
    for (let b = 0; b < B; b++)
      for (let t = lengths[b]; t < T; t++) x.data.fill(fill, (b * T + t) * m, (b * T + t + 1) * m);
    return x;
  };
  const make = (kind: "RNN" | "LSTM" | "GRU") =>
    kind === "RNN"
      ? new rnn.RNN(m, d, { rng: new Rng(5), numLayers: 2 })
      : kind === "LSTM"
        ? new rnn.LSTM(m, d, { rng: new Rng(5), numLayers: 2 })
        : new rnn.GRU(m, d, { rng: new Rng(5), numLayers: 2 });

  for (const kind of ["RNN", "LSTM", "GRU"] as const) {
    for (const fused of [true, false]) {
      it(`${kind} (${fused ? "fused op" : "step by step"}): NaN and huge values in the padding change no value and no gradient`, () => {
        const run = (fill: number) => {
          const layer = make(kind);
          const x = rnn.tensor(padded(fill), undefined, { requiresGrad: true });
          const r = layer.forward(x, { lengths, fused });
          rnn.add(rnn.sum(rnn.square(r.output)), rnn.sum(r.h)).backward();
          return {
            out: r.output.data,
            h: r.h.data,
            grads: layer.parameters().map((p) => p.grad ?? new Float64Array(0)),
            gx: x.grad ?? new Float64Array(0),
          };
        };
        const clean = run(0);
        for (const fill of [NaN, 1e300, -Infinity]) {
          const poisoned = run(fill);
          assert.deepEqual(Array.from(poisoned.out), Array.from(clean.out), `output with ${fill} in the padding`);
          assert.deepEqual(Array.from(poisoned.h), Array.from(clean.h), `final state with ${fill} in the padding`);
          poisoned.grads.forEach((g, k) => {
            assert.ok(g.length > 0 && g.every(Number.isFinite), `gradient ${k} is finite with ${fill} in the padding`);
            assert.deepEqual(Array.from(g), Array.from(clean.grads[k]), `gradient ${k} with ${fill} in the padding`);
          });
          assert.deepEqual(Array.from(poisoned.gx), Array.from(clean.gx), `input gradient with ${fill} in the padding`);
          for (let b = 0; b < B; b++)
            for (let t = lengths[b]; t < T; t++)
              for (let f = 0; f < m; f++)
                assert.equal(poisoned.gx[(b * T + t) * m + f], 0, "no gradient reaches a padded input");
        }
      });
    }
  }
});
