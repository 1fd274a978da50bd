import { strict as assert } from "node:assert";
import * as rnn from "../src/index";
import { Rng, Tensor } from "../src/index";
import { check, maxAbsDiff } from "./support/check";

describe("train", () => {
  it("a small LSTM learns to copy its first input (training works end to end)", () => {
    const rng = new Rng(3);
    const lstm = new rnn.LSTM(1, 8, { rng });
    const head = new rnn.Linear(8, 1, { rng });
    const params = [...lstm.parameters(), ...head.parameters()];
    const losses = rnn.train({
      steps: 150,
      optimizer: new rnn.Adam(params, { lr: 0.02 }),
      loss: () => {
        const x = rng.randn([16, 6, 1]);
        const y = rnn.reshape(rnn.select(x, 1, 0), [16, 1]);
        const h = rnn.select(lstm.forward(x).h, 0, 0);
        return rnn.mseLoss(head.forward(h), y);
      },
    });
    const first = losses.slice(0, 10).reduce((s, v) => s + v) / 10,
      last = losses.slice(-10).reduce((s, v) => s + v) / 10;
    assert.ok(last < 0.2 * first, `loss ${first} -> ${last}`);
  });
});
