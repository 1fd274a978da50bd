/**
 * Every mutant of test/mutants/<exercise>.ts (a named mistake applied to solutions/<exercise>.ts,
 * see test/mutants/mutant.ts) is graded by the real grader (grader/engine/grade.ts) and must lose
 * points, with at least one failing test whose message explains the mistake, and no "grader
 * problem". A mutant whose search text is not found exactly once in the solution fails (stale).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gradeSubmission, type ExerciseResult } from "../../grader/engine/grade";
import { applyMutant, type Mutant } from "../mutants/mutant";

const ROOT = path.resolve(__dirname, "..", "..");

/** Exercise names: the stems of exercises/*.ts. */
const NAMES = fs
  .readdirSync(path.join(ROOT, "exercises"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();

function mutantsOf(name: string): Mutant[] {
  const file = path.join(ROOT, "test", "mutants", `${name}.ts`);
  return fs.existsSync(file) ? (require(file) as { mutants: Mutant[] }).mutants : [];
}

describe("mutants of the reference solutions lose points, with a helpful message", function () {
  this.timeout(600_000);
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("every exercise has mutants, with unique names and a reason", () => {
    for (const name of NAMES) {
      const mutants = mutantsOf(name);
      assert.ok(mutants.length >= 1, `no mutant in test/mutants/${name}.ts`);
      const names = mutants.map((m) => m.name);
      assert.equal(new Set(names).size, names.length, `${name}: duplicate mutant names ${names.join(", ")}`);
      for (const m of mutants) assert.ok(m.reason.length > 0, `${name}/${m.name}: no reason`);
    }
  });

  // Round k grades the k-th mutant of every exercise in one engine call.
  const rounds: { name: string; mutant: Mutant }[][] = [];
  for (const name of NAMES) mutantsOf(name).forEach((mutant, k) => (rounds[k] ??= []).push({ name, mutant }));
  const reports: Map<string, ExerciseResult | Error>[] = [];

  before(async () => {
    for (const round of rounds) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-mutants-"));
      dirs.push(dir);
      const results = new Map<string, ExerciseResult | Error>();
      const graded: string[] = [];
      for (const { name, mutant } of round) {
        const solution = path.join("solutions", `${name}.ts`);
        try {
          const text = applyMutant(fs.readFileSync(path.join(ROOT, solution), "utf8"), mutant, solution);
          fs.writeFileSync(path.join(dir, `${name}.ts`), text);
          graded.push(name);
        } catch (e) {
          results.set(name, e as Error);
        }
      }
      const report = await gradeSubmission({ submissionDir: dir, exercises: graded, timeoutMs: 30_000 });
      for (const e of report.exercises) results.set(e.name, e);
      reports.push(results);
    }
  });

  rounds.forEach((round, k) => {
    for (const { name, mutant } of round) {
      it(`${name}/${mutant.name}: ${mutant.reason}`, () => {
        const r = reports[k].get(name);
        if (r instanceof Error) throw r;
        assert.ok(r, `no result for ${name}`);
        const lost = r.max_score - r.score;
        assert.ok(lost >= (mutant.minLost ?? 1), `the mutant lost ${lost} points (${r.score}/${r.max_score})`);
        const failed = r.tests.filter((t) => t.status !== "passed");
        const messages = failed.map((t) => `${t.name}: ${t.message}`).join("\n");
        for (const t of failed) assert.doesNotMatch(t.message, /grader problem/, `${t.name}: ${t.message}`);
        assert.ok(
          failed.some((t) => /提示|Hint|must be|threw/.test(t.message)),
          `no failure message explains the mistake:\n${messages}`,
        );
        for (const id of mutant.failing ?? [])
          assert.ok(
            failed.some((t) => t.name === id),
            `test ${id} passed; failing tests:\n${messages}`,
          );
        if (mutant.message) for (const t of failed) assert.match(t.message, mutant.message, `${t.name}`);
      });
    }
  });
});
