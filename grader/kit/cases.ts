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

/**
 * A case in short form, for case lists written as calls: `const c = caseOf<Input>;` then
 * `c("tau-example", "题目中的例子", 1, { … })`, `c("tau-hidden", "…", 1, { … }, true)` for a hidden one.
 */
export function caseOf<In>(id: string, title: string, points: number, input: In, hidden = false): GradeCase<In> {
  return { id, title, points, hidden, input };
}
