/**
 * `npm run grade -- [DIR] [options]` (also `rnn-course grade`): grades a submission folder.
 *
 * DIR holds the learner's versions of the exercise files (default: exercises/).
 * Options:
 *   --exercise NAME     grade only this exercise (repeatable)
 *   --format FORMAT     table (default) | json | junit | gradescope | detailed (the JSON format
 *                       plus titles, hidden flags and grader problems; used by the notebooks' self-check)
 *   --out FILE          write the report to FILE instead of standard output
 *   --timeout MS        time limit per test (CPU time of the code, default 10000)
 *   --jobs N            child processes at a time (default: the number of cores)
 *   --memory MB         memory for the learner's code (default 512)
 *   --no-hidden         leave hidden cases out
 *   --no-cache          recompute the reference outputs (normally kept in .tmp/grading-cache)
 *   --isolation MODE    submission (default: a submission's exercises share a child process, each
 *                       in its own V8 context) | exercise (a child process per exercise)
 *   --specs DIR, --reference DIR, --fixtures DIR   override where specs and references are read
 * Exit code: 0 when grading ran, whatever the score; 2 when it could not run (bad options, no
 * specs, missing folder); 3 when the grader itself had a problem with some tests (a failing
 * reference solution, a stale fixture); the report is still written then.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseCommand } from "./command";
import { GradingSetupError, PROJECT_ROOT, gradeSubmissionDetailed } from "../engine/grade";
import { renderGradescope, renderJUnit, renderTable, toGradeReport, type DetailedReport } from "../engine/report";
import { SHARED_OPTIONS, sharedGradeOptions } from "./grading-options";

/** Report formats of the command line. */
export type ReportFormat = "table" | "json" | "junit" | "gradescope" | "detailed";

/** Renders a report in one of the command-line formats. */
export function renderReport(report: DetailedReport, format: ReportFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(toGradeReport(report), null, 2)}\n`;
    case "junit":
      return renderJUnit(report);
    case "gradescope":
      return `${JSON.stringify(renderGradescope(report), null, 2)}\n`;
    case "table":
      return `${renderTable(report)}\n`;
    case "detailed":
      return `${JSON.stringify(report)}\n`;
  }
}

/** Runs the command; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommand("grade", argv, {
    ...SHARED_OPTIONS,
    format: { type: "string", default: "table" },
    out: { type: "string" },
    "no-cache": { type: "boolean", default: false },
  });
  if (parsed === null) return 2;
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(
      "usage: npm run grade -- [DIR] [--exercise NAME]... [--format table|json|junit|gradescope] [--out FILE] [--timeout MS] [--jobs N]\n",
    );
    return 0;
  }
  const format = values.format as ReportFormat;
  if (!["table", "json", "junit", "gradescope", "detailed"].includes(format)) {
    process.stderr.write(`grade: --format must be table, json, junit or gradescope, got "${values.format}"\n`);
    return 2;
  }
  if (positionals.length > 1) {
    process.stderr.write(`grade: expected at most one submission folder, got ${positionals.join(" ")}\n`);
    return 2;
  }
  const submissionDir = path.resolve(positionals[0] ?? path.join(PROJECT_ROOT, "exercises"));
  let report: DetailedReport;
  try {
    report = await gradeSubmissionDetailed({
      submissionDir,
      ...sharedGradeOptions(values),
      referenceCache: !values["no-cache"],
    });
  } catch (e) {
    process.stderr.write(`grade: ${e instanceof GradingSetupError ? e.message : ((e as Error).stack ?? String(e))}\n`);
    return 2;
  }
  const text = renderReport(report, format);
  if (values.out) {
    fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
    fs.writeFileSync(values.out, text);
    process.stdout.write(`Total: ${report.score}/${report.max_score} (report written to ${values.out})\n`);
  } else {
    process.stdout.write(text);
  }
  for (const problem of report.internalErrors) process.stderr.write(`grade: grader problem: ${problem}\n`);
  return report.internalErrors.length > 0 ? 3 : 0;
}
