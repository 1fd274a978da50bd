/**
 * grader/sandbox/layers.ts: the layers outside Node are probed together in one process first, and
 * one by one only when that fails; either way the result is what probing them one by one gives.
 */
import * as assert from "node:assert/strict";
import { probeLayers, sandboxLayers, type ProbeResult } from "../../grader/sandbox/layers";

describe("grading/sandbox: probing the layers", function () {
  this.timeout(60_000);
  let separate: ProbeResult;

  before(async () => {
    separate = await probeLayers({ combined: "skip" });
  });

  it("one by one: a probe per layer present", () => {
    assert.equal(separate.combined, "skipped");
    assert.equal(separate.probes, separate.candidates.length);
  });

  it("the combined probe finds the same layers, in one process when every layer works", async () => {
    const combined = await probeLayers();
    assert.deepEqual(combined.layers, separate.layers);
    assert.deepEqual(combined.candidates, separate.candidates);
    assert.deepEqual(await sandboxLayers(), separate.layers);
    const allWork = separate.candidates.every((k) => separate.layers[k] !== null);
    if (separate.candidates.length >= 2 && allWork) {
      assert.equal(combined.combined, "ok");
      assert.equal(combined.probes, 1);
    } else if (separate.candidates.length >= 2) {
      assert.equal(combined.combined, "failed");
      assert.equal(combined.probes, 1 + separate.candidates.length);
    }
  });

  it("when the combined probe fails, the layers probed one by one decide", async () => {
    const failed = await probeLayers({ combined: "fail" });
    assert.deepEqual(failed.layers, separate.layers);
    if (separate.candidates.length >= 2) {
      assert.equal(failed.combined, "failed");
      assert.equal(failed.probes, 1 + separate.candidates.length);
    }
  });

  it("a layer turned off (RNN_GRADING_SANDBOX_DISABLE) stays off, the others are found as before", async () => {
    const saved = process.env.RNN_GRADING_SANDBOX_DISABLE;
    process.env.RNN_GRADING_SANDBOX_DISABLE = "unshare";
    try {
      const without = await probeLayers();
      assert.deepEqual(without.layers, { ...separate.layers, unshare: null });
      assert.ok(!without.candidates.includes("unshare"));
    } finally {
      if (saved === undefined) delete process.env.RNN_GRADING_SANDBOX_DISABLE;
      else process.env.RNN_GRADING_SANDBOX_DISABLE = saved;
    }
  });
});
