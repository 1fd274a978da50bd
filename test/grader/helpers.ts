/**
 * Shared helpers of the grading engine's tests: the fixture exercise's folders, temporary
 * submissions, and running the command line in a child process.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as assert from "node:assert/strict";
import type { DetailedReport, GradeReport } from "../../grader/engine/report";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");
/** The fixture exercise (specs, solutions, stubs). */
export const FIXTURE = path.join(__dirname, "fixture");
export const FIXTURE_SOLUTIONS = path.join(FIXTURE, "solutions");
export const FIXTURE_STUBS = path.join(FIXTURE, "exercises");
/** The hostile submissions. */
export const HOSTILE = path.join(__dirname, "hostile");

/** Grading options pointing at the fixture exercise, with small limits for fast tests. */
export const FIXTURE_OPTIONS = {
  specsDir: FIXTURE,
  referenceDir: FIXTURE_SOLUTIONS,
  timeoutMs: 1500,
  loadTimeoutMs: 4000,
  memoryMb: 192,
};

const temps: string[] = [];

/** A fresh temporary folder, removed by {@link cleanTemps}. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rnn-test-${prefix}-`));
  temps.push(dir);
  return dir;
}

/** Removes the temporary folders made by {@link tempDir}. */
export function cleanTemps(): void {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** A submission folder holding the given files (name → content). */
export function submission(files: Record<string, string>): string {
  const dir = tempDir("sub");
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** The correct fixture-seq solution (the exercise that must stay fully scored). */
export function goodSeq(): string {
  return fs.readFileSync(path.join(FIXTURE_SOLUTIONS, "fixture-seq.ts"), "utf8");
}

/** The correct fixture-vec solution. */
export function goodVec(): string {
  return fs.readFileSync(path.join(FIXTURE_SOLUTIONS, "fixture-vec.ts"), "utf8");
}

/** Runs `rnn-course <args>` in a child process. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "grader", "cli", "rnn-course.cjs"), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 90_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `rnn-course <args>` in a child process without blocking (several can run at once). */
export function runCliAsync(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runProjectCli(ROOT, args, opts);
}

/** Finds an exercise in a report (fails the test when absent). */
export function exercise<R extends GradeReport>(report: R, name: string): R["exercises"][number] {
  const e = report.exercises.find((x) => x.name === name);
  assert.ok(e, `exercise ${name} missing from the report`);
  return e as R["exercises"][number];
}

/** Asserts that a report is complete and consistent: every manifest case, sums right, JSON-able. */
export function assertComplete(report: GradeReport | DetailedReport, manifest: Record<string, string[]>): void {
  assert.deepEqual(
    report.exercises.map((e) => e.name),
    Object.keys(manifest),
  );
  let total = 0;
  let max = 0;
  for (const e of report.exercises) {
    assert.deepEqual(
      e.tests.map((t) => t.name),
      manifest[e.name],
      `tests of ${e.name}`,
    );
    for (const t of e.tests) {
      assert.ok(["passed", "failed", "error", "timeout"].includes(t.status));
      assert.equal(t.score, t.status === "passed" ? t.max_score : 0);
      assert.equal(typeof t.message, "string");
    }
    assert.equal(
      e.score,
      e.tests.reduce((s, t) => s + t.score, 0),
    );
    assert.equal(
      e.max_score,
      e.tests.reduce((s, t) => s + t.max_score, 0),
    );
    total += e.score;
    max += e.max_score;
  }
  assert.equal(report.score, total);
  assert.equal(report.max_score, max);
  assert.ok(JSON.stringify(report).length < 1_000_000, "report under 1 MB");
}

/** The case ids of the fixture exercises, teacher edition (hidden included). */
export const FIXTURE_MANIFEST = {
  "fixture-vec": ["dot-small", "dot-empty", "axpy-small", "axpy-hidden"],
  "fixture-seq": ["short", "signs"],
};

/**
 * A small teacher's repository in a temporary folder, built around the fixture exercises: a copy
 * of src/, scripts/, grader/ (without its specs) and the package files, the fixture specs as grader/specs, the fixture
 * solutions as solutions/, the stubs as exercises/, a chapter-3 notebook folder with its `rnn`
 * link, and node_modules linked to this project's.
 */
export function makeTeacherProject(): string {
  const dir = tempDir("teacher");
  for (const entry of ["src", "scripts", "grader"]) {
    const skip = path.join(ROOT, "grader", "specs");
    const filter = (src: string) => src !== skip;
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true, verbatimSymlinks: true, filter });
  }
  for (const file of ["package.json", "package-lock.json", "tsconfig.json"])
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  fs.writeFileSync(path.join(dir, "README.md"), "# rnn-course (test copy)\n");
  fs.mkdirSync(path.join(dir, "grader", "specs"), { recursive: true });
  for (const f of fs.readdirSync(FIXTURE).filter((f) => f.endsWith(".grader.ts"))) {
    const source = fs.readFileSync(path.join(FIXTURE, f), "utf8").replace(/"\.\.\/\.\.\/\.\.\/grader\//g, '"../');
    fs.writeFileSync(path.join(dir, "grader", "specs", f), source);
  }
  fs.cpSync(FIXTURE_SOLUTIONS, path.join(dir, "solutions"), { recursive: true });
  fs.cpSync(FIXTURE_STUBS, path.join(dir, "exercises"), { recursive: true });
  fs.mkdirSync(path.join(dir, "test", "mutants"), { recursive: true });
  const chapter = path.join(dir, "notebooks", "ch3-practice");
  fs.mkdirSync(chapter, { recursive: true });
  fs.symlinkSync("../../src", path.join(chapter, "rnn"));
  fs.writeFileSync(
    path.join(chapter, "01-vectors.ipynb"),
    JSON.stringify({
      cells: [
        {
          cell_type: "code",
          source: ['import { selfCheck } from "./rnn/notebook/selfcheck";\n'],
          metadata: {},
          outputs: [],
          execution_count: null,
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

/** Links this project's node_modules into an edition written by release(). */
export function linkNodeModules(dir: string): void {
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
}

/** Runs `<projectDir>/grader/cli/rnn-course.cjs <args>` (that project's own engine). */
export function runProjectCli(
  projectDir: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectDir, "grader", "cli", "rnn-course.cjs"), ...args], {
      cwd: opts.cwd ?? projectDir,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs a command's `main(argv)` in this process, capturing what it prints. */
export async function runMain(
  main: (argv: string[]) => Promise<number>,
  argv: string[],
): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = (sink: string[]) =>
    ((chunk: string | Uint8Array) => {
      sink.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof process.stdout.write;
  const savedOut = process.stdout.write;
  const savedErr = process.stderr.write;
  process.stdout.write = write(out);
  process.stderr.write = write(err);
  try {
    const status = await main(argv);
    return { status, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = savedOut;
    process.stderr.write = savedErr;
  }
}
