/**
 * The student edition of the course (`npm run release -- OUTDIR`) and the hidden-case stripping it
 * needs.
 *
 * The edition holds the notebooks, the library, the exercise stubs, the data, the scripts, the
 * package files and README, and the grader (grader/) with the specs of grader/specs with their hidden cases removed,
 * plus the reference outputs recorded from solutions/ as fixtures (grader/specs/fixtures/*.json).
 * It holds no solution code: after writing, every file (notebook cells included) is scanned for
 * runs of three consecutive code lines of solutions/ that are not all in the stubs, the library or
 * the graders, and the release fails if one is found.
 *
 * Hidden cases are removed from a spec's source by two means, then verified by loading the
 * stripped spec: its cases must be exactly the original's visible cases, same ids, titles,
 * points and inputs. (1) Every array element (or `.push(...)` statement) whose source holds the
 * string literal of a hidden case's id is deleted: this covers `{ id: "x-hidden", …, hidden: true }`
 * and helpers such as `c("x-hidden", …, true)`. (2) Lines between `// BEGIN HIDDEN` and
 * `// END HIDDEN` are deleted, for anything else. A spec whose hidden cases survive both is an error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { FIXTURE_FORMAT, encodeValue, hashValue, writeFixture } from "./fixtures";
import { Limiter, PROJECT_ROOT, defaultJobs, referenceOutputsFor } from "./grade";
import type { GradeCase, Value } from "../kit/spec";
import { GradingSetupError, SPEC_SUFFIX, discoverExercises, loadSpec } from "./specs";

/** Top-level entries of the teacher's repository that go into the student edition. */
export const RELEASED_ENTRIES = [
  "README.md",
  "LICENSE",
  "LICENSE.md",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  ".gitignore",
  "notebooks",
  "src",
  "exercises",
  "scripts",
  "grader",
  "data",
  "docs",
];

/** Options of {@link release}. */
export interface ReleaseOptions {
  /** Where to write the edition (created; must be empty unless `force`). */
  outDir: string;
  /** The teacher's repository (default: this project). */
  root?: string;
  /** Keep hidden cases (specs unstripped, fixtures with hidden outputs): the Gradescope autograder. */
  keepHidden?: boolean;
  /** Replace a non-empty `outDir`. */
  force?: boolean;
  /** Child processes at a time while recording reference outputs (default: the number of cores). */
  jobs?: number;
  /** Progress messages. */
  log?: (line: string) => void;
}

/** What {@link release} wrote. */
export interface ReleaseSummary {
  outDir: string;
  exercises: string[];
  visibleCases: number;
  hiddenCases: number;
}

const STRING_KINDS = new Set([ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral]);

/** Removes the source of the cases whose ids are in `hiddenIds` (see the file comment). */
export function stripHiddenCases(source: string, hiddenIds: ReadonlySet<string>, fileName = "spec.ts"): string {
  let text = source.replace(/^[ \t]*\/\/ *BEGIN HIDDEN\b[^\n]*\n[\s\S]*?^[ \t]*\/\/ *END HIDDEN\b[^\n]*\n?/gm, "");
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const ranges: [number, number][] = [];
  const visit = (node: ts.Node) => {
    if (STRING_KINDS.has(node.kind) && hiddenIds.has((node as ts.StringLiteral).text)) {
      let n: ts.Node = node;
      while (n.parent) {
        const p: ts.Node = n.parent;
        if (ts.isArrayLiteralExpression(p)) {
          // the element, with the comma that follows it
          let end = n.getEnd();
          const after = text.slice(end).match(/^\s*,/);
          if (after) end += after[0].length;
          ranges.push([n.getFullStart(), end]);
          return;
        }
        if (
          ts.isExpressionStatement(p) &&
          ts.isCallExpression(p.expression) &&
          ts.isPropertyAccessExpression(p.expression.expression) &&
          p.expression.expression.name.text === "push"
        ) {
          ranges.push([p.getFullStart(), p.getEnd()]);
          return;
        }
        if (ts.isFunctionLike(p) || ts.isSourceFile(p)) return; // not part of a case list
        n = p;
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  ranges.sort((a, b) => b[0] - a[0]);
  let lastStart = Infinity;
  for (const [start, end] of ranges) {
    if (end > lastStart) continue; // nested in a range already removed
    text = text.slice(0, start) + text.slice(end);
    lastStart = start;
  }
  return text;
}

function caseFingerprint(c: GradeCase): string {
  return JSON.stringify([c.id, c.title, c.points, c.timeoutMs ?? null, hashValue(c.input)]);
}

/** Copies a file or folder, leaving out `skip` (the specs, written stripped) and editor clutter. */
function copyEntry(from: string, to: string, skip: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => src !== skip && !/(^|[\\/])(\.ipynb_checkpoints|node_modules|\.DS_Store)$/.test(src),
  });
}

function isComment(line: string): boolean {
  return /^(\/\/|\/\*|\*|#)/.test(line);
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** Code lines that carry meaning: trimmed, spaces collapsed, no comments, blank lines or lone braces. */
function significantLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/\s+/g, " "))
    .filter((l) => l.length >= 8 && !isComment(l) && !/^[\s{}()[\];,]*$/.test(l));
}

const RUN = 3;

function runKey(lines: string[], i: number): string {
  return lines.slice(i, i + RUN).join("\n");
}

/**
 * Runs of {@link RUN} consecutive code lines of the solutions, at least one of which occurs
 * nowhere in the material students get anyway (stubs, library, graders). Finding such a run in
 * the edition means solution code leaked; single generic lines (`for (let i = 0; i < d; i++) {`)
 * do not count.
 * @returns run → the solution file it comes from
 */
export function solutionOnlyLines(root: string, solutionsDir = path.join(root, "solutions")): Map<string, string> {
  const shared = new Set<string>();
  for (const dir of ["exercises", "src", "grader"]) {
    for (const f of listFiles(path.join(root, dir))) {
      if (f.endsWith(".ts")) for (const l of significantLines(fs.readFileSync(f, "utf8"))) shared.add(l);
    }
  }
  const runs = new Map<string, string>();
  for (const f of listFiles(solutionsDir)) {
    if (!f.endsWith(".ts")) continue;
    const lines = significantLines(fs.readFileSync(f, "utf8"));
    for (let i = 0; i + RUN <= lines.length; i++) {
      if (lines.slice(i, i + RUN).some((l) => !shared.has(l))) runs.set(runKey(lines, i), path.relative(root, f));
    }
  }
  return runs;
}

/** Scans a folder for runs of solution code; returns "file: first line … (from solutions/x.ts)" findings. */
export function findSolutionCode(dir: string, runs: Map<string, string>): string[] {
  const findings: string[] = [];
  for (const f of listFiles(dir)) {
    let text: string;
    try {
      text = fs.readFileSync(f, "utf8");
    } catch {
      continue;
    }
    if (text.includes("\u0000")) continue; // binary
    // Notebooks keep code as JSON strings: decode them so lines compare as in a .ts file.
    const lines = significantLines(f.endsWith(".ipynb") ? notebookSources(text) : text);
    for (let i = 0; i + RUN <= lines.length; i++) {
      const from = runs.get(runKey(lines, i));
      if (from !== undefined) findings.push(`${path.relative(dir, f)}: "${lines[i]}" … (from ${from})`);
    }
  }
  return findings;
}

function notebookSources(text: string): string {
  try {
    const nb = JSON.parse(text) as { cells?: { source?: string | string[] }[] };
    return (nb.cells ?? []).map((c) => (Array.isArray(c.source) ? c.source.join("") : (c.source ?? ""))).join("\n");
  } catch {
    return text;
  }
}

/** Writes the student edition (or, with `keepHidden`, the autograder's edition). */
export async function release(opts: ReleaseOptions): Promise<ReleaseSummary> {
  const root = path.resolve(opts.root ?? PROJECT_ROOT);
  const outDir = path.resolve(opts.outDir);
  const log = opts.log ?? (() => undefined);
  const specsDir = path.join(root, "grader", "specs");
  const solutionsDir = path.join(root, "solutions");
  if (path.relative(root, outDir) === "" || !path.relative(outDir, root).startsWith("..")) {
    throw new GradingSetupError(`the output folder ${outDir} must not contain the course itself`);
  }
  for (const entry of [...RELEASED_ENTRIES, "test", "solutions"]) {
    if (!path.relative(path.join(root, entry), outDir).startsWith("..")) {
      throw new GradingSetupError(`the output folder ${outDir} must not be inside ${entry}/ of the course`);
    }
  }
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) {
    if (!opts.force) throw new GradingSetupError(`${outDir} is not empty (use --force to replace it)`);
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  fs.mkdirSync(outDir, { recursive: true });

  for (const entry of RELEASED_ENTRIES) {
    const from = path.join(root, entry);
    if (fs.existsSync(from)) copyEntry(from, path.join(outDir, entry), specsDir);
  }
  // In the student edition `npm test` grades the learner's exercises.
  const pkgFile = path.join(outDir, "package.json");
  if (fs.existsSync(pkgFile)) {
    const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { scripts?: Record<string, string> };
    pkg.scripts = { ...pkg.scripts, test: "node grader/cli/rnn-course.cjs grade" };
    fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  }

  const names = discoverExercises(specsDir);
  if (names.length === 0) throw new GradingSetupError(`no grader specs in ${specsDir}`);
  const outSpecs = path.join(outDir, "grader", "specs");
  fs.mkdirSync(outSpecs, { recursive: true });
  for (const f of fs.readdirSync(specsDir)) {
    const p = path.join(specsDir, f);
    if (fs.statSync(p).isFile() && f.endsWith(".ts")) fs.copyFileSync(p, path.join(outSpecs, f));
  }

  const limiter = new Limiter(opts.jobs ?? defaultJobs());
  let visibleCases = 0;
  let hiddenCases = 0;
  await Promise.all(
    names.map(async (name) => {
      const original = await loadSpec(specsDir, name, root, []);
      const hidden = original.cases.filter((c) => c.hidden === true);
      const visible = original.cases.filter((c) => c.hidden !== true);
      hiddenCases += hidden.length;
      visibleCases += visible.length;
      const specFile = path.join(outSpecs, `${name}${SPEC_SUFFIX}`);
      if (!opts.keepHidden && hidden.length > 0) {
        const source = fs.readFileSync(original.file, "utf8");
        fs.writeFileSync(specFile, stripHiddenCases(source, new Set(hidden.map((c) => c.id)), specFile));
        let stripped;
        try {
          stripped = await loadSpec(outSpecs, name, outDir, []);
        } catch (e) {
          throw new GradingSetupError(`removing the hidden cases of ${name} broke its spec: ${(e as Error).message}`);
        }
        const want = visible.map(caseFingerprint);
        const got = stripped.cases.map(caseFingerprint);
        if (stripped.cases.some((c) => c.hidden === true) || JSON.stringify(want) !== JSON.stringify(got)) {
          throw new GradingSetupError(
            `could not remove the hidden cases of ${name} cleanly (visible cases changed or hidden ones remain). ` +
              `Give each hidden case a literal string id inside the case list, or wrap its code in // BEGIN HIDDEN … // END HIDDEN lines.`,
          );
        }
      }
      log(`${name}: recording ${opts.keepHidden ? original.cases.length : visible.length} reference outputs`);
      const { cases, outputs } = await referenceOutputsFor(name, {
        specsDir,
        referenceDir: solutionsDir,
        root,
        includeHidden: opts.keepHidden === true,
        limiter,
      });
      writeFixture(path.join(outSpecs, "fixtures"), {
        format: FIXTURE_FORMAT,
        exercise: name,
        cases: cases.map((c, i) => ({
          id: c.id,
          input_sha256: hashValue(c.input),
          output: encodeValue(outputs[i] as Value),
        })),
      });
    }),
  );

  const leaks = findSolutionCode(outDir, solutionOnlyLines(root, solutionsDir));
  if (leaks.length > 0) {
    throw new GradingSetupError(`solution code found in the edition at ${outDir}:\n${leaks.slice(0, 20).join("\n")}`);
  }
  return { outDir, exercises: names, visibleCases, hiddenCases };
}
