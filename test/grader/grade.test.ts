/**
 * grader/engine/grade.ts (the engine), report.ts (formats) and grader/cli/grade.ts (the command line),
 * on the fixture exercises of test/grader/fixture.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { FIXTURE_FORMAT, encodeValue, hashValue, writeFixture } from "../../grader/engine/fixtures";
import {
  GradingSetupError,
  gradeSubmission,
  gradeSubmissionDetailed,
  referenceOutputsFor,
} from "../../grader/engine/grade";
import { renderGradescope, renderJUnit, renderTable } from "../../grader/engine/report";
import { selfCheckHtml } from "../../src/notebook/render/selfcheck";
import { sandboxStats } from "../../grader/sandbox/sandbox";
import { main } from "../../grader/cli/grade";
import {
  FIXTURE,
  FIXTURE_MANIFEST,
  FIXTURE_OPTIONS,
  FIXTURE_SOLUTIONS,
  FIXTURE_STUBS,
  assertComplete,
  cleanTemps,
  exercise,
  goodSeq,
  goodVec,
  runCliAsync,
  runMain,
  submission,
  tempDir,
} from "./helpers";

const WRONG_VEC = `export function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return x.map((xi, i) => alpha * (xi + y[i])); // wrong: alpha * (x + y)
}
`;

describe("grading/grade: the engine on the fixture exercises", function () {
  this.timeout(60_000);
  after(cleanTemps);

  it("gives full marks to the reference solutions, in the documented JSON format", async () => {
    const report = await gradeSubmission({ submissionDir: FIXTURE_SOLUTIONS, ...FIXTURE_OPTIONS });
    assertComplete(report, FIXTURE_MANIFEST);
    assert.equal(report.score, 7);
    assert.equal(report.max_score, 7);
    assert.deepEqual(Object.keys(report), ["score", "max_score", "exercises"]);
    assert.deepEqual(Object.keys(report.exercises[0]), ["name", "score", "max_score", "tests"]);
    assert.deepEqual(Object.keys(report.exercises[0].tests[0]), ["name", "status", "score", "max_score", "message"]);
    assert.ok(report.exercises.every((e) => e.tests.every((t) => t.status === "passed" && t.message === "")));
  });

  it("reports an unimplemented stub as errors with the learner's message and stack", async () => {
    const report = await gradeSubmission({ submissionDir: FIXTURE_STUBS, ...FIXTURE_OPTIONS });
    assertComplete(report, FIXTURE_MANIFEST);
    assert.equal(report.score, 0);
    const t = exercise(report, "fixture-vec").tests[0];
    assert.equal(t.status, "error");
    assert.match(
      t.message,
      /^Error: fixture-vec: dot is not implemented yet\n\s+at dot \(exercises\/fixture-vec\.ts:5:\d+\)$/,
    );
  });

  it("tells right from wrong, case by case, with the spec's message and hint", async () => {
    const dir = submission({ "fixture-vec.ts": WRONG_VEC, "fixture-seq.ts": goodSeq() });
    const report = await gradeSubmission({ submissionDir: dir, ...FIXTURE_OPTIONS });
    assertComplete(report, FIXTURE_MANIFEST);
    const vec = exercise(report, "fixture-vec");
    assert.deepEqual(
      vec.tests.map((t) => t.status),
      ["passed", "passed", "failed", "failed"],
    );
    assert.equal(vec.score, 2);
    assert.match(
      vec.tests[2].message,
      /axpy\(alpha, x, y\)\[\d\]: got .*; 3 of 4 entries differ[\s\S]*Hint: compare with a loop/,
    );
    assert.equal(report.score, 4);
  });

  it("leaves hidden cases out on request, and grades only the exercises asked for", async () => {
    const visible = await gradeSubmission({
      submissionDir: FIXTURE_SOLUTIONS,
      ...FIXTURE_OPTIONS,
      includeHidden: false,
      exercises: ["fixture-vec"],
    });
    assert.deepEqual(
      visible.exercises.map((e) => [e.name, e.tests.map((t) => t.name)]),
      [["fixture-vec", ["dot-small", "dot-empty", "axpy-small"]]],
    );
    assert.equal(visible.max_score, 4);
  });

  it("accepts per-exercise file overrides and an exercises/ folder inside the submission", async () => {
    const wrong = path.join(tempDir("override"), "variant.ts");
    fs.writeFileSync(wrong, WRONG_VEC);
    const nested = submission({ "exercises/fixture-seq.ts": goodSeq() });
    const report = await gradeSubmission({
      submissionDir: nested,
      ...FIXTURE_OPTIONS,
      submissionFiles: { "fixture-vec": wrong },
    });
    assert.equal(exercise(report, "fixture-vec").score, 2);
    assert.equal(exercise(report, "fixture-seq").score, 2);
  });

  it("learner files may import the course library through ../src", async () => {
    const dir = submission({
      "fixture-seq.ts":
        `import { Rng } from "../src/random";\nexport function cumsum(xs: number[]): ` +
        `number[] {\n  let acc = new Rng(1).int(1) * 0;\n  return xs.map((x) => (acc += ` +
        `x));\n}\n`,
    });
    const report = await gradeSubmission({ submissionDir: dir, ...FIXTURE_OPTIONS, exercises: ["fixture-seq"] });
    assert.equal(report.score, 2, JSON.stringify(report));
  });

  it("grades against recorded fixtures exactly as against the solutions, and detects stale fixtures", async () => {
    const fixtures = tempDir("fixtures");
    for (const name of ["fixture-vec", "fixture-seq"]) {
      const { cases, outputs } = await referenceOutputsFor(name, {
        specsDir: FIXTURE,
        referenceDir: FIXTURE_SOLUTIONS,
        includeHidden: true,
      });
      writeFixture(fixtures, {
        format: FIXTURE_FORMAT,
        exercise: name,
        cases: cases.map((c, i) => ({ id: c.id, input_sha256: hashValue(c.input), output: encodeValue(outputs[i]) })),
      });
    }
    const dir = submission({ "fixture-vec.ts": WRONG_VEC, "fixture-seq.ts": goodSeq() });
    const withSolutions = await gradeSubmission({ submissionDir: dir, ...FIXTURE_OPTIONS });
    const noSolutions = tempDir("nosolutions");
    const withFixtures = await gradeSubmission({
      submissionDir: dir,
      ...FIXTURE_OPTIONS,
      referenceDir: noSolutions,
      fixturesDir: fixtures,
    });
    assert.deepEqual(withFixtures, withSolutions);

    const file = path.join(fixtures, "fixture-seq.json");
    const stale = JSON.parse(fs.readFileSync(file, "utf8"));
    stale.cases[0].input_sha256 = "0".repeat(64);
    fs.writeFileSync(file, JSON.stringify(stale));
    const detailed = await gradeSubmissionDetailed({
      submissionDir: dir,
      ...FIXTURE_OPTIONS,
      referenceDir: noSolutions,
      fixturesDir: fixtures,
    });
    const t = exercise(detailed, "fixture-seq").tests[0];
    assert.equal(t.status, "error");
    assert.match(
      t.message,
      /grader problem \(not your fault\): the fixture of "fixture-seq" case "short" was recorded for a different input/,
    );
    assert.equal(exercise(detailed, "fixture-seq").tests[1].status, "passed");
    assert.equal(detailed.internalErrors.length, 1);
  });

  it("a failing reference solution is a grader problem, not the learner's", async () => {
    const refs = tempDir("refs");
    fs.writeFileSync(
      path.join(refs, "fixture-seq.ts"),
      "export function cumsum(): number[] { throw new Error('broken reference'); }\n",
    );
    fs.writeFileSync(path.join(refs, "fixture-vec.ts"), goodVec());
    const report = await gradeSubmissionDetailed({
      submissionDir: FIXTURE_SOLUTIONS,
      ...FIXTURE_OPTIONS,
      referenceDir: refs,
    });
    assert.equal(exercise(report, "fixture-vec").score, 5);
    for (const t of exercise(report, "fixture-seq").tests) {
      assert.equal(t.status, "error");
      assert.match(
        t.message,
        /grader problem \(not your fault\): the reference solution fixture-seq\.ts failed on case/,
      );
    }
    assert.ok(report.internalErrors.length >= 1);
  });

  it("refuses to run without specs, for unknown exercises or a missing submission folder", async () => {
    await assert.rejects(
      gradeSubmission({ submissionDir: FIXTURE_SOLUTIONS, ...FIXTURE_OPTIONS, exercises: ["nope"] }),
      (e: Error) =>
        e instanceof GradingSetupError && /unknown exercise nope \(known: fixture-seq, fixture-vec\)/.test(e.message),
    );
    await assert.rejects(
      gradeSubmission({ submissionDir: FIXTURE_SOLUTIONS, ...FIXTURE_OPTIONS, specsDir: tempDir("empty") }),
      /no grader specs/,
    );
    await assert.rejects(gradeSubmission({ submissionDir: "/nonexistent/x", ...FIXTURE_OPTIONS }), /does not exist/);
  });

  it("a broken spec is a grader problem for that exercise only", async () => {
    const specs = tempDir("specs");
    fs.copyFileSync(path.join(FIXTURE, "fixture-seq.grader.ts"), path.join(specs, "fixture-seq.grader.ts"));
    fs.writeFileSync(
      path.join(specs, "fixture-vec.grader.ts"),
      "const spec = { name: 'wrong-name' };\nexport default spec;\n",
    );
    for (const f of fs.readdirSync(specs)) {
      const p = path.join(specs, f);
      fs.writeFileSync(
        p,
        fs
          .readFileSync(p, "utf8")
          .replace(/"\.\.\/\.\.\/\.\.\/grader\//g, `"${path.resolve(__dirname, "../../grader")}/`),
      );
    }
    const report = await gradeSubmissionDetailed({
      submissionDir: FIXTURE_SOLUTIONS,
      ...FIXTURE_OPTIONS,
      specsDir: specs,
    });
    assert.equal(exercise(report, "fixture-seq").score, 2);
    const vec = exercise(report, "fixture-vec");
    assert.equal(vec.tests.length, 1);
    assert.equal(vec.tests[0].status, "error");
    assert.match(vec.tests[0].message, /name is "wrong-name" but the file is for exercise "fixture-vec"/);
    assert.equal(report.internalErrors.length, 1);
  });

  it("rebuilds a reference when its solution changes in a running process", async () => {
    const refs = tempDir("refs");
    for (const f of ["fixture-vec.ts", "fixture-seq.ts"])
      fs.copyFileSync(path.join(FIXTURE_SOLUTIONS, f), path.join(refs, f));
    const opts = {
      submissionDir: FIXTURE_SOLUTIONS,
      ...FIXTURE_OPTIONS,
      referenceDir: refs,
      exercises: ["fixture-seq"],
    };
    assert.equal((await gradeSubmission(opts)).score, 2);
    // The teacher edits the reference (here: breaks it) while the same process keeps grading.
    fs.writeFileSync(
      path.join(refs, "fixture-seq.ts"),
      "export function cumsum(xs: number[]): number[] {\n  return xs.map(() => 0);\n}\n",
    );
    const after = await gradeSubmission(opts);
    assert.ok(after.score < 2, `graded against the edited reference: ${JSON.stringify(after)}`);
  });

  it("runs a submission's exercises in one child, and an exercise whose cases allow more time in a child of its own", async () => {
    // Three exercises: the two fixtures, and "fixture-slow" (fixture-seq with 30 s per case).
    const specs = tempDir("specs");
    const grader = path.resolve(__dirname, "../../grader");
    for (const f of ["fixture-vec.grader.ts", "fixture-seq.grader.ts"]) {
      fs.writeFileSync(
        path.join(specs, f),
        fs.readFileSync(path.join(FIXTURE, f), "utf8").replace(/"\.\.\/\.\.\/\.\.\/grader\//g, `"${grader}/`),
      );
    }
    fs.writeFileSync(
      path.join(specs, "fixture-slow.grader.ts"),
      [
        `import base from "./fixture-seq.grader";`,
        `import type { ExerciseSpec } from "${grader}/kit";`,
        `const spec: ExerciseSpec = { ...base, name: "fixture-slow", order: 3, cases: () ` +
          `=> base.cases().map((c) => ({ ...c, timeoutMs: 30_000 })) };`,
        `export default spec;`,
      ].join("\n"),
    );
    const refs = tempDir("refs");
    for (const f of ["fixture-vec.ts", "fixture-seq.ts"])
      fs.copyFileSync(path.join(FIXTURE_SOLUTIONS, f), path.join(refs, f));
    fs.copyFileSync(path.join(FIXTURE_SOLUTIONS, "fixture-seq.ts"), path.join(refs, "fixture-slow.ts"));
    const opts = { submissionDir: refs, ...FIXTURE_OPTIONS, specsDir: specs, referenceDir: refs };

    const first = await gradeSubmission(opts); // computes the references (in children of their own)
    assert.equal(first.score, first.max_score);
    const before = sandboxStats().children;
    const second = await gradeSubmission(opts); // references known: only the learner's code runs
    assert.equal(second.score, second.max_score);
    assert.deepEqual(
      second.exercises.map((e) => e.name),
      ["fixture-vec", "fixture-seq", "fixture-slow"],
    );
    assert.equal(
      sandboxStats().children - before,
      2,
      "one child for fixture-vec and fixture-seq, one for fixture-slow",
    );

    const strictBefore = sandboxStats().children;
    const strict = await gradeSubmission({ ...opts, isolation: "exercise" });
    assert.deepEqual(strict, second, "the same report with a child process per exercise");
    assert.equal(sandboxStats().children - strictBefore, 3, "isolation: exercise starts one child per exercise");
  });
});

describe("grading/report: formats", function () {
  this.timeout(60_000);
  after(cleanTemps);

  it("table, JUnit, Gradescope and HTML renderings carry the same results", async () => {
    const dir = submission({ "fixture-vec.ts": WRONG_VEC, "fixture-seq.ts": goodSeq() });
    const r = await gradeSubmissionDetailed({ submissionDir: dir, ...FIXTURE_OPTIONS });

    const table = renderTable(r);
    assert.match(table, /^fixture-vec {2}向量运算（测试用） \/ Vector operations \(engine fixture\) {2}2\/5$/m);
    assert.match(table, /^ {2}FAIL {4}0\/2 {5}axpy of length 4 \[axpy-small\]$/m);
    assert.match(table, /^ {2}FAIL {4}0\/1 {5}\(hidden\) axpy with negative alpha \[axpy-hidden\]$/m);
    assert.match(table, /Total: 4\/7$/);

    // An attempted exercise keeps its details; a function still the stub shows one line, no stack.
    const half =
      `export function dot(a: number[], b: number[]): number {\n  return a.reduce((s, ` +
      `x, i) => s + x * b[i], 0);\n}\nexport function axpy(): number[] {\n  throw new ` +
      `Error("fixture-vec: axpy is not implemented yet");\n}\n`;
    const partial = renderTable(
      await gradeSubmissionDetailed({
        submissionDir: submission({ "fixture-vec.ts": half, "fixture-seq.ts": goodSeq() }),
        ...FIXTURE_OPTIONS,
      }),
    );
    assert.match(partial, /^ {2}ok {6}1\/1 {5}dot of length 3 \[dot-small\]$/m);
    assert.match(
      partial,
      /^ {2}ERROR {3}0\/2 {5}axpy of length 4 \[axpy-small\]\n {6}Error: fixture-vec: axpy is not implemented yet\n {2}/m,
    );
    assert.ok(!/\bat axpy \(/.test(partial), partial);

    const junit = renderJUnit(r);
    assert.match(
      junit,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="rnn-course" tests="6" failures="2" errors="0">/,
    );
    assert.equal((junit.match(/<testcase /g) ?? []).length, 6);
    assert.equal((junit.match(/<failure type="failed"/g) ?? []).length, 2);
    assert.match(junit, /<property name="score" value="2"\/>/);

    const gs = renderGradescope(r);
    assert.equal(gs.score, 4);
    assert.equal(gs.tests.length, 6);
    const hidden = gs.tests.find((t) => t.name.includes("[axpy-hidden]"));
    assert.equal(hidden?.visibility, "after_published");
    assert.equal(hidden?.status, "failed");
    assert.ok(gs.tests.filter((t) => !t.name.includes("hidden")).every((t) => t.visibility === "visible"));
    assert.equal(
      gs.tests.reduce((s, t) => s + t.score, 0),
      gs.score,
    );

    const html = selfCheckHtml(r);
    assert.equal((html.match(/<tr>/g) ?? []).length, 6 + 2); // one per test, one header per exercise
    assert.match(html, /总分 Total: 4 \/ 7/);
    assert.ok(!/<script/i.test(html));
  });

  it("escapes learner-controlled text in JUnit and HTML", async () => {
    const evil =
      `export function dot(): number { throw new Error('<script>alert(1)</script> & ` +
      `"q" \\u0001'); }\nexport const axpy = dot;\n`;
    const r = await gradeSubmissionDetailed({
      submissionDir: submission({ "fixture-vec.ts": evil, "fixture-seq.ts": goodSeq() }),
      ...FIXTURE_OPTIONS,
    });
    const junit = renderJUnit(r);
    assert.ok(!junit.includes("<script>"));
    assert.ok(junit.includes("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; \ufffd"));
    const html = selfCheckHtml(r);
    assert.ok(!html.includes("<script>"));
    assert.ok(html.includes("&lt;script&gt;"));
  });
});

describe("scripts/grade: the command line", function () {
  this.timeout(120_000);
  after(cleanTemps);
  const base = ["grade", "--specs", FIXTURE, "--reference", FIXTURE_SOLUTIONS, "--timeout", "1500"];

  it("prints a table by default and exits 0 whatever the score", async () => {
    const r = await runCliAsync([...base, FIXTURE_STUBS]);
    assert.equal(r.status, 0, r.stderr);
    // Untouched stubs: one line per exercise, no stack traces.
    assert.match(r.stdout, /^fixture-vec .*0\/5 {2}尚未实现 \/ not implemented yet: 4 tests$/m);
    assert.match(r.stdout, /^fixture-seq .*0\/2 {2}尚未实现 \/ not implemented yet: 2 tests$/m);
    assert.ok(!/\bat \w+ \(/.test(r.stdout), r.stdout);
    assert.match(r.stdout, /npm run grade -- --exercise NAME\nTotal: 0\/7\n$/);
    assert.equal(r.stdout.split("\n").length, 6, r.stdout);
  });

  it("writes JSON, JUnit and Gradescope reports to --out", async () => {
    const out = tempDir("out");
    for (const format of ["json", "junit", "gradescope"]) {
      const r = await runMain(main, [
        ...base.slice(1),
        FIXTURE_SOLUTIONS,
        "--format",
        format,
        "--out",
        path.join(out, format),
        "--exercise",
        "fixture-seq",
      ]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^Total: 2\/2 \(report written to /);
    }
    const json = JSON.parse(fs.readFileSync(path.join(out, "json"), "utf8"));
    assert.deepEqual(
      json.exercises.map((e: { name: string }) => e.name),
      ["fixture-seq"],
    );
    assert.match(
      fs.readFileSync(path.join(out, "junit"), "utf8"),
      /<testsuite name="fixture-seq" tests="2" failures="0" errors="0"/,
    );
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, "gradescope"), "utf8")).score, 2);
  });

  it("exits 2 when grading cannot run, 3 when the grader has a problem", async () => {
    const unknown = await runMain(main, [...base.slice(1), FIXTURE_SOLUTIONS, "--exercise", "nope"]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown exercise nope/);
    const badFormat = await runMain(main, [...base.slice(1), FIXTURE_SOLUTIONS, "--format", "xml"]);
    assert.equal(badFormat.status, 2);
    assert.match(badFormat.stderr, /--format must be table, json, junit or gradescope/);
    assert.equal((await runMain(main, [...base.slice(1), FIXTURE_SOLUTIONS, "--timeout", "-5"])).status, 2);
    assert.equal((await runMain(main, [...base.slice(1), "--bogus"])).status, 2);
    const badIsolation = await runMain(main, [...base.slice(1), FIXTURE_SOLUTIONS, "--isolation", "test"]);
    assert.equal(badIsolation.status, 2);
    assert.match(badIsolation.stderr, /--isolation must be submission or exercise, got "test"/);

    const refs = tempDir("refs");
    fs.writeFileSync(
      path.join(refs, "fixture-seq.ts"),
      "export function cumsum(): number[] { throw new Error('broken reference'); }\n",
    );
    const broken = await runMain(main, [
      "--specs",
      FIXTURE,
      "--reference",
      refs,
      "--exercise",
      "fixture-seq",
      "--format",
      "json",
      FIXTURE_SOLUTIONS,
    ]);
    assert.equal(broken.status, 3);
    assert.match(broken.stderr, /grader problem: fixture-seq: the reference solution fixture-seq\.ts failed/);
    assert.equal(JSON.parse(broken.stdout).max_score, 2, "the report is still written");
  });
});
