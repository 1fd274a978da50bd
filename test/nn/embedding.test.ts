import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("nn/embedding", () => {
  it("Embedding: shapes, gradients, clear errors", () => {
    const emb = new rnn.Embedding(5, 3, { rng: new Rng(0) });
    assert.deepEqual(emb.forward([0, 4, 4, 1], [2, 2]).shape, [2, 2, 3]);
    check(() => emb.forward([0, 4, 4, 1], [2, 2]), emb.parameters());
    assert.throws(() => emb.forward([0, 5]), /gather: index 5 at position 1 is out of range for a table of 5 rows/);
    assert.throws(() => emb.forward([0, 1, 2], [2, 2]), /Embedding.forward: 3 ids do not fill shape \[2,2\]/);
  });
});
