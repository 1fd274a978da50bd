/**
 * grader/engine/release.ts: hidden-case stripping, the student edition (no solution code, same
 * scores as the teacher's grader on visible cases), and a scan of the real course for leaks.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Limiter, gradeSubmission } from "../../grader/engine/grade";
import {
  RELEASED_ENTRIES,
  findSolutionCode,
  release,
  solutionOnlyLines,
  stripHiddenCases,
} from "../../grader/engine/release";
import {
  FIXTURE_OPTIONS,
  HOSTILE,
  ROOT,
  cleanTemps,
  goodSeq,
  linkNodeModules,
  makeTeacherProject,
  runProjectCli,
  submission,
  tempDir,
} from "./helpers";

describe("grading/release: stripping hidden cases", () => {
  const hidden = new Set(["h-1", "h-2"]);

  it("removes array elements that carry a hidden id (object literals and helper calls)", () => {
    const source = [
      'const HINTS = { "h-1": "kept: not a case list" };',
      "function cases() {",
      "  const c = (id: string, hidden = false) => ({ id, hidden });",
      "  return [",
      '    { id: "v-1", input: [1] },',
      '    { id: "h-1", hidden: true, input: [2] },',
      '    c("v-2"),',
      '    c("h-2", true),',
      "  ];",
      "}",
    ].join("\n");
    const out = stripHiddenCases(source, hidden);
    assert.ok(!out.includes('id: "h-1"'));
    assert.ok(!out.includes('c("h-2"'));
    assert.ok(out.includes('{ id: "v-1", input: [1] }'));
    assert.ok(out.includes('c("v-2")'));
    assert.ok(out.includes('"h-1": "kept: not a case list"'));
    assert.match(out, /return \[\n {4}\{ id: "v-1", input: \[1\] \},\n {4}c\("v-2"\),\n {2}\];/);
  });

  it("removes push statements and marked regions", () => {
    const source = [
      "const list = [];",
      'list.push({ id: "v-1" });',
      'list.push({ id: "h-1", hidden: true });',
      "// BEGIN HIDDEN",
      "for (let i = 0; i < 3; i++) list.push({ id: `gen-${i}`, hidden: true });",
      "// END HIDDEN",
      "export default list;",
    ].join("\n");
    assert.equal(
      stripHiddenCases(source, hidden),
      ["const list = [];", 'list.push({ id: "v-1" });', "export default list;"].join("\n"),
    );
  });
});

describe("grading/release: the student edition", function () {
  this.timeout(180_000);
  let teacher = "";
  let student = "";

  before(async function () {
    this.timeout(180_000);
    teacher = makeTeacherProject();
    student = path.join(tempDir("edition"), "student");
    const summary = await release({ root: teacher, outDir: student });
    assert.deepEqual(summary.exercises, ["fixture-seq", "fixture-vec"]);
    assert.equal(summary.visibleCases, 5);
    assert.equal(summary.hiddenCases, 1);
    linkNodeModules(student);
  });
  after(cleanTemps);

  it("holds the course material, stripped graders and fixtures, but no solutions or teacher-only folders", () => {
    for (const p of [
      "README.md",
      "package.json",
      "grader/engine/grade.ts",
      "grader/cli/rnn-course.cjs",
      "exercises/fixture-vec.ts",
      "grader/specs/fixture-vec.grader.ts",
      "grader/specs/fixtures/fixture-vec.json",
    ]) {
      assert.ok(fs.existsSync(path.join(student, p)), p);
    }
    for (const p of ["solutions", "test/mutants", "bench", ".ci"])
      assert.equal(fs.existsSync(path.join(student, p)), false, p);
    assert.equal(fs.readlinkSync(path.join(student, "notebooks", "ch3-practice", "rnn")), "../../src");
    const spec = fs.readFileSync(path.join(student, "grader", "specs", "fixture-vec.grader.ts"), "utf8");
    assert.ok(!spec.includes("axpy-hidden"), "hidden case removed from the spec");
    const fixture = JSON.parse(
      fs.readFileSync(path.join(student, "grader", "specs", "fixtures", "fixture-vec.json"), "utf8"),
    );
    assert.deepEqual(
      fixture.cases.map((c: { id: string }) => c.id),
      ["dot-small", "dot-empty", "axpy-small"],
    );
    assert.equal(
      JSON.parse(fs.readFileSync(path.join(student, "package.json"), "utf8")).scripts.test,
      "node grader/cli/rnn-course.cjs grade",
    );
  });

  it("contains no solution code (every file scanned, identifiers of the solutions absent)", () => {
    const only = solutionOnlyLines(teacher);
    assert.ok(only.size >= 4, "the solutions have runs of their own to look for");
    assert.deepEqual(findSolutionCode(student, only), []);
    const all = fs.readdirSync(student, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const e of all) {
      const text = fs.readFileSync(path.join(e.parentPath, e.name), "utf8");
      assert.ok(
        !/sumOfProductsForFixture|runningTotalsForFixture|fixture-vec reference line/.test(text),
        `solution code in ${e.name}`,
      );
    }
  });

  it("refuses to release when a notebook carries solution code", async () => {
    const leaky = makeTeacherProject();
    const notebook = path.join(leaky, "notebooks", "ch3-practice", "01-vectors.ipynb");
    const nb = JSON.parse(fs.readFileSync(notebook, "utf8"));
    const cell = [
      "const runningTotalsForFixture: number[] = [];\n",
      "let acc = 0;\n",
      "for (const x of xs) runningTotalsForFixture.push((acc += x));\n",
    ];
    nb.cells.push({ cell_type: "code", source: cell, metadata: {}, outputs: [], execution_count: null });
    fs.writeFileSync(notebook, JSON.stringify(nb));
    await assert.rejects(
      release({ root: leaky, outDir: path.join(tempDir("leak"), "out") }),
      /solution code found in the edition[\s\S]*01-vectors\.ipynb: "const runningTotalsForFixture: number\[\] = \[\];" …/,
    );
  });

  it("refuses an output folder inside the course or a non-empty one", async () => {
    await assert.rejects(
      release({ root: teacher, outDir: path.join(teacher, "src", "out") }),
      /must not be inside src\//,
    );
    await assert.rejects(release({ root: teacher, outDir: student }), /is not empty/);
  });

  it("grades like the teacher's grader: the same visible-case results on the same submissions", async () => {
    const wrong =
      `export function dot(a: number[], b: number[]): number { return a.length + ` +
      `b.length; }\nexport function axpy(alpha: number, x: number[], y: number[]): ` +
      `number[] { return x.map((xi, i) => alpha * xi + y[i]); }\n`;
    const submissions = [
      path.join(teacher, "solutions"),
      path.join(teacher, "exercises"),
      submission({ "fixture-vec.ts": wrong, "fixture-seq.ts": goodSeq() }),
      submission({
        "fixture-vec.ts": fs.readFileSync(path.join(HOSTILE, "a1-infinite-loop.ts"), "utf8"),
        "fixture-seq.ts": "export const cumsum = (xs: number[]) => xs;\n",
      }),
    ];
    const limits = {
      timeoutMs: FIXTURE_OPTIONS.timeoutMs,
      memoryMb: FIXTURE_OPTIONS.memoryMb,
      limiter: new Limiter(3),
    };
    const graded = await Promise.all(
      submissions.map((dir) =>
        Promise.all([
          gradeSubmission({ root: teacher, submissionDir: dir, ...limits }),
          gradeSubmission({ root: teacher, submissionDir: dir, includeHidden: false, ...limits }),
          gradeSubmission({ root: student, submissionDir: dir, ...limits }),
        ]),
      ),
    );
    for (const [i, [teacherFull, teacherVisible, studentReport]] of graded.entries()) {
      // "Same": every visible case has the same status, score and message, so the totals agree too.
      assert.deepEqual(studentReport, teacherVisible, submissions[i]);
      for (const e of teacherFull.exercises) {
        const visible = e.tests.filter((t) => t.name !== "axpy-hidden");
        assert.deepEqual(studentReport.exercises.find((s) => s.name === e.name)?.tests, visible);
      }
    }
    assert.equal(graded[0][2].score, 6);
    assert.equal(graded[1][2].score, 0);
  });

  it("the edition's own command works from its defaults (fixtures, its graders, its exercises)", async () => {
    const r = await runProjectCli(student, ["grade", path.join(teacher, "solutions"), "--format", "json"]);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.score, 6);
    assert.equal(report.max_score, 6);
  });
});

describe("grading/release: the real course", () => {
  it("no released file of the course holds solution-only code", function () {
    const only = solutionOnlyLines(ROOT);
    if (fs.existsSync(path.join(ROOT, "solutions")))
      assert.ok(only.size > 0, "the solutions have runs of their own to look for");
    const findings: string[] = [];
    for (const entry of [...RELEASED_ENTRIES, path.join("grader", "specs")]) {
      const p = path.join(ROOT, entry);
      if (!fs.existsSync(p)) continue;
      if (fs.statSync(p).isDirectory()) findings.push(...findSolutionCode(p, only).map((f) => `${entry}/${f}`));
      else {
        const dir = tempDir("single");
        fs.copyFileSync(p, path.join(dir, path.basename(p)));
        findings.push(...findSolutionCode(dir, only));
      }
    }
    cleanTemps();
    assert.deepEqual(findings, []);
  });
});
