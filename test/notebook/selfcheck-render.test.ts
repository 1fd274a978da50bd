/**
 * src/notebook/render/selfcheck.ts: the self-check table reads the same in JupyterLab and the
 * classic notebook (whose stylesheet right-aligns table cells and centres tables).
 */
import * as assert from "node:assert/strict";
import {
  selfCheckHtml,
  selfCheckText,
  type SelfCheckReport,
  type SelfCheckTest,
} from "../../src/notebook/render/selfcheck";

function test(name: string, status: SelfCheckTest["status"], message: string, title = name): SelfCheckTest {
  return { name, title, status, score: status === "passed" ? 1 : 0, max_score: 1, message, hidden: false };
}

const STUB =
  "Error: rnn-step: not implemented yet (尚未实现): write rnnStep in exercises/rnn-step.ts\n    at rnnStep (exercises/rnn-step.ts:41:9)";

function report(tests: SelfCheckTest[], hidden = 0): SelfCheckReport {
  const score = tests.reduce((s, t) => s + t.score, 0);
  return {
    score,
    max_score: tests.length,
    exercises: [
      {
        name: "rnn-step",
        title: { zh: "RNN 的一步", en: "One RNN step" },
        score,
        max_score: tests.length,
        tests,
        hidden_not_run: hidden,
      },
    ],
    internalErrors: [],
  };
}

describe("notebook/selfcheck rendering", () => {
  it("left-aligns every cell and wraps messages at spaces, never mid-word", () => {
    const html = selfCheckHtml(
      report([
        test("bias-only", "failed", "h differs at index 0\n提示：W_h 应当对称 symmetric?", "只有偏置 (W_h = 0)"),
      ]),
    );
    const cells = html.match(/<t[dh] [^>]*>/g) ?? [];
    assert.equal(cells.length, 8);
    for (const c of cells) assert.match(c, /text-align: left/);
    assert.match(html, /<table style="[^"]*margin: 0/);
    assert.ok(!/break-all/.test(html));
    assert.match(html, /white-space: pre-wrap; word-break: normal; overflow-wrap: break-word/);
  });

  it("typesets math-like names (W_h) in titles and messages instead of losing the underscore", () => {
    const html = selfCheckHtml(report([test("bias-only", "failed", "提示：W_h 不对称", "只有偏置 (W_h = 0, b = 0)")]));
    assert.equal((html.match(/<i>W<\/i><sub>h<\/sub>/g) ?? []).length, 2);
    assert.ok(!html.includes("W_h"));
    assert.ok(!html.includes("W h"));
  });

  it("collapses an untouched stub's identical rows into one line, in HTML and text", () => {
    const stub = report(
      ["a", "b", "c", "d", "e", "f", "g", "h"].map((n) => test(n, "error", STUB)),
      2,
    );
    const html = selfCheckHtml(stub);
    assert.equal((html.match(/<tr>/g) ?? []).length, 2); // header and one line
    assert.match(html, /尚未实现 \/ not implemented yet: 8 tests/);
    assert.match(html, />0 \/ 8</);
    assert.ok(!html.includes("at rnnStep"), "no stack trace");
    assert.match(html, /另有 2 个隐藏测试，只在完整评分中运行/);
    assert.match(
      html,
      /2 hidden tests run only in the full grade \(in a terminal: npm run grade -- --exercise rnn-step\)/,
    );
    const text = selfCheckText(stub);
    assert.equal(text.split("\n").length, 5, text); // title, stub line, two hidden-note lines, total
    assert.match(text, /^ {2}尚未实现 \/ not implemented yet: 8 tests — rnn-step: not implemented yet/m);
  });

  it("keeps the other rows of an attempted exercise and says nothing about hidden tests when there are none", () => {
    const html = selfCheckHtml(
      report([test("a", "passed", ""), test("b", "failed", "wrong value"), test("c", "error", STUB)]),
    );
    assert.equal((html.match(/<tr>/g) ?? []).length, 4);
    assert.match(html, /wrong value/);
    assert.match(html, /not implemented yet: 1 test</);
    assert.ok(!/hidden/.test(html));
  });
});
