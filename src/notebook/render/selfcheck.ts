/**
 * @file Rendering of a self-check report (the grader's `--format detailed` JSON, documented in
 * docs/grading.md) as an HTML table and as plain text. The library does not import the grader:
 * the report arrives as data from the grader's command line, and these types describe that data.
 */
import { escapeHtml } from "./escape";

/** Outcome of one test. */
export type SelfCheckStatus = "passed" | "failed" | "error" | "timeout";

/** One test of an exercise, as the grader reports it. */
export interface SelfCheckTest {
  name: string;
  title: string;
  status: SelfCheckStatus;
  score: number;
  max_score: number;
  message: string;
  hidden: boolean;
}

/** The grader's detailed report of a self-check. */
export interface SelfCheckReport {
  score: number;
  max_score: number;
  exercises: {
    name: string;
    title: { zh: string; en: string };
    score: number;
    max_score: number;
    tests: SelfCheckTest[];
  }[];
  /** Problems of the grader itself (not of the learner's code). */
  internalErrors: string[];
}

const COLOR: Record<SelfCheckStatus, string> = {
  passed: "#1a7f37",
  failed: "#cf222e",
  error: "#9a6700",
  timeout: "#9a6700",
};

const LABEL: Record<SelfCheckStatus, string> = {
  passed: "通过 passed",
  failed: "未通过 failed",
  error: "出错 error",
  timeout: "超时 timeout",
};

const MAX_MESSAGE = 2000;

function points(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}

function shortened(text: string): string {
  return text.length <= MAX_MESSAGE
    ? text
    : `${text.slice(0, MAX_MESSAGE)}\n[... ${text.length - MAX_MESSAGE} more characters]`;
}

/**
 * An HTML table per exercise: tests, results, points and messages, then the total.
 * @param report the grader's detailed report
 */
export function selfCheckHtml(report: SelfCheckReport): string {
  const cell = 'style="padding: 2px 8px; vertical-align: top"';
  const parts: string[] = ['<div class="rnn-selfcheck" style="font-family: sans-serif; font-size: 13px">'];
  for (const e of report.exercises) {
    parts.push(
      `<h4 style="margin: 6px 0">${escapeHtml(e.title.zh)} · ${escapeHtml(e.title.en)} <code>${escapeHtml(e.name)}</code>: ${points(e.score)} / ${points(e.max_score)}</h4>`,
      '<table style="border-collapse: collapse"><thead><tr>',
    );
    for (const h of ["测试 test", "结果 result", "得分 points", "说明 message"])
      parts.push(`<th style="text-align: left; padding: 2px 8px; border-bottom: 1px solid #888">${h}</th>`);
    parts.push("</tr></thead><tbody>");
    for (const t of e.tests) {
      const message =
        t.status === "passed"
          ? ""
          : `<pre style="margin: 0; white-space: pre-wrap">${escapeHtml(shortened(t.message))}</pre>`;
      parts.push(
        "<tr>",
        `<td ${cell}>${escapeHtml(t.title)} <code style="color: #666">${escapeHtml(t.name)}</code></td>`,
        `<td ${cell.slice(0, -1)}; color: ${COLOR[t.status]}; font-weight: bold">${LABEL[t.status]}</td>`,
        `<td ${cell}>${points(t.score)} / ${points(t.max_score)}</td>`,
        `<td ${cell}>${message}</td>`,
        "</tr>",
      );
    }
    parts.push("</tbody></table>");
  }
  parts.push(`<p><b>总分 Total: ${points(report.score)} / ${points(report.max_score)}</b></p>`);
  for (const problem of report.internalErrors)
    parts.push(`<p style="color: #9a6700">评分器问题 grader problem: ${escapeHtml(problem)}</p>`);
  parts.push("</div>");
  return parts.join("");
}

/**
 * The same as plain text: one line per test (result, points, title, first line of the message).
 * @param report the grader's detailed report
 */
export function selfCheckText(report: SelfCheckReport): string {
  const lines: string[] = [];
  for (const e of report.exercises) {
    lines.push(`${e.title.zh} · ${e.title.en} (${e.name}): ${points(e.score)}/${points(e.max_score)}`);
    for (const t of e.tests) {
      const why = t.status === "passed" ? "" : ` — ${t.message.split("\n")[0]}`;
      lines.push(`  ${t.status.padEnd(7)} ${points(t.score)}/${points(t.max_score)}  ${t.title} [${t.name}]${why}`);
    }
  }
  lines.push(`Total: ${points(report.score)}/${points(report.max_score)}`);
  for (const problem of report.internalErrors) lines.push(`grader problem: ${problem}`);
  return lines.join("\n");
}
