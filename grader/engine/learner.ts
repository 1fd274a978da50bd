/**
 * Preparing an exercise: loading its spec and cases, finding the learner's file and bundling it
 * into a sandbox unit, or deciding its outcomes at once (file missing, does not compile).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { CaseOutcome, SandboxUnit } from "../sandbox/sandbox";
import type { GradeCase } from "../kit/spec";
import { BundleError, bundleForChild, readLearnerSource } from "./bundle";
import { allCases, sandboxCases } from "./children";
import type { ExerciseRun } from "./exercise-run";
import type { GradeOptions, Resolved } from "./options";
import { listSubmissionFiles, loadSpec, locateSubmissionFile, type LoadedSpec } from "./specs";

/** The learner's unit of an exercise, or the outcomes that are already decided (file missing, does not compile). */
async function learnerUnit(
  r: Resolved,
  loaded: LoadedSpec,
  cases: GradeCase[],
  file: string | null,
  submissionDir: string,
): Promise<SandboxUnit | CaseOutcome[]> {
  const name = loaded.spec.name;
  if (file === null) {
    const present = listSubmissionFiles(submissionDir);
    const hint = present.length > 0 ? ` (the submission has: ${present.slice(0, 20).join(", ")})` : "";
    return allCases(
      { kind: "error", message: `exercises/${name}.ts was not found in the submission${hint}`, log: "" },
      cases.length,
    );
  }
  try {
    readLearnerSource(file, path.dirname(file));
  } catch (e) {
    if (e instanceof BundleError)
      return allCases({ kind: "error", message: `exercises/${name}.ts: ${e.message}`, log: "" }, cases.length);
    throw e;
  }
  try {
    const bundle = await bundleForChild({
      root: r.root,
      specFile: loaded.file,
      moduleFile: file,
      moduleBase: path.join(r.root, "exercises"),
      moduleDir: path.dirname(file),
      forbiddenDirs: r.referenceDir ? [r.referenceDir] : [],
      allowLibrary: loaded.spec.library !== false,
    });
    return { code: bundle.code, map: bundle.map, exports: loaded.spec.exports, cases: sandboxCases(r, cases) };
  } catch (e) {
    if (e instanceof BundleError && e.learner) {
      return allCases(
        { kind: "error", message: `exercises/${name}.ts does not compile:\n${e.message}`, log: "" },
        cases.length,
      );
    }
    throw e;
  }
}

/** Loads an exercise's spec and cases and prepares the learner's unit (nothing runs yet). */
export async function prepareExercise(
  r: Resolved,
  name: string,
  opts: GradeOptions,
): Promise<{ run: ExerciseRun; learner: SandboxUnit | CaseOutcome[] | null }> {
  const run: ExerciseRun = {
    name,
    title: { zh: name, en: name },
    spec: null,
    cases: [],
    hiddenNotRun: 0,
    actual: [],
    expected: [],
    internal: [],
  };
  let loaded: LoadedSpec;
  try {
    loaded = await loadSpec(r.specsDir, name, r.root, r.referenceDir ? [r.referenceDir] : []);
  } catch (e) {
    run.internal.push(e instanceof Error ? e.message : String(e));
    return { run, learner: null };
  }
  run.spec = loaded;
  run.title = loaded.spec.title;
  run.cases = loaded.cases.filter((c) => r.includeHidden || c.hidden !== true);
  run.hiddenNotRun = loaded.cases.length - run.cases.length;
  const override = opts.submissionFiles?.[name];
  const file =
    override !== undefined
      ? fs.existsSync(override)
        ? path.resolve(override)
        : null
      : locateSubmissionFile(opts.submissionDir, name);
  const learner = await learnerUnit(r, loaded, run.cases, file, opts.submissionDir).catch((e): CaseOutcome[] => {
    const message = `grader problem while preparing the code: ${e instanceof Error ? e.message : String(e)}`;
    run.internal.push(message);
    return allCases({ kind: "error", message, log: "" }, run.cases.length);
  });
  return { run, learner };
}
