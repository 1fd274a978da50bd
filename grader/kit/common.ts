/**
 * Shared helpers for the chapter-3 graders (grader/specs/*.grader.ts).
 *
 * Two halves, matching the two sides of the engine (see grader/engine/spec.ts):
 *  - `run` side (sandboxed child): defensive conversion of whatever a learner's function returned
 *    into fresh plain data (`asVector`, `asMatrix`, `asNumber`, `readField` ...). Nothing the learner
 *    built (getters, proxies, valueOf tricks) survives the conversion.
 *  - `check` side (trusted parent): tolerance comparisons that produce messages naming the output,
 *    the position, both values and the size of the difference (`compareVector`, `compareMatrix` ...).
 *
 * Conventions of the whole chapter (stated in every exercise): a vector is `number[]`, a matrix is
 * `number[][]` stored by rows (`W[i][j]` is row i, column j; a d×m matrix has d rows of length m),
 * a sequence is `number[][]` with `xs[t]` the input at time step t (t = 0 … T-1 in code).
 * Learners may return `Float64Array`s instead of `number[]`; both are accepted.
 */
import type { CheckResult, Value } from "../engine/spec";
import { Rng } from "../../src/random";
import { formatNumber, getFunction, isClose, readField, toFloat64Array, toList, toNumber, toText } from "./values";

/** Tolerances of a comparison: pass when |actual - expected| <= atol + rtol * |expected|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** Tolerance for deterministic double-precision math (the default of every grader here). */
export const TIGHT: Tolerance = { rtol: 1e-6, atol: 1e-9 };

// ---------------------------------------------------------------------------------------------
// run side: defensive conversion (built on ./values.ts)
// ---------------------------------------------------------------------------------------------

/**
 * Converts a learner's vector (number[] or any numeric typed array) into a fresh Float64Array.
 * Throws a ValueError naming `what` when it is not a flat array of numbers.
 */
export function asVector(x: unknown, what: string): Float64Array {
  return toFloat64Array(x, what);
}

/** Converts a learner's matrix (number[][], rows may be typed arrays) into fresh Float64Array rows. */
export function asMatrix(x: unknown, what: string): Float64Array[] {
  return toList(x, what, (row, w) => toFloat64Array(row, w));
}

/** Converts a list of matrices (number[][][]). */
export function asMatrixList(x: unknown, what: string): Float64Array[][] {
  return toList(x, what, (m, w) => asMatrix(m, w));
}

/** Converts a learner's number (a primitive number only: no objects with valueOf). */
export function asNumber(x: unknown, what: string): number {
  return toNumber(x, what);
}

/** Converts a learner's string array. */
export function asStringArray(x: unknown, what: string): string[] {
  return toList(x, what, (v, w) => toText(v, w));
}

export { getFunction, readField };

/** Deep copy of plain input data, so a learner mutating an argument cannot change a later check. */
export function copy<T>(x: T): T {
  return structuredClone(x);
}

// ---------------------------------------------------------------------------------------------
// check side: comparisons with helpful messages
// ---------------------------------------------------------------------------------------------

/** Formats a number for messages (exact names for NaN, ±Infinity, -0). */
export function fmt(x: number): string {
  return formatNumber(x);
}

/** True when one actual value is within tolerance of the expected one (NaN only matches NaN). */
export function closeEnough(a: number, e: number, tol: Tolerance): boolean {
  return isClose(a, e, tol);
}

function asF64(v: Value, what: string): Float64Array | string {
  if (v instanceof Float64Array) return v;
  if (Array.isArray(v) && v.every((x) => typeof x === "number")) return Float64Array.from(v as number[]);
  return `${what} is not a numeric vector`;
}

/**
 * Compares two vectors; returns null when they match, else a message:
 * "h[2]: got 0.1, expected 0.2 (|diff| 0.1); 2 of 3 entries differ, largest |diff| 0.3 at h[0]".
 */
export function compareVector(name: string, actual: Value, expected: Value, tol: Tolerance = TIGHT): string | null {
  const a = asF64(actual, name);
  const e = asF64(expected, name);
  if (typeof e === "string") return `internal grader error: reference ${e}`;
  if (typeof a === "string") return a;
  if (a.length !== e.length) return `${name} has length ${a.length}, expected length ${e.length}`;
  let first = -1;
  let count = 0;
  let worst = -1;
  let worstDiff = -1;
  for (let i = 0; i < e.length; i++) {
    if (closeEnough(a[i], e[i], tol)) continue;
    count++;
    if (first < 0) first = i;
    const d = Number.isFinite(a[i] - e[i]) ? Math.abs(a[i] - e[i]) : Infinity;
    if (d > worstDiff) {
      worstDiff = d;
      worst = i;
    }
  }
  if (count === 0) return null;
  let msg = `${name}[${first}]: got ${fmt(a[first])}, expected ${fmt(e[first])}`;
  if (Number.isFinite(a[first]) && Number.isFinite(e[first])) msg += ` (|diff| ${fmt(Math.abs(a[first] - e[first]))})`;
  if (count > 1)
    msg += `; ${count} of ${e.length} entries differ, largest |diff| ${fmt(worstDiff)} at ${name}[${worst}]`;
  return msg;
}

/** Compares two matrices (lists of rows); null when they match, else a message naming [i][j]. */
export function compareMatrix(name: string, actual: Value, expected: Value, tol: Tolerance = TIGHT): string | null {
  if (!Array.isArray(expected)) return `internal grader error: reference ${name} is not a matrix`;
  if (!Array.isArray(actual)) return `${name} is not a matrix`;
  if (actual.length !== expected.length) {
    return `${name} has ${actual.length} rows, expected ${expected.length} rows`;
  }
  const colsA = actual.map((r) => (r instanceof Float64Array || Array.isArray(r) ? r.length : -1));
  const colsE = expected.map((r) => (r instanceof Float64Array || Array.isArray(r) ? r.length : -1));
  for (let i = 0; i < colsE.length; i++) {
    if (colsA[i] !== colsE[i]) {
      return `${name}[${i}] has length ${colsA[i]}, expected ${colsE[i]} (shape should be ${expected.length}×${colsE[i]})`;
    }
  }
  let count = 0;
  let total = 0;
  let firstMsg: string | null = null;
  let worstDiff = -1;
  let worstAt = "";
  for (let i = 0; i < expected.length; i++) {
    const a = asF64(actual[i], `${name}[${i}]`);
    const e = asF64(expected[i], `${name}[${i}]`);
    if (typeof a === "string" || typeof e === "string") return `${name}[${i}] is not a numeric row`;
    total += e.length;
    for (let j = 0; j < e.length; j++) {
      if (closeEnough(a[j], e[j], tol)) continue;
      count++;
      const d = Number.isFinite(a[j] - e[j]) ? Math.abs(a[j] - e[j]) : Infinity;
      if (firstMsg === null) {
        firstMsg = `${name}[${i}][${j}]: got ${fmt(a[j])}, expected ${fmt(e[j])}`;
        if (Number.isFinite(d)) firstMsg += ` (|diff| ${fmt(d)})`;
      }
      if (d > worstDiff) {
        worstDiff = d;
        worstAt = `${name}[${i}][${j}]`;
      }
    }
  }
  if (count === 0 || firstMsg === null) return null;
  if (count > 1) firstMsg += `; ${count} of ${total} entries differ, largest |diff| ${fmt(worstDiff)} at ${worstAt}`;
  return firstMsg;
}

/** Compares two numbers; null when they match. */
export function compareNumber(name: string, actual: Value, expected: Value, tol: Tolerance = TIGHT): string | null {
  if (typeof expected !== "number") return `internal grader error: reference ${name} is not a number`;
  if (typeof actual !== "number") return `${name} is not a number`;
  if (closeEnough(actual, expected, tol)) return null;
  let msg = `${name}: got ${fmt(actual)}, expected ${fmt(expected)}`;
  if (Number.isFinite(actual) && Number.isFinite(expected)) msg += ` (|diff| ${fmt(Math.abs(actual - expected))})`;
  return msg;
}

/** Compares two values exactly (integers, strings, nested arrays of them); null when equal. */
export function compareExact(name: string, actual: Value, expected: Value): string | null {
  if (Array.isArray(expected) || ArrayBuffer.isView(expected)) {
    const e = expected as ArrayLike<Value>;
    if (!(Array.isArray(actual) || ArrayBuffer.isView(actual))) return `${name} is not an array`;
    const a = actual as ArrayLike<Value>;
    if (a.length !== e.length) return `${name} has length ${a.length}, expected length ${e.length}`;
    for (let i = 0; i < e.length; i++) {
      const m = compareExact(`${name}[${i}]`, a[i], e[i]);
      if (m !== null) return m;
    }
    return null;
  }
  if (Object.is(actual, expected) || actual === expected) return null;
  return `${name}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
}

/** Builds a CheckResult from the messages of several comparisons (nulls are passes) and a hint. */
export function verdict(messages: (string | null)[], hint?: string): CheckResult {
  const failures = messages.filter((m): m is string => m !== null);
  if (failures.length === 0) return { ok: true };
  let message = failures.join("\n");
  if (hint) message += `\n${hint}`;
  return { ok: false, message };
}

/** Reads a field of a plain result object on the check side (the engine already cloned it). */
export function field(v: Value, key: string): Value {
  if (v !== null && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
    return (v as { [key: string]: Value })[key];
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// building cases
// ---------------------------------------------------------------------------------------------

/**
 * The seeded generator graders build their cases with: the library's {@link Rng} plus helpers that
 * produce short, readable inputs (entries rounded to 4 decimals).
 */
export class CaseRng {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return this.rng.uniform(lo, hi);
  }

  /** Integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + this.rng.int(hi - lo + 1);
  }

  /** Standard normal. */
  normal(): number {
    return this.rng.normal();
  }

  /** A vector of n values, normal with the given scale, rounded to 4 decimals (readable in reports). */
  vector(n: number, scale = 1): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(round4(scale * this.normal()));
    return out;
  }

  /** A rows×cols matrix, normal entries with the given scale, rounded to 4 decimals. */
  matrix(rows: number, cols: number, scale = 1): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < rows; i++) out.push(this.vector(cols, scale));
    return out;
  }
}

/** Rounds to 4 decimals (case inputs stay short to print, and exactly reproducible). */
export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** A rows×cols matrix of zeros. */
export function zerosMatrix(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/** The transpose of a matrix given as rows. */
export function transposeRows(m: number[][], cols: number): number[][] {
  return Array.from({ length: cols }, (_, j) => m.map((row) => row[j]));
}

/**
 * Runs a call that must reject bad input. The result records whether it threw an Error whose
 * message contains every one of `names` (the argument and its value, say): a bare string, or a
 * message that names nothing, such as the stub's "not implemented yet", does not count.
 */
export function expectThrow(call: () => unknown, names: readonly string[]): Value {
  try {
    call();
  } catch (e) {
    const message = e instanceof Error ? String(e.message) : "";
    return { threw: true, named: names.every((n) => message.includes(n)), message: message.slice(0, 200) };
  }
  return { threw: false };
}
