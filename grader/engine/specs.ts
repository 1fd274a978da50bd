/**
 * Finding and loading grader specs in the trusted parent.
 *
 * A spec file `<specsDir>/<name>.grader.ts` is bundled with esbuild (so no TypeScript loader is
 * needed, and a spec that imports from `solutions/` is refused) and evaluated once per process;
 * the cache is invalidated when any file that went into the bundle changes. The spec is then
 * validated: name, exports, unique case ids, points, serialisable inputs.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as v8 from "node:v8";
import { bundleSpec } from "./bundle";
import type { ExerciseSpec, GradeCase } from "../kit/spec";

/** A problem in the grading setup itself (a broken spec, a missing folder): not the learner's fault. */
export class GradingSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GradingSetupError";
  }
}

/** Suffix of grader spec files. */
export const SPEC_SUFFIX = ".grader.ts";

/** Names of the exercises that have a spec in `specsDir`, sorted. */
export function discoverExercises(specsDir: string): string[] {
  if (!fs.existsSync(specsDir)) return [];
  return fs
    .readdirSync(specsDir)
    .filter((f) => f.endsWith(SPEC_SUFFIX))
    .map((f) => f.slice(0, -SPEC_SUFFIX.length))
    .sort();
}

/** A loaded, validated spec. */
export interface LoadedSpec {
  spec: ExerciseSpec;
  file: string;
  /** All cases, in the spec's order (hidden ones included). */
  cases: GradeCase[];
}

interface CacheEntry {
  stamps: Map<string, number>;
  loaded: LoadedSpec;
}

const cache = new Map<string, CacheEntry>();

function stamp(file: string): number {
  try {
    const st = fs.statSync(file);
    return st.mtimeMs * 1e3 + st.size;
  } catch {
    return -1;
  }
}

/** Time-and-size stamps of files, for caches of what was built from them (see {@link unchanged}). */
export function stampFiles(files: Iterable<string>): Map<string, number> {
  const stamps = new Map<string, number>();
  for (const file of files) stamps.set(file, stamp(file));
  return stamps;
}

/** True when no stamped file has changed (or appeared, or gone) since {@link stampFiles}. */
export function unchanged(stamps: ReadonlyMap<string, number>): boolean {
  for (const [file, s] of stamps) if (stamp(file) !== s) return false;
  return true;
}

function validate(spec: unknown, name: string, file: string): LoadedSpec {
  const fail = (why: string): never => {
    throw new GradingSetupError(`grader spec ${file}: ${why}`);
  };
  if (spec === null || typeof spec !== "object") fail("the default export must be an ExerciseSpec object");
  const s = spec as ExerciseSpec;
  if (s.name !== name) fail(`name is ${JSON.stringify(s.name)} but the file is for exercise "${name}"`);
  if (!Array.isArray(s.exports) || !s.exports.every((e) => typeof e === "string"))
    fail("exports must be a list of names");
  if (s.library !== undefined && typeof s.library !== "boolean") fail("library must be true or false");
  if (typeof s.cases !== "function" || typeof s.run !== "function" || typeof s.check !== "function") {
    fail("cases, run and check must be functions");
  }
  if (!s.title || typeof s.title.en !== "string" || typeof s.title.zh !== "string") fail("title must have zh and en");
  let cases: GradeCase[];
  try {
    cases = s.cases();
  } catch (e) {
    return fail(`cases() threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(cases) || cases.length === 0) fail("cases() must return a non-empty list");
  const ids = new Set<string>();
  for (const c of cases) {
    if (typeof c.id !== "string" || c.id === "") fail("every case needs a non-empty string id");
    if (ids.has(c.id)) fail(`duplicate case id "${c.id}"`);
    ids.add(c.id);
    if (typeof c.title !== "string") fail(`case "${c.id}" needs a title`);
    if (typeof c.points !== "number" || !Number.isFinite(c.points) || c.points < 0)
      fail(`case "${c.id}" has invalid points`);
    if (c.timeoutMs !== undefined && !(typeof c.timeoutMs === "number" && c.timeoutMs > 0))
      fail(`case "${c.id}" has an invalid timeoutMs`);
    try {
      v8.serialize(c.input);
    } catch {
      fail(`the input of case "${c.id}" is not plain data`);
    }
  }
  return { spec: s, file, cases };
}

/**
 * Loads (bundles, evaluates, validates) the spec of exercise `name`.
 * @param forbiddenDirs folders the spec may not import from (the solutions)
 */
export async function loadSpec(
  specsDir: string,
  name: string,
  root: string,
  forbiddenDirs: string[],
): Promise<LoadedSpec> {
  const file = path.join(specsDir, `${name}${SPEC_SUFFIX}`);
  const key = `${file}\u0000${forbiddenDirs.join("\u0000")}`;
  const hit = cache.get(key);
  if (hit && unchanged(hit.stamps)) return hit.loaded;
  if (!fs.existsSync(file)) throw new GradingSetupError(`no grader spec for exercise "${name}" (${file})`);
  let bundle;
  try {
    bundle = await bundleSpec(file, root, forbiddenDirs);
  } catch (e) {
    throw new GradingSetupError(`grader spec ${file} does not build:\n${e instanceof Error ? e.message : String(e)}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-grade-spec-"));
  const out = path.join(dir, `${name}-${randomBytes(4).toString("hex")}.js`);
  let exported: unknown;
  try {
    fs.writeFileSync(out, bundle.code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(out) as { default?: unknown };
    exported = mod.default;
    delete require.cache[out];
  } catch (e) {
    throw new GradingSetupError(`grader spec ${file} failed to load: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    // Not waited for: removing a folder just written can block for milliseconds, on the critical path here.
    fs.rm(dir, { recursive: true, force: true }, () => undefined);
  }
  const loaded = validate(exported, name, file);
  cache.set(key, { stamps: stampFiles(bundle.inputs), loaded });
  return loaded;
}

/** Where to look for a learner's file of exercise `name` in a submission folder. */
export function locateSubmissionFile(submissionDir: string, name: string): string | null {
  const direct = [path.join(submissionDir, `${name}.ts`), path.join(submissionDir, "exercises", `${name}.ts`)];
  for (const f of direct) if (fs.existsSync(f)) return f;
  // Uploads sometimes nest the folder (e.g. a zipped repository): search a few levels down.
  const queue: { dir: string; depth: number }[] = [{ dir: submissionDir, depth: 0 }];
  const found: string[] = [];
  while (queue.length > 0) {
    const { dir, depth } = queue.shift() as { dir: string; depth: number };
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules" || e.name === "solutions") continue;
      const p = path.join(dir, e.name);
      if (e.isFile() && e.name === `${name}.ts`) found.push(p);
      else if (e.isDirectory() && depth < 4) queue.push({ dir: p, depth: depth + 1 });
    }
    if (found.length > 0) break;
  }
  found.sort((a, b) => a.length - b.length || a.localeCompare(b));
  return found[0] ?? null;
}

/** The `.ts` files directly in a submission folder (for "did you mean" messages). */
export function listSubmissionFiles(submissionDir: string): string[] {
  try {
    return fs
      .readdirSync(submissionDir)
      .filter((f) => f.endsWith(".ts"))
      .sort();
  } catch {
    return [];
  }
}
