/**
 * A mutant: one named mistake, written as text edits of a reference solution.
 *
 * Every exercise has a list `test/mutants/<exercise>.ts`:
 *
 * ```ts
 * import type { Mutant } from "./mutant";
 *
 * export const mutants: Mutant[] = [
 *   {
 *     name: "sigmoid",                                   // stable id, kebab-case
 *     reason: "uses the logistic sigmoid instead of tanh.", // the mistake, in one sentence
 *     search: "    h.push(Math.tanh(a));",                 // exact text of solutions/<exercise>.ts
 *     replace: "    h.push(1 / (1 + Math.exp(-a)));",      // what the learner wrote instead
 *   },
 * ];
 * ```
 *
 * test/exercises/mutants.test.ts (`MUTANTS=<exercise> npx mocha …` for one exercise) applies each mutant to
 * `solutions/<exercise>.ts` and grades the result with the real grader (`gradeSubmission`).
 * The test fails when
 * - a `search` text does not occur exactly once in the text it edits (a stale mutant: the solution
 *   changed; update the mutant rather than deleting it);
 * - the mutated solution still gets full marks, or loses fewer than `minLost` points;
 * - no failing test explains the mistake (a message with a hint: 提示 / Hint / "must be" / "threw");
 * - a test named in `failing` passes, or a failing test's message does not match `message`;
 * - a failing test says "grader problem".
 *
 * Keep a mutant small: one realistic mistake, the smallest edit that makes it, with enough context
 * in `search` to be unique. A mistake that needs edits in several places lists the further edits in
 * `also`; they are applied in order, each to the text left by the previous ones.
 */
export interface Edit {
  /** Exact text to find; must occur exactly once. */
  search: string;
  /** The text put in its place. */
  replace: string;
}

export interface Mutant extends Edit {
  /** Stable id of the mistake (kebab-case), unique within the exercise. */
  name: string;
  /** The mistake, in one sentence (English). */
  reason: string;
  /** Further edits of the same mistake, applied after the first one, in order. */
  also?: Edit[];
  /** At least this many points must be lost (default: any loss). */
  minLost?: number;
  /** Test (case) ids that must not pass. */
  failing?: string[];
  /** Every failing test's message must match this pattern (e.g. the argument a clear error names). */
  message?: RegExp;
}

/**
 * Applies a mutant's edits to a solution's text. Throws, naming the mutant and the edit, when a
 * `search` text occurs zero or several times.
 */
export function applyMutant(source: string, mutant: Mutant, where = "the solution"): string {
  let text = source;
  for (const [k, edit] of [mutant, ...(mutant.also ?? [])].entries()) {
    const first = text.indexOf(edit.search);
    const count = first < 0 ? 0 : text.split(edit.search).length - 1;
    if (count !== 1)
      throw new Error(
        `mutant ${mutant.name}: edit ${k + 1}'s search text occurs ${count} times in ${where} (must be exactly once): ` +
          JSON.stringify(edit.search.length > 120 ? `${edit.search.slice(0, 120)}…` : edit.search),
      );
    text = text.slice(0, first) + edit.replace + text.slice(first + edit.search.length);
  }
  return text;
}
