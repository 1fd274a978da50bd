/**
 * Batch grading (`npm run grade-batch -- SUBMISSIONS_DIR --out OUTDIR`): every folder in
 * SUBMISSIONS_DIR is one student's submission (the folder name is the student's id).
 *
 * Submissions are graded concurrently in this process, sharing one pool of child-process slots
 * (one per core by default); the reference outputs are computed once and shared. Learner code runs
 * in sandboxed children, so one bad submission cannot stop the batch: a submission whose grading
 * fails gets an empty row with the reason, and the others go on.
 *
 * Writes OUTDIR/gradebook.csv (a "(max)" row, then one row per student: one column per exercise,
 * total, max, status) and OUTDIR/reports/<student>.json (the public JSON format) and .txt (the table).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Limiter, defaultJobs, gradeSubmissionDetailed, type GradeOptions } from "./grade";
import { renderTable, roundPoints, toGradeReport, type DetailedReport } from "./report";
import { GradingSetupError, discoverExercises } from "./specs";
import { PROJECT_ROOT } from "./grade";

/** Options of {@link gradeBatch}. */
export interface BatchOptions extends Omit<GradeOptions, "submissionDir" | "limiter"> {
  /** Folder holding one folder per student. */
  submissionsDir: string;
  /** Where the gradebook and the reports go. */
  outDir: string;
  /** Progress messages. */
  log?: (line: string) => void;
}

/** One row of the gradebook. */
export interface BatchRow {
  student: string;
  /** Exercise name → score (absent when grading failed). */
  scores: Record<string, number>;
  total: number | null;
  max: number | null;
  /** "ok", "grader problem: …" or "error: …". */
  status: string;
  /** Wall-clock seconds spent grading this submission (waiting for a free child slot included). */
  seconds: number;
  /** The detailed report (null when grading failed); the class summary page reads its tests. */
  report: DetailedReport | null;
}

/** What {@link gradeBatch} produced. */
export interface BatchSummary {
  exercises: string[];
  maxScores: Record<string, number>;
  rows: BatchRow[];
  gradebook: string;
}

/** Quotes a CSV field when needed (RFC 4180). */
export function csvField(value: string | number | null): string {
  const s = value === null ? "" : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function safeFileName(student: string): string {
  return student.replace(/[^\p{L}\p{N}._@+-]/gu, "_").slice(0, 120) || "_";
}

/** Grades every submission folder of `opts.submissionsDir`; never stops at a bad submission. */
export async function gradeBatch(opts: BatchOptions): Promise<BatchSummary> {
  const log = opts.log ?? (() => undefined);
  if (!fs.existsSync(opts.submissionsDir))
    throw new GradingSetupError(`the submissions folder ${opts.submissionsDir} does not exist`);
  const students = fs
    .readdirSync(opts.submissionsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
  const jobs = opts.jobs ?? defaultJobs();
  const limiter = new Limiter(jobs);
  const admission = new Limiter(Math.max(2, jobs * 2)); // bounds the submissions in flight
  const reportsDir = path.join(opts.outDir, "reports");
  fs.mkdirSync(reportsDir, { recursive: true });

  const specsDir = opts.specsDir ?? path.join(opts.root ?? PROJECT_ROOT, "grader", "specs");
  const known = discoverExercises(specsDir);
  if (known.length === 0) throw new GradingSetupError(`no grader specs (*.grader.ts) in ${specsDir}`);
  let exercises = opts.exercises && opts.exercises.length > 0 ? opts.exercises : known;
  const unknown = exercises.filter((e) => !known.includes(e));
  if (unknown.length > 0)
    throw new GradingSetupError(`unknown exercise ${unknown.join(", ")} (known: ${known.join(", ")})`);
  const maxScores: Record<string, number> = {};
  let courseOrder: string[] = []; // the reports list exercises in the course's order
  let done = 0;

  // Report file names: sanitized, made unique in the (sorted) order of the students.
  const fileNames = new Map<string, string>();
  const taken = new Set<string>();
  for (const student of students) {
    let name = safeFileName(student);
    for (let k = 2; taken.has(name); k++) name = `${safeFileName(student)}-${k}`;
    taken.add(name);
    fileNames.set(student, name);
  }

  const rows = await Promise.all(
    students.map((student) =>
      admission.run(async (): Promise<BatchRow> => {
        const base = path.join(reportsDir, fileNames.get(student) as string);
        let report: DetailedReport;
        const started = performance.now();
        const seconds = () => Math.round(performance.now() - started) / 1000;
        try {
          report = await gradeSubmissionDetailed({
            ...opts,
            submissionDir: path.join(opts.submissionsDir, student),
            limiter,
          });
        } catch (e) {
          const reason = e instanceof Error ? e.message : String(e);
          fs.writeFileSync(`${base}.txt`, `Grading failed: ${reason}\n`);
          log(`${student}: grading failed: ${reason}`);
          return {
            student,
            scores: {},
            total: null,
            max: null,
            status: `error: ${reason}`,
            seconds: seconds(),
            report: null,
          };
        } finally {
          done++;
        }
        fs.writeFileSync(`${base}.json`, `${JSON.stringify(toGradeReport(report), null, 2)}\n`);
        fs.writeFileSync(`${base}.txt`, `${renderTable(report)}\n`);
        const scores: Record<string, number> = {};
        if (courseOrder.length === 0) courseOrder = report.exercises.map((e) => e.name);
        for (const e of report.exercises) {
          scores[e.name] = e.score;
          maxScores[e.name] = e.max_score;
        }
        log(`[${done}/${students.length}] ${student}: ${report.score}/${report.max_score}`);
        const status = report.internalErrors.length > 0 ? `grader problem: ${report.internalErrors[0]}` : "ok";
        return { student, scores, total: report.score, max: report.max_score, status, seconds: seconds(), report };
      }),
    ),
  );

  const rank = (e: string) => (courseOrder.includes(e) ? courseOrder.indexOf(e) : courseOrder.length);
  exercises = [...exercises].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const maxTotal = roundPoints(exercises.reduce((s, e) => s + (maxScores[e] ?? 0), 0));
  const lines = [
    ["student", ...exercises, "total", "max", "status"].map(csvField).join(","),
    ["(max)", ...exercises.map((e) => maxScores[e] ?? null), maxTotal, maxTotal, ""].map(csvField).join(","),
    ...rows.map((r) =>
      [r.student, ...exercises.map((e) => (e in r.scores ? r.scores[e] : null)), r.total, r.max, r.status]
        .map(csvField)
        .join(","),
    ),
  ];
  const gradebook = path.join(opts.outDir, "gradebook.csv");
  fs.writeFileSync(gradebook, `${lines.join("\n")}\n`);
  return { exercises, maxScores, rows, gradebook };
}
