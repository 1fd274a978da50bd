/**
 * @file Rendering of a self-check report (the grader's `--format detailed` JSON, documented in
 * docs/grading.md) as an HTML table and as plain text. The library does not import the grader:
 * the report arrives as data from the grader's command line, and these types describe that data.
 */
import { escapeHtml } from "./escape";
import { mathLikeHtml } from "./table";

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
    /** Hidden cases the self-check left out (they run in the full grade); only their count. */
    hidden_not_run?: number;
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

/** A test that failed only because the learner's function is still the stub. */
function isNotImplemented(t: SelfCheckTest): boolean {
  return t.status !== "passed" && /not implemented yet/.test(t.message);
}

/** The tests to show one by one, and those that met a stub, collapsed into one line. */
function splitTests(tests: SelfCheckTest[]): { shown: SelfCheckTest[]; stubbed: SelfCheckTest[] } {
  return { shown: tests.filter((t) => !isNotImplemented(t)), stubbed: tests.filter(isNotImplemented) };
}

/** Distinct first lines of the stub's messages ("rnn-step: not implemented yet (尚未实现): write rnnStep …"). */
function stubMessages(stubbed: SelfCheckTest[]): string[] {
  return [...new Set(stubbed.map((t) => t.message.split("\n")[0].replace(/^Error: /, "")))];
}

function hiddenNote(e: SelfCheckReport["exercises"][number]): { zh: string; en: string } | null {
  const n = e.hidden_not_run ?? 0;
  if (n === 0) return null;
  const command = `npm run grade -- --exercise ${e.name}`;
  return {
    zh: `另有 ${n} 个隐藏测试，只在完整评分中运行（终端里运行 ${command}）。`,
    en: `${n} hidden test${n === 1 ? " runs" : "s run"} only in the full grade (in a terminal: ${command}).`,
  };
}

/**
 * An HTML table per exercise: tests, results, points and messages, then the total. Styled inline
 * for both JupyterLab and the classic notebook (whose stylesheet right-aligns table cells and centres
 * tables): cells left-aligned, messages wrapped at spaces, math-like names (`W_h`) typeset. Tests
 * that met an untouched stub ("not implemented yet") share one line.
 * @param report the grader's detailed report
 */
export function selfCheckHtml(report: SelfCheckReport, hintFiles: Readonly<Record<string, string>> = {}): string {
  const cell = "padding: 2px 8px; vertical-align: top; text-align: left";
  const td = (html: string, extra = "") => `<td style="${cell}${extra}">${html}</td>`;
  const message = (text: string) =>
    `<div style="white-space: pre-wrap; word-break: normal; overflow-wrap: ` +
    `break-word; line-height: 1.4; font-family: monospace; font-size: ` +
    `12px">${mathLikeHtml(shortened(text))}</div>`;
  const parts: string[] = [
    '<div class="rnn-selfcheck" style="font-family: sans-serif; font-size: 13px; text-align: left">',
  ];
  for (const e of report.exercises) {
    parts.push(
      `<h4 style="margin: 6px 0; text-align: left">${escapeHtml(e.title.zh)} · ` +
        `${escapeHtml(e.title.en)} <code>${escapeHtml(e.name)}</code>: ` +
        `${points(e.score)} / ${points(e.max_score)}</h4>`,
      '<table style="border-collapse: collapse; margin: 0; table-layout: auto"><thead><tr>',
    );
    for (const h of ["测试 test", "结果 result", "得分 points", "说明 message"])
      parts.push(`<th style="${cell}; border-bottom: 1px solid #888; white-space: nowrap">${h}</th>`);
    parts.push("</tr></thead><tbody>");
    const { shown, stubbed } = splitTests(e.tests);
    for (const t of shown) {
      parts.push(
        "<tr>",
        td(`${mathLikeHtml(t.title)} <code style="color: #666">${escapeHtml(t.name)}</code>`),
        td(LABEL[t.status], `; color: ${COLOR[t.status]}; font-weight: bold; white-space: nowrap`),
        td(`${points(t.score)} / ${points(t.max_score)}`, "; white-space: nowrap"),
        td(t.status === "passed" ? "" : message(t.message)),
        "</tr>",
      );
    }
    if (stubbed.length > 0) {
      const max = stubbed.reduce((sum, t) => sum + t.max_score, 0);
      parts.push(
        "<tr>",
        td(`尚未实现 / not implemented yet: ${stubbed.length} test${stubbed.length === 1 ? "" : "s"}`),
        td(LABEL.error, `; color: ${COLOR.error}; font-weight: bold; white-space: nowrap`),
        td(`0 / ${points(max)}`, "; white-space: nowrap"),
        td(message(stubMessages(stubbed).join("\n"))),
        "</tr>",
      );
    }
    parts.push("</tbody></table>");
    const note = hiddenNote(e);
    if (note)
      parts.push(`<p style="margin: 4px 0; text-align: left">${escapeHtml(note.zh)}<br>${escapeHtml(note.en)}</p>`);
    const hint = hintFiles[e.name];
    if (hint !== undefined)
      parts.push(
        `<p style="margin: 4px 0; text-align: left">卡住了？可选的提示在 ` +
          `<code>${escapeHtml(hint)}</code>。 Stuck? An optional hint is in ` +
          `<code>${escapeHtml(hint)}</code>.</p>`,
      );
  }
  parts.push(
    `<p style="text-align: left"><b>总分 Total: ${points(report.score)} / ${points(report.max_score)}</b></p>`,
  );
  for (const problem of report.internalErrors)
    parts.push(`<p style="color: #9a6700; text-align: left">评分器问题 grader problem: ${escapeHtml(problem)}</p>`);
  parts.push("</div>");
  return parts.join("");
}

/**
 * The same as plain text: one line per test (result, points, title, first line of the message);
 * tests that met an untouched stub share one line.
 * @param report the grader's detailed report
 */
export function selfCheckText(report: SelfCheckReport, hintFiles: Readonly<Record<string, string>> = {}): string {
  const lines: string[] = [];
  for (const e of report.exercises) {
    lines.push(`${e.title.zh} · ${e.title.en} (${e.name}): ${points(e.score)}/${points(e.max_score)}`);
    const { shown, stubbed } = splitTests(e.tests);
    for (const t of shown) {
      const why = t.status === "passed" ? "" : ` — ${t.message.split("\n")[0]}`;
      lines.push(`  ${t.status.padEnd(7)} ${points(t.score)}/${points(t.max_score)}  ${t.title} [${t.name}]${why}`);
    }
    if (stubbed.length > 0)
      lines.push(
        `  尚未实现 / not implemented yet: ${stubbed.length} test${stubbed.length === 1 ? "" : "s"} — ${stubMessages(stubbed).join("; ")}`,
      );
    const note = hiddenNote(e);
    if (note) lines.push(`  ${note.zh}`, `  ${note.en}`);
    const hint = hintFiles[e.name];
    if (hint !== undefined) lines.push(`  卡住了？可选的提示 / Stuck? An optional hint: ${hint}`);
  }
  lines.push(`Total: ${points(report.score)}/${points(report.max_score)}`);
  for (const problem of report.internalErrors) lines.push(`grader problem: ${problem}`);
  return lines.join("\n");
}
