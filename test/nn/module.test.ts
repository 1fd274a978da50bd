import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("nn/module", () => {
  it("parameter counts: d(m+d+1) per block; LSTM/GRU = 4/3; independent of sequence length", () => {
    for (const [mm, dd] of [
      [2, 3],
      [10, 32],
      [128, 256],
    ]) {
      const per = dd * (mm + dd + 1);
      const rng2 = new Rng(0);
      assert.equal(rnn.countParameters(new rnn.RNN(mm, dd, { rng: rng2 })), per);
      const nl = rnn.countParameters(new rnn.LSTM(mm, dd, { rng: rng2 }));
      const ng = rnn.countParameters(new rnn.GRU(mm, dd, { rng: rng2 }));
      assert.equal(nl, 4 * per);
      assert.equal(ng, 3 * per);
      assert.equal(nl / ng, 4 / 3);
    }
  });
});
