/**
 * grader/cli/new-exercise.ts: `npm run new-exercise -- NAME` scaffolds an exercise into a project
 * root (here a temporary one, --root), and what it writes grades with the real grader: the stub
 * scores 0, the solution full marks, every listed mutant loses points with a hint.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { main } from "../../grader/cli/new-exercise";
import { gradeSubmission } from "../../grader/engine/grade";
import { ROOT, cleanTemps, runMain, tempDir } from "./helpers";

interface MutantLike {
  name: string;
  reason: string;
  search: string;
  replace: string;
}

/** A temporary project root whose specs can import the real kit (grader/kit is linked). */
function tempRoot(): string {
  const root = tempDir("new-exercise");
  fs.mkdirSync(path.join(root, "grader", "specs"), { recursive: true });
  fs.symlinkSync(path.join(ROOT, "grader", "kit"), path.join(root, "grader", "kit"), "dir");
  return root;
}

const GRADE = { timeoutMs: 5000, jobs: 1, referenceCache: false };

describe("grading/new-exercise: scaffolding an exercise for teachers", function () {
  this.timeout(180_000);
  after(cleanTemps);

  it("writes stub, solution, spec and mutants that grade: stub 0, solution full marks, mutants lose points", async () => {
    const root = tempRoot();
    // An existing spec at position 41: the new exercise comes next.
    fs.writeFileSync(path.join(root, "grader", "specs", "older.grader.ts"), "const spec = {\n  order: 41,\n};\n");
    const name = "leaky-average";
    const r = await runMain(main, [name, "--root", root, "--zh", "滑动平均", "--en", "Moving average"]);
    assert.equal(r.status, 0, r.stderr);
    const files = {
      stub: path.join(root, "exercises", `${name}.ts`),
      solution: path.join(root, "solutions", `${name}.ts`),
      spec: path.join(root, "grader", "specs", `${name}.grader.ts`),
      mutants: path.join(root, "test", "mutants", `${name}.ts`),
    };
    for (const f of Object.values(files)) assert.ok(fs.existsSync(f), `${f} written`);

    // The printed notebook cells: the try-it cell and the self-check cell.
    assert.match(r.stdout, /## 练习 42：滑动平均（`leaky-average`）/);
    assert.match(r.stdout, /import \{ leakyAverage \} from "\.\/exercises\/leaky-average";/);
    assert.match(r.stdout, /tryIt\(\(\) => leakyAverage\(\[1, 1, 0\], 0\.5\)\)/);
    assert.match(r.stdout, /await check\("leaky-average"\);/);
    assert.match(r.stdout, /import \{ check, tryIt \} from "\.\/rnn\/notebook\/selfcheck";/);

    // The stub: bilingual statement, throws "not implemented yet".
    const stub = fs.readFileSync(files.stub, "utf8");
    assert.match(stub, /练习 42：滑动平均（leaky-average）/);
    assert.match(stub, /Exercise 42: Moving average \(leaky-average\)/);
    assert.match(stub, /throw new Error\("leaky-average: not implemented yet/);
    const spec = fs.readFileSync(files.spec, "utf8");
    assert.match(spec, /from "\.\.\/kit"/);
    assert.match(spec, /order: 42,/);

    // Formatted with the project's Prettier settings (npm test checks the format).
    const config = (await prettier.resolveConfig(path.join(ROOT, "package.json"))) ?? {};
    for (const f of Object.values(files)) {
      const ok = await prettier.check(fs.readFileSync(f, "utf8"), { ...config, filepath: f });
      assert.ok(ok, `${path.relative(root, f)} is formatted`);
    }

    const grade = (submissionDir: string, submissionFiles?: Record<string, string>) =>
      gradeSubmission({
        ...GRADE,
        submissionDir,
        submissionFiles,
        specsDir: path.join(root, "grader", "specs"),
        referenceDir: path.join(root, "solutions"),
        exercises: [name],
      });

    const stubReport = await grade(path.join(root, "exercises"));
    assert.equal(stubReport.max_score, 7);
    assert.equal(stubReport.score, 0);
    const tests = stubReport.exercises[0].tests;
    assert.ok(tests.length >= 6);
    assert.ok(tests.every((t) => t.status !== "passed"));
    assert.ok(tests.some((t) => /not implemented yet/.test(t.message)));

    const solutionReport = await grade(path.join(root, "solutions"));
    assert.equal(solutionReport.score, 7, JSON.stringify(solutionReport, null, 1));
    assert.ok(solutionReport.exercises[0].tests.every((t) => t.status === "passed"));

    // The mutant list: each search text occurs exactly once in the solution, and each mutant loses
    // points with a failing test that explains it (a hint).
    // A .ts file outside the project: loaded through the tsx require hook the tests run under.
    const { mutants } = require(files.mutants) as { mutants: MutantLike[] };
    assert.ok(mutants.length >= 2);
    const solution = fs.readFileSync(files.solution, "utf8");
    for (const m of mutants) {
      assert.ok(m.name && m.reason, "a mutant has a name and a reason");
      assert.equal(solution.split(m.search).length - 1, 1, `mutant ${m.name}: search occurs exactly once`);
      const dir = tempDir("mutant");
      const file = path.join(dir, `${name}.ts`);
      fs.writeFileSync(file, solution.replace(m.search, m.replace));
      const report = await grade(dir, { [name]: file });
      assert.ok(report.score < 7, `mutant ${m.name} loses points`);
      const failed = report.exercises[0].tests.filter((t) => t.status !== "passed");
      assert.ok(
        failed.some((t) => /Hint:|提示/.test(t.message)),
        `mutant ${m.name}: a failing test explains it`,
      );
    }
  });

  it("refuses an existing exercise and invalid names, writing nothing", async () => {
    const root = tempRoot();
    assert.equal((await runMain(main, ["dup-name", "--root", root])).status, 0);
    const before = fs.readFileSync(path.join(root, "solutions", "dup-name.ts"), "utf8");
    const again = await runMain(main, ["dup-name", "--root", root]);
    assert.equal(again.status, 2);
    assert.match(
      again.stderr,
      /the exercise "dup-name" already exists \(exercises\/dup-name\.ts, solutions\/dup-name\.ts/,
    );
    assert.equal(fs.readFileSync(path.join(root, "solutions", "dup-name.ts"), "utf8"), before);

    // One file of an exercise is enough to count as taken (a spec without a stub, say).
    fs.writeFileSync(path.join(root, "grader", "specs", "half-made.grader.ts"), "export default {};\n");
    const half = await runMain(main, ["half-made", "--root", root]);
    assert.equal(half.status, 2);
    assert.match(half.stderr, /already exists \(grader\/specs\/half-made\.grader\.ts\)/);
    assert.ok(!fs.existsSync(path.join(root, "exercises", "half-made.ts")));

    for (const bad of ["Bad_Name", "1st", "a--b", "-lead", "trail-", "../evil", "x", "with space", "a".repeat(41)]) {
      const r = await runMain(main, ["--root", root, "--", bad]);
      assert.equal(r.status, 2, bad);
      assert.match(
        r.stderr,
        new RegExp(`invalid exercise name ${JSON.stringify(bad).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
      );
    }
    assert.deepEqual(fs.readdirSync(path.join(root, "exercises")), ["dup-name.ts"]);
    assert.ok(!fs.existsSync(path.join(path.dirname(root), "evil.ts")));
    assert.equal((await runMain(main, ["--root", root])).status, 2, "a name is required");
  });
});
