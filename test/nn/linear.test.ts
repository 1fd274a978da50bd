import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("nn/linear", () => {
  it("Linear: shapes and gradients", () => {
    const lin = new rnn.Linear(3, 2, { rng: new Rng(0) });
    check(() => lin.forward(new Rng(1).randn([4, 3])), lin.parameters());
  });
});
