/**
 * The fused sequence ops (src/nn/lstm-sequence-op.ts, gru-sequence-op.ts, rnn-sequence-op.ts): each fused
 * op equals the step-by-step composition of primitive ops in values and in every gradient (with
 * per-sequence lengths, stacked layers and initial
 * states), and passes a numeric gradient check on its own.
 *
 * Sizes are chosen so that the kernels' 8×8 register blocks and their remainder loops both run
 * (batch 9 = 8 + 1 rows, hidden size 10 = 8 + 2 terms per sum).
 */
import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check as checkGradients, maxAbsDiff } from "../support/check";
import { gruSequence } from "../../src/nn/gru-sequence-op";
import { rnnSequence } from "../../src/nn/rnn-sequence-op";
import { lstmSequence } from "../../src/nn/lstm-sequence-op";

/** Largest |a - b| / max(1, |b|): absolute for values up to 1, relative beyond (ReLU states grow). */
function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
}

/**
 * Numeric gradient check. The outputs checked here are hundreds of values projected on a random
 * direction, so central differences carry round-off near 1e-9: gradients below a floor of 1e-3
 * are compared absolutely (|error| ≤ tolerance·floor), larger ones relatively.
 */
function check(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], tolerance: number): void {
  checkGradients(fn, inputs, tolerance, 1e-3);
}

describe("fused sequence ops equal the composition of primitive ops", () => {
  const B = 9,
    T = 5,
    m = 3,
    d = 10;
  const xs = new Rng(21).randn([B, T, m]);
  const lengths = [5, 2, 4, 1, 5, 3, 5, 5, 2];

  type Kind = "RNN-tanh" | "RNN-relu" | "GRU" | "LSTM";
  const make = (kind: Kind, seed: number): rnn.RNN | rnn.GRU | rnn.LSTM => {
    const options = { rng: new Rng(seed), numLayers: 2 };
    if (kind === "GRU") return new rnn.GRU(m, d, options);
    if (kind === "LSTM") return new rnn.LSTM(m, d, options);
    return new rnn.RNN(m, d, { ...options, nonlinearity: kind === "RNN-tanh" ? "tanh" : "relu" });
  };

  for (const kind of ["RNN-tanh", "RNN-relu", "GRU", "LSTM"] as const) {
    const inputNames = `x, h0${kind === "LSTM" ? ", c0" : ""}`;
    it(`${kind}: values and gradients of ${inputNames} and every parameter, 2 layers, with and without lengths`, () => {
      for (const opts of [{}, { lengths }]) {
        const layers = [make(kind, 9), make(kind, 9)];
        // Larger weights than the default initialisation, so gates saturate and ReLUs switch off.
        const wr = new Rng(13);
        const scales = layers[0].parameters().map((p) => wr.randn(p.shape, 0.8));
        layers.forEach((layer) => layer.parameters().forEach((p, k) => p.data.set(scales[k].data)));
        const h0 = new Rng(4).randn([2, B, d]),
          c0 = new Rng(6).randn([2, B, d]);
        const inputs = [0, 1].map(() => [xs.detach(), h0.detach(), c0.detach()]);
        for (const group of inputs) for (const t of group) t.requiresGrad = true;
        const run = (k: number, fused: boolean): { output: Tensor; h: Tensor; c?: Tensor } => {
          const [x, h, c] = inputs[k];
          const layer = layers[k];
          return layer instanceof rnn.LSTM
            ? layer.forward(x, { ...opts, h0: h, c0: c, fused })
            : layer.forward(x, { ...opts, h0: h, fused });
        };
        const fused = run(0, true),
          composed = run(1, false);
        assert.ok(maxRelDiff(fused.output.data, composed.output.data) < 1e-13, "output");
        assert.ok(maxRelDiff(fused.h.data, composed.h.data) < 1e-13, "final h");
        if (fused.c && composed.c) assert.ok(maxRelDiff(fused.c.data, composed.c.data) < 1e-13, "final c");

        const w = new Rng(10);
        const seedOut = w.randn(fused.output.shape),
          seedH = w.randn(fused.h.shape),
          seedC = w.randn(fused.h.shape);
        const lossOf = (r: { output: Tensor; h: Tensor; c?: Tensor }): Tensor => {
          let loss = rnn.add(rnn.sum(rnn.mul(r.output, seedOut)), rnn.sum(rnn.mul(r.h, seedH)));
          if (r.c) loss = rnn.add(loss, rnn.sum(rnn.mul(r.c, seedC)));
          return loss;
        };
        lossOf(fused).backward();
        lossOf(composed).backward();
        const pa = layers[0].namedParameters(),
          pb = layers[1].parameters();
        pa.forEach(([name, p], k) =>
          assert.ok(maxRelDiff(p.grad as Float64Array, pb[k].grad as Float64Array) < 1e-12, `gradient of ${name}`),
        );
        ["x", "h0", "c0"].forEach((name, k) => {
          if (name === "c0" && kind !== "LSTM") return;
          assert.ok(
            maxRelDiff(inputs[0][k].grad as Float64Array, inputs[1][k].grad as Float64Array) < 1e-12,
            `gradient of ${name}`,
          );
        });
      }
    });
  }

  it("a graph stays valid while other graphs through the same layer run forward and backward", () => {
    const [fused, composed] = [make("GRU", 2) as rnn.GRU, make("GRU", 2) as rnn.GRU];
    const rf = fused.forward(xs, { lengths });
    // Another graph through the same layer runs forward and backward before rf's backward.
    fused.forward(new Rng(3).randn([B, T, m])).h.backward(new Rng(1).randn([2, B, d]));
    fused.zeroGrad();
    rnn.sum(rnn.mul(rf.output, rf.output)).backward();
    const rc = composed.forward(xs, { lengths, fused: false });
    rnn.sum(rnn.mul(rc.output, rc.output)).backward();
    const pc = composed.parameters();
    fused
      .parameters()
      .forEach((p, k) =>
        assert.ok(maxAbsDiff(p.grad as Float64Array, pc[k].grad as Float64Array) < 1e-12, `parameter ${k}`),
      );
  });

  it("gruSequence passes a numeric gradient check on its own (with lengths)", () => {
    const layer = new rnn.GRU(m, d, { rng: new Rng(12) });
    const c = layer.cells[0];
    const h0 = new Rng(1).randn([B, d], 0.5);
    check(
      (x, W, U, b, hh) => {
        const r = gruSequence(x, W, U, b, hh, lengths);
        return rnn.concat([rnn.reshape(r.output, [B, T * d]), r.h], 1);
      },
      [xs.detach(), c.weightIh.detach(), c.weightHh.detach(), c.bias.detach(), h0],
      1e-5,
    );
  });

  for (const nonlinearity of ["tanh", "relu"] as const) {
    it(`rnnSequence (${nonlinearity}) passes a numeric gradient check on its own (with lengths)`, () => {
      const layer = new rnn.RNN(m, d, { rng: new Rng(14), nonlinearity });
      const c = layer.cells[0];
      const h0 = new Rng(1).randn([B, d], 0.5);
      const b = new Rng(2).randn([d], 0.3); // a nonzero bias, so some ReLU units are on and some off
      check(
        (x, W, U, bb, hh) => {
          const r = rnnSequence(x, W, U, bb, hh, nonlinearity, lengths);
          return rnn.concat([rnn.reshape(r.output, [B, T * d]), r.h], 1);
        },
        [xs.detach(), c.weightIh.detach(), c.weightHh.detach(), b, h0],
        1e-5,
      );
    });
  }

  it("the fused ops reject bad shapes with a message naming the op and the shapes", () => {
    const cell = new rnn.GRUCell(m, d, { rng: new Rng(0) });
    assert.throws(
      () => gruSequence(rnn.zeros([B, T, m + 1]), cell.weightIh, cell.weightHh, cell.bias, rnn.zeros([B, d])),
      new RegExp(
        /gruSequence: shapes x \[9,5,4\], weightIh \[30,3\], weightHh \[30,10\], bias \[30\]/.source +
          / do not fit \[B,T,m\], \[3d,m\], \[3d,d\], \[3d\]/.source,
      ),
    );
    assert.throws(
      () => gruSequence(xs, cell.weightIh, cell.weightHh, cell.bias, rnn.zeros([B + 1, d])),
      /gruSequence: h0 must have shape \[9, 10\], got \[10,10\]/,
    );
    assert.throws(
      () => gruSequence(xs, cell.weightIh, cell.weightHh, cell.bias, rnn.zeros([B, d]), [1, 2, 3]),
      /gruSequence: 3 lengths given for a batch of 9/,
    );
    const rc = new rnn.RNNCell(m, d, { rng: new Rng(0) });
    assert.throws(
      () => rnnSequence(xs, rc.weightIh, rc.weightHh, rc.bias, rnn.zeros([B, d]), "tanh", [5, 2, 6, 1, 5, 3, 5, 5, 2]),
      /rnnSequence: length 6 of sequence 2 must be an integer in 1..5/,
    );
    assert.throws(
      () => rnnSequence(xs, rc.weightIh, rc.weightHh, rc.bias, rnn.zeros([B, d]), "sigmoid" as "tanh"),
      /rnnSequence: nonlinearity must be "tanh" or "relu", got "sigmoid"/,
    );
    const lc = new rnn.LSTMCell(m, d, { rng: new Rng(0) });
    assert.throws(
      () => lstmSequence(xs, lc.weightIh, lc.weightHh, lc.bias, rnn.zeros([B, d]), rnn.zeros([d])),
      /lstmSequence: c0 must have shape \[9, 10\], got \[10\]/,
    );
  });
});
