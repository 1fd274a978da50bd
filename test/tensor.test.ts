import { strict as assert } from "node:assert";
import * as rnn from "../src/index";
import { Rng, Tensor } from "../src/index";
import { check, maxAbsDiff } from "./support/check";

describe("Tensor and autograd", () => {
  it("gradients accumulate across backward calls and zeroGrad clears them", () => {
    const x = rnn.tensor([2], undefined, { requiresGrad: true });
    rnn.mul(x, x).backward(new Float64Array([1]));
    rnn.mul(x, x).backward(new Float64Array([1]));
    assert.equal(x.grad?.[0], 8);
    x.zeroGrad();
    assert.equal(x.grad, null);
  });
  it("a value used twice gets both contributions (topological order)", () => {
    const x = rnn.tensor(3, [], { requiresGrad: true });
    const y = rnn.tanh(x);
    const z = rnn.add(rnn.mul(y, y), y);
    z.backward();
    const t = Math.tanh(3);
    assert.ok(Math.abs((x.grad as Float64Array)[0] - (2 * t + 1) * (1 - t * t)) < 1e-12);
  });
  it("noGrad records nothing; detach cuts the graph", () => {
    const w = rnn.tensor([1, 2], undefined, { requiresGrad: true });
    const y = rnn.noGrad(() => rnn.mul(w, 2));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.parents.length, 0);
    const d = rnn.mul(w, 2).detach();
    assert.equal(d.requiresGrad, false);
    const z = rnn.sum(rnn.mul(d, w));
    z.backward();
    assert.deepEqual(Array.from(w.grad as Float64Array), [2, 4]);
  });
  it("a long chain (10,000 ops) does not overflow the stack", () => {
    let h = rnn.tensor([0.5], undefined, { requiresGrad: true });
    const x0 = h;
    for (let i = 0; i < 10000; i++) h = rnn.mul(h, 1);
    rnn.sum(h).backward();
    assert.equal(x0.grad?.[0], 1);
  });
  it("backward on a non-scalar without a seed explains what to do", () => {
    const x = rnn.tensor([1, 2], undefined, { requiresGrad: true });
    assert.throws(() => rnn.mul(x, 2).backward(), /backward: called on a tensor of shape \[2\]; pass a seed gradient/);
  });
});
