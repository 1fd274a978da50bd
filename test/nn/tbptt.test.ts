import { strict as assert } from "node:assert";
import {
  Adam,
  LSTM,
  Linear,
  RNN,
  Rng,
  Tensor,
  detachState,
  gradCheck,
  mseLoss,
  slice,
  streamWindows,
  sum,
  mul,
  truncatedBptt,
} from "../../src/index";

describe("truncated BPTT", () => {
  it("detach keeps the values and drops the history, so no gradient flows through it", () => {
    const x = new Rng(1).randn([2, 3], 1, { requiresGrad: true });
    const y = mul(x, x);
    const d = y.detach();
    assert.deepEqual(Array.from(d.data), Array.from(y.data));
    assert.equal(d.requiresGrad, false);
    assert.equal(d.parents.length, 0);
    // loss = Σ y·detach(y): the gradient counts y once (2x·y), not twice.
    sum(mul(y, d)).backward();
    const g = x.grad as Float64Array;
    for (let i = 0; i < x.size; i++) assert.ok(Math.abs(g[i] - 2 * x.data[i] * y.data[i]) < 1e-12);
  });

  it("detachState handles a tensor, a list [h, c], a record and undefined", () => {
    const rng = new Rng(2);
    const h = mul(rng.randn([1, 2, 3], 1, { requiresGrad: true }), 2);
    const c = mul(rng.randn([1, 2, 3], 1, { requiresGrad: true }), 3);
    for (const s of [detachState(h), ...detachState([h, c])]) assert.equal(s.requiresGrad, false);
    const rec = detachState({ h, c });
    assert.equal(rec.h?.requiresGrad, false);
    assert.deepEqual(Array.from(rec.c?.data ?? []), Array.from(c.data));
    assert.equal(detachState(undefined), undefined);
    assert.throws(
      () => detachState([h, 3 as unknown as Tensor]),
      /detachState: every part of a state must be a Tensor/,
    );
  });

  it("streamWindows covers the stream in order, the last window shorter", () => {
    assert.deepEqual(
      streamWindows(10, 4).map((w) => [w.start, w.end]),
      [
        [0, 4],
        [4, 8],
        [8, 10],
      ],
    );
    assert.throws(() => streamWindows(10, 0), /streamWindows: window must be a positive integer, got 0/);
  });

  it("without updates, carrying the state window by window reproduces the whole-stream forward pass", () => {
    const rng = new Rng(3);
    const lstm = new LSTM(2, 4, { rng });
    const x = rng.randn([1, 23, 2]);
    const whole = lstm.forward(x);
    const outputs: Tensor[] = [];
    const r = truncatedBptt<{ h?: Tensor; c?: Tensor }>({
      length: 23,
      window: 5,
      initialState: {},
      step: (w, s) => {
        const out = lstm.forward(slice(x, 1, w.start, w.end), { h0: s.h, c0: s.c });
        outputs.push(out.output);
        return { loss: sum(out.output), state: { h: out.h, c: out.c } };
      },
    });
    assert.equal(r.losses.length, 5);
    let k = 0;
    for (const o of outputs)
      for (let i = 0; i < o.size; i++, k++) assert.ok(Math.abs(o.data[i] - whole.output.data[k]) < 1e-12);
    for (let i = 0; i < whole.h.size; i++) {
      assert.ok(Math.abs((r.state.h as Tensor).data[i] - whole.h.data[i]) < 1e-12);
      assert.ok(Math.abs((r.state.c as Tensor).data[i] - whole.c.data[i]) < 1e-12);
    }
    assert.equal(r.state.h?.requiresGrad, false);
  });

  it("the gradient of a window's loss stops at the window start: it equals the gradient from a constant h0", () => {
    const rng = new Rng(4);
    const net = new RNN(1, 3, { rng });
    const x = rng.randn([1, 12, 1]);
    const target = rng.randn([1, 12, 3]);
    const grads: Float64Array[] = [];
    let secondH0: Tensor | undefined;
    truncatedBptt<Tensor | undefined>({
      length: 12,
      window: 6,
      initialState: undefined,
      step: (w, h) => {
        if (w.index === 1) secondH0 = h;
        const out = net.forward(slice(x, 1, w.start, w.end), { h0: h });
        const loss = mseLoss(out.output, slice(target, 1, w.start, w.end));
        net.zeroGrad();
        loss.backward();
        grads.push(net.cells[0].weightHh.grad!.slice());
        return { loss, state: out.h };
      },
    });
    // Recompute window 2 from a constant copy of its initial state: identical gradient.
    net.zeroGrad();
    const h0 = new Tensor((secondH0 as Tensor).data.slice(), (secondH0 as Tensor).shape);
    mseLoss(net.forward(slice(x, 1, 6, 12), { h0 }).output, slice(target, 1, 6, 12)).backward();
    const expected = net.cells[0].weightHh.grad as Float64Array;
    for (let i = 0; i < expected.length; i++) assert.equal(grads[1][i], expected[i]);
    // And it differs from the full-BPTT gradient of the same loss, which also reaches window 1.
    net.zeroGrad();
    const full = net.forward(x).output;
    mseLoss(slice(full, 1, 6, 12), slice(target, 1, 6, 12)).backward();
    const fullGrad = net.cells[0].weightHh.grad as Float64Array;
    assert.ok(fullGrad.some((g, i) => Math.abs(g - expected[i]) > 1e-8));
  });

  it("the window's gradient passes a numeric gradient check with the carried state held constant", () => {
    const rng = new Rng(5);
    const net = new RNN(1, 2, { rng });
    const x = rng.randn([1, 4, 1]);
    const h0 = rng.randn([1, 2]);
    const report = gradCheck(
      () => sum(net.forward(x, { h0 }).output),
      [net.cells[0].weightIh, net.cells[0].weightHh, net.cells[0].bias],
    );
    assert.ok(report.ok, report.summary);
  });

  it("trains with an optimiser: one update per window, and the loss of a learnable stream falls", () => {
    const rng = new Rng(6);
    const net = new RNN(1, 8, { rng });
    const head = new Linear(8, 1, { rng });
    const N = 400;
    const x = new Tensor(
      new Float64Array(N).map((_, t) => Math.sin(0.3 * t)),
      [1, N, 1],
    );
    const y = new Tensor(
      new Float64Array(N).map((_, t) => Math.sin(0.3 * (t + 1))),
      [1, N, 1],
    );
    const optimizer = new Adam([...net.parameters(), ...head.parameters()], { lr: 0.02 });
    let updates = 0;
    const epoch = (state: Tensor | undefined) =>
      truncatedBptt<Tensor | undefined>({
        length: N,
        window: 20,
        initialState: state,
        optimizer,
        clipNorm: 1,
        onWindow: () => updates++,
        step: (w, h) => {
          const out = net.forward(slice(x, 1, w.start, w.end), { h0: h });
          return { loss: mseLoss(head.forward(out.output), slice(y, 1, w.start, w.end)), state: out.h };
        },
      });
    const first = epoch(undefined);
    let last = first;
    for (let e = 0; e < 4; e++) last = epoch(undefined);
    assert.equal(updates, 5 * 20);
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    assert.ok(mean(last.losses) < 0.2 * mean(first.losses), `${mean(first.losses)} → ${mean(last.losses)}`);
  });

  it("a window without a loss carries the state and makes no update", () => {
    const rng = new Rng(7);
    const net = new RNN(1, 2, { rng });
    const before = net.cells[0].weightHh.data.slice();
    const x = rng.randn([1, 6, 1]);
    const r = truncatedBptt<Tensor | undefined>({
      length: 6,
      window: 3,
      initialState: undefined,
      optimizer: new Adam(net.parameters(), { lr: 0.1 }),
      step: (w, h) => ({ loss: null, state: net.forward(slice(x, 1, w.start, w.end), { h0: h }).h }),
    });
    assert.ok(Number.isNaN(r.losses[0]) && Number.isNaN(r.losses[1]));
    assert.deepEqual(Array.from(net.cells[0].weightHh.data), Array.from(before));
    const whole = net.forward(x).h;
    for (let i = 0; i < whole.size; i++) assert.ok(Math.abs((r.state as Tensor).data[i] - whole.data[i]) < 1e-12);
  });

  it("rejects a step that returns a non-scalar loss", () => {
    assert.throws(
      () =>
        truncatedBptt<undefined>({
          length: 4,
          window: 2,
          initialState: undefined,
          step: () => ({ loss: new Tensor(new Float64Array(2), [2]), state: undefined }),
        }),
      /truncatedBptt: step must return a scalar loss tensor or null \(window 0\)/,
    );
  });
});
