/**
 * Self-check for notebooks: grades the learner's current `exercises/<name>.ts` and returns the
 * report with an HTML table to display.
 *
 * ```ts
 * import { selfCheck } from "./rnn/grading/selfcheck";
 * import * as tslab from "tslab";
 * const check = await selfCheck("rnn-step");
 * tslab.display.html(check.html);
 * ```
 *
 * Grading runs in a separate process (the `rnn-course grade` command), so nothing the learner's
 * code does (an infinite loop, process.exit, a memory bomb) can break the notebook's kernel.
 * The project root is found from the notebook's folder (or this file's), so it works from any
 * chapter folder. This file compiles under tslab's TypeScript 5.0 (not strict).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { renderHtml, renderTable, toGradeReport, type DetailedReport, type GradeReport } from "./report";

/** Options of {@link selfCheck}. */
export interface SelfCheckOptions {
  /** Project root (default: found by walking up from the current folder, then from this file). */
  root?: string;
  /** Folder with the learner's files (default: `<root>/exercises`). */
  submissionDir?: string;
  /** Wall-clock limit per test in ms (default: the grader's). */
  timeoutMs?: number;
  /** Include hidden cases (default false: the learner's view, as in the student edition). */
  includeHidden?: boolean;
  /** Wall-clock limit of the whole check in ms (default 300,000). */
  overallTimeoutMs?: number;
}

/** Result of {@link selfCheck}. */
export interface SelfCheckResult {
  /** The public report (docs/grading.md). */
  report: GradeReport;
  /** The report with titles and grader problems. */
  detailed: DetailedReport;
  /** An HTML table of tests, points and messages (for `tslab.display.html`). */
  html: string;
  /** The same as plain text. */
  text: string;
}

function isCourseRoot(dir: string): boolean {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string };
    return pkg.name === "rnn-course" && fs.existsSync(path.join(dir, "scripts", "rnn-course.cjs"));
  } catch {
    return false;
  }
}

/** Finds the course's root folder above `start` (inclusive), or null. */
export function findCourseRoot(start: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    if (isCourseRoot(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Grades one exercise of the learner's current files in a child process.
 * @param name the exercise, e.g. "rnn-step"
 */
export function selfCheck(name: string, opts: SelfCheckOptions = {}): Promise<SelfCheckResult> {
  const root = opts.root || findCourseRoot(process.cwd()) || findCourseRoot(__dirname);
  if (!root) {
    return Promise.reject(
      new Error(`selfCheck: cannot find the course folder (package.json of rnn-course) above ${process.cwd()}`),
    );
  }
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    return Promise.reject(new Error(`selfCheck: "${name}" is not an exercise name (e.g. "rnn-step")`));
  }
  const args = [
    path.join(root, "scripts", "rnn-course.cjs"),
    "grade",
    opts.submissionDir || path.join(root, "exercises"),
    "--exercise",
    name,
    "--format",
    "detailed",
  ];
  if (!opts.includeHidden) args.push("--no-hidden");
  if (opts.timeoutMs) args.push("--timeout", String(opts.timeoutMs));
  const env: NodeJS.ProcessEnv = {};
  for (const key of Object.keys(process.env))
    if (!/^(NODE_OPTIONS|TS_NODE_|TSX_)/.test(key)) env[key] = process.env[key];
  return new Promise<SelfCheckResult>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.overallTimeoutMs || 300_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`selfCheck: could not start the grader: ${e.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      let detailed: DetailedReport;
      try {
        detailed = JSON.parse(stdout) as DetailedReport;
      } catch {
        reject(new Error(`selfCheck: the grader failed (exit code ${code}): ${stderr.trim() || stdout.trim()}`));
        return;
      }
      resolve({ report: toGradeReport(detailed), detailed, html: renderHtml(detailed), text: renderTable(detailed) });
    });
  });
}
