/**
 * Judging: one mocha run, built programmatically in this process (a new Mocha per grading run, one
 * `describe` per exercise, one `it` per case, every option explicit: no config file is read,
 * retries 0, forbidOnly, forbidPending), calls `spec.check(actual, expected, case)` on the plain
 * data received from the children.
 */
import type Mocha from "mocha";
import type { CheckResult, Value } from "../kit/spec";
import type { ExerciseRun } from "./exercise-run";
import { sanitizeValue } from "./protocol";
import { truncate, type TestStatus } from "./report";
import type { LoadedSpec } from "./specs";

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

let mochaModule: Promise<typeof Mocha> | null = null;

/** Mocha, loaded on first use: an ES module graph that takes some 50 ms to load (see {@link preloadMocha}). */
function loadMocha(): Promise<typeof Mocha> {
  if (mochaModule === null) {
    mochaModule = import("mocha").then((m) => m.default);
    mochaModule.catch(() => (mochaModule = null));
  }
  return mochaModule;
}

/** Starts loading mocha without waiting (while the grading children run, when this process is idle). */
export function preloadMocha(): void {
  loadMocha().catch(() => undefined);
}

/** Serialises mocha runs in this process (several gradings may run concurrently in grade-batch). */
let mochaQueue: Promise<unknown> = Promise.resolve();

export interface Judged {
  status: TestStatus;
  message: string;
}

function silentReporter(this: unknown): void {
  /* results are collected from runner events */
}

async function runMocha(runs: ExerciseRun[]): Promise<Map<string, Judged>> {
  const Mocha = await loadMocha();
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

/** Runs mocha on `runs` after the runs queued before: several gradings may run at once in grade-batch. */
export function runSerialMocha(runs: ExerciseRun[]): Promise<Map<string, Judged>> {
  const next = mochaQueue.then(
    () => runMocha(runs),
    () => runMocha(runs),
  );
  mochaQueue = next;
  return next;
}
