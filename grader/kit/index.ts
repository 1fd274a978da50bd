/**
 * The kit: everything a grader spec (`grader/specs/<name>.grader.ts`) uses, from one import,
 *
 * ```ts
 * import { CaseRng, compareVector, verdict, asVector, getFunction, type ExerciseSpec } from "../kit";
 * ```
 *
 * - the contract: {@link ExerciseSpec}, {@link GradeCase}, {@link Value}, {@link CheckResult} (./spec.ts);
 * - run side (sandboxed child): defensive converters `asVector`, `asMatrix`, `asNumber`, `readField`,
 *   `getFunction`, `copy` … (./convert.ts);
 * - check side (trusted parent): `compareVector`, `compareMatrix`, `compareNumber`, `compareExact`,
 *   `verdict`, `field`, tolerances (./compare.ts);
 * - building cases: `CaseRng`, `round4`, `zerosMatrix`, and the clear-error checks `expectThrow` (run side) and
 *   `checkThrow` (check side) (./cases.ts).
 * docs/grading.md describes them.
 */
export type { CheckResult, ExerciseSpec, GradeCase, Value } from "./spec";
export {
  MAX_ELEMENTS,
  ValueError,
  asBoolean,
  asInteger,
  asList,
  asMatrix,
  asMatrixList,
  asNumber,
  asStringArray,
  asText,
  asVector,
  copy,
  describeValue,
  getFunction,
  readField,
} from "./convert";
export { formatNumber } from "./format";
export {
  TIGHT,
  compareExact,
  compareMatrix,
  compareNumber,
  compareVector,
  field,
  isClose,
  verdict,
  type Tolerance,
} from "./compare";
export { CaseRng, checkThrow, expectThrow, mentions, round4, zerosMatrix, type ErrorExpectation } from "./cases";
