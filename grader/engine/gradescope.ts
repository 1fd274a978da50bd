/**
 * The grading run inside the Gradescope autograder (`rnn-course gradescope`, called by the zip's
 * `run_autograder`, see ./autograder.ts): reads /autograder/submission and always writes
 * /autograder/results/results.json (Gradescope's format; hidden cases have visibility
 * "after_published"). It needs only what grading needs at run time (no TypeScript compiler).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { gradeSubmissionDetailed } from "./grade";
import { renderGradescope, type GradescopeResults } from "./report";

/**
 * The grading run on Gradescope: grades `<autograderRoot>/submission` with the packaged graders
 * and fixtures, and writes `<autograderRoot>/results/results.json`, also when grading fails.
 * @returns the results written
 */
export async function runGradescope(
  autograderRoot: string,
  opts: { timeoutMs?: number; jobs?: number } = {},
): Promise<GradescopeResults> {
  const resultsDir = path.join(autograderRoot, "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  let results: GradescopeResults;
  try {
    const report = await gradeSubmissionDetailed({
      submissionDir: path.join(autograderRoot, "submission"),
      includeHidden: true,
      timeoutMs: opts.timeoutMs,
      jobs: opts.jobs,
    });
    results = renderGradescope(report);
  } catch (e) {
    results = {
      score: 0,
      output: `The autograder could not grade this submission: ${e instanceof Error ? e.message : String(e)}\nPlease tell your instructor.`,
      stdout_visibility: "hidden",
      tests: [],
    };
  }
  fs.writeFileSync(path.join(resultsDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}
