/**
 * The class summary page that `npm run grade-batch` writes next to the gradebook (OUTDIR/summary.html):
 * one self-contained HTML file, readable offline in any browser (no script, no external style or
 * font; the charts are inline SVG drawn here with Observable Plot on a linkedom document).
 *
 * It shows, for the teacher:
 *  - the score distribution of every exercise (a bar chart and the same counts as a table, with the
 *    mean, the median, how many got full marks and how many got nothing);
 *  - the tests that failed for the most students (attempts first: the untouched stub and missing
 *    files are counted apart), with their most frequent messages;
 *  - the slowest submissions (wall-clock grading time, which includes waiting for a free child
 *    process when the batch grades several submissions at once);
 *  - the submissions whose grading failed.
 * Everything that comes from a submission (student folder names, messages) is HTML-escaped.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as Plot from "@observablehq/plot";
import { renderPlot } from "../../src/notebook/render/plot";
import type { BatchRow, BatchSummary } from "../engine/batch";
import { roundPoints, truncate } from "../engine/report";

/** How many failing tests and slow submissions the page lists. */
export interface SummaryLimits {
  failingTests: number;
  slowest: number;
  /** Messages shown per failing test. */
  messagesPerTest: number;
  /** Characters kept of each message. */
  messageChars: number;
}

const DEFAULT_LIMITS: SummaryLimits = { failingTests: 15, slowest: 10, messagesPerTest: 3, messageChars: 600 };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** One exercise's scores over the graded submissions. */
export interface ExerciseDistribution {
  exercise: string;
  title: string;
  max: number;
  /** Score → number of submissions, ascending by score. */
  counts: { score: number; students: number }[];
  graded: number;
  mean: number | null;
  median: number | null;
  full: number;
  zero: number;
}

/** A test that did not pass for some submissions. */
export interface FailingTest {
  exercise: string;
  test: string;
  title: string;
  /** Submissions where the test did not pass. */
  students: number;
  /** Of those, submissions that did not attempt the exercise (the untouched stub, or no file). */
  notAttempted: number;
  /** Messages, most frequent first, with how many submissions got each. */
  messages: { message: string; count: number }[];
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The score distribution of every exercise of the batch, in the gradebook's order. */
export function distributions(summary: BatchSummary): ExerciseDistribution[] {
  return summary.exercises.map((exercise) => {
    const scores = summary.rows.filter((r) => exercise in r.scores).map((r) => r.scores[exercise]);
    const byScore = new Map<number, number>();
    for (const s of scores) byScore.set(s, (byScore.get(s) ?? 0) + 1);
    const max = summary.maxScores[exercise] ?? 0;
    const title = summary.rows.map((r) => r.report?.exercises.find((e) => e.name === exercise)).find((e) => e);
    return {
      exercise,
      title: title ? `${title.title.zh} / ${title.title.en}` : "",
      max,
      counts: [...byScore.entries()].sort((a, b) => a[0] - b[0]).map(([score, students]) => ({ score, students })),
      graded: scores.length,
      mean: scores.length > 0 ? roundPoints(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
      median: median(scores),
      full: scores.filter((s) => s === max).length,
      zero: scores.filter((s) => s === 0).length,
    };
  });
}

/** A message saying the learner did not attempt the exercise: the stub's error, or a missing file. */
const NOT_ATTEMPTED = /not implemented yet|was not found in the submission/;

/**
 * The tests that failed (or erred, or timed out), most first: ranked by the submissions that
 * attempted the exercise and still failed the test, then by all failures, then in course order
 * (`exercises`, the gradebook's order).
 */
export function failingTests(rows: BatchRow[], exercises: string[] = []): FailingTest[] {
  const rank = (e: string) => (exercises.includes(e) ? exercises.indexOf(e) : exercises.length);
  const found = new Map<string, FailingTest & { byMessage: Map<string, number> }>();
  for (const row of rows) {
    for (const e of row.report?.exercises ?? []) {
      for (const t of e.tests) {
        if (t.status === "passed") continue;
        const key = JSON.stringify([e.name, t.name]);
        let f = found.get(key);
        if (!f) {
          f = {
            exercise: e.name,
            test: t.name,
            title: t.title,
            students: 0,
            notAttempted: 0,
            messages: [],
            byMessage: new Map(),
          };
          found.set(key, f);
        }
        f.students++;
        if (NOT_ATTEMPTED.test(t.message)) f.notAttempted++;
        const message = t.message.trim() || `(${t.status}, no message)`;
        f.byMessage.set(message, (f.byMessage.get(message) ?? 0) + 1);
      }
    }
  }
  return [...found.values()]
    .map(({ byMessage, ...f }) => ({
      ...f,
      messages: [...byMessage.entries()]
        .map(([message, count]) => ({ message, count }))
        .sort((a, b) => b.count - a.count || a.message.localeCompare(b.message)),
    }))
    .sort(
      (a, b) =>
        b.students - b.notAttempted - (a.students - a.notAttempted) ||
        b.students - a.students ||
        rank(a.exercise) - rank(b.exercise) ||
        a.test.localeCompare(b.test),
    );
}

/** The submissions that took longest to grade, slowest first. */
export function slowest(rows: BatchRow[], n: number): BatchRow[] {
  return [...rows].sort((a, b) => b.seconds - a.seconds || a.student.localeCompare(b.student)).slice(0, n);
}

function num(x: number | null): string {
  return x === null ? "–" : String(roundPoints(x));
}

/** Means and medians: two decimals. */
function avg(x: number | null): string {
  return x === null ? "–" : String(Math.round(x * 100) / 100);
}

/** Ticks of an axis of counts: whole numbers only (at most 5). */
function countTicks(max: number): number {
  return Math.max(1, Math.min(5, Math.ceil(max)));
}

function distributionChart(d: ExerciseDistribution): string {
  // Every score from 0 to the maximum gets a bar (most exercises give whole points), plus any other score seen.
  const scores = new Set(d.counts.map((c) => c.score));
  if (Number.isInteger(d.max) && d.max <= 40) for (let s = 0; s <= d.max; s++) scores.add(s);
  const data = [...scores]
    .sort((a, b) => a - b)
    .map((score) => ({ score: String(score), students: d.counts.find((c) => c.score === score)?.students ?? 0 }));
  return renderPlot({
    width: 360,
    height: 180,
    marginLeft: 40,
    x: { type: "band", domain: data.map((p) => p.score), label: `score (max ${num(d.max)})` },
    y: { label: "students", grid: true, ticks: countTicks(Math.max(...data.map((p) => p.students))), tickFormat: "d" },
    marks: [Plot.barY(data, { x: "score", y: "students", fill: "#4c78a8" }), Plot.ruleY([0])],
  });
}

/** Horizontal bars, one per label (in the order given), stacked by `kind` when there are several kinds. */
function horizontalBars(
  data: { label: string; value: number; kind: string }[],
  xLabel: string,
  colors: Record<string, string>,
  integers: boolean,
): string {
  if (data.length === 0) return "";
  const longest = Math.max(...data.map((p) => p.label.length));
  const kinds = Object.keys(colors);
  const totals = new Map<string, number>();
  for (const p of data) totals.set(p.label, (totals.get(p.label) ?? 0) + p.value);
  return renderPlot({
    width: 720,
    height: 40 + 22 * new Set(data.map((p) => p.label)).size,
    marginLeft: Math.min(320, 12 + 6.5 * longest),
    x: {
      label: xLabel,
      grid: true,
      ...(integers ? { ticks: countTicks(Math.max(...totals.values())), tickFormat: "d" } : {}),
    },
    y: { label: null, domain: [...new Set(data.map((p) => p.label))] },
    color: { domain: kinds, range: kinds.map((k) => colors[k]), legend: kinds.length > 1 },
    marks: [Plot.barX(data, { x: "value", y: "label", fill: "kind" }), Plot.ruleX([0])],
  });
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
pre { white-space: pre-wrap; word-break: break-word; margin: 0.2em 0; font-size: 0.85em; max-width: 640px; }
.grid { display: flex; flex-wrap: wrap; gap: 1.5em; } .exercise { border: 1px solid #eee; padding: 0.5em 1em; }
.muted { color: #666; }
`;

/** Renders the class summary page of a batch (a complete HTML document). */
export function renderClassSummary(
  summary: BatchSummary,
  opts: { generatedAt?: Date; limits?: Partial<SummaryLimits> } = {},
): string {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const rows = summary.rows;
  const graded = rows.filter((r) => r.report !== null);
  const totals = graded.map((r) => r.total ?? 0);
  const maxTotal = roundPoints(summary.exercises.reduce((s, e) => s + (summary.maxScores[e] ?? 0), 0));
  const out: string[] = [];
  out.push(
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>Class summary / 班级成绩概览</title>",
    `<style>${STYLE}</style></head><body>`,
    "<h1>Class summary / 班级成绩概览</h1>",
    `<p class="muted">${rows.length} submissions, ${graded.length} graded, ${summary.exercises.length} exercises; ` +
      `total score mean ${avg(totals.length ? totals.reduce((a, b) => a + b, 0) / totals.length : null)}, ` +
      `median ${avg(median(totals))} of ${num(maxTotal)}` +
      (opts.generatedAt ? `; generated ${escapeHtml(opts.generatedAt.toISOString())}` : "") +
      ". The gradebook is gradebook.csv and every student's report is in reports/.</p>",
  );

  // Distributions.
  const dists = distributions(summary);
  out.push('<h2 id="distributions">Score distribution per exercise / 各练习得分分布</h2>');
  out.push(
    '<table class="overview"><tr><th>exercise</th><th>title</th><th>max</th><th>graded</th><th>mean</th><th>median</th>' +
      "<th>full marks</th><th>zero</th></tr>",
  );
  for (const d of dists) {
    out.push(
      `<tr><td><a href="#exercise-${escapeHtml(d.exercise)}">${escapeHtml(d.exercise)}</a></td><td>${escapeHtml(d.title)}</td>` +
        `<td class="n">${num(d.max)}</td><td class="n">${d.graded}</td><td class="n">${avg(d.mean)}</td>` +
        `<td class="n">${avg(d.median)}</td><td class="n">${d.full}</td><td class="n">${d.zero}</td></tr>`,
    );
  }
  out.push("</table>", '<div class="grid">');
  for (const d of dists) {
    out.push(
      `<div class="exercise" ` +
        `id="exercise-${escapeHtml(d.exercise)}"><h3>${escapeHtml(d.exercise)} <span ` +
        `class="muted">${escapeHtml(d.title)}</span></h3>`,
      distributionChart(d),
      `<table class="distribution" data-exercise="${escapeHtml(d.exercise)}"><tr><th>score</th><th>students</th></tr>`,
      ...d.counts.map((c) => `<tr><td class="n">${num(c.score)}</td><td class="n">${c.students}</td></tr>`),
      "</table></div>",
    );
  }
  out.push("</div>");

  // Failing tests.
  const failing = failingTests(rows, summary.exercises).slice(0, limits.failingTests);
  out.push('<h2 id="failing">Most frequent failing tests / 最常失败的测试</h2>');
  if (failing.length === 0) out.push("<p>Every test passed for every graded submission.</p>");
  else {
    out.push(
      horizontalBars(
        failing.flatMap((f) => [
          { label: `${f.exercise} › ${f.test}`, value: f.students - f.notAttempted, kind: "attempted" },
          { label: `${f.exercise} › ${f.test}`, value: f.notAttempted, kind: "not attempted" },
        ]),
        "submissions where the test did not pass",
        { attempted: "#e45756", "not attempted": "#bab0ac" },
        true,
      ),
      '<p class="muted">Ranked by the submissions that attempted the exercise and still failed the test; ' +
        '"not attempted" counts the untouched stub ("not implemented yet") and missing files.</p>',
      '<table class="failing"><tr><th>exercise</th><th>test</th><th>title</th><th>failed for</th><th>not attempted</th>' +
        "<th>most frequent messages (count)</th></tr>",
    );
    for (const f of failing) {
      const shown = f.messages.slice(0, limits.messagesPerTest);
      const more = f.messages.length - shown.length;
      out.push(
        `<tr><td>${escapeHtml(f.exercise)}</td><td class="test">${escapeHtml(f.test)}</td><td>${escapeHtml(f.title)}</td>` +
          `<td class="n">${f.students} of ${graded.length}</td><td class="n">${f.notAttempted}</td><td>` +
          shown
            .map((m) => `<pre>${escapeHtml(`(${m.count}×) ${truncate(m.message, limits.messageChars)}`)}</pre>`)
            .join("") +
          (more > 0 ? `<span class="muted">and ${more} other message${more > 1 ? "s" : ""}</span>` : "") +
          "</td></tr>",
      );
    }
    out.push("</table>");
  }

  // Slowest submissions.
  const slow = slowest(rows, limits.slowest);
  out.push(
    '<h2 id="slowest">Slowest submissions / 评分最慢的提交</h2>',
    '<p class="muted">Wall-clock grading time, including the wait for a free child process when submissions are graded in parallel; ' +
      "a submission that hits the time limit stands out here.</p>",
    horizontalBars(
      slow.map((r) => ({ label: r.student, value: r.seconds, kind: "seconds" })),
      "seconds",
      { seconds: "#f58518" },
      false,
    ),
    '<table class="slowest"><tr><th>student</th><th>seconds</th><th>total</th><th>status</th></tr>',
    ...slow.map(
      (r) =>
        `<tr><td>${escapeHtml(r.student)}</td><td class="n">${r.seconds.toFixed(2)}</td>` +
        `<td class="n">${num(r.total)}${r.max === null ? "" : ` / ${num(r.max)}`}</td><td>${escapeHtml(r.status)}</td></tr>`,
    ),
    "</table>",
  );

  const failed = rows.filter((r) => r.status !== "ok");
  if (failed.length > 0) {
    out.push(
      '<h2 id="problems">Submissions with problems / 评分出问题的提交</h2><table class="problems"><tr><th>student</th><th>status</th></tr>',
      ...failed.map((r) => `<tr><td>${escapeHtml(r.student)}</td><td><pre>${escapeHtml(r.status)}</pre></td></tr>`),
      "</table>",
    );
  }
  out.push("</body></html>");
  return `${out.join("\n")}\n`;
}

/** Writes the class summary page of a batch to OUTDIR/summary.html and returns its path. */
export function writeClassSummary(summary: BatchSummary, outDir: string, generatedAt = new Date()): string {
  const file = path.join(outDir, "summary.html");
  fs.writeFileSync(file, renderClassSummary(summary, { generatedAt }));
  return file;
}
