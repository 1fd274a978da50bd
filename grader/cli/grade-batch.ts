/**
 * `npm run grade-batch -- SUBMISSIONS_DIR --out OUTDIR` (also `rnn-course grade-batch`): grades every
 * student folder in SUBMISSIONS_DIR in parallel into OUTDIR/gradebook.csv and one report per
 * student (OUTDIR/reports/<student>.json and .txt), and a class summary page OUTDIR/summary.html
 * (./class-summary.ts). See grader/engine/batch.ts.
 * Options: --jobs N, --timeout MS, --memory MB, --exercise NAME (repeatable), --no-hidden,
 * --specs DIR, --reference DIR, --fixtures DIR, --isolation submission|exercise (see grader/cli/grade.ts).
 * Exit code 0 when the batch ran (bad submissions included), 2 when it could not run, 3 when the
 * grader itself had problems (see the status column).
 */
import * as path from "node:path";
import { parseCommand } from "./command";
import { gradeBatch } from "../engine/batch";
import { GradingSetupError } from "../engine/specs";
import { writeClassSummary } from "./class-summary";
import { SHARED_OPTIONS, sharedGradeOptions } from "./grading-options";

/** Runs the command; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommand("grade-batch", argv, { ...SHARED_OPTIONS, out: { type: "string" } });
  if (parsed === null) return 2;
  const { values, positionals } = parsed;
  if (values.help || positionals.length !== 1 || !values.out) {
    process.stdout.write(
      "usage: npm run grade-batch -- SUBMISSIONS_DIR --out OUTDIR [--jobs N] [--timeout MS] [--exercise NAME]...\n",
    );
    return values.help ? 0 : 2;
  }
  try {
    const summary = await gradeBatch({
      submissionsDir: path.resolve(positionals[0]),
      outDir: path.resolve(values.out),
      ...sharedGradeOptions(values),
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`Gradebook: ${summary.gradebook} (${summary.rows.length} submissions)\n`);
    process.stdout.write(`Class summary: ${writeClassSummary(summary, path.resolve(values.out))}\n`);
    return summary.rows.some((r) => r.status.startsWith("grader problem")) ? 3 : 0;
  } catch (e) {
    process.stderr.write(
      `grade-batch: ${e instanceof GradingSetupError ? e.message : ((e as Error).stack ?? String(e))}\n`,
    );
    return 2;
  }
}
