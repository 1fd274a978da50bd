import { strict as assert } from "node:assert";
import * as rnn from "../src/index";
import { Rng, Tensor } from "../src/index";
import { check, maxAbsDiff } from "./support/check";

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
});
