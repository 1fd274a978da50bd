/**
 * The kit, run side: inside the sandboxed child, a spec's `run` turns whatever the learner's
 * function returned into FRESH plain data with these converters. They copy element by element
 * with `typeof` checks and catch anything that throws, so getters, proxies, `valueOf`/`toJSON`
 * tricks and typed-array subclasses never reach the trusted parent. They throw a
 * {@link ValueError} naming the output, the position and what was found instead.
 *
 * Conventions of the course (stated in every exercise): a vector is `number[]` (a `Float64Array`
 * is accepted too), a matrix is `number[][]` stored by rows (`W[i][j]` is row i, column j), a
 * sequence is `number[][]` with `xs[t]` the input at step t.
 *
 * Everything here is plain TypeScript 5.0 without dependencies: it is bundled into the child.
 */
import { formatNumber } from "./format";

/** Largest number of elements a converter accepts (guards against absurd or sparse huge arrays). */
export const MAX_ELEMENTS = 10_000_000;

/** Error thrown by the `to*` converters when a learner's value has the wrong type or shape. */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValueError";
  }
}

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
export function asNumber(x: unknown, what: string): number {
  if (typeof x !== "number") throw new ValueError(`${what} must be a number, got ${describeValue(x)}`);
  return x;
}

/** A primitive number that is an integer. */
export function asInteger(x: unknown, what: string): number {
  const n = asNumber(x, what);
  if (!Number.isInteger(n)) throw new ValueError(`${what} must be an integer, got ${formatNumber(n)}`);
  return n;
}

/** A primitive boolean. */
export function asBoolean(x: unknown, what: string): boolean {
  if (typeof x !== "boolean") throw new ValueError(`${what} must be a boolean, got ${describeValue(x)}`);
  return x;
}

/** A primitive string of at most `maxLength` characters (default 10,000). */
export function asText(x: unknown, what: string, maxLength = 10_000): string {
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
 * Copies a vector: a flat list of numbers (number[] or any non-BigInt typed array) into a fresh
 * Float64Array.
 * @param opts.length when given, the exact length required
 */
export function asVector(x: unknown, what: string, opts: { length?: number } = {}): Float64Array {
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
export function asList<T>(
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

/** Copies a matrix given as rows (number[][], rows may be typed arrays) into fresh Float64Array rows. */
export function asMatrix(x: unknown, what: string): Float64Array[] {
  return asList(x, what, (row, w) => asVector(row, w));
}

/** Copies a list of matrices (number[][][]). */
export function asMatrixList(x: unknown, what: string): Float64Array[][] {
  return asList(x, what, (m, w) => asMatrix(m, w));
}

/** Copies a list of strings. */
export function asStringArray(x: unknown, what: string): string[] {
  return asList(x, what, (v, w) => asText(v, w));
}

/** Deep copy of plain input data, so a learner mutating an argument cannot change a later check. */
export function copy<T>(x: T): T {
  return structuredClone(x);
}
