/**
 * @file The browser's `src/notebook/selfcheck.ts` (swapped in by scripts/web/build.ts): the same
 * exports (`check`, `tryIt`, `selfCheck`, `findCourseRoot`), but where the Node version spawns the
 * grader's command line, this one asks the page, whose sandboxed self-check (selfcheck.ts) grades
 * the learner's exercise against the student edition's fixtures. Runs in the kernel worker.
 */
import { selfCheckText, type SelfCheckReport } from "../../../src/notebook/render/selfcheck";
import { COURSE_ROOT } from "../shims/site";
import * as jupyter from "../shims/tslab-jupyter";
import type { FromKernel, ToKernel } from "./protocol";

export type { SelfCheckReport, SelfCheckStatus, SelfCheckTest } from "../../../src/notebook/render/selfcheck";

/** Options of {@link selfCheck}: accepted for compatibility; the browser grades visible cases with its own limits. */
export interface SelfCheckOptions {
  root?: string;
  submissionDir?: string;
  timeoutMs?: number;
  includeHidden?: boolean;
  overallTimeoutMs?: number;
}

/** Result of {@link selfCheck}. */
export interface SelfCheckResult {
  report: SelfCheckReport;
  html: string;
  text: string;
}

type Reply = Extract<ToKernel, { type: "selfcheck-reply" }>;

let next = 1;
const waiting = new Map<number, (reply: Reply) => void>();
/** The kernel hands the page's replies here (kernel.ts). */
(globalThis as unknown as { __rnnSelfCheckReply: (reply: Reply) => void }).__rnnSelfCheckReply = (reply) => {
  waiting.get(reply.id)?.(reply);
  waiting.delete(reply.id);
};

/** In the browser the course is always the folder `/course` (see shims/site.ts). */
export function findCourseRoot(_start?: string): string | null {
  return COURSE_ROOT;
}

/**
 * Grades one exercise (the learner's current `exercises/<name>.ts` of this browser, visible cases).
 * @param name the exercise, e.g. "rnn-step"
 */
export function selfCheck(name: string, _opts: SelfCheckOptions = {}): Promise<SelfCheckResult> {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    return Promise.reject(new Error(`selfCheck: "${name}" is not an exercise name (e.g. "rnn-step")`));
  }
  const id = next++;
  const message: FromKernel = { type: "selfcheck", id, name };
  (globalThis as unknown as { postMessage(m: FromKernel): void }).postMessage(message);
  return new Promise((resolve, reject) => {
    waiting.set(id, (reply) => {
      if (reply.error) reject(new Error(`selfCheck: ${reply.error}`));
      else {
        const report = reply.detailed as SelfCheckReport;
        resolve({ report, html: reply.html ?? "", text: selfCheckText(report) });
      }
    });
  });
}

/**
 * Grades one exercise and shows the table of its tests in the notebook.
 * @param name the exercise, e.g. "rnn-step"
 */
export async function check(name: string, opts: SelfCheckOptions = {}): Promise<void> {
  const result = await selfCheck(name, opts);
  // As displayBundle (src/notebook/output.ts) does, through the same sink (tslab/dist/jupyter is this shim).
  const write = jupyter.lastWriteDisplayData;
  if (!write) throw new Error("check: no notebook cell is running");
  write({ data: { "text/html": result.html, "text/plain": result.text }, metadata: {}, transient: {} }, false);
}

/**
 * Runs a try-it snippet and returns its value; an error is returned as its message.
 * @param f the snippet
 */
export function tryIt(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
