/**
 * @file Self-check cells of the chapter 3 notebooks: one import line,
 *
 * ```ts
 * import { check, tryIt } from "./rnn/notebook/selfcheck";
 * tryIt(() => rnnStep(params, hPrev, x));   // the stub's "not implemented yet" shows as text
 * await check("rnn-step");                  // grades exercises/rnn-step.ts, shows the table
 * ```
 *
 * Grading runs in a separate process, the grader's own command line (`grader/cli/rnn-course.cjs
 * grade`, started by path: the library does not import the grader), so nothing the learner's code
 * does (an infinite loop, process.exit, a memory bomb) can break the notebook's kernel. The
 * project root is found from the notebook's folder (or this file's), so it works from any chapter
 * folder. This file compiles under tslab's TypeScript 5.0 (not strict).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { displayBundle } from "./output";
import { selfCheckHtml, selfCheckText, type SelfCheckReport } from "./render/selfcheck";

export type { SelfCheckReport, SelfCheckStatus, SelfCheckTest } from "./render/selfcheck";

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
  /** The grader's report: scores, and per test its title, status, points and message. */
  report: SelfCheckReport;
  /** An HTML table of tests, points and messages. */
  html: string;
  /** The same as plain text. */
  text: string;
}

/** The grader's command line, relative to the course root. */
const GRADER_CLI = path.join("grader", "cli", "rnn-course.cjs");

function isCourseRoot(dir: string): boolean {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string };
    return pkg.name === "rnn-course" && fs.existsSync(path.join(dir, GRADER_CLI));
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
    path.join(root, GRADER_CLI),
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
      let report: SelfCheckReport;
      try {
        report = JSON.parse(stdout) as SelfCheckReport;
      } catch {
        reject(new Error(`selfCheck: the grader failed (exit code ${code}): ${stderr.trim() || stdout.trim()}`));
        return;
      }
      resolve({ report, html: selfCheckHtml(report), text: selfCheckText(report) });
    });
  });
}

/**
 * Grades one exercise (the learner's current `exercises/<name>.ts`, visible cases) and shows the
 * table of its tests in the notebook.
 * @param name the exercise, e.g. "rnn-step"
 */
export async function check(name: string, opts: SelfCheckOptions = {}): Promise<void> {
  const result = await selfCheck(name, opts);
  displayBundle({ "text/html": result.html, "text/plain": result.text }, "check");
}

/**
 * Runs a try-it snippet and returns its value; an error (a stub's "not implemented yet", a shape
 * error) is returned as its message instead of failing the cell.
 * @param f the snippet
 */
export function tryIt(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
