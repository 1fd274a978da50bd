// Mocha's spec reporter plus, at the end, the test files that took longest (wall time, hooks
// included: where CI's time goes) and one closing line that CI systems read: "N passed, N failed".
"use strict";
const path = require("path");
const Mocha = require("mocha");
const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } =
  Mocha.Runner.constants;

/** How many of the slowest test files the summary lists. */
const SLOWEST_FILES = 12;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0,
      failed = 0,
      pending = 0;
    const started = new Map();
    const fileMs = new Map();
    runner.on(EVENT_TEST_PASS, () => passed++);
    runner.on(EVENT_TEST_FAIL, () => failed++);
    runner.on(EVENT_TEST_PENDING, () => pending++);
    // Top-level suites (one or more per file) are timed from their first hook to their last.
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.parent && suite.parent.root) started.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const begin = started.get(suite);
      if (begin === undefined || !suite.file) return;
      const file = path.relative(process.cwd(), suite.file);
      fileMs.set(file, (fileMs.get(file) || 0) + Date.now() - begin);
    });
    runner.once(EVENT_RUN_END, () => {
      const slowest = [...fileMs].sort((a, b) => b[1] - a[1]).slice(0, SLOWEST_FILES);
      if (slowest.length > 0) {
        process.stdout.write("\nslowest test files (wall time, hooks included):\n");
        for (const [file, ms] of slowest) process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${file}\n`);
      }
      process.stdout.write(`\n${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ""}\n`);
    });
  }
}
module.exports = SummaryReporter;
