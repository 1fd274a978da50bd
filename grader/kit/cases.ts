/**
 * The kit, building cases: a seeded generator of short, readable inputs, and the helper for
 * "bad input must throw a clear error" cases.
 */
import { Rng } from "../../src/random";
import type { GradeCase, Value } from "./spec";

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

/**
 * What a clear error for one bad argument must say. A message must name the argument at fault and
 * show the offending value or shape; a catch-all message that names the function's other arguments
 * too ("invalid kind, T or d") does not count, whatever it says.
 */
export interface ErrorExpectation {
  /** The argument at fault, named as a whole word (e.g. "maxNorm", "d", "id"). */
  argument: string;
  /** The offending value or shape, each shown as a whole word (e.g. "0", "-1", "NaN", "out of range"). */
  shows: readonly (string | number)[];
  /** The function's other arguments: a message naming any of them (a whole word) is a catch-all. */
  others: readonly string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether `message` contains `word` as a whole word: not inside an identifier ("d" is not in "bad"),
 * and a number not inside a longer one ("0" is not in "10" or "0.5").
 */
export function mentions(message: string, word: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9_.])${escapeRegExp(word)}(?![A-Za-z0-9_]|\\.\\d)`).test(message);
}

/**
 * Runs a call that must reject bad input (run side). The result records whether it threw an Error,
 * and what its message lacks (`missing`: the argument or a value it does not show) or names too
 * much (`catchAll`: other arguments it names); `named` is true when neither. A bare string, or a
 * message that names nothing, such as the stub's "not implemented yet", does not count.
 */
export function expectThrow(call: () => unknown, expected: ErrorExpectation): Value {
  try {
    call();
  } catch (e) {
    const message = e instanceof Error ? String(e.message) : "";
    const missing = [expected.argument, ...expected.shows.map(String)].filter((w) => !mentions(message, w));
    const catchAll = expected.others.filter((w) => mentions(message, w));
    return {
      threw: true,
      named: missing.length === 0 && catchAll.length === 0,
      missing,
      catchAll,
      message: message.slice(0, 200),
    };
  }
  return { threw: false };
}

/**
 * The check side of {@link expectThrow}: null when the call threw a clear error, else what is wrong
 * (`call` describes the call, e.g. `clipGradNorm(grads, 0)`).
 */
export function checkThrow(actual: Value, call: string, expected: ErrorExpectation): string | null {
  const a = (typeof actual === "object" && actual !== null ? actual : {}) as {
    threw?: unknown;
    named?: unknown;
    missing?: unknown;
    catchAll?: unknown;
    message?: unknown;
  };
  const want = `an Error naming ${expected.argument} and showing ${expected.shows.map((w) => JSON.stringify(String(w))).join(", ")}`;
  if (a.threw !== true) return `${call} returned normally; it must throw ${want}.`;
  if (a.named === true) return null;
  const message = JSON.stringify(typeof a.message === "string" ? a.message : "");
  const catchAll = Array.isArray(a.catchAll) ? a.catchAll.map(String) : [];
  if (catchAll.length > 0)
    return (
      `${call} threw ${message}, which also names ${catchAll.join(", ")}: a catch-all message; ` +
      `name only the argument at fault (${expected.argument}) and its value.`
    );
  const missing = Array.isArray(a.missing) ? a.missing.map(String) : [];
  const shown = missing.map((w) => JSON.stringify(w)).join(", ") || "what is wrong";
  return `${call} threw ${message}, which does not show ${shown}; it must throw ${want}.`;
}

/**
 * A case in short form, for case lists written as calls: `const c = caseOf<Input>;` then
 * `c("tau-example", "题目中的例子", 1, { … })`, `c("tau-hidden", "…", 1, { … }, true)` for a hidden one.
 */
export function caseOf<In>(id: string, title: string, points: number, input: In, hidden = false): GradeCase<In> {
  return { id, title, points, hidden, input };
}
