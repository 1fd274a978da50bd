/**
 * The grading engine: {@link gradeSubmission}.
 *
 * For every exercise:
 *  1. load the grader spec in this trusted process and build its cases (hidden ones only with
 *     `includeHidden`);
 *  2. get the reference outputs: run `solutions/<name>.ts` through `spec.run` in a sandboxed
 *     child (cached in memory and on disk), or read the recorded fixtures of the student edition;
 *  3. bundle the learner's file with the spec and the library and run it in a sandboxed child
 *     (../sandbox/sandbox.ts), receiving the outputs as data.
 * Exercises share children, each in its own V8 context: one child for all the exercises with the
 * default time limit, and one child of its own for each exercise that allows its cases more time
 * (a training), so that a long exercise runs next to the others. Learner code and reference
 * solutions never share a child. Up to `jobs` children run at a time.
 * Then one mocha run, built programmatically in this process (a new Mocha per grading run, one
 * `describe` per exercise, one `it` per case, every option explicit: no config file is read,
 * retries 0, forbidOnly, forbidPending), calls `spec.check(actual, expected, case)`. Scores come
 * from the manifest of expected case ids: a case mocha did not report is failed.
 *
 * Learner code never runs in this process; whatever it does ends as failed tests of its own
 * exercise, and a complete report is always returned.
 *
 * The parts, one file each: options.ts (options and defaults), limiter.ts (children at a time),
 * learner.ts (spec, cases and the learner's unit), reference.ts and reference-cache.ts (reference
 * outputs: solutions, fixtures, caches), children.ts (grouping units into children),
 * mocha-run.ts (judging), build-report.ts (the report).
 */
import * as fs from "node:fs";
import { warmUpSandbox, type CaseOutcome, type SandboxUnit } from "../sandbox/sandbox";
import type { GradeCase, Value } from "../kit/spec";
import { buildReport } from "./build-report";
import { allCases, isHeavy, runGrouped, type Pending } from "./children";
import { orderOf, type ExerciseRun } from "./exercise-run";
import { prepareExercise } from "./learner";
import { preloadMocha, runSerialMocha } from "./mocha-run";
import type { Limiter } from "./limiter";
import { resolveOptions, type GradeOptions, type Resolved } from "./options";
import { referenceFile, referenceOutputsMany } from "./reference";
import { toGradeReport, type DetailedReport, type GradeReport } from "./report";
import { GradingSetupError, discoverExercises, loadSpec, type LoadedSpec } from "./specs";

export { Limiter } from "./limiter";
export { PROJECT_ROOT, defaultJobs, type GradeOptions } from "./options";
export { clearReferenceCache } from "./reference";
export { GradingSetupError } from "./specs";
export type {
  DetailedExercise,
  DetailedReport,
  DetailedTest,
  ExerciseResult,
  GradeReport,
  TestResult,
  TestStatus,
} from "./report";

/** Gets the reference outputs and runs the learner's code of the prepared exercises, grouped in children. */
async function runExercises(
  r: Resolved,
  prepared: { run: ExerciseRun; learner: SandboxUnit | CaseOutcome[] | null }[],
): Promise<void> {
  const ready = prepared.filter((p) => p.run.spec !== null);
  const pending: Pending[] = [];
  const actual = ready.map(({ run, learner }) => {
    if (learner === null || Array.isArray(learner)) return Promise.resolve(learner ?? []);
    return new Promise<CaseOutcome[]>((deliver, fail) => {
      pending.push({ unit: learner, heavy: isHeavy(r, run.cases), order: orderOf(run), deliver, fail });
    }).catch((e): CaseOutcome[] => {
      const message = `grader problem while running the code: ${e instanceof Error ? e.message : String(e)}`;
      run.internal.push(message);
      return allCases({ kind: "error", message, log: "" }, run.cases.length);
    });
  });
  runGrouped(r, pending);
  // Judging needs mocha (some 50 ms to load): load it while the children run.
  preloadMocha();
  const [expected, outcomes] = await Promise.all([
    referenceOutputsMany(
      r,
      ready.map(({ run }) => ({ loaded: run.spec as LoadedSpec, cases: run.cases })),
    ),
    Promise.all(actual),
  ]);
  ready.forEach(({ run }, k) => {
    run.expected = expected[k];
    run.actual = outcomes[k];
    for (const a of run.actual) {
      if (a.kind === "error" && a.internal === true && !run.internal.includes(a.message)) run.internal.push(a.message);
    }
    for (const ex of run.expected)
      if ("problem" in ex && !run.internal.includes(ex.problem)) run.internal.push(ex.problem);
  });
}

/**
 * Grades a submission and returns the detailed report (public JSON plus titles, hidden flags and
 * grader problems). Throws {@link GradingSetupError} only when grading cannot run at all (no specs,
 * unknown exercise name, missing submission folder).
 */
export async function gradeSubmissionDetailed(opts: GradeOptions): Promise<DetailedReport> {
  const r = resolveOptions(opts);
  if (!fs.existsSync(opts.submissionDir) || !fs.statSync(opts.submissionDir).isDirectory()) {
    throw new GradingSetupError(`the submission folder ${opts.submissionDir} does not exist`);
  }
  const known = discoverExercises(r.specsDir);
  if (known.length === 0) throw new GradingSetupError(`no grader specs (*.grader.ts) in ${r.specsDir}`);
  const names = opts.exercises && opts.exercises.length > 0 ? [...new Set(opts.exercises)] : known;
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new GradingSetupError(
      `unknown exercise${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (known: ${known.join(", ")})`,
    );
  }
  const preparing = Promise.all(names.map((name) => prepareExercise(r, name, opts)));
  // The layer probe and the supervisor's bundle run while the specs load and the units bundle
  // (started second: the specs' bundling, first on the critical path, has started esbuild).
  warmUpSandbox();
  const prepared = await preparing;
  prepared.sort((a, b) => orderOf(a.run) - orderOf(b.run) || a.run.name.localeCompare(b.run.name));
  await runExercises(r, prepared);
  const runs = prepared.map((p) => p.run);
  return buildReport(runs, await runSerialMocha(runs));
}

/**
 * Grades the learner's exercise files in `opts.submissionDir` and returns the public report
 * ({@link GradeReport}: exactly the documented JSON format).
 */
export async function gradeSubmission(opts: GradeOptions): Promise<GradeReport> {
  return toGradeReport(await gradeSubmissionDetailed(opts));
}

/** Computes the reference outputs of an exercise (from its solution) for recording as fixtures. */
export async function referenceOutputsFor(
  name: string,
  opts: {
    specsDir?: string;
    referenceDir: string;
    root?: string;
    timeoutMs?: number;
    jobs?: number;
    includeHidden: boolean;
    limiter?: Limiter;
  },
): Promise<{ cases: GradeCase[]; outputs: Value[] }> {
  const r = resolveOptions({ submissionDir: ".", ...opts });
  if (r.referenceDir === null || referenceFile(r, name) === null) {
    throw new GradingSetupError(`no reference solution ${name}.ts in ${opts.referenceDir}`);
  }
  const loaded = await loadSpec(r.specsDir, name, r.root, []);
  const cases = loaded.cases.filter((c) => r.includeHidden || c.hidden !== true);
  const [expected] = await referenceOutputsMany(r, [{ loaded, cases }]);
  for (const e of expected) if ("problem" in e) throw new GradingSetupError(e.problem);
  return { cases, outputs: expected.map((e) => ("value" in e ? e.value : null)) };
}
