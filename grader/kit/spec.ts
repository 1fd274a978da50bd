/**
 * The contract between an exercise's grader and the grading engine.
 *
 * Each exercise `exercises/<name>.ts` has a grader `grader/specs/<name>.grader.ts`
 * whose default export is an {@link ExerciseSpec}. The engine:
 *  1. builds the cases (`spec.cases()`, deterministic and seeded);
 *  2. in a sandboxed child process, loads the learner's module and calls
 *     `spec.run(module, case.input)` for every case, receiving plain data back;
 *  3. obtains the reference outputs the same way from `solutions/<name>.ts`
 *     (teacher edition) or from recorded fixtures (student edition);
 *  4. in the trusted process, under mocha, calls `spec.check(actual, expected, case)`
 *     for every case and awards the case's points when it passes.
 *
 * A grader file must not import anything from `solutions/`: it is loaded in the
 * child next to learner code, and it ships in the student edition.
 *
 * `ExerciseSpec<In, Out>` is generic over a case's input and the output `run` returns, so a spec
 * declares its input type once and needs no casts. Inputs must be plain data (checked when the
 * spec is loaded); outputs cross the process boundary and reach `check` rebuilt as plain data.
 */

/** Plain data that crosses the process boundary by structured clone (NaN, ±Infinity, -0 kept). */
export type Value =
  | number
  | boolean
  | string
  | null
  | undefined
  | Float64Array
  | Float32Array
  | Int32Array
  | Value[]
  | { [key: string]: Value };

/** One graded test of an exercise, with input of type `In`. */
export interface GradeCase<In = Value> {
  /** Stable id, unique within the exercise (used in reports and fixtures), e.g. "random-2". */
  id: string;
  /** What the learner reads, e.g. "batch of 1, length 1". */
  title: string;
  /** Points awarded when `check` passes. */
  points: number;
  /**
   * Hidden cases are left out of the student edition and run only when the teacher grades.
   * `npm run release` removes them from the spec's source: give each hidden case a literal string
   * id inside the case list (or wrap its code in `// BEGIN HIDDEN` … `// END HIDDEN` lines), and
   * draw hidden inputs from the random generator after the visible ones (docs/grading.md).
   */
  hidden?: boolean;
  /** Input handed to `run`; plain data only. */
  input: In;
  /** Per-case wall-clock limit in ms for `run` (default: the engine's --timeout). */
  timeoutMs?: number;
}

/** Outcome of comparing one learner output with the reference. */
export type CheckResult = { ok: true } | { ok: false; message: string };

/**
 * Everything the engine needs to grade one exercise: cases with inputs of type `In`, a `run` that
 * returns an `Out` (plain data), and a `check` of a learner's output against the reference's.
 */
export interface ExerciseSpec<In = Value, Out extends Value = Value> {
  /** File stem: the learner edits `exercises/<name>.ts`. */
  name: string;
  /** Bilingual title shown in tables. */
  title: { zh: string; en: string };
  /** Position in the course (exercise 1, 2, …); reports list exercises by it, then by name. Optional. */
  order?: number;
  /** Named exports the module must provide; a missing one fails every case with a clear message. */
  exports: string[];
  /**
   * May the learner's module import the course library (`../src/…`)? Default true. The course's
   * by-hand exercises say false: there an import of the library (which holds finished versions of
   * several exercises) is refused when bundling, with a message naming the import.
   */
  library?: boolean;
  /** The cases, built deterministically (seeded). */
  cases(): GradeCase<In>[];
  /**
   * Runs in the sandboxed child: calls the module (learner's or reference) on one case's input and
   * returns plain data. Must not trust the module's return value: convert it with the kit's
   * converters (`asVector`, `asMatrix`, `readField` …) so getters, proxies, valueOf and toJSON
   * tricks cannot reach the parent.
   */
  run(mod: Record<string, unknown>, input: In): Out | Promise<Out>;
  /**
   * Runs in the trusted process: compares a learner output (plain data, of any shape: the child
   * is not trusted) with the reference output.
   */
  check(actual: Value, expected: Out, c: GradeCase<In>): CheckResult;
}
