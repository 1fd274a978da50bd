/**
 * The options of a grading run ({@link GradeOptions}) and their resolved form, with the defaults:
 * where specs, references and fixtures are, limits, concurrency, isolation.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_LIMITS, type SandboxLimits } from "../sandbox/sandbox";
import { Limiter } from "./limiter";
import { PROJECT_ROOT } from "./project-root";
import { GradingSetupError } from "./specs";

/** Options of {@link gradeSubmission}. */
export interface GradeOptions {
  /** Folder with the learner's exercise files (`<name>.ts`, or an `exercises/` folder inside). */
  submissionDir: string;
  /** Exercises to grade (default: every spec found). */
  exercises?: string[];
  /** Default time limit per test in ms (CPU time, see ../sandbox/child-run.ts) (a case's own `timeoutMs` wins). Default 10,000. */
  timeoutMs?: number;
  /** Child processes at a time. Default: the number of CPU cores. */
  jobs?: number;
  /** Folder of `<name>.grader.ts` specs. Default: `grader/specs`. */
  specsDir?: string;
  /** Folder of reference solutions `<name>.ts`. Default: `solutions/` when it exists. */
  referenceDir?: string;
  /** Folder of recorded fixtures `<name>.json`, used when there is no reference solution. Default: `grader/specs/fixtures`. */
  fixturesDir?: string;
  /** Grade hidden cases too. Default true (the student edition has none). */
  includeHidden?: boolean;
  /** Per-exercise file overrides: exercise name → learner file (instead of looking in submissionDir). */
  submissionFiles?: Record<string, string>;
  /** Memory the learner's code may use, in MB (OS-enforced, typed arrays included). Default 512. */
  memoryMb?: number;
  /** Wall-clock limit for loading a module, in ms. Default max(10,000, timeoutMs). */
  loadTimeoutMs?: number;
  /** Project root (where `src/` is). Default: the root of this engine's project. */
  root?: string;
  /** Shared concurrency limiter (grade-batch passes one across submissions). */
  limiter?: Limiter;
  /** Keep the reference outputs computed from solutions/ in `<root>/.tmp/grading-cache` (default true). */
  referenceCache?: boolean;
  /**
   * What one child process runs: "submission" (default) runs all of a submission's exercises with
   * the default time limit in one child, each in its own V8 context; "exercise" starts a child per
   * exercise (stricter, slower: a batch here took 1.75 times as long).
   */
  isolation?: "submission" | "exercise";
}

export { PROJECT_ROOT } from "./project-root";

/** Default time limit per test (ms). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Number of cores to use by default. */
export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);
}

export interface Resolved {
  root: string;
  specsDir: string;
  referenceDir: string | null;
  fixturesDir: string;
  includeHidden: boolean;
  timeoutMs: number;
  limits: SandboxLimits;
  limiter: Limiter;
  diskCache: boolean;
  processPerExercise: boolean;
}

export function resolveOptions(opts: GradeOptions): Resolved {
  const root = path.resolve(opts.root ?? PROJECT_ROOT);
  const referenceDir = opts.referenceDir !== undefined ? path.resolve(opts.referenceDir) : path.join(root, "solutions");
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new GradingSetupError(`timeoutMs must be positive, got ${timeoutMs}`);
  const jobs = opts.jobs ?? defaultJobs();
  if (!(Number.isInteger(jobs) && jobs > 0))
    throw new GradingSetupError(`jobs must be a positive integer, got ${jobs}`);
  if (opts.isolation !== undefined && opts.isolation !== "submission" && opts.isolation !== "exercise") {
    throw new GradingSetupError(`isolation must be "submission" or "exercise", got "${String(opts.isolation)}"`);
  }
  return {
    root,
    specsDir: path.resolve(opts.specsDir ?? path.join(root, "grader", "specs")),
    referenceDir: fs.existsSync(referenceDir) ? referenceDir : null,
    fixturesDir: path.resolve(opts.fixturesDir ?? path.join(root, "grader", "specs", "fixtures")),
    includeHidden: opts.includeHidden ?? true,
    timeoutMs,
    limits: {
      ...DEFAULT_LIMITS,
      memoryMb: opts.memoryMb ?? DEFAULT_LIMITS.memoryMb,
      loadTimeoutMs: opts.loadTimeoutMs ?? Math.max(DEFAULT_LIMITS.loadTimeoutMs, timeoutMs),
    },
    limiter: opts.limiter ?? new Limiter(jobs),
    diskCache: opts.referenceCache ?? true,
    processPerExercise: opts.isolation === "exercise",
  };
}
