/**
 * @file Every notebook under notebooks/ (found recursively, none named here) runs top to bottom in
 * the real rnn-course kernel through nbclient without error, each within its 60 s budget. Two run
 * at a time. A failure names the notebook, the cell index, the head of its source and its stderr.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/kernel/kernelspec";
import {
  describeFailure,
  discoverNotebooks,
  mapWithConcurrency,
  RunResult,
  runNotebook,
} from "../../scripts/notebook/notebooks";

/** Seconds each notebook may spend running its cells. */
const BUDGET_SECONDS = 60;
/** Notebooks run at once (CI has 2 cores). */
const CONCURRENCY = 2;

const notebooks = discoverNotebooks();

describe("notebooks run top to bottom", function () {
  // Budget plus kernel start-up per notebook, two at a time; each cell's timeout is enforced by the runner.
  this.timeout((Math.ceil(notebooks.length / CONCURRENCY) + 1) * (BUDGET_SECONDS + 60) * 1000);
  const results = new Map<string, RunResult>();

  before(async function () {
    await mapWithConcurrency(notebooks, CONCURRENCY, async (file) => {
      const result = await runNotebook(file, { budgetSeconds: BUDGET_SECONDS });
      results.set(file, result);
      const status = result.ok ? "ok" : `FAILED (${result.error?.kind})`;
      console.log(
        `      ${result.seconds.toFixed(1).padStart(5)} s  ${path.relative(PROJECT_ROOT, file)}  ` +
          `[kernel start ${result.startupSeconds.toFixed(1)} s] ${status}`,
      );
    });
  });

  after(function () {
    // The figure the speed work is judged by (npm run bench:notebooks times them one at a time).
    const total = [...results.values()].reduce((s, r) => s + r.seconds, 0);
    console.log(
      `      ${total.toFixed(1).padStart(5)} s  total in cells, ${results.size} notebooks, ${CONCURRENCY} at a time`,
    );
  });

  it("finds notebooks to run", () => {
    assert.ok(notebooks.length > 0, "no notebooks found under notebooks/");
  });

  for (const file of notebooks) {
    it(path.relative(PROJECT_ROOT, file), () => {
      const result = results.get(file);
      assert.ok(result, "the notebook was not run");
      assert.ok(result.ok, describeFailure(result));
      assert.ok(
        result.seconds <= BUDGET_SECONDS,
        `${path.relative(PROJECT_ROOT, file)} took ${result.seconds} s (budget ${BUDGET_SECONDS} s)`,
      );
    });
  }
});
