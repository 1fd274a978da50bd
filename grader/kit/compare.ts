/**
 * The kit, check side: in the trusted parent, a spec's `check` compares the learner's output with
 * the reference output. Each `compare*` returns null when the values match, else a message naming
 * the output, the position, both values and the size of the difference; {@link verdict} turns the
 * messages (and a hint) into the spec's {@link CheckResult}.
 */
import { formatNumber } from "./format";
import type { CheckResult, Value } from "./spec";

/** Tolerances of a comparison: a number passes when |actual - expected| <= atol + rtol * |expected|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** Tolerance for deterministic double-precision math (the default of every comparison). */
export const TIGHT: Tolerance = { rtol: 1e-6, atol: 1e-9 };

/**
 * True when `actual` matches `expected` under the tolerance. NaN only matches NaN, ±Infinity only
 * itself, -0 equals 0.
 */
export function isClose(actual: number, expected: number, tol: Tolerance = TIGHT): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
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
    if (isClose(a[i], e[i], tol)) continue;
    count++;
    if (first < 0) first = i;
    const d = Number.isFinite(a[i] - e[i]) ? Math.abs(a[i] - e[i]) : Infinity;
    if (d > worstDiff) {
      worstDiff = d;
      worst = i;
    }
  }
  if (count === 0) return null;
  let msg = `${name}[${first}]: got ${formatNumber(a[first])}, expected ${formatNumber(e[first])}`;
  if (Number.isFinite(a[first]) && Number.isFinite(e[first]))
    msg += ` (|diff| ${formatNumber(Math.abs(a[first] - e[first]))})`;
  if (count > 1)
    msg += `; ${count} of ${e.length} entries differ, largest |diff| ${formatNumber(worstDiff)} at ${name}[${worst}]`;
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
      if (isClose(a[j], e[j], tol)) continue;
      count++;
      const d = Number.isFinite(a[j] - e[j]) ? Math.abs(a[j] - e[j]) : Infinity;
      if (firstMsg === null) {
        firstMsg = `${name}[${i}][${j}]: got ${formatNumber(a[j])}, expected ${formatNumber(e[j])}`;
        if (Number.isFinite(d)) firstMsg += ` (|diff| ${formatNumber(d)})`;
      }
      if (d > worstDiff) {
        worstDiff = d;
        worstAt = `${name}[${i}][${j}]`;
      }
    }
  }
  if (count === 0 || firstMsg === null) return null;
  if (count > 1)
    firstMsg += `; ${count} of ${total} entries differ, largest |diff| ${formatNumber(worstDiff)} at ${worstAt}`;
  return firstMsg;
}

/** Compares two numbers; null when they match. */
export function compareNumber(name: string, actual: Value, expected: Value, tol: Tolerance = TIGHT): string | null {
  if (typeof expected !== "number") return `internal grader error: reference ${name} is not a number`;
  if (typeof actual !== "number") return `${name} is not a number`;
  if (isClose(actual, expected, tol)) return null;
  let msg = `${name}: got ${formatNumber(actual)}, expected ${formatNumber(expected)}`;
  if (Number.isFinite(actual) && Number.isFinite(expected))
    msg += ` (|diff| ${formatNumber(Math.abs(actual - expected))})`;
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

/**
 * Builds a CheckResult from the messages of several comparisons (nulls are passes), followed on a
 * failure by the hints that are not empty, one per line.
 */
export function verdict(messages: (string | null)[], ...hints: (string | undefined)[]): CheckResult {
  const failures = messages.filter((m): m is string => m !== null);
  if (failures.length === 0) return { ok: true };
  const lines = [...failures, ...hints.filter((h): h is string => h !== undefined && h !== "")];
  return { ok: false, message: lines.join("\n") };
}

/** Reads a field of a plain result object on the check side (the engine already cloned it). */
export function field(v: Value, key: string): Value {
  if (v !== null && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
    return (v as { [key: string]: Value })[key];
  }
  return undefined;
}
