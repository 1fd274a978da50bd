/**
 * `rnn-course gradescope [AUTOGRADER_ROOT]`: the grading run on Gradescope, called by the zip's
 * run_autograder. Grades AUTOGRADER_ROOT/submission (default: $AUTOGRADER_ROOT or /autograder)
 * and always writes AUTOGRADER_ROOT/results/results.json. Exit code 0 (the results file says the rest).
 */
import * as path from "node:path";
import { runGradescope } from "../engine/gradescope";

/** Runs the command; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const root = path.resolve(argv[0] ?? process.env.AUTOGRADER_ROOT ?? "/autograder");
  const results = await runGradescope(root);
  process.stdout.write(`${results.output}\n`);
  return 0;
}
