import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("ops/activation: numeric gradient checks", () => {
  const rng = new Rng(7);
  const r = (shape: number[], lo = -1, hi = 1) => rng.rand(shape, lo, hi);

  it("activations: tanh, sigmoid, relu, softmax, logSoftmax (last and inner axis)", () => {
    check((x) => rnn.tanh(x), [r([3, 4], -3, 3)]);
    check((x) => rnn.sigmoid(x), [r([3, 4], -5, 5)]);
    check((x) => rnn.relu(x), [rnn.tensor([-1, -0.3, 0.2, 1.5])]);
    check((x) => rnn.softmax(x), [r([3, 4], -2, 2)]);
    check((x) => rnn.softmax(x, 0), [r([3, 4], -2, 2)]);
    check((x) => rnn.logSoftmax(x), [r([2, 5], -2, 2)]);
    check((x) => rnn.logSoftmax(x, 1), [r([2, 3, 2], -2, 2)]);
  });
});

describe("ops/activation: values", () => {
  it("softmax rows sum to one and are stable for large logits", () => {
    const s = rnn.softmax(rnn.tensor([[1000, 1001, 1002]]));
    const total = s.data.reduce((x, y) => x + y, 0);
    assert.ok(Math.abs(total - 1) < 1e-12);
    assert.ok(s.data.every(Number.isFinite));
  });
});
