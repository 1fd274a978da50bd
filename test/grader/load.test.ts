/**
 * The same submission gets the same report whatever the machine's load: the hostile catalogue
 * (every submission of test/grader/hostile that needs no staging placeholders) is graded on the
 * machine as it is, then again while busy processes keep every core occupied, and the two reports
 * must be identical (numbers in messages aside: memory figures and the like). Time limits count
 * CPU time and printed output travels with the results, which is what makes this hold.
 */
import * as assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Limiter, gradeSubmissionDetailed } from "../../grader/engine/grade";
import type { DetailedReport } from "../../grader/engine/report";
import { FIXTURE_OPTIONS, HOSTILE, cleanTemps, goodSeq, submission } from "./helpers";

/** The hostile submissions that run as they are (no placeholders to fill in). */
function catalogue(): string[] {
  return fs
    .readdirSync(HOSTILE)
    .filter((f) => f.endsWith(".ts") && !/__[A-Z_]+__/.test(fs.readFileSync(path.join(HOSTILE, f), "utf8")))
    .sort();
}

/** A message without what differs from run to run anyway: numbers, the random staging folder's name. */
function mask(message: string): string {
  return message.replace(/rnn-grade-[A-Za-z0-9]+/g, "rnn-grade-*").replace(/\d+/g, "#");
}

/** What must not depend on load: every test's status, points and message (numbers masked). */
function verdicts(report: DetailedReport): string[] {
  return report.exercises.flatMap((e) =>
    e.tests.map((t) => `${e.name}/${t.name}: ${t.status} ${t.score}/${t.max_score} ${mask(t.message)}`),
  );
}

async function gradeAll(files: string[], dirs: Map<string, string>): Promise<Map<string, string[]>> {
  const limiter = new Limiter(2);
  const out = new Map<string, string[]>();
  await Promise.all(
    files.map(async (f) => {
      const report = await gradeSubmissionDetailed({
        submissionDir: dirs.get(f) as string,
        ...FIXTURE_OPTIONS,
        limiter,
        referenceCache: false,
      });
      out.set(f, [...verdicts(report), ...report.internalErrors.map((p) => `grader problem: ${p}`)]);
    }),
  );
  return out;
}

/** Starts one busy process per core (an endless loop each). */
function keepCoresBusy(): ChildProcess[] {
  const n = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return Array.from({ length: n }, () =>
    spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore", detached: false }),
  );
}

describe("grading under load: identical reports on a busy machine", function () {
  this.timeout(900_000);
  const busy: ChildProcess[] = [];
  after(() => {
    for (const p of busy) p.kill("SIGKILL");
    cleanTemps();
  });

  it("grades the hostile catalogue the same with every core kept busy", async () => {
    const files = catalogue();
    assert.ok(files.length >= 20, `the catalogue has ${files.length} submissions`);
    const dirs = new Map(
      files.map((f) => [
        f,
        submission({ "fixture-vec.ts": fs.readFileSync(path.join(HOSTILE, f), "utf8"), "fixture-seq.ts": goodSeq() }),
      ]),
    );
    const quiet = await gradeAll(files, dirs);
    busy.push(...keepCoresBusy());
    const loaded = await gradeAll(files, dirs);
    for (const p of busy) p.kill("SIGKILL");
    for (const f of files) assert.deepEqual(loaded.get(f), quiet.get(f), `${f}: the report changed under load`);
  });
});
