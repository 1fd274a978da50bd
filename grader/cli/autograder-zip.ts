/**
 * `npm run autograder-zip -- OUT.zip` (also `rnn-course autograder-zip`): writes the Gradescope
 * autograder (setup.sh, run_autograder, the graders with hidden cases and recorded reference
 * outputs, no solution code). See grader/engine/autograder.ts.
 * Exit code 0 on success, 2 when the zip could not be built.
 */
import * as path from "node:path";
import { parseCommand } from "./command";
import { buildAutograderZip } from "../engine/autograder";

/** Runs the command; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommand("autograder-zip", argv, { help: { type: "boolean", short: "h", default: false } });
  if (parsed === null) return 2;
  if (parsed.values.help || parsed.positionals.length !== 1) {
    process.stdout.write("usage: npm run autograder-zip -- OUT.zip\n");
    return parsed.values.help ? 0 : 2;
  }
  const out = path.resolve(parsed.positionals[0]);
  try {
    const files = await buildAutograderZip({ outFile: out, log: (l) => process.stdout.write(`${l}\n`) });
    process.stdout.write(
      `Autograder written to ${out} (${files.length} files). Upload it as the assignment's autograder on Gradescope.\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`autograder-zip: ${(e as Error).message}\n`);
    return 2;
  }
}
