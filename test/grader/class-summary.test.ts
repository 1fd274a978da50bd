/**
 * grader/cli/class-summary.ts through the grade-batch command: the class summary page (offline HTML)
 * with the score distribution per exercise, the most frequent failing tests and the slowest
 * submissions, everything from submissions HTML-escaped.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../grader/cli/grade-batch";
import { escapeHtml } from "../../grader/cli/class-summary";
import {
  FIXTURE,
  FIXTURE_SOLUTIONS,
  FIXTURE_STUBS,
  HOSTILE,
  cleanTemps,
  goodSeq,
  goodVec,
  runMain,
  tempDir,
} from "./helpers";

const HOSTILE_MESSAGE = "<script>alert('pwned')</script> & more";

/** Rows of the table with `class` (and `data-exercise` when given): the cells' text, tags removed. */
function tableRows(html: string, cls: string, exercise?: string): string[][] {
  const attr = exercise === undefined ? "" : ` data-exercise="${exercise}"`;
  const start = html.indexOf(`<table class="${cls}"${attr}>`);
  assert.ok(start >= 0, `table ${cls} ${exercise ?? ""} missing`);
  const table = html.slice(start, html.indexOf("</table>", start));
  return [...table.matchAll(/<tr>(.*?)<\/tr>/gs)]
    .slice(1)
    .map((m) => [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((c) => c[1].replace(/<[^>]+>/g, "")));
}

describe("grading/class summary: the page grade-batch writes for teachers", function () {
  this.timeout(180_000);
  after(cleanTemps);

  it("shows distributions, frequent failing tests with escaped messages, and the slowest submissions", async () => {
    const root = tempDir("summary");
    const put = (student: string, files: Record<string, string>) => {
      fs.mkdirSync(path.join(root, student));
      for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(root, student, name), content);
    };
    const stubVec = fs.readFileSync(path.join(FIXTURE_STUBS, "fixture-vec.ts"), "utf8");
    const stubSeq = fs.readFileSync(path.join(FIXTURE_STUBS, "fixture-seq.ts"), "utf8");
    put("ann", { "fixture-vec.ts": goodVec(), "fixture-seq.ts": goodSeq() });
    put("ben", { "fixture-vec.ts": goodVec(), "fixture-seq.ts": goodSeq() });
    put("cai", { "fixture-vec.ts": stubVec, "fixture-seq.ts": stubSeq });
    // A wrong variant: axpy ignores alpha, and dot throws a hostile message.
    const wrong = goodVec()
      .replace("alpha * xi + y[i]", "xi + y[i]")
      .replace("let sumOfProductsForFixture = 0;", `throw new Error(${JSON.stringify(HOSTILE_MESSAGE)});`);
    assert.notEqual(wrong, goodVec());
    put("<b>dan<b>", { "fixture-vec.ts": wrong, "fixture-seq.ts": goodSeq() });
    put("eve", { "fixture-vec.ts": fs.readFileSync(path.join(HOSTILE, "a1-infinite-loop.ts"), "utf8") });

    const out = tempDir("summary-out");
    const r = await runMain(main, [
      root,
      "--out",
      out,
      "--specs",
      FIXTURE,
      "--reference",
      FIXTURE_SOLUTIONS,
      "--jobs",
      "2",
      "--timeout",
      "1500",
    ]);
    assert.equal(r.status, 0, r.stderr);
    const file = path.join(out, "summary.html");
    assert.match(r.stdout, new RegExp(`Class summary: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    const html = fs.readFileSync(file, "utf8");

    // Self-contained and offline: no script at all, nothing fetched.
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<(link|img|iframe)\b|src=|@import|url\(/i);
    assert.ok((html.match(/<svg/g) ?? []).length >= 4, "charts: two distributions, failing tests, slowest");

    // Escaped: the hostile message and the student's name appear as text.
    assert.ok(html.includes(escapeHtml(HOSTILE_MESSAGE)), "the hostile message, escaped");
    assert.ok(html.includes("&lt;b&gt;dan&lt;b&gt;"));
    assert.ok(!html.includes("<b>dan<b>"));

    // Per-exercise distributions. fixture-vec (max 5): ann and ben 5, eve 3 (axpy right, dot loops),
    // cai (stub) and dan (dot throws, axpy ignores alpha) 0. fixture-seq (max 2): cai (stub) and eve
    // (no file) 0, the others 2.
    assert.deepEqual(tableRows(html, "distribution", "fixture-vec"), [
      ["0", "2"],
      ["3", "1"],
      ["5", "2"],
    ]);
    assert.deepEqual(tableRows(html, "distribution", "fixture-seq"), [
      ["0", "2"],
      ["2", "3"],
    ]);

    // Most frequent failing tests: the dot cases failed for cai (stub), dan (hostile throw) and eve
    // (infinite loop: timeout), with their messages; attempted failures rank first.
    const failing = tableRows(html, "failing");
    const dotSmall = failing.find((row) => row[0] === "fixture-vec" && row[1] === "dot-small");
    assert.ok(dotSmall, "dot-small is listed");
    assert.equal(dotSmall[3], "3 of 5");
    assert.ok(
      failing.findIndex((row) => row[1] === "dot-small") < failing.findIndex((row) => row[0] === "fixture-seq"),
    );
    assert.equal(dotSmall[4], "1", "cai did not attempt it (the stub)");
    assert.match(dotSmall[5], /\(1×\) .*&lt;script&gt;alert\(&#39;pwned&#39;\)&lt;\/script&gt; &amp; more/);
    assert.match(dotSmall[5], /not implemented yet/);
    const seqRows = failing.filter((row) => row[0] === "fixture-seq");
    // cai's stub and eve's missing file: failures, but not attempts, so they rank after dot-small.
    assert.ok(seqRows.length > 0 && seqRows.every((row) => row[3] === "2 of 5" && row[4] === "2"));

    // Slowest: eve's infinite loop runs into the time limit, so it is the slowest submission.
    const slow = tableRows(html, "slowest");
    assert.equal(slow.length, 5);
    assert.equal(slow[0][0], "eve");
    const seconds = slow.map((row) => Number(row[1]));
    assert.deepEqual(
      seconds,
      [...seconds].sort((a, b) => b - a),
    );
    assert.ok(seconds[0] >= 1.5, `eve took ${seconds[0]} s`);
  });
});
