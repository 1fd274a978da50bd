/**
 * grader/cli/command-bundle.cjs: `rnn-course` runs a command from a cached esbuild bundle of its
 * TypeScript, rebuilt when any file that went into it changes, and through tsx when the cache
 * cannot be written. RNN_COURSE_CLI_TRACE=1 makes the command line say which way it went.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, cleanTemps, makeTeacherProject, runProjectCli } from "./helpers";

const TRACE = { RNN_COURSE_CLI_TRACE: "1" };

/** How the command was loaded, from the trace line: "cached", "built" or "tsx". */
function loadedBy(stderr: string): string {
  const line = stderr.split("\n").find((l) => l.startsWith("rnn-course: grade.ts "));
  assert.ok(line, `no trace line in:\n${stderr}`);
  if (line.includes("from the cached bundle")) return "cached";
  if (line.includes("from a new bundle")) return "built";
  if (line.includes("through tsx")) return "tsx";
  throw new Error(`unknown trace line: ${line}`);
}

/** Sets a file's modification time `seconds` from now (its content unchanged). */
function touch(file: string, seconds: number): void {
  const t = new Date(Date.now() + seconds * 1000);
  fs.utimesSync(file, t, t);
}

/**
 * A copy of the course (the fixture exercises) whose files were last changed a minute ago: a bundle
 * built from files changed in the last two seconds is not kept.
 */
function settledProject(): string {
  const project = makeTeacherProject();
  const past = new Date(Date.now() - 60_000);
  for (const dir of ["grader", "src"]) {
    for (const f of fs.readdirSync(path.join(project, dir), { recursive: true, encoding: "utf8" }))
      fs.utimesSync(path.join(project, dir, f), past, past);
  }
  fs.utimesSync(path.join(project, "tsconfig.json"), past, past);
  return project;
}

/** The files recorded in a bundle's first line. */
function manifest(bundle: string): string[] {
  const first = fs.readFileSync(bundle, "utf8").split("\n", 1)[0];
  const json = first.slice(first.indexOf("{"));
  return (JSON.parse(json) as { inputs: [string, number, number][] }).inputs.map(([file]) => file);
}

describe("grading/cli: the command's cached bundle", function () {
  this.timeout(180_000);
  after(cleanTemps);

  it("is built once, then reused; an edited or touched source file makes it rebuild, and the edit takes effect", async () => {
    const project = settledProject();
    const help = () => runProjectCli(project, ["grade", "--help"], { env: TRACE });
    const first = await help();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(loadedBy(first.stderr), "built");
    const bundle = path.join(project, ".tmp", "cli", "grade.js");
    const inputs = manifest(bundle);
    for (const file of ["grader/cli/grade.ts", "grader/engine/report.ts", "grader/sandbox/layers.ts", "tsconfig.json"])
      assert.ok(inputs.includes(file), `${file} recorded in the bundle (${inputs.join(", ")})`);
    assert.equal(loadedBy((await help()).stderr), "cached");

    // An edit (content and time) of the command's own file.
    const command = path.join(project, "grader", "cli", "grade.ts");
    const source = fs.readFileSync(command, "utf8");
    fs.writeFileSync(
      command,
      source.replace("usage: npm run grade -- [DIR]", "usage (edited): npm run grade -- [DIR]"),
    );
    touch(command, -30);
    const edited = await help();
    assert.equal(loadedBy(edited.stderr), "built");
    assert.match(edited.stdout, /^usage \(edited\): npm run grade/);
    const again = await help();
    assert.equal(loadedBy(again.stderr), "cached");
    assert.match(again.stdout, /^usage \(edited\)/);

    // Only the time of a file deep in the engine.
    touch(path.join(project, "grader", "engine", "report.ts"), -20);
    assert.equal(loadedBy((await help()).stderr), "built");
    assert.equal(loadedBy((await help()).stderr), "cached");

    // A file gone from the project.
    fs.renameSync(path.join(project, "tsconfig.json"), path.join(project, "tsconfig.saved"));
    const missing = await help();
    fs.renameSync(path.join(project, "tsconfig.saved"), path.join(project, "tsconfig.json"));
    assert.notEqual(loadedBy(missing.stderr), "cached");
  });

  it("several commands started together all run, and leave one complete bundle (no temporary file)", async () => {
    const project = settledProject();
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => runProjectCli(project, ["grade", "--help"], { env: TRACE })),
    );
    for (const r of runs) {
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^usage: npm run grade/);
    }
    assert.deepEqual(fs.readdirSync(path.join(project, ".tmp", "cli")), ["grade.js"]);
    assert.equal(loadedBy((await runProjectCli(project, ["grade", "--help"], { env: TRACE })).stderr), "cached");
  });

  it("does not keep a bundle whose files changed as it was built (it cannot tell which version it holds)", async () => {
    const project = makeTeacherProject();
    // A modification time after the build started: the file may have changed during the build.
    touch(path.join(project, "grader", "engine", "grade.ts"), 60);
    for (let i = 0; i < 2; i++) {
      const r = await runProjectCli(project, ["grade", "--help"], { env: TRACE });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(loadedBy(r.stderr), "built");
      assert.match(r.stderr, /from a new bundle \(not kept\)/);
    }
    assert.deepEqual(fs.readdirSync(path.join(project, ".tmp", "cli")), [], "nothing kept, no temporary file left");
  });

  it("grades through tsx when the cache folder cannot be written", async () => {
    const project = makeTeacherProject();
    fs.mkdirSync(path.join(project, ".tmp"));
    fs.writeFileSync(path.join(project, ".tmp", "cli"), "a file where the cache folder would be\n");
    const args = ["grade", "solutions", "--format", "json"];
    const r = await runProjectCli(project, args, { env: TRACE });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(loadedBy(r.stderr), "tsx");
    assert.match(r.stderr, /through tsx \(cannot write \.tmp\/cli\)/);
    const report = JSON.parse(r.stdout) as { score: number; max_score: number };
    assert.ok(report.max_score > 0);
    assert.equal(report.score, report.max_score);
    // Without the trace, the fallback is silent.
    const quiet = await runProjectCli(project, args);
    assert.equal(quiet.status, 0, quiet.stderr);
    assert.equal(quiet.stderr, "");
    assert.equal(quiet.stdout, r.stdout);
  });

  for (const [folder, format] of [
    ["solutions", "json"],
    ["exercises", "detailed"],
  ]) {
    it(`gives the same report bundled and through tsx: the course's ${folder}, --format ${format}`, async () => {
      const args = ["grade", path.join(ROOT, folder), "--format", format, "--jobs", "2"];
      if (format === "detailed") args.push("--no-hidden");
      const bundled = await runProjectCli(ROOT, args, { env: TRACE });
      const tsx = await runProjectCli(ROOT, args, { env: { ...TRACE, RNN_COURSE_CLI_CACHE: "off" } });
      assert.equal(bundled.status, 0, bundled.stderr);
      assert.equal(tsx.status, 0, tsx.stderr);
      assert.notEqual(loadedBy(bundled.stderr), "tsx");
      assert.equal(loadedBy(tsx.stderr), "tsx");
      const report = JSON.parse(bundled.stdout) as { score: number; max_score: number; exercises: unknown[] };
      assert.ok(report.exercises.length >= 17, `${report.exercises.length} exercises`);
      assert.equal(report.score, folder === "solutions" ? report.max_score : 0);
      assert.deepEqual(JSON.parse(bundled.stdout), JSON.parse(tsx.stdout));
    });
  }
});
