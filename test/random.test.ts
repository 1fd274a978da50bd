import { strict as assert } from "node:assert";
import * as rnn from "../src/index";
import { Rng, Tensor } from "../src/index";
import { check, maxAbsDiff } from "./support/check";

describe("Rng", () => {
  it("the same seed gives the same numbers; different seeds differ", () => {
    const a = new Rng(42).normalArray(5),
      b = new Rng(42).normalArray(5),
      c = new Rng(43).normalArray(5);
    assert.deepEqual(Array.from(a), Array.from(b));
    assert.notDeepEqual(Array.from(a), Array.from(c));
  });
  it("uniform and normal moments are right", () => {
    const rng = new Rng(1);
    const u = rng.uniformArray(20000),
      n = rng.normalArray(20000);
    const m = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    assert.ok(Math.abs(m(u) - 0.5) < 0.01);
    assert.ok(Math.abs(m(n)) < 0.03);
    assert.ok(Math.abs(m(n.map((v) => v * v)) - 1) < 0.05);
    assert.ok(u.every((v) => v >= 0 && v < 1));
  });
});
