import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("nn/rnn: RNNCell", () => {
  const rng = new Rng(11);
  const x = () => rng.randn([2, 3], 1);
  const h = () => rng.randn([2, 4], 0.5);
  const x0 = new Rng(1).randn([2, 3]);
  const h0 = new Rng(2).randn([2, 4], 0.5);
  const c0 = new Rng(3).randn([2, 4], 0.5);

  it("RNNCell (tanh and ReLU): inputs, state and every parameter", () => {
    for (const nonlinearity of ["tanh", "relu"] as const) {
      const cell = new rnn.RNNCell(3, 4, { rng, nonlinearity });
      check((xx, hh) => cell.forward(xx, hh), [x(), h()]);
      check(() => cell.forward(x0, h0), cell.parameters());
    }
  });
  it("RNNCell computes tanh(W_h h + W_x x + b)", () => {
    const cell = new rnn.RNNCell(2, 1, { rng: new Rng(0) });
    cell.loadParameters({ weightIh: [0.5, -0.25], weightHh: [0.9], bias: [0.1] });
    const got = cell.forward(rnn.tensor([[1, 2]]), rnn.tensor([[0.3]])).item();
    assert.ok(Math.abs(got - Math.tanh(0.9 * 0.3 + 0.5 - 0.5 + 0.1)) < 1e-15);
  });
});
