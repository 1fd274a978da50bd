import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("ops/loss: numeric gradient checks", () => {
  const rng = new Rng(7);
  const r = (shape: number[], lo = -1, hi = 1) => rng.rand(shape, lo, hi);

  it("losses: MSE and cross-entropy, with and without a mask", () => {
    check((p, t) => rnn.mseLoss(p, t), [r([4, 2]), r([4, 2])]);
    check((p) => rnn.mseLoss(p, rnn.zeros([4]), [1, 0, 1, 1]), [r([4])]);
    check((z) => rnn.crossEntropy(z, [0, 2, 1]), [r([3, 4], -2, 2)]);
    check((z) => rnn.crossEntropy(z, [0, 2, 1, 3, 0, 0], [1, 1, 0, 1, 1, 0]), [r([2, 3, 4], -2, 2)]);
  });
});

describe("ops/loss: values and errors", () => {
  it("cross-entropy of uniform logits is log(C); the mask ignores padded positions", () => {
    const ce = rnn.crossEntropy(rnn.zeros([2, 4]), [1, 3]);
    assert.ok(Math.abs(ce.item() - Math.log(4)) < 1e-12);
    const masked = rnn.crossEntropy(
      rnn.tensor([
        [0, 0],
        [100, -100],
      ]),
      [0, 1],
      [1, 0],
    );
    assert.ok(Math.abs(masked.item() - Math.log(2)) < 1e-12);
  });
  it("names the op and the shapes", () => {
    assert.throws(
      () => rnn.mseLoss(rnn.zeros([2]), rnn.zeros([3])),
      /mseLoss: prediction shape \[2\] and target shape \[3\] must match/,
    );
  });
  it("an out-of-range target names the position and the classes", () => {
    assert.throws(
      () => rnn.crossEntropy(rnn.zeros([2, 3]), [0, 3]),
      /crossEntropy: target 3 at position 1 is not a class index in \[0, 3\)/,
    );
  });
  it("NaN in a loss throws and says where", () => {
    assert.throws(
      () => rnn.mseLoss(rnn.tensor([1, NaN]), rnn.tensor([0, 0])),
      /mseLoss: loss is NaN; prediction has value NaN at flat index 1/,
    );
    assert.throws(
      () => rnn.crossEntropy(rnn.tensor([[Infinity, 0]]), [1]),
      /crossEntropy: loss is NaN; logits have value Infinity at flat index 0/,
    );
  });
});
