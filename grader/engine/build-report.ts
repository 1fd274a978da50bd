/**
 * The detailed report of a grading run, built from the manifest of expected cases (a case mocha
 * did not report is failed) and the verdicts of the mocha run.
 */
import type { ExerciseRun } from "./exercise-run";
import type { Judged } from "./mocha-run";
import {
  roundPoints,
  truncate,
  type DetailedExercise,
  type DetailedReport,
  type DetailedTest,
  type TestStatus,
} from "./report";

const MAX_MESSAGE = 4000;

export function buildReport(runs: ExerciseRun[], judged: Map<string, Judged>): DetailedReport {
  const exercises: DetailedExercise[] = [];
  const internalErrors: string[] = [];
  for (const run of runs) {
    for (const p of run.internal) internalErrors.push(`${run.name}: ${p}`);
    const tests: DetailedTest[] = run.cases.map((c) => {
      const j = judged.get(`${run.name}\u0000${c.id}`) ?? {
        status: "failed" as TestStatus,
        message: "the test did not run",
      };
      return {
        name: c.id,
        status: j.status,
        score: j.status === "passed" ? c.points : 0,
        max_score: c.points,
        message: truncate(j.message, MAX_MESSAGE),
        title: c.title,
        hidden: c.hidden === true,
      };
    });
    if (run.spec === null) {
      tests.push({
        name: "grader",
        status: "error",
        score: 0,
        max_score: 0,
        message: `grader problem: ${run.internal.join("; ")}`,
        title: "grader",
        hidden: false,
      });
    }
    exercises.push({
      name: run.name,
      score: roundPoints(tests.reduce((s, t) => s + t.score, 0)),
      max_score: roundPoints(tests.reduce((s, t) => s + t.max_score, 0)),
      tests,
      title: run.title,
      hidden_not_run: run.hiddenNotRun,
    });
  }
  return {
    score: roundPoints(exercises.reduce((s, e) => s + e.score, 0)),
    max_score: roundPoints(exercises.reduce((s, e) => s + e.max_score, 0)),
    exercises,
    internalErrors,
  };
}
