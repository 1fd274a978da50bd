/**
 * What the engine gathers for one exercise before judging it, and the course order of exercises.
 */
import type { CaseOutcome } from "../sandbox/sandbox";
import type { GradeCase, Value } from "../kit/spec";
import type { LoadedSpec } from "./specs";

/** Expected output of one case, or why there is none. */
export type Expected = { ok: true; value: Value } | { ok: false; problem: string };

/** Everything gathered for one exercise before the mocha run. */
export interface ExerciseRun {
  name: string;
  title: { zh: string; en: string };
  spec: LoadedSpec | null;
  cases: GradeCase[];
  /** Hidden cases of the spec left out of this run (`--no-hidden`); 0 when they ran or there are none. */
  hiddenNotRun: number;
  actual: CaseOutcome[];
  expected: Expected[];
  internal: string[];
}

export function orderOfSpec(loaded: LoadedSpec | null): number {
  const o = loaded?.spec.order;
  return typeof o === "number" ? o : Number.POSITIVE_INFINITY;
}

export function orderOf(run: ExerciseRun): number {
  return orderOfSpec(run.spec);
}
