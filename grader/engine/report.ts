/**
 * Grade reports: the stable JSON format and its renderings (table, JUnit XML, Gradescope
 * results.json). The notebooks render the `detailed` JSON themselves (src/notebook/render/selfcheck.ts).
 *
 * The JSON format ({@link GradeReport}) is the public contract, documented in docs/grading.md:
 * ```json
 * {"score": 7, "max_score": 10, "exercises": [{"name": "rnn-step", "score": 7, "max_score": 10,
 *   "tests": [{"name": "bias-only", "status": "passed", "score": 1, "max_score": 1, "message": ""}]}]}
 * ```
 * A test's `name` is the case id (stable across course versions). {@link DetailedReport} adds
 * what the renderings need (titles, hidden flags, captured output); {@link toGradeReport}
 * projects it onto the public format, key for key.
 */

/** Outcome of one test. */
export type TestStatus = "passed" | "failed" | "error" | "timeout";

/** One test (one case of an exercise) in the public JSON format. */
export interface TestResult {
  name: string;
  status: TestStatus;
  score: number;
  max_score: number;
  message: string;
}

/** One exercise in the public JSON format. */
export interface ExerciseResult {
  name: string;
  score: number;
  max_score: number;
  tests: TestResult[];
}

/** The public JSON format of a grading run. */
export interface GradeReport {
  score: number;
  max_score: number;
  exercises: ExerciseResult[];
}

/** A test with what renderings need. */
export interface DetailedTest extends TestResult {
  /** The case title shown to learners. */
  title: string;
  /** Hidden cases exist only in the teacher's edition. */
  hidden: boolean;
}

/** An exercise with what renderings need. */
export interface DetailedExercise extends ExerciseResult {
  title: { zh: string; en: string };
  tests: DetailedTest[];
  /**
   * How many hidden cases of the exercise this run left out (`--no-hidden`, as in the notebook's
   * self-check): only the count, never the cases. 0 when they ran or the edition has none.
   */
  hidden_not_run: number;
}

/** A grading run with what renderings need. */
export interface DetailedReport extends GradeReport {
  exercises: DetailedExercise[];
  /**
   * Problems of the grading setup, not of the submission (a reference solution that fails, a stale
   * fixture, a broken spec). When non-empty, the scores of the affected tests are not meaningful.
   */
  internalErrors: string[];
}

/** Rounds sums of points (0.1 + 0.2 …) to 6 decimals. */
export function roundPoints(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Projects a detailed report onto the public JSON format (exactly its keys, in order). */
export function toGradeReport(r: DetailedReport): GradeReport {
  return {
    score: r.score,
    max_score: r.max_score,
    exercises: r.exercises.map((e) => ({
      name: e.name,
      score: e.score,
      max_score: e.max_score,
      tests: e.tests.map((t) => ({
        name: t.name,
        status: t.status,
        score: t.score,
        max_score: t.max_score,
        message: t.message,
      })),
    })),
  };
}

/** Keeps `text` under `max` characters, with a marker. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n[... ${text.length - max} more characters]`;
}

function points(x: number): string {
  return String(roundPoints(x));
}

function pad(s: string, n: number): string {
  // East Asian wide characters take two columns in a terminal.
  let width = 0;
  for (const ch of s)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return width >= n ? s : s + " ".repeat(n - width);
}

const MARK: Record<TestStatus, string> = { passed: "ok", failed: "FAIL", error: "ERROR", timeout: "TIMEOUT" };

/** A test that failed only because the learner's function is still the stub. */
export function isNotImplemented(t: TestResult): boolean {
  return t.status !== "passed" && /not implemented yet/.test(t.message);
}

/**
 * A plain-text table for terminals: one block per exercise, failing messages indented below. An
 * unstarted exercise (every test "not implemented yet") is one line; in an attempted one, a test
 * that still meets a stub shows the message's first line only (no stack trace).
 */
export function renderTable(r: DetailedReport, opts: { maxMessage?: number } = {}): string {
  const maxMessage = opts.maxMessage ?? 1200;
  const lines: string[] = [];
  for (const e of r.exercises) {
    const head = `${e.name}  ${e.title.zh} / ${e.title.en}  ${points(e.score)}/${points(e.max_score)}`;
    if (e.tests.length > 0 && e.tests.every(isNotImplemented)) {
      lines.push(`${head}  尚未实现 / not implemented yet: ${e.tests.length} tests`);
      continue;
    }
    lines.push(head);
    for (const t of e.tests) {
      const label = `${t.hidden ? "(hidden) " : ""}${t.title} [${t.name}]`;
      lines.push(`  ${pad(MARK[t.status], 8)}${pad(`${points(t.score)}/${points(t.max_score)}`, 8)}${label}`);
      if (isNotImplemented(t)) {
        lines.push(`      ${t.message.split("\n")[0]}`);
      } else if (t.status !== "passed" && t.message) {
        for (const l of truncate(t.message, maxMessage).split("\n")) lines.push(`      ${l}`);
      }
    }
    lines.push("");
  }
  if (r.exercises.length > 1) {
    if (lines[lines.length - 1] !== "") lines.push("");
    lines.push("One exercise only: npm run grade -- --exercise NAME");
  }
  lines.push(`Total: ${points(r.score)}/${points(r.max_score)}`);
  for (const err of r.internalErrors) lines.push(`GRADER PROBLEM (not the submission's fault): ${err}`);
  return lines.join("\n");
}

function xml(s: string): string {
  // Also drops characters XML 1.0 cannot carry.
  return s
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** JUnit XML: one testsuite per exercise, one testcase per test (failure/error elements). */
export function renderJUnit(r: DetailedReport): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = r.exercises.reduce((n, e) => n + e.tests.length, 0);
  const count = (s: TestStatus) => r.exercises.reduce((n, e) => n + e.tests.filter((t) => t.status === s).length, 0);
  out.push(
    `<testsuites name="rnn-course" tests="${total}" failures="${count("failed")}" errors="${count("error") + count("timeout")}">`,
  );
  for (const e of r.exercises) {
    const f = e.tests.filter((t) => t.status === "failed").length;
    const er = e.tests.filter((t) => t.status === "error" || t.status === "timeout").length;
    out.push(
      `  <testsuite name="${xml(e.name)}" tests="${e.tests.length}" failures="${f}" errors="${er}" skipped="0">`,
    );
    out.push(
      `    <properties><property name="score" value="${points(e.score)}"/><property ` +
        `name="max_score" value="${points(e.max_score)}"/></properties>`,
    );
    for (const t of e.tests) {
      const open = `    <testcase classname="${xml(e.name)}" name="${xml(t.name)}">`;
      if (t.status === "passed") {
        out.push(`${open}</testcase>`);
        continue;
      }
      const tag = t.status === "failed" ? "failure" : "error";
      out.push(open);
      out.push(`      <${tag} type="${t.status}" message="${xml(t.title)}">${xml(t.message)}</${tag}>`);
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}

/** Gradescope's results.json (test visibility "after_published" for hidden cases). */
export interface GradescopeResults {
  score: number;
  output: string;
  stdout_visibility: "hidden";
  tests: {
    name: string;
    name_format: "text";
    number: string;
    score: number;
    max_score: number;
    status: "passed" | "failed";
    output: string;
    output_format: "text";
    visibility: "visible" | "after_published";
  }[];
}

/** Renders Gradescope's results.json. */
export function renderGradescope(r: DetailedReport): GradescopeResults {
  const tests: GradescopeResults["tests"] = [];
  r.exercises.forEach((e, i) => {
    e.tests.forEach((t, j) => {
      tests.push({
        name: `${e.name}: ${t.title} [${t.name}]`,
        name_format: "text",
        number: `${i + 1}.${j + 1}`,
        score: t.score,
        max_score: t.max_score,
        status: t.status === "passed" ? "passed" : "failed",
        output: t.status === "passed" ? "" : `${t.status}: ${truncate(t.message, 4000)}`,
        output_format: "text",
        visibility: t.hidden ? "after_published" : "visible",
      });
    });
  });
  const summary = r.exercises.map((e) => `${e.name}: ${points(e.score)}/${points(e.max_score)}`).join("\n");
  const problems =
    r.internalErrors.length > 0
      ? "\n\nThe grader had a problem; your instructor has been told:\n" + r.internalErrors.join("\n")
      : "";
  return {
    score: r.score,
    output: `${summary}\nTotal: ${points(r.score)}/${points(r.max_score)}${problems}`,
    stdout_visibility: "hidden",
    tests,
  };
}
