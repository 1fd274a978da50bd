import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor, gradCheck } from "../../src/index";

function check(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], tolerance = 1e-6): void {
  const report = gradCheck(fn, inputs, { tolerance });
  assert.ok(report.ok, report.summary);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Makes every parameter of a module a leaf input for gradCheck, returning [inputs..., fn]. */
function paramsOf(m: rnn.Module): Tensor[] {
  return m.parameters();
}

describe("nn: cells pass numeric gradient checks", () => {
  const rng = new Rng(11);
  const x = () => rng.randn([2, 3], 1);
  const h = () => rng.randn([2, 4], 0.5);

  it("RNNCell (tanh and ReLU): inputs, state and every parameter", () => {
    for (const nonlinearity of ["tanh", "relu"] as const) {
      const cell = new rnn.RNNCell(3, 4, { rng, nonlinearity });
      check((xx, hh) => cell.forward(xx, hh), [x(), h()]);
      check(() => cell.forward(x0, h0), paramsOf(cell));
    }
  });
  const x0 = new Rng(1).randn([2, 3]);
  const h0 = new Rng(2).randn([2, 4], 0.5);
  const c0 = new Rng(3).randn([2, 4], 0.5);

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
    }, paramsOf(cell));
  });

  it("GRUCell: x, h and every parameter", () => {
    const cell = new rnn.GRUCell(3, 4, { rng });
    check((xx, hh) => cell.forward(xx, hh), [x(), h()]);
    check(() => cell.forward(x0, h0), paramsOf(cell));
  });
});

describe("nn: cells follow the seed's equations exactly", () => {
  const sig = (a: number) => 1 / (1 + Math.exp(-a));
  it("GRU puts z on the candidate: h = (1-z)·h_prev + z·h~ (scalar case by hand)", () => {
    const cell = new rnn.GRUCell(1, 1, { rng: new Rng(0) });
    // W = [W_r; W_z; W_h], U = [U_r; U_z; U_h], b = [b_r; b_z; b_h]
    cell.loadParameters({ weightIh: [0.3, -0.7, 0.9], weightHh: [0.2, 0.5, -0.4], bias: [0.1, 0.2, -0.3] });
    const xv = 0.8,
      hv = -0.6;
    const r = sig(0.3 * xv + 0.2 * hv + 0.1);
    const z = sig(-0.7 * xv + 0.5 * hv + 0.2);
    const ht = Math.tanh(0.9 * xv + -0.4 * (r * hv) - 0.3);
    const expected = (1 - z) * hv + z * ht;
    const got = cell.forward(rnn.tensor([[xv]]), rnn.tensor([[hv]])).item();
    assert.ok(Math.abs(got - expected) < 1e-14, `${got} vs ${expected}`);
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
  it("RNNCell computes tanh(W_h h + W_x x + b)", () => {
    const cell = new rnn.RNNCell(2, 1, { rng: new Rng(0) });
    cell.loadParameters({ weightIh: [0.5, -0.25], weightHh: [0.9], bias: [0.1] });
    const got = cell.forward(rnn.tensor([[1, 2]]), rnn.tensor([[0.3]])).item();
    assert.ok(Math.abs(got - Math.tanh(0.9 * 0.3 + 0.5 - 0.5 + 0.1)) < 1e-15);
  });
});

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
        const r = rnn.lstmSequence(x, W, U, b, hh, cc, lengths);
        return rnn.concat([rnn.reshape(r.output, [B, T * d]), r.h, r.c], 1);
      },
      [xs.detach(), c.weightIh.detach(), c.weightHh.detach(), c.bias.detach(), h0, c0],
      1e-5,
    );
  });

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

  it("parameter counts: d(m+d+1) per block; LSTM/GRU = 4/3; independent of sequence length", () => {
    for (const [mm, dd] of [
      [2, 3],
      [10, 32],
      [128, 256],
    ]) {
      const per = dd * (mm + dd + 1);
      const rng2 = new Rng(0);
      assert.equal(rnn.countParameters(new rnn.RNN(mm, dd, { rng: rng2 })), per);
      const nl = rnn.countParameters(new rnn.LSTM(mm, dd, { rng: rng2 }));
      const ng = rnn.countParameters(new rnn.GRU(mm, dd, { rng: rng2 }));
      assert.equal(nl, 4 * per);
      assert.equal(ng, 3 * per);
      assert.equal(nl / ng, 4 / 3);
    }
  });

  it("Linear and Embedding: shapes, gradients, clear errors", () => {
    const lin = new rnn.Linear(3, 2, { rng: new Rng(0) });
    check(() => lin.forward(new Rng(1).randn([4, 3])), lin.parameters());
    const emb = new rnn.Embedding(5, 3, { rng: new Rng(0) });
    assert.deepEqual(emb.forward([0, 4, 4, 1], [2, 2]).shape, [2, 2, 3]);
    check(() => emb.forward([0, 4, 4, 1], [2, 2]), emb.parameters());
    assert.throws(() => emb.forward([0, 5]), /gather: index 5 at position 1 is out of range for a table of 5 rows/);
    assert.throws(() => emb.forward([0, 1, 2], [2, 2]), /Embedding.forward: 3 ids do not fill shape \[2,2\]/);
  });
});

describe("optimisers and clipping", () => {
  it("SGD with momentum follows v = μv + g, θ -= ηv", () => {
    const p = rnn.tensor([1.0], undefined, { requiresGrad: true });
    const opt = new rnn.SGD([p], { lr: 0.1, momentum: 0.9 });
    p.grad = new Float64Array([2]);
    opt.step(); // v = 2, θ = 0.8
    p.grad = new Float64Array([2]);
    opt.step(); // v = 3.8, θ = 0.42
    assert.ok(Math.abs(p.data[0] - 0.42) < 1e-12);
  });
  it("Adam's first step moves each parameter by lr against the gradient's sign", () => {
    const p = rnn.tensor([1, -1, 0.5], undefined, { requiresGrad: true });
    const opt = new rnn.Adam([p], { lr: 0.01 });
    p.grad = new Float64Array([3, -0.2, 1e-3]);
    opt.step();
    assert.ok(maxAbsDiff(p.data, [0.99, -0.99, 0.49]) < 1e-6);
  });
  it("Adam minimises a quadratic; the train loop reports every loss through onStep", () => {
    const target = rnn.tensor([3, -2]);
    const w = rnn.tensor([0, 0], undefined, { requiresGrad: true });
    const seen: number[] = [];
    const losses = rnn.train({
      steps: 300,
      optimizer: new rnn.Adam([w], { lr: 0.1 }),
      loss: () => rnn.mseLoss(w, target),
      onStep: (i, l) => seen.push(l),
    });
    assert.equal(seen.length, 300);
    assert.equal(seen[299], losses[299]);
    assert.ok(losses[299] < 1e-4 && losses[0] > 6);
  });
  it("clipGradNorm rescales globally and returns the norm before clipping", () => {
    const a = rnn.tensor([0, 0], undefined, { requiresGrad: true }),
      b = rnn.tensor([0], undefined, { requiresGrad: true });
    a.grad = new Float64Array([3, 0]);
    b.grad = new Float64Array([4]);
    const n = rnn.clipGradNorm([a, b], 1);
    assert.equal(n, 5);
    assert.ok(maxAbsDiff(a.grad, [0.6, 0]) < 1e-15 && maxAbsDiff(b.grad, [0.8]) < 1e-15);
    assert.equal(rnn.clipGradNorm([a, b], 10), 1); // below the threshold: unchanged
    assert.ok(maxAbsDiff(b.grad, [0.8]) < 1e-15);
    b.grad[0] = NaN;
    assert.throws(() => rnn.clipGradNorm([a, b], 1), /clipGradNorm: gradient norm is NaN/);
  });
  it("a small LSTM learns to copy its first input (training works end to end)", () => {
    const rng = new Rng(3);
    const lstm = new rnn.LSTM(1, 8, { rng });
    const head = new rnn.Linear(8, 1, { rng });
    const params = [...lstm.parameters(), ...head.parameters()];
    const losses = rnn.train({
      steps: 150,
      optimizer: new rnn.Adam(params, { lr: 0.02 }),
      loss: () => {
        const x = rng.randn([16, 6, 1]);
        const y = rnn.reshape(rnn.select(x, 1, 0), [16, 1]);
        const h = rnn.select(lstm.forward(x).h, 0, 0);
        return rnn.mseLoss(head.forward(h), y);
      },
    });
    const first = losses.slice(0, 10).reduce((s, v) => s + v) / 10,
      last = losses.slice(-10).reduce((s, v) => s + v) / 10;
    assert.ok(last < 0.2 * first, `loss ${first} -> ${last}`);
  });
});
