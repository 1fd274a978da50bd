import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("nn/gru: GRUCell", () => {
  const rng = new Rng(11);
  const x = () => rng.randn([2, 3], 1);
  const h = () => rng.randn([2, 4], 0.5);
  const x0 = new Rng(1).randn([2, 3]);
  const h0 = new Rng(2).randn([2, 4], 0.5);
  const c0 = new Rng(3).randn([2, 4], 0.5);
  const sig = (a: number) => 1 / (1 + Math.exp(-a));

  it("GRUCell: x, h and every parameter", () => {
    const cell = new rnn.GRUCell(3, 4, { rng });
    check((xx, hh) => cell.forward(xx, hh), [x(), h()]);
    // Gradients near 1e-4 carry finite-difference round-off near 1e-10: compare them absolutely below 1e-3.
    check(() => cell.forward(x0, h0), cell.parameters(), 1e-6, 1e-3);
  });
  it("GRU puts z on the candidate: h = (1-z)·h_prev + z·h~ (scalar case by hand)", () => {
    const cell = new rnn.GRUCell(1, 1, { rng: new Rng(0) });
    // W = [W_r; W_z; W_h], U = [U_r; U_z; U_h], b = [b_r; b_z; b_h]
    cell.loadParameters({ weightIh: [0.3, -0.7, 0.9], weightHh: [0.2, 0.5, -0.4], bias: [0.1, 0.2, -0.3] });
    const xv = 0.8,
      hv = -0.6;
    const r = sig(0.3 * xv + 0.2 * hv + 0.1);
    const z = sig(-0.7 * xv + 0.5 * hv + 0.2);
    const ht = Math.tanh(0.9 * xv + -0.4 * (r * hv) - 0.3);
    const expected = (1 - z) * hv + z * ht;
    const got = cell.forward(rnn.tensor([[xv]]), rnn.tensor([[hv]])).item();
    assert.ok(Math.abs(got - expected) < 1e-14, `${got} vs ${expected}`);
  });
});
