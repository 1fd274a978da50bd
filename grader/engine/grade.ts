/**
 * The grading engine: {@link gradeSubmission}.
 *
 * For every exercise:
 *  1. load the grader spec in this trusted process and build its cases (hidden ones only with
 *     `includeHidden`);
 *  2. get the reference outputs: run `solutions/<name>.ts` through `spec.run` in a sandboxed
 *     child (cached in memory and on disk), or read the recorded fixtures of the student edition;
 *  3. bundle the learner's file with the spec and the library and run it in a sandboxed child
 *     (./sandbox.ts), receiving the outputs as data.
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
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Mocha from "mocha";
import { BundleError, bundleForChild, readLearnerSource, type Bundle } from "./bundle";
import { decodeValue, encodeValue, hashValue, readFixture, type FixtureCase, type Json } from "./fixtures";
import { sanitizeValue } from "./protocol";
import {
  roundPoints,
  toGradeReport,
  truncate,
  type DetailedExercise,
  type DetailedReport,
  type DetailedTest,
  type GradeReport,
  type TestStatus,
} from "./report";
import {
  DEFAULT_LIMITS,
  runUnitsInSandbox,
  type CaseOutcome,
  type SandboxLimits,
  type SandboxUnit,
} from "../sandbox/sandbox";
import type { CheckResult, GradeCase, Value } from "./spec";
import {
  GradingSetupError,
  discoverExercises,
  listSubmissionFiles,
  loadSpec,
  locateSubmissionFile,
  stampFiles,
  unchanged,
  type LoadedSpec,
} from "./specs";

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

/** Options of {@link gradeSubmission}. */
export interface GradeOptions {
  /** Folder with the learner's exercise files (`<name>.ts`, or an `exercises/` folder inside). */
  submissionDir: string;
  /** Exercises to grade (default: every spec found). */
  exercises?: string[];
  /** Default wall-clock limit per test in ms (a case's own `timeoutMs` wins). Default 10,000. */
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

/** The project root this engine belongs to (grader/engine/ → root). */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_MESSAGE = 4000;

/** A counting semaphore for child processes. */
export class Limiter {
  private active = 0;
  private waiting: (() => void)[] = [];
  constructor(readonly size: number) {}
  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      const next = this.waiting.shift();
      if (next) next();
    }
  }
}

/** Number of cores to use by default. */
export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);
}

interface Resolved {
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

function resolveOptions(opts: GradeOptions): Resolved {
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

/** Expected output of one case, or why there is none. */
type Expected = { ok: true; value: Value } | { ok: false; problem: string };

/** Everything gathered for one exercise before the mocha run. */
interface ExerciseRun {
  name: string;
  title: { zh: string; en: string };
  spec: LoadedSpec | null;
  cases: GradeCase[];
  actual: CaseOutcome[];
  expected: Expected[];
  internal: string[];
}

const referenceCache = new Map<string, Promise<Expected[]>>();

/** Forgets the reference outputs kept in memory by this process (benchmarks). */
export function clearReferenceCache(): void {
  referenceCache.clear();
}

function referenceFile(r: Resolved, name: string): string | null {
  if (r.referenceDir === null) return null;
  const f = path.join(r.referenceDir, `${name}.ts`);
  return fs.existsSync(f) ? f : null;
}

/** A unit to run, with what to do with its outcomes. */
interface Pending {
  unit: SandboxUnit;
  heavy: boolean;
  order: number;
  deliver: (outcomes: CaseOutcome[]) => void;
  fail: (e: unknown) => void;
}

/**
 * Runs units in groups: every light unit in one child (in course order), each heavy unit (cases
 * with more than the default time) in a child of its own; with isolation "exercise", every unit
 * alone. Each group waits for a slot of the limiter.
 */
function runGrouped(r: Resolved, pending: Pending[]): void {
  const alone = (p: Pending) => p.heavy || r.processPerExercise;
  const light = pending.filter((p) => !alone(p)).sort((a, b) => a.order - b.order);
  const groups = [...pending.filter(alone).map((p) => [p]), ...(light.length > 0 ? [light] : [])];
  for (const group of groups) {
    r.limiter
      .run(() =>
        runUnitsInSandbox(
          group.map((p) => p.unit),
          r.limits,
        ),
      )
      .then(
        (outcomes) => group.forEach((p, k) => p.deliver(outcomes[k])),
        (e) => group.forEach((p) => p.fail(e)),
      );
  }
}

function isHeavy(r: Resolved, cases: GradeCase[]): boolean {
  return cases.some((c) => c.timeoutMs !== undefined && c.timeoutMs > r.timeoutMs);
}

function toExpected(outcomes: CaseOutcome[], cases: GradeCase[], solution: string): Expected[] {
  return outcomes.map((o, i): Expected => {
    if (o.kind === "ok") {
      try {
        return { ok: true, value: sanitizeValue(o.value) };
      } catch (e) {
        return {
          ok: false,
          problem: `the reference output of case "${cases[i].id}" is not plain data: ${(e as Error).message}`,
        };
      }
    }
    return {
      ok: false,
      problem: `the reference solution ${path.basename(solution)} failed on case "${cases[i].id}" (${o.kind}): ${o.message}`,
    };
  });
}

/** Reference bundles built by this process, with the stamps of the files that went into them. */
const referenceBundles = new Map<string, { bundle: Bundle; stamps: Map<string, number> }>();

/**
 * The bundle of a reference solution with its spec, rebuilt only when one of its files changed
 * (a batch needs it once per exercise, not once per submission).
 */
async function referenceBundle(root: string, specFile: string, solution: string): Promise<Bundle> {
  const key = `${root}\0${specFile}\0${solution}`;
  const known = referenceBundles.get(key);
  if (known !== undefined && unchanged(known.stamps)) return known.bundle;
  const bundle = await bundleForChild({
    root,
    specFile,
    moduleFile: solution,
    moduleBase: path.join(root, "solutions"),
    moduleDir: path.dirname(solution),
    forbiddenDirs: [],
  });
  // The solution and its sibling modules are loaded through the bundler's learner namespace, so
  // they are not among the bundle's inputs: the whole solutions folder is stamped as well.
  const folder = path.dirname(solution);
  const siblings = fs.readdirSync(folder).filter((f) => f.endsWith(".ts"));
  referenceBundles.set(key, {
    bundle,
    stamps: stampFiles([...bundle.inputs, specFile, folder, ...siblings.map((f) => path.join(folder, f))]),
  });
  return bundle;
}

/**
 * The reference outputs of several exercises: from the memory or disk cache, from the recorded
 * fixtures, or computed from the solutions in grouped sandboxed children.
 */
async function referenceOutputsMany(
  r: Resolved,
  items: { loaded: LoadedSpec; cases: GradeCase[] }[],
): Promise<Expected[][]> {
  const pending: Pending[] = [];
  const failed = (cases: GradeCase[], e: unknown): Expected[] => {
    const problem = `computing the reference outputs failed: ${e instanceof Error ? e.message : String(e)}`;
    return cases.map(() => ({ ok: false, problem }));
  };
  // Each item gives a box holding its promise (an async function would flatten it, and wait for
  // the computation before the pending units are even started).
  const boxes = await Promise.all(
    items.map(async ({ loaded, cases }): Promise<{ expected: Promise<Expected[]> }> => {
      const name = loaded.spec.name;
      const solution = referenceFile(r, name);
      if (solution === null) return { expected: Promise.resolve(fixtureOutputs(r, name, cases)) };
      let bundle: Bundle;
      try {
        bundle = await referenceBundle(r.root, loaded.file, solution);
      } catch (e) {
        return { expected: Promise.resolve(failed(cases, e)) };
      }
      const key = hashValue([bundle.code, cases.map((c) => [c.id, c.input] as Value), process.version]);
      const known = referenceCache.get(key);
      if (known !== undefined) return { expected: known };
      const stored = r.diskCache ? readReferenceCache(r.root, key, cases) : null;
      const unit: SandboxUnit = {
        code: bundle.code,
        map: bundle.map,
        exports: loaded.spec.exports,
        cases: sandboxCases(r, cases, 4),
      };
      const promise = stored
        ? Promise.resolve(stored)
        : new Promise<CaseOutcome[]>((deliver, fail) => {
            pending.push({ unit, heavy: isHeavy(r, cases), order: orderOfSpec(loaded), deliver, fail });
          })
            .then((outcomes) => toExpected(outcomes, cases, solution))
            .then((expected) => {
              if (r.diskCache) writeReferenceCache(r.root, key, cases, expected);
              return expected;
            });
      referenceCache.set(key, promise);
      promise.catch(() => referenceCache.delete(key));
      return { expected: promise };
    }),
  );
  runGrouped(r, pending);
  return Promise.all(boxes.map((box, k) => box.expected.catch((e) => failed(items[k].cases, e))));
}

/**
 * The teacher's reference outputs are also kept on disk (`<root>/.tmp/grading-cache/`, ignored by
 * git, never released), keyed by the hash of the reference bundle (spec + solution + library) and
 * of the case inputs, so repeated gradings (self-checks, `npm run grade`) skip recomputing them.
 */
function cacheFile(root: string, key: string): string {
  return path.join(root, ".tmp", "grading-cache", `${key}.json`);
}

function readReferenceCache(root: string, key: string, cases: GradeCase[]): Expected[] | null {
  try {
    const stored = JSON.parse(fs.readFileSync(cacheFile(root, key), "utf8")) as { ids: string[]; outputs: Json[] };
    if (JSON.stringify(stored.ids) !== JSON.stringify(cases.map((c) => c.id))) return null;
    return stored.outputs.map((o) => ({ ok: true, value: decodeValue(o) }));
  } catch {
    return null;
  }
}

function writeReferenceCache(root: string, key: string, cases: GradeCase[], expected: Expected[]): void {
  const outputs: Json[] = [];
  for (const e of expected) {
    if (!("value" in e)) return; // only complete, successful references are kept
    outputs.push(encodeValue(e.value));
  }
  try {
    const file = cacheFile(root, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ ids: cases.map((c) => c.id), outputs }));
    fs.renameSync(tmp, file);
    pruneReferenceCache(path.dirname(file), 300);
  } catch {
    /* a cache only */
  }
}

function pruneReferenceCache(dir: string, keep: number): void {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
  if (files.length <= keep) return;
  const byAge = files.map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of byAge.slice(keep)) fs.rmSync(path.join(dir, f), { force: true });
}

function fixtureOutputs(r: Resolved, name: string, cases: GradeCase[]): Expected[] {
  let fixture;
  try {
    fixture = readFixture(r.fixturesDir, name);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return cases.map(() => ({
      ok: false,
      problem: `no reference for exercise "${name}": no solution file and no usable fixture (${why})`,
    }));
  }
  const byId = new Map<string, FixtureCase>(fixture.cases.map((c): [string, FixtureCase] => [c.id, c]));
  return cases.map((c): Expected => {
    const f = byId.get(c.id);
    if (!f)
      return {
        ok: false,
        problem: `the fixture of "${name}" has no case "${c.id}": re-record the fixtures (npm run release)`,
      };
    if (f.input_sha256 !== hashValue(c.input)) {
      return {
        ok: false,
        problem: `the fixture of "${name}" case "${c.id}" was recorded for a different input: re-record the fixtures (npm run release)`,
      };
    }
    try {
      return { ok: true, value: decodeValue(f.output as Json) };
    } catch (e) {
      return { ok: false, problem: `the fixture of "${name}" case "${c.id}" is corrupt: ${(e as Error).message}` };
    }
  });
}

function sandboxCases(r: Resolved, cases: GradeCase[], factor = 1) {
  return cases.map((c) => ({ id: c.id, input: c.input, timeoutMs: (c.timeoutMs ?? r.timeoutMs) * factor }));
}

function allCases(outcome: CaseOutcome, n: number): CaseOutcome[] {
  return Array.from({ length: n }, () => outcome);
}

/** The learner's unit of an exercise, or the outcomes that are already decided (file missing, does not compile). */
async function learnerUnit(
  r: Resolved,
  loaded: LoadedSpec,
  cases: GradeCase[],
  file: string | null,
  submissionDir: string,
): Promise<SandboxUnit | CaseOutcome[]> {
  const name = loaded.spec.name;
  if (file === null) {
    const present = listSubmissionFiles(submissionDir);
    const hint = present.length > 0 ? ` (the submission has: ${present.slice(0, 20).join(", ")})` : "";
    return allCases(
      { kind: "error", message: `exercises/${name}.ts was not found in the submission${hint}`, log: "" },
      cases.length,
    );
  }
  try {
    readLearnerSource(file, path.dirname(file));
  } catch (e) {
    if (e instanceof BundleError)
      return allCases({ kind: "error", message: `exercises/${name}.ts: ${e.message}`, log: "" }, cases.length);
    throw e;
  }
  try {
    const bundle = await bundleForChild({
      root: r.root,
      specFile: loaded.file,
      moduleFile: file,
      moduleBase: path.join(r.root, "exercises"),
      moduleDir: path.dirname(file),
      forbiddenDirs: r.referenceDir ? [r.referenceDir] : [],
      allowLibrary: loaded.spec.library !== false,
    });
    return { code: bundle.code, map: bundle.map, exports: loaded.spec.exports, cases: sandboxCases(r, cases) };
  } catch (e) {
    if (e instanceof BundleError && e.learner) {
      return allCases(
        { kind: "error", message: `exercises/${name}.ts does not compile:\n${e.message}`, log: "" },
        cases.length,
      );
    }
    throw e;
  }
}

/** Loads an exercise's spec and cases and prepares the learner's unit (nothing runs yet). */
async function prepareExercise(
  r: Resolved,
  name: string,
  opts: GradeOptions,
): Promise<{ run: ExerciseRun; learner: SandboxUnit | CaseOutcome[] | null }> {
  const run: ExerciseRun = {
    name,
    title: { zh: name, en: name },
    spec: null,
    cases: [],
    actual: [],
    expected: [],
    internal: [],
  };
  let loaded: LoadedSpec;
  try {
    loaded = await loadSpec(r.specsDir, name, r.root, r.referenceDir ? [r.referenceDir] : []);
  } catch (e) {
    run.internal.push(e instanceof Error ? e.message : String(e));
    return { run, learner: null };
  }
  run.spec = loaded;
  run.title = loaded.spec.title;
  run.cases = loaded.cases.filter((c) => r.includeHidden || c.hidden !== true);
  const override = opts.submissionFiles?.[name];
  const file =
    override !== undefined
      ? fs.existsSync(override)
        ? path.resolve(override)
        : null
      : locateSubmissionFile(opts.submissionDir, name);
  const learner = await learnerUnit(r, loaded, run.cases, file, opts.submissionDir).catch((e): CaseOutcome[] => {
    const message = `grader problem while preparing the code: ${e instanceof Error ? e.message : String(e)}`;
    run.internal.push(message);
    return allCases({ kind: "error", message, log: "" }, run.cases.length);
  });
  return { run, learner };
}

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

/** A failed test's verdict, carried through mocha. */
class Verdict extends Error {
  constructor(
    readonly status: Exclude<TestStatus, "passed">,
    message: string,
  ) {
    super(message);
    this.name = "Verdict";
  }
}

function withLog(message: string, log: string): string {
  const trimmed = log.trim();
  if (trimmed === "") return message;
  return `${message}\n--- output printed by the code ---\n${truncate(trimmed, 1500)}`;
}

function judge(run: ExerciseRun, i: number): void {
  const c = run.cases[i];
  const expected = run.expected[i];
  const actual = run.actual[i];
  if (actual.kind === "timeout") throw new Verdict("timeout", withLog(actual.message, actual.log));
  if (actual.kind === "error" && actual.internal === true)
    throw new Verdict("error", `grader problem (not your fault): ${actual.message}`);
  if (actual.kind === "error") throw new Verdict("error", withLog(actual.message, actual.log));
  if ("problem" in expected) throw new Verdict("error", `grader problem (not your fault): ${expected.problem}`);
  let value: Value;
  try {
    value = sanitizeValue(actual.value);
  } catch (e) {
    throw new Verdict("failed", withLog((e as Error).message, actual.log));
  }
  let result: CheckResult;
  try {
    result = (run.spec as LoadedSpec).spec.check(value, expected.value, c);
  } catch (e) {
    throw new Verdict(
      "failed",
      withLog(
        `the output could not be compared with the expected one: ${e instanceof Error ? e.message : String(e)}`,
        actual.log,
      ),
    );
  }
  if (result === null || typeof result !== "object" || typeof result.ok !== "boolean") {
    throw new Verdict("error", "grader problem (not your fault): check() returned no verdict");
  }
  if (result.ok !== true) {
    const raw = (result as { message?: unknown }).message;
    const message = typeof raw === "string" && raw !== "" ? raw : "wrong output";
    throw new Verdict("failed", withLog(message, actual.log));
  }
}

/** Serialises mocha runs in this process (several gradings may run concurrently in grade-batch). */
let mochaQueue: Promise<unknown> = Promise.resolve();

interface Judged {
  status: TestStatus;
  message: string;
}

function silentReporter(this: unknown): void {
  /* results are collected from runner events */
}

async function runMocha(runs: ExerciseRun[]): Promise<Map<string, Judged>> {
  const results = new Map<string, Judged>();
  const keyOf = new WeakMap<object, string>();
  const mocha = new Mocha({
    reporter: silentReporter as unknown as Mocha.ReporterConstructor,
    ui: "bdd",
    timeout: 60_000,
    slow: 60_000,
    retries: 0,
    bail: false,
    forbidOnly: true,
    forbidPending: true,
    allowUncaught: false,
    checkLeaks: false,
    asyncOnly: false,
    delay: false,
    dryRun: false,
    diff: true,
    inlineDiffs: false,
    cleanReferencesAfterRun: true,
    rootHooks: {},
  } as Mocha.MochaOptions);
  for (const run of runs) {
    if (run.spec === null) continue;
    const suite = Mocha.Suite.create(mocha.suite, run.name);
    run.cases.forEach((c, i) => {
      const test = new Mocha.Test(c.id, () => judge(run, i));
      keyOf.set(test, `${run.name}\u0000${c.id}`);
      suite.addTest(test);
    });
  }
  const base = Mocha.reporters.Base as unknown as { useColors: boolean; inlineDiffs: boolean; hideDiff: boolean };
  const saved = { useColors: base.useColors, inlineDiffs: base.inlineDiffs, hideDiff: base.hideDiff };
  try {
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      const { EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;
      runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
        const key = keyOf.get(test);
        if (key !== undefined) results.set(key, { status: "passed", message: "" });
      });
      runner.on(EVENT_TEST_FAIL, (test: Mocha.Runnable, err: unknown) => {
        const key = keyOf.get(test);
        if (key === undefined) return;
        if (err instanceof Verdict) results.set(key, { status: err.status, message: err.message });
        else
          results.set(key, {
            status: "error",
            message: `grader problem: ${err instanceof Error ? err.message : String(err)}`,
          });
      });
    });
  } finally {
    Object.assign(base, saved);
    mocha.dispose(); // removes the runner's process listeners
  }
  return results;
}

function buildReport(runs: ExerciseRun[], judged: Map<string, Judged>): DetailedReport {
  const exercises: DetailedExercise[] = [];
  const internalErrors: string[] = [];
  for (const run of runs) {
    for (const p of run.internal) internalErrors.push(`${run.name}: ${p}`);
    const tests: DetailedTest[] = run.cases.map((c) => {
      const j = judged.get(`${run.name}\u0000${c.id}`) ?? {
        status: "failed" as TestStatus,
        message: "the test did not run",
      };
      return {
        name: c.id,
        status: j.status,
        score: j.status === "passed" ? c.points : 0,
        max_score: c.points,
        message: truncate(j.message, MAX_MESSAGE),
        title: c.title,
        hidden: c.hidden === true,
      };
    });
    if (run.spec === null) {
      tests.push({
        name: "grader",
        status: "error",
        score: 0,
        max_score: 0,
        message: `grader problem: ${run.internal.join("; ")}`,
        title: "grader",
        hidden: false,
      });
    }
    exercises.push({
      name: run.name,
      score: roundPoints(tests.reduce((s, t) => s + t.score, 0)),
      max_score: roundPoints(tests.reduce((s, t) => s + t.max_score, 0)),
      tests,
      title: run.title,
    });
  }
  return {
    score: roundPoints(exercises.reduce((s, e) => s + e.score, 0)),
    max_score: roundPoints(exercises.reduce((s, e) => s + e.max_score, 0)),
    exercises,
    internalErrors,
  };
}

function orderOfSpec(loaded: LoadedSpec | null): number {
  const o = loaded?.spec.order;
  return typeof o === "number" ? o : Number.POSITIVE_INFINITY;
}

function orderOf(run: ExerciseRun): number {
  return orderOfSpec(run.spec);
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
  const prepared = await Promise.all(names.map((name) => prepareExercise(r, name, opts)));
  prepared.sort((a, b) => orderOf(a.run) - orderOf(b.run) || a.run.name.localeCompare(b.run.name));
  await runExercises(r, prepared);
  const runs = prepared.map((p) => p.run);
  const judged = (mochaQueue = mochaQueue.then(
    () => runMocha(runs),
    () => runMocha(runs),
  )) as Promise<Map<string, Judged>>;
  return buildReport(runs, await judged);
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
