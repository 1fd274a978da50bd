/**
 * `npm run release -- OUTDIR [--force]` (also `rnn-course release`): writes the student edition of
 * the course to OUTDIR: notebooks, library, exercise stubs, graders without hidden cases, and the
 * reference outputs recorded from solutions/ (no solution code). See grader/engine/release.ts.
 * Exit code 0 on success, 2 when the edition could not be written (the reason is printed).
 */
import * as path from "node:path";
import { parseCommand } from "./command";
import { release } from "../engine/release";

/** Runs the command; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommand("release", argv, {
    force: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (parsed === null) return 2;
  if (parsed.values.help || parsed.positionals.length !== 1) {
    process.stdout.write("usage: npm run release -- OUTDIR [--force]\n");
    return parsed.values.help ? 0 : 2;
  }
  try {
    const summary = await release({
      outDir: path.resolve(parsed.positionals[0]),
      force: parsed.values.force,
      log: (l) => process.stdout.write(`${l}\n`),
    });
    process.stdout.write(
      `Student edition written to ${summary.outDir}: ${summary.exercises.length} ` +
        `exercises, ${summary.visibleCases} cases (${summary.hiddenCases} hidden cases ` +
        `left out).\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`release: ${(e as Error).message}\n`);
    return 2;
  }
}
