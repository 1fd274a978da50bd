/** The self-check points to an exercise's optional hint file after a failed attempt, and only then. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { hintFilesAfterFailedAttempt } from "../../src/notebook/selfcheck";
import {
  selfCheckHtml,
  selfCheckText,
  type SelfCheckReport,
  type SelfCheckStatus,
} from "../../src/notebook/render/selfcheck";

function report(name: string, score: number, message: string): SelfCheckReport {
  const test = {
    name: "case",
    title: "a case",
    status: (score > 0 ? "passed" : "failed") as SelfCheckStatus,
    score,
    max_score: 1,
    message,
    hidden: false,
  };
  return {
    score,
    max_score: 1,
    exercises: [{ name, title: { zh: "练习", en: "exercise" }, score, max_score: 1, tests: [test] }],
    internalErrors: [],
  };
}

describe("self-check: optional hint files", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-hints-"));
  before(() => {
    fs.mkdirSync(path.join(root, "exercises", "hints"), { recursive: true });
    fs.writeFileSync(path.join(root, "exercises", "hints", "bptt.md"), "# hint\n");
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("names the hint file after a failed attempt, in the HTML and the text", () => {
    const failed = report("bptt", 0, "dWh[0][0]: got 1, expected 2");
    const hints = hintFilesAfterFailedAttempt(root, failed);
    assert.deepEqual(hints, { bptt: path.join("exercises", "hints", "bptt.md") });
    assert.match(selfCheckHtml(failed, hints), /可选的提示在 <code>exercises\/hints\/bptt\.md<\/code>/);
    assert.match(selfCheckText(failed, hints), /Stuck\? An optional hint: exercises\/hints\/bptt\.md/);
  });

  it("stays silent for an untouched stub, full marks, or an exercise without a hint file", () => {
    assert.deepEqual(hintFilesAfterFailedAttempt(root, report("bptt", 0, "bptt: not implemented yet (尚未实现)")), {});
    assert.deepEqual(hintFilesAfterFailedAttempt(root, report("bptt", 1, "")), {});
    assert.deepEqual(hintFilesAfterFailedAttempt(root, report("rnn-step", 0, "h_t[0]: got 1, expected 2")), {});
    assert.doesNotMatch(selfCheckHtml(report("bptt", 0, "x")), /hint/i);
  });
});
