import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("ops/shape: numeric gradient checks", () => {
  const rng = new Rng(7);
  const r = (shape: number[], lo = -1, hi = 1) => rng.rand(shape, lo, hi);

  it("transpose, reshape, slice, select, concat, stack", () => {
    check((x) => rnn.transpose(x), [r([3, 4])]);
    check((x) => rnn.transpose(x, [2, 0, 1]), [r([2, 3, 4])]);
    check((x) => rnn.reshape(x, [4, -1]), [r([2, 3, 2])]);
    check((x) => rnn.slice(x, 1, 1, 3), [r([2, 4, 3])]);
    check((x) => rnn.select(x, 1, -1), [r([2, 4, 3])]);
    check((a, b) => rnn.concat([a, b], 1), [r([2, 3]), r([2, 2])]);
    check((a, b) => rnn.stack([a, b], 1), [r([2, 3]), r([2, 3])]);
  });

  it("gather accumulates repeated indices", () => {
    check((t) => rnn.gather(t, [0, 2, 2, 1], [2, 2]), [r([3, 4])]);
  });
});

describe("ops/shape: values and errors", () => {
  it("stack over time builds [B,T,d]", () => {
    const h1 = rnn.tensor([[1, 2]]),
      h2 = rnn.tensor([[3, 4]]);
    const s = rnn.stack([h1, h2], 1);
    assert.deepEqual(s.shape, [1, 2, 2]);
    assert.deepEqual(s.toArray(), [
      [
        [1, 2],
        [3, 4],
      ],
    ]);
  });
  it("names the op and the shapes", () => {
    assert.throws(() => rnn.reshape(rnn.zeros([2, 3]), [4, 2]), /reshape: cannot reshape \[2,3\]/);
    assert.throws(() => rnn.transpose(rnn.zeros([3])), /transpose: needs at least 2 axes/);
    assert.throws(() => rnn.concat([rnn.zeros([2, 3]), rnn.zeros([3, 3])], 1), /concat: tensor 1 has shape \[3,3\]/);
    assert.throws(
      () => rnn.slice(rnn.zeros([2, 3]), 1, 2, 5),
      /slice: range 2:5 is out of bounds for axis 1 of size 3/,
    );
  });
  it("an out-of-range index names the index and the table size", () => {
    assert.throws(
      () => rnn.gather(rnn.zeros([3, 2]), [0, 3]),
      /gather: index 3 at position 1 is out of range for a table of 3 rows/,
    );
  });
});
