/**
 * `npm run bench:grading [-- --batch N] [-- --fixture-only]`: how long grading takes.
 *
 * Targets (2 cores): one complete submission in under 10 s; a batch of 100 in under 5 minutes.
 * Measures, for the engine's fixture exercises and (when present) the course's real exercises
 * with all reference solutions as the submission:
 *  - one submission through the command line (`rnn-course grade`, a fresh process: what a learner
 *    waits for, including the sandbox probe), with the reference outputs computed, then cached;
 *  - one submission in process, with the references computed, then in memory;
 *  - a batch of N copies (default 100) with grade-batch's engine on all cores.
 * Also counts the sandboxed child processes started (one per group of exercises, see grade.ts).
 * Not a test: it prints figures.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { gradeBatch } from "../grader/engine/batch";
import { PROJECT_ROOT, clearReferenceCache, defaultJobs, gradeSubmission } from "../grader/engine/grade";
import { describeSandbox, sandboxStats } from "../grader/sandbox/sandbox";

interface Suite {
  label: string;
  specsDir: string;
  referenceDir: string;
  submissionDir: string;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

function copies(source: string, n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-bench-"));
  for (let i = 0; i < n; i++) {
    const student = path.join(dir, "in", `student-${String(i).padStart(3, "0")}`);
    fs.mkdirSync(student, { recursive: true });
    for (const f of fs.readdirSync(source).filter((f) => f.endsWith(".ts")))
      fs.copyFileSync(path.join(source, f), path.join(student, f));
  }
  return dir;
}

async function bench(suite: Suite, batchSize: number): Promise<void> {
  process.stdout.write(`\n## ${suite.label}\n`);
  const cliArgs = [
    path.join(PROJECT_ROOT, "grader", "cli", "rnn-course.cjs"),
    "grade",
    suite.submissionDir,
    "--specs",
    suite.specsDir,
    "--reference",
    suite.referenceDir,
    "--format",
    "json",
  ];
  spawnSync(process.execPath, cliArgs); // warms tsx's compile cache and fills the reference cache
  for (const [label, extra] of [
    ["one submission, command line, references computed:", ["--no-cache"]],
    ["one submission, command line, references cached:   ", []],
  ] as const) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [...cliArgs, ...extra], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const ms = performance.now() - t0;
    const report = JSON.parse(run.stdout || "{}") as { score?: number; max_score?: number };
    process.stdout.write(`${label} ${seconds(ms)}  score ${report.score}/${report.max_score}\n`);
  }

  const opts = { specsDir: suite.specsDir, referenceDir: suite.referenceDir };
  const [cold, coldMs] = await time(() =>
    gradeSubmission({ submissionDir: suite.submissionDir, ...opts, referenceCache: false }),
  );
  process.stdout.write(
    `one submission, in process, references computed: ${seconds(coldMs)}  score ${cold.score}/${cold.max_score}\n`,
  );
  const warmChildren = sandboxStats().children;
  const [, warmMs] = await time(() => gradeSubmission({ submissionDir: suite.submissionDir, ...opts }));
  process.stdout.write(
    `one submission, in process, references in memory:${seconds(warmMs)}  (${sandboxStats().children - warmChildren} child processes)\n`,
  );

  if (batchSize > 0) {
    const dir = copies(suite.submissionDir, batchSize);
    clearReferenceCache(); // the batch computes its references once, as grade-batch does
    const batchChildren = sandboxStats().children;
    try {
      const [summary, batchMs] = await time(() =>
        gradeBatch({
          submissionsDir: path.join(dir, "in"),
          outDir: path.join(dir, "out"),
          ...opts,
          referenceCache: false,
        }),
      );
      const ok = summary.rows.filter((r) => r.total === cold.score).length;
      process.stdout.write(
        `batch of ${batchSize} on ${defaultJobs()} cores:                  ` +
          `${seconds(batchMs)}  (${seconds(batchMs / batchSize)} per submission; ` +
          `${ok}/${batchSize} with the expected score; ` +
          `${sandboxStats().children - batchChildren} child processes)\n`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { batch: { type: "string", default: "100" }, "fixture-only": { type: "boolean", default: false } },
  });
  const batchSize = Number(values.batch);
  process.stdout.write(
    `# Grading benchmark (${os.cpus().length} cores, Node ${process.versions.node})\nSandbox: ${await describeSandbox()}\n`,
  );
  const fixture = path.join(PROJECT_ROOT, "test", "grader", "fixture");
  await bench(
    {
      label: "engine fixture exercises (2 exercises, 6 cases)",
      specsDir: fixture,
      referenceDir: path.join(fixture, "solutions"),
      submissionDir: path.join(fixture, "solutions"),
    },
    batchSize,
  );
  const specs = path.join(PROJECT_ROOT, "grader", "specs");
  const solutions = path.join(PROJECT_ROOT, "solutions");
  if (!values["fixture-only"] && fs.existsSync(specs) && fs.existsSync(solutions)) {
    const n = fs.readdirSync(specs).filter((f) => f.endsWith(".grader.ts")).length;
    await bench(
      {
        label: `course exercises (${n} exercises, all reference solutions as the submission)`,
        specsDir: specs,
        referenceDir: solutions,
        submissionDir: solutions,
      },
      batchSize,
    );
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
