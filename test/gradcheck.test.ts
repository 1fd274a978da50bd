import { strict as assert } from "node:assert";
import * as rnn from "../src/index";
import { Rng, Tensor } from "../src/index";
import { check, maxAbsDiff } from "./support/check";
import { accumulateGrad, opResult } from "../src/autograd";
import { gradCheck } from "../src/index";

describe("gradCheck itself", () => {
  it("catches a wrong backward and reports where", () => {
    const bad = (x: Tensor) =>
      opResult(
        x.data.map((v) => v * v),
        x.shape,
        "badSquare",
        [x],
        (g) => {
          accumulateGrad(
            x,
            g.map((g, i) => g * 3 * x.data[i]),
          );
        },
      );
    const report = gradCheck(bad, [rnn.tensor([0.5, -1.5])]);
    assert.equal(report.ok, false);
    assert.ok(report.maxRelError > 0.3);
    assert.equal(report.worst?.input, 0);
    assert.match(report.summary, /FAILED/);
  });
});
