import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("ops/matmul: numeric gradient checks", () => {
  const rng = new Rng(7);
  const r = (shape: number[], lo = -1, hi = 1) => rng.rand(shape, lo, hi);

  it("matmul: matrix, shared weight over a batch, batched, vectors", () => {
    check((a, b) => rnn.matmul(a, b), [r([3, 4]), r([4, 2])]);
    check((a, b) => rnn.matmul(a, b), [r([2, 3, 4]), r([4, 5])]);
    check((a, b) => rnn.matmul(a, b), [r([2, 3, 4]), r([2, 4, 2])]);
    check((a, v) => rnn.matmul(a, v), [r([3, 4]), r([4])]);
    check((v, b) => rnn.matmul(v, b), [r([3]), r([3, 2])]);
  });

  it("linear: x·Wᵀ + b, with and without bias, on [B,T,F] inputs", () => {
    check((x, w, b) => rnn.linear(x, w, b), [r([2, 3, 4]), r([5, 4]), r([5])]);
    check((x, w) => rnn.linear(x, w), [r([3, 4]), r([2, 4])]);
  });
});

describe("ops/matmul: values and errors", () => {
  it("matmul and transpose", () => {
    const a = rnn.tensor([
      [1, 2],
      [3, 4],
    ]);
    assert.deepEqual(rnn.matmul(a, rnn.transpose(a)).toArray(), [
      [5, 11],
      [11, 25],
    ]);
  });
  it("names the op and the shapes", () => {
    assert.throws(
      () => rnn.matmul(rnn.zeros([2, 3]), rnn.zeros([4, 5])),
      /matmul: inner sizes \(3\) and \(4\) of tensors with shapes \[2,3\] and \[4,5\] must match/,
    );
    assert.throws(
      () => rnn.linear(rnn.zeros([2, 3]), rnn.zeros([4, 5])),
      /linear: input of shape \[2,3\] must end in 5 features/,
    );
  });
});
