import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("ops/reduce: numeric gradient checks", () => {
  const rng = new Rng(7);
  const r = (shape: number[], lo = -1, hi = 1) => rng.rand(shape, lo, hi);

  it("reductions: sum, mean, max over all values and along an axis", () => {
    check((x) => rnn.sum(x), [r([2, 3])]);
    check((x) => rnn.sum(x, 0, true), [r([2, 3])]);
    check((x) => rnn.mean(x, -1), [r([2, 3, 4])]);
    check((x) => rnn.mean(x), [r([2, 3])]);
    check(
      (x) => rnn.max(x, 1),
      [
        rnn.tensor([
          [0.1, 0.9, -0.3],
          [0.5, -0.2, 0.4],
        ]),
      ],
    );
    check((x) => rnn.max(x), [rnn.tensor([0.1, 0.9, -0.3])]);
  });
});

describe("ops/reduce: errors", () => {
  it("names the op and the shapes", () => {
    assert.throws(() => rnn.sum(rnn.zeros([2, 3]), 2), /sum: axis 2 is out of range/);
  });
});
