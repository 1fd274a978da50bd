/**
 * Helpers for grader specs (grader/specs/<name>.grader.ts).
 *
 * Two halves, matching the two sides of the engine (see ../engine/spec.ts):
 *
 * - `run` side, inside the sandboxed child: `toNumber`, `toFloat64Array`, `toMatrix`, `toTensor`,
 *   `toList` ... turn whatever the learner's function returned into FRESH plain data. They copy
 *   element by element with `typeof` checks and catch anything that throws, so getters, proxies,
 *   `valueOf`/`toJSON` tricks and typed-array subclasses never reach the trusted parent. They throw
 *   a {@link ValueError} naming the output, the position and what was found instead.
 * - `check` side, in the trusted parent: {@link allClose} compares a learner output with the
 *   reference output under a tolerance and returns a {@link CheckResult} whose message says what
 *   differs, where (index or shape) and by how much. NaN only matches NaN, ±Infinity only matches
 *   itself, -0 equals 0 (unless `signedZero`), length and shape mismatches are reported as such.
 *
 * Everything here is plain TypeScript 5.0 without dependencies: it is bundled into the child.
 */
import type { CheckResult, Value } from "../engine/spec";

/** Largest number of elements a converter accepts (guards against absurd or sparse huge arrays). */
export const MAX_ELEMENTS = 10_000_000;

/** Error thrown by the `to*` converters when a learner's value has the wrong type or shape. */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValueError";
  }
}

/** Plain tensor data: a shape and its row-major values. */
export interface TensorData {
  shape: number[];
  data: Float64Array;
}

// ---------------------------------------------------------------------------------------------
// run side: defensive conversion
// ---------------------------------------------------------------------------------------------

function safeIsArray(x: unknown): boolean {
  try {
    return Array.isArray(x);
  } catch {
    return false; // a revoked proxy throws here
  }
}

function typedArrayKind(x: unknown): string | null {
  try {
    if (!ArrayBuffer.isView(x) || x instanceof DataView) return null;
    // Object.prototype.toString reads Symbol.toStringTag from %TypedArray%.prototype (a getter that
    // is not observable through a Proxy, since isView is false for proxies).
    return Object.prototype.toString.call(x).slice(8, -1);
  } catch {
    return null;
  }
}

/** A short description of any value for messages; never throws and never calls learner code. */
export function describeValue(x: unknown): string {
  try {
    if (x === null) return "null";
    if (x === undefined) return "undefined";
    const t = typeof x;
    if (t === "number") return `the number ${formatNumber(x as number)}`;
    if (t === "string") {
      const s = x as string;
      return s.length > 40 ? `a string of length ${s.length}` : `the string ${JSON.stringify(s)}`;
    }
    if (t === "boolean") return `the boolean ${String(x)}`;
    if (t === "bigint") return "a bigint";
    if (t === "symbol") return "a symbol";
    if (t === "function") return "a function";
    const kind = typedArrayKind(x);
    if (kind !== null) return `a ${kind} of length ${(x as ArrayLike<unknown>).length}`;
    if (safeIsArray(x)) {
      const d = Object.getOwnPropertyDescriptor(x, "length");
      return d && typeof d.value === "number" ? `an array of length ${d.value}` : "an array";
    }
    return "an object";
  } catch {
    return "a value that cannot be inspected";
  }
}

function message(e: unknown): string {
  try {
    if (e instanceof Error) return `${e.name}: ${e.message}`;
    return describeValue(e);
  } catch {
    return "an unprintable error";
  }
}

/** Runs `read`, turning anything it throws (a trap, a getter) into a ValueError about `what`. */
function guarded<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new ValueError(`${what}: reading the value threw (${message(e)})`);
  }
}

/** A primitive number (no Number objects, no strings, no objects with valueOf). NaN and ±Infinity pass. */
export function toNumber(x: unknown, what: string): number {
  if (typeof x !== "number") throw new ValueError(`${what} must be a number, got ${describeValue(x)}`);
  return x;
}

/** A primitive number that is an integer. */
export function toInteger(x: unknown, what: string): number {
  const n = toNumber(x, what);
  if (!Number.isInteger(n)) throw new ValueError(`${what} must be an integer, got ${formatNumber(n)}`);
  return n;
}

/** A primitive boolean. */
export function toBoolean(x: unknown, what: string): boolean {
  if (typeof x !== "boolean") throw new ValueError(`${what} must be a boolean, got ${describeValue(x)}`);
  return x;
}

/** A primitive string of at most `maxLength` characters (default 10,000). */
export function toText(x: unknown, what: string, maxLength = 10_000): string {
  if (typeof x !== "string") throw new ValueError(`${what} must be a string, got ${describeValue(x)}`);
  if (x.length > maxLength) throw new ValueError(`${what} is a string of length ${x.length}, longer than ${maxLength}`);
  return x;
}

function readLength(x: unknown, what: string): number {
  const n = guarded(what, () => (x as ArrayLike<unknown>).length);
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new ValueError(`${what} has an invalid length`);
  if (n > MAX_ELEMENTS) throw new ValueError(`${what} has ${n} elements, more than the ${MAX_ELEMENTS} allowed`);
  return n;
}

/**
 * Copies a flat list of numbers (number[] or any non-BigInt typed array) into a fresh Float64Array.
 * @param opts.length when given, the exact length required
 */
export function toFloat64Array(x: unknown, what: string, opts: { length?: number } = {}): Float64Array {
  const kind = typedArrayKind(x);
  if (kind === null && !safeIsArray(x)) {
    throw new ValueError(`${what} must be an array of numbers (number[] or Float64Array), got ${describeValue(x)}`);
  }
  if (kind === "BigInt64Array" || kind === "BigUint64Array") {
    throw new ValueError(`${what} must hold numbers, got a ${kind}`);
  }
  const n = readLength(x, what);
  if (opts.length !== undefined && n !== opts.length) {
    throw new ValueError(`${what} must have length ${opts.length}, got length ${n}`);
  }
  const out = new Float64Array(n);
  const src = x as ArrayLike<unknown>;
  for (let i = 0; i < n; i++) {
    const v = guarded(`${what}[${i}]`, () => src[i]);
    if (typeof v !== "number") throw new ValueError(`${what}[${i}] must be a number, got ${describeValue(v)}`);
    out[i] = v;
  }
  return out;
}

/**
 * Copies a list, converting each element with `convert` (called with a path like `what[3]`).
 * @param opts.length when given, the exact length required
 */
export function toList<T>(
  x: unknown,
  what: string,
  convert: (element: unknown, what: string) => T,
  opts: { length?: number } = {},
): T[] {
  if (!safeIsArray(x)) throw new ValueError(`${what} must be an array, got ${describeValue(x)}`);
  const n = readLength(x, what);
  if (opts.length !== undefined && n !== opts.length) {
    throw new ValueError(`${what} must have length ${opts.length}, got length ${n}`);
  }
  const out: T[] = [];
  const src = x as ArrayLike<unknown>;
  for (let i = 0; i < n; i++)
    out.push(
      convert(
        guarded(`${what}[${i}]`, () => src[i]),
        `${what}[${i}]`,
      ),
    );
  return out;
}

/** Validates a shape: a list of non-negative integers. */
export function toShape(x: unknown, what: string): number[] {
  const dims = toList(x, what, (d, w) => toInteger(d, w));
  for (let i = 0; i < dims.length; i++) {
    if (dims[i] < 0) throw new ValueError(`${what}[${i}] must be >= 0, got ${dims[i]}`);
  }
  return dims;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Formats a shape as `[2, 3]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/**
 * Copies a tensor-like value: an object with `shape` (number[]) and `data` (numbers, row-major),
 * as the course's Tensor class has, into fresh {@link TensorData}.
 * @param opts.shape when given, the exact shape required
 */
export function toTensor(x: unknown, what: string, opts: { shape?: readonly number[] } = {}): TensorData {
  if (x === null || typeof x !== "object" || safeIsArray(x) || typedArrayKind(x) !== null) {
    throw new ValueError(`${what} must be a tensor (an object with shape and data), got ${describeValue(x)}`);
  }
  const obj = x as { shape?: unknown; data?: unknown };
  const shape = toShape(
    guarded(`${what}.shape`, () => obj.shape),
    `${what}.shape`,
  );
  const data = toFloat64Array(
    guarded(`${what}.data`, () => obj.data),
    `${what}.data`,
  );
  let size = 1;
  for (const d of shape) size *= d;
  if (size !== data.length) {
    throw new ValueError(`${what}: shape ${formatShape(shape)} holds ${size} values but data has ${data.length}`);
  }
  if (opts.shape !== undefined && !sameShape(shape, opts.shape)) {
    throw new ValueError(`${what} must have shape ${formatShape(opts.shape)}, got shape ${formatShape(shape)}`);
  }
  return { shape, data };
}

/**
 * Copies a matrix given as rows (number[][] or an array of typed arrays, all rows the same length)
 * or as a 2-D tensor-like value, into fresh {@link TensorData} of shape [rows, cols].
 */
export function toMatrix(x: unknown, what: string, opts: { rows?: number; cols?: number } = {}): TensorData {
  let result: TensorData;
  if (safeIsArray(x)) {
    const rows = toList(x, what, (row, w) => toFloat64Array(row, w));
    const cols = rows.length > 0 ? rows[0].length : (opts.cols ?? 0);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i].length !== cols) {
        throw new ValueError(`${what}: row ${i} has length ${rows[i].length} but row 0 has length ${cols}`);
      }
    }
    if (rows.length * cols > MAX_ELEMENTS) throw new ValueError(`${what} has more than ${MAX_ELEMENTS} values`);
    const data = new Float64Array(rows.length * cols);
    rows.forEach((row, i) => data.set(row, i * cols));
    result = { shape: [rows.length, cols], data };
  } else {
    result = toTensor(x, what);
    if (result.shape.length !== 2) {
      throw new ValueError(`${what} must be a matrix (2-D), got shape ${formatShape(result.shape)}`);
    }
  }
  const [r, c] = result.shape;
  if ((opts.rows !== undefined && r !== opts.rows) || (opts.cols !== undefined && c !== opts.cols)) {
    const want = `${opts.rows ?? "any"}×${opts.cols ?? "any"}`;
    throw new ValueError(`${what} must be ${want}, got ${r}×${c}`);
  }
  return result;
}

/**
 * Reads one own or inherited field of a learner's result object (plain property access, guarded).
 * Throws a ValueError when the value is not an object or lacks the field.
 */
export function readField(obj: unknown, key: string, what: string): unknown {
  if (obj === null || typeof obj !== "object" || safeIsArray(obj)) {
    throw new ValueError(`${what} must be an object with a field "${key}", got ${describeValue(obj)}`);
  }
  return guarded(`${what}.${key}`, () => {
    if (!(key in obj)) throw new ValueError(`${what} has no field "${key}"`);
    return (obj as Record<string, unknown>)[key];
  });
}

/** The named export of a module as a function; a ValueError names the export when it is missing. */
export function getFunction(mod: Record<string, unknown>, name: string): (...args: unknown[]) => unknown {
  const f = guarded(`export ${name}`, () => mod[name]);
  if (typeof f !== "function")
    throw new ValueError(`\`${name}\` must be an exported function, got ${describeValue(f)}`);
  return f as (...args: unknown[]) => unknown;
}

// ---------------------------------------------------------------------------------------------
// check side: comparisons
// ---------------------------------------------------------------------------------------------

/** Tolerances: an element passes when |actual - expected| <= atol + rtol * |expected|. */
export interface Tolerance {
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance (default 1e-9). */
  atol?: number;
  /** When true, -0 and 0 differ (default false: they are equal numbers). */
  signedZero?: boolean;
}

/** Options of {@link allClose}. */
export interface AllCloseOptions extends Tolerance {
  /** Name of the output in messages (default "output"). */
  what?: string;
}

const DEFAULT_RTOL = 1e-6;
const DEFAULT_ATOL = 1e-9;

/** The passing result. */
export function pass(): CheckResult {
  return { ok: true };
}

/** A failing result with `message`. */
export function fail(message: string): CheckResult {
  return { ok: false, message };
}

/** Passes when all pass; otherwise fails with the failing messages joined by blank lines. */
export function combine(...results: CheckResult[]): CheckResult {
  const messages: string[] = [];
  for (const r of results) if ("message" in r) messages.push(r.message);
  return messages.length === 0 ? pass() : fail(messages.join("\n\n"));
}

/** Formats a number for messages: up to 7 significant digits, exact names for NaN, ±Infinity, -0. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Object.is(x, -0)) return "-0";
  const a = Math.abs(x);
  if (x !== 0 && (a < 1e-4 || a >= 1e7)) return x.toExponential(6).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(7)));
}

/** Relative error |a - b| / max(|a|, |b|, eps), the usual measure for gradient checks. */
export function relativeError(a: number, b: number, eps = 1e-12): number {
  if (a === b) return 0; // also equal infinities
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), eps);
}

/** True when `a` matches `e` under the tolerance (NaN only matches NaN, infinities only themselves). */
export function isClose(a: number, e: number, tol: Tolerance = {}): boolean {
  if (Number.isNaN(e) || Number.isNaN(a)) return Number.isNaN(e) && Number.isNaN(a);
  if (!Number.isFinite(e) || !Number.isFinite(a)) return a === e;
  if (a === e) return tol.signedZero !== true || Object.is(a, e);
  const rtol = tol.rtol ?? DEFAULT_RTOL;
  const atol = tol.atol ?? DEFAULT_ATOL;
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

type Numeric = Float64Array | Float32Array | Int32Array | number[];

function isNumericList(x: unknown): x is Numeric {
  if (x instanceof Float64Array || x instanceof Float32Array || x instanceof Int32Array) return true;
  return Array.isArray(x) && x.every((v) => typeof v === "number");
}

function isTensorData(x: unknown): x is { shape: number[]; data: Numeric } {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o);
  return (
    keys.length === 2 &&
    Array.isArray(o.shape) &&
    (o.shape as unknown[]).every((d) => typeof d === "number") &&
    isNumericList(o.data)
  );
}

function unravel(flat: number, shape: readonly number[] | null): string {
  if (shape === null || shape.length <= 1) return `[${flat}]`;
  const idx: number[] = [];
  let rest = flat;
  for (let k = shape.length - 1; k >= 0; k--) {
    const d = shape[k] || 1;
    idx.unshift(rest % d);
    rest = Math.floor(rest / d);
  }
  return `[${idx.join(", ")}]`;
}

function toleranceText(tol: Tolerance): string {
  return `rtol ${formatNumber(tol.rtol ?? DEFAULT_RTOL)}, atol ${formatNumber(tol.atol ?? DEFAULT_ATOL)}`;
}

function diffText(a: number, e: number): string {
  if (Number.isNaN(a)) return "NaN where a number was expected";
  if (Number.isNaN(e)) return "expected NaN";
  if (!Number.isFinite(a) || !Number.isFinite(e)) return "infinite value";
  if (a === e) return "sign of zero differs";
  const d = Math.abs(a - e);
  const rel = relativeError(a, e);
  return `|diff| ${formatNumber(d)}, relative ${formatNumber(rel)}`;
}

function compareNumbers(what: string, a: Numeric, e: Numeric, shape: number[] | null, tol: Tolerance): CheckResult {
  if (a.length !== e.length) {
    return fail(`${what} has ${a.length} values, expected ${e.length}`);
  }
  let bad = 0;
  let first = -1;
  let worst = -1;
  let worstDiff = -1;
  for (let i = 0; i < e.length; i++) {
    const av = a[i];
    const ev = e[i];
    if (isClose(av, ev, tol)) continue;
    bad++;
    if (first < 0) first = i;
    const d = Number.isFinite(av) && Number.isFinite(ev) ? Math.abs(av - ev) : Infinity;
    if (d > worstDiff) {
      worstDiff = d;
      worst = i;
    }
  }
  if (bad === 0) return pass();
  const at = (i: number) =>
    `${what}${unravel(i, shape)}: expected ${formatNumber(e[i])}, got ${formatNumber(a[i])} (${diffText(a[i], e[i])})`;
  const lines = [
    `${bad} of ${e.length} value${e.length === 1 ? "" : "s"} of ${what} differ beyond the tolerance (${toleranceText(tol)}).`,
    `First: ${at(first)}.`,
  ];
  if (worst !== first) lines.push(`Largest: ${at(worst)}.`);
  return fail(lines.join("\n"));
}

function compareValues(what: string, actual: Value, expected: Value, tol: Tolerance, depth: number): CheckResult {
  if (depth > 64) return fail(`${what} is nested too deeply`);
  if (typeof expected === "number") {
    if (typeof actual !== "number") return fail(`${what} should be a number, got ${describeValue(actual)}`);
    if (isClose(actual, expected, tol)) return pass();
    return fail(
      `${what}: expected ${formatNumber(expected)}, got ${formatNumber(actual)} (${diffText(actual, expected)}; ${toleranceText(tol)})`,
    );
  }
  if (isTensorData(expected)) {
    if (!isTensorData(actual))
      return fail(`${what} should be a tensor of shape ${formatShape(expected.shape)}, got ${describeValue(actual)}`);
    if (!sameShape(actual.shape, expected.shape)) {
      return fail(`${what} has shape ${formatShape(actual.shape)}, expected shape ${formatShape(expected.shape)}`);
    }
    return compareNumbers(what, actual.data, expected.data, expected.shape, tol);
  }
  if (isNumericList(expected) && (isNumericList(actual) || expected.length === 0)) {
    if (!isNumericList(actual)) return fail(`${what} should be a list of numbers, got ${describeValue(actual)}`);
    return compareNumbers(what, actual, expected, null, tol);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual))
      return fail(`${what} should be a list of length ${expected.length}, got ${describeValue(actual)}`);
    if (actual.length !== expected.length)
      return fail(`${what} has length ${actual.length}, expected length ${expected.length}`);
    const results: CheckResult[] = [];
    for (let i = 0; i < expected.length; i++) {
      const r = compareValues(`${what}[${i}]`, actual[i], expected[i], tol, depth + 1);
      if (!r.ok) results.push(r);
      if (results.length >= 3) break; // enough to act on
    }
    return combine(...results);
  }
  if (ArrayBuffer.isView(expected)) {
    // an expected typed array but an actual that is not a numeric list
    return fail(
      `${what} should be a list of ${(expected as Float64Array).length} numbers, got ${describeValue(actual)}`,
    );
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual) || ArrayBuffer.isView(actual)) {
      return fail(`${what} should be an object, got ${describeValue(actual)}`);
    }
    const results: CheckResult[] = [];
    for (const key of Object.keys(expected)) {
      if (!Object.prototype.hasOwnProperty.call(actual, key)) {
        results.push(fail(`${what} has no field "${key}"`));
        continue;
      }
      const r = compareValues(`${what}.${key}`, (actual as Record<string, Value>)[key], expected[key], tol, depth + 1);
      if (!r.ok) results.push(r);
    }
    return combine(...results);
  }
  // strings, booleans, null, undefined: exact
  if (Object.is(actual, expected)) return pass();
  return fail(`${what}: expected ${describeValue(expected)}, got ${describeValue(actual)}`);
}

/**
 * Compares a learner output with the reference output, element by element under a tolerance.
 * Works on numbers, number lists and typed arrays, {@link TensorData} (shape compared first,
 * positions reported as multi-indices), nested lists and objects (compared key by key), and
 * exact values (strings, booleans, null). The message names the output, the number of differing
 * values, the first and the largest difference with both values.
 *
 * @example allClose(actual, expected, { what: "h_t", rtol: 1e-6, atol: 1e-9 })
 */
export function allClose(actual: Value, expected: Value, opts: AllCloseOptions = {}): CheckResult {
  const tol: Tolerance = { rtol: opts.rtol, atol: opts.atol, signedZero: opts.signedZero };
  return compareValues(opts.what ?? "output", actual, expected, tol, 0);
}
