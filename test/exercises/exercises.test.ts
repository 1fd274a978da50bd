/**
 * The chapter-3 exercises, graded end to end through the grading engine (grader/engine/grade.ts):
 *  - the reference solutions get full marks on every exercise;
 *  - the untouched stubs get zero, every test saying "not implemented yet", without a grader crash;
 *  - (test/exercises/mutants.test.ts: every mutant of test/mutants/<name>.ts loses points);
 *  - graders are deterministic and well formed (unique ids, positive points, visible and hidden
 *    cases, no import from solutions/).
 *
 * Submissions are staged in temporary folders as <name>.ts files, as a learner's would be.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { gradeSubmission, type ExerciseResult, type GradeReport } from "../../grader/engine/grade";
import { stripHiddenCases } from "../../grader/engine/release";
import type { ExerciseSpec } from "../../grader/kit/spec";

const ROOT = path.resolve(__dirname, "..", "..");
const EXERCISES = path.join(ROOT, "exercises");

/** Exercise names: the stems of exercises/*.ts. */
const NAMES = fs
  .readdirSync(EXERCISES)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();

function loadSpec(name: string): ExerciseSpec {
  return (require(path.join(ROOT, "grader", "specs", `${name}.grader.ts`)) as { default: ExerciseSpec }).default;
}

/** Stages files as a submission folder: exercise name → source file. */
function stage(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-submission-"));
  for (const [name, file] of Object.entries(files)) {
    fs.copyFileSync(file, path.join(dir, `${name}.ts`));
  }
  return dir;
}

function byName(report: GradeReport): Map<string, ExerciseResult> {
  return new Map(report.exercises.map((e) => [e.name, e]));
}

const stagedDirs: string[] = [];

function grade(files: Record<string, string>): Promise<GradeReport> {
  const dir = stage(files);
  stagedDirs.push(dir);
  return gradeSubmission({ submissionDir: dir, exercises: Object.keys(files), timeoutMs: 30_000 });
}

describe("chapter 3 exercises", function () {
  this.timeout(600_000);

  after(() => {
    for (const dir of stagedDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("has at least 15 exercises, each with a stub, a solution, a grader and mutants", () => {
    assert.ok(NAMES.length >= 15, `only ${NAMES.length} exercises`);
    for (const name of NAMES) {
      assert.ok(fs.existsSync(path.join(ROOT, "solutions", `${name}.ts`)), `solutions/${name}.ts missing`);
      assert.ok(
        fs.existsSync(path.join(ROOT, "grader", "specs", `${name}.grader.ts`)),
        `grader/specs/${name}.grader.ts missing`,
      );
      assert.ok(fs.existsSync(path.join(ROOT, "test", "mutants", `${name}.ts`)), `test/mutants/${name}.ts missing`);
    }
  });

  it("the README and exercises/README.md count and list every exercise", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const stated = /\((\d+) exercises, listed with descriptions/.exec(readme);
    assert.ok(stated, "README.md no longer says how many exercises there are");
    assert.equal(
      Number(stated[1]),
      NAMES.length,
      `README.md says ${stated[1]} exercises; exercises/ has ${NAMES.length}`,
    );
    const list = fs.readFileSync(path.join(ROOT, "exercises", "README.md"), "utf8");
    for (const name of NAMES)
      assert.match(list, new RegExp("\\| `" + name + "` \\|"), `exercises/README.md does not list ${name}`);
  });

  describe("graders are well formed", () => {
    for (const name of NAMES) {
      it(`${name}: deterministic cases, unique ids, visible and hidden, no solutions import`, () => {
        const spec = loadSpec(name);
        assert.equal(spec.name, name);
        const a = spec.cases();
        const b = spec.cases();
        assert.ok(isDeepStrictEqual(a, b), "building the cases twice gave different cases");
        const ids = a.map((c) => c.id);
        assert.equal(new Set(ids).size, ids.length, `duplicate case ids: ${ids.join(", ")}`);
        for (const c of a) assert.ok(c.points > 0, `case ${c.id} has no points`);
        assert.ok(
          a.some((c) => c.hidden !== true),
          "no visible case",
        );
        assert.ok(
          a.some((c) => c.hidden === true),
          "no hidden case",
        );
        const source = fs.readFileSync(path.join(ROOT, "grader", "specs", `${name}.grader.ts`), "utf8");
        assert.ok(!/from\s+["'][^"']*solutions/.test(source), "the grader imports from solutions/");
        const stub = fs.readFileSync(path.join(EXERCISES, `${name}.ts`), "utf8");
        for (const exp of spec.exports)
          assert.ok(new RegExp(`export (function|const) ${exp}\\b`).test(stub), `the stub does not export ${exp}`);
        const usesLibrary = /from "\.\.\/src/.test(stub);
        assert.equal(
          spec.library !== false,
          usesLibrary,
          usesLibrary
            ? "the stub imports the library, but the grader refuses it"
            : "a by-hand exercise: its grader must set library: false",
        );
      });
    }
  });

  it("hidden cases strip cleanly for the student edition (visible cases unchanged, hidden ids gone)", () => {
    // Stage a copy of the graders next to a link to the library, as the student edition has them.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-strip-"));
    stagedDirs.push(dir);
    const graders = path.join(dir, "grader", "specs");
    fs.mkdirSync(graders, { recursive: true });
    fs.symlinkSync(path.join(ROOT, "src"), path.join(dir, "src"));
    for (const part of ["kit", "engine"])
      fs.symlinkSync(path.join(ROOT, "grader", part), path.join(dir, "grader", part));
    for (const f of fs.readdirSync(path.join(ROOT, "grader", "specs"))) {
      if (f.endsWith(".ts") && !f.endsWith(".grader.ts"))
        fs.copyFileSync(path.join(ROOT, "grader", "specs", f), path.join(graders, f));
    }
    for (const name of NAMES) {
      const file = path.join(ROOT, "grader", "specs", `${name}.grader.ts`);
      const cases = loadSpec(name).cases();
      const hidden = new Set(cases.filter((c) => c.hidden === true).map((c) => c.id));
      const out = path.join(graders, `${name}.grader.ts`);
      const text = stripHiddenCases(fs.readFileSync(file, "utf8"), hidden, out);
      fs.writeFileSync(out, text);
      const stripped = (require(out) as { default: ExerciseSpec }).default.cases();
      assert.ok(
        isDeepStrictEqual(
          stripped,
          cases.filter((c) => c.hidden !== true),
        ),
        `${name}: visible cases changed when hidden ones were removed`,
      );
      for (const id of hidden)
        assert.ok(!text.includes(`"${id}"`), `${name}: hidden case id ${id} is still in the stripped grader`);
    }
  });

  it("by-hand exercises refuse the course library, which holds finished versions of some of them", async () => {
    // A learner who re-exports the library's tokenizer (and so on) instead of writing one.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-submission-"));
    stagedDirs.push(dir);
    fs.writeFileSync(
      path.join(dir, "smiles-tokenize.ts"),
      'import * as rnn from "../src";\nexport const tokenizeSmiles = ' +
        "rnn.tokenizeSmiles;\nexport function buildSmilesVocabulary(): string[] { return " +
        "[]; }\nexport function encodeBatch(): unknown { return null; }\n",
    );
    fs.writeFileSync(path.join(dir, "clip-grad-norm.ts"), 'export { clipGradNorm } from "../src/optim";\n');
    const report = byName(
      await gradeSubmission({
        submissionDir: dir,
        exercises: ["smiles-tokenize", "clip-grad-norm"],
        timeoutMs: 30_000,
      }),
    );
    for (const name of ["smiles-tokenize", "clip-grad-norm"]) {
      const r = report.get(name) as ExerciseResult;
      assert.equal(r.score, 0, name);
      for (const t of r.tests) {
        assert.equal(t.status, "error");
        assert.match(
          t.message,
          /import "\.\.\/src(\/optim)?" is not allowed in this exercise: write it with plain arrays/,
        );
      }
    }
  });

  describe("reference solutions", () => {
    let report: Map<string, ExerciseResult>;
    before(async () => {
      report = byName(await grade(Object.fromEntries(NAMES.map((n) => [n, path.join(ROOT, "solutions", `${n}.ts`)]))));
    });
    for (const name of NAMES) {
      it(`${name}: full marks`, () => {
        const r = report.get(name);
        assert.ok(r, `no result for ${name}`);
        const failed = r.tests.filter((t) => t.status !== "passed");
        assert.deepEqual(
          failed.map((t) => `${t.name}: ${t.message}`),
          [],
        );
        assert.equal(r.score, r.max_score);
        assert.ok(r.max_score > 0);
      });
    }
  });

  describe("untouched stubs", () => {
    let report: Map<string, ExerciseResult>;
    before(async () => {
      report = byName(await gradeSubmission({ submissionDir: EXERCISES, exercises: NAMES, timeoutMs: 30_000 }));
    });
    for (const name of NAMES) {
      it(`${name}: zero points, every test says "not implemented yet"`, () => {
        const r = report.get(name);
        assert.ok(r, `no result for ${name}`);
        assert.equal(r.score, 0);
        assert.ok(r.tests.length > 0);
        for (const t of r.tests) {
          assert.notEqual(t.status, "passed");
          assert.match(t.message, /not implemented yet/, `${t.name}: ${t.message}`);
          assert.doesNotMatch(t.message, /grader problem/, `${t.name}: ${t.message}`);
        }
      });
    }
  });
});
