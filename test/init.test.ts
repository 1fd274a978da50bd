import { strict as assert } from "node:assert";
import * as rnn from "../src/index";
import { Rng, Tensor } from "../src/index";
import { check, maxAbsDiff } from "./support/check";

describe("initialisers", () => {
  it("orthogonal gives QᵀQ = I (tall) and Q Qᵀ = I (wide)", () => {
    for (const [rows, cols] of [
      [6, 4],
      [4, 6],
      [5, 5],
    ]) {
      const q = rnn.orthogonal(new Rng(3), rows, cols);
      const g = rows >= cols ? rnn.matmul(rnn.transpose(q), q) : rnn.matmul(q, rnn.transpose(q));
      const k = Math.min(rows, cols);
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) assert.ok(Math.abs(g.data[i * k + j] - (i === j ? 1 : 0)) < 1e-12);
    }
  });
  it("xavierUniform stays within its bound", () => {
    const w = rnn.xavierUniform(new Rng(5), 8, 4);
    const a = Math.sqrt(6 / 12);
    assert.ok(w.data.every((v) => Math.abs(v) <= a));
    assert.deepEqual(w.shape, [8, 4]);
  });
});
