/**
 * The reference outputs of exercises: from the memory or disk cache, from the recorded fixtures
 * (student edition), or computed from `solutions/<name>.ts` in grouped sandboxed children.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { CaseOutcome, SandboxUnit } from "../sandbox/sandbox";
import type { GradeCase, Value } from "../kit/spec";
import { bundleForChild, type Bundle } from "./bundle";
import { isHeavy, runGrouped, sandboxCases, type Pending } from "./children";
import { orderOfSpec, type Expected } from "./exercise-run";
import { decodeValue, hashValue, readFixture, type FixtureCase, type Json } from "./fixtures";
import type { Resolved } from "./options";
import { sanitizeValue } from "./protocol";
import { readReferenceCache, writeReferenceCache } from "./reference-cache";
import { stampFiles, unchanged, type LoadedSpec } from "./specs";

const referenceCache = new Map<string, Promise<Expected[]>>();

/** Forgets the reference outputs kept in memory by this process (benchmarks). */
export function clearReferenceCache(): void {
  referenceCache.clear();
}

export function referenceFile(r: Resolved, name: string): string | null {
  if (r.referenceDir === null) return null;
  const f = path.join(r.referenceDir, `${name}.ts`);
  return fs.existsSync(f) ? f : null;
}

function toExpected(outcomes: CaseOutcome[], cases: GradeCase[], solution: string): Expected[] {
  return outcomes.map((o, i): Expected => {
    if (o.kind === "ok") {
      try {
        return { ok: true, value: sanitizeValue(o.value) };
      } catch (e) {
        return {
          ok: false,
          problem: `the reference output of case "${cases[i].id}" is not plain data: ${(e as Error).message}`,
        };
      }
    }
    return {
      ok: false,
      problem: `the reference solution ${path.basename(solution)} failed on case "${cases[i].id}" (${o.kind}): ${o.message}`,
    };
  });
}

/** Reference bundles built by this process, with the stamps of the files that went into them. */
const referenceBundles = new Map<string, { bundle: Bundle; stamps: Map<string, number> }>();

/**
 * The bundle of a reference solution with its spec, rebuilt only when one of its files changed
 * (a batch needs it once per exercise, not once per submission).
 */
async function referenceBundle(root: string, specFile: string, solution: string): Promise<Bundle> {
  const key = `${root}\0${specFile}\0${solution}`;
  const known = referenceBundles.get(key);
  if (known !== undefined && unchanged(known.stamps)) return known.bundle;
  const bundle = await bundleForChild({
    root,
    specFile,
    moduleFile: solution,
    moduleBase: path.join(root, "solutions"),
    moduleDir: path.dirname(solution),
    forbiddenDirs: [],
  });
  // The solution and its sibling modules are loaded through the bundler's learner namespace, so
  // they are not among the bundle's inputs: the whole solutions folder is stamped as well.
  const folder = path.dirname(solution);
  const siblings = fs.readdirSync(folder).filter((f) => f.endsWith(".ts"));
  referenceBundles.set(key, {
    bundle,
    stamps: stampFiles([...bundle.inputs, specFile, folder, ...siblings.map((f) => path.join(folder, f))]),
  });
  return bundle;
}

/**
 * The reference outputs of several exercises: from the memory or disk cache, from the recorded
 * fixtures, or computed from the solutions in grouped sandboxed children.
 */
export async function referenceOutputsMany(
  r: Resolved,
  items: { loaded: LoadedSpec; cases: GradeCase[] }[],
): Promise<Expected[][]> {
  const pending: Pending[] = [];
  const failed = (cases: GradeCase[], e: unknown): Expected[] => {
    const problem = `computing the reference outputs failed: ${e instanceof Error ? e.message : String(e)}`;
    return cases.map(() => ({ ok: false, problem }));
  };
  // Each item gives a box holding its promise (an async function would flatten it, and wait for
  // the computation before the pending units are even started).
  const boxes = await Promise.all(
    items.map(async ({ loaded, cases }): Promise<{ expected: Promise<Expected[]> }> => {
      const name = loaded.spec.name;
      const solution = referenceFile(r, name);
      if (solution === null) return { expected: Promise.resolve(fixtureOutputs(r, name, cases)) };
      let bundle: Bundle;
      try {
        bundle = await referenceBundle(r.root, loaded.file, solution);
      } catch (e) {
        return { expected: Promise.resolve(failed(cases, e)) };
      }
      const key = hashValue([bundle.code, cases.map((c) => [c.id, c.input] as Value), process.version]);
      const known = referenceCache.get(key);
      if (known !== undefined) return { expected: known };
      const stored = r.diskCache ? readReferenceCache(r.root, key, cases) : null;
      const unit: SandboxUnit = {
        code: bundle.code,
        map: bundle.map,
        exports: loaded.spec.exports,
        cases: sandboxCases(r, cases, 4),
      };
      const promise = stored
        ? Promise.resolve(stored)
        : new Promise<CaseOutcome[]>((deliver, fail) => {
            pending.push({ unit, heavy: isHeavy(r, cases), order: orderOfSpec(loaded), deliver, fail });
          })
            .then((outcomes) => toExpected(outcomes, cases, solution))
            .then((expected) => {
              if (r.diskCache) writeReferenceCache(r.root, key, cases, expected);
              return expected;
            });
      referenceCache.set(key, promise);
      promise.catch(() => referenceCache.delete(key));
      return { expected: promise };
    }),
  );
  runGrouped(r, pending);
  return Promise.all(boxes.map((box, k) => box.expected.catch((e) => failed(items[k].cases, e))));
}

function fixtureOutputs(r: Resolved, name: string, cases: GradeCase[]): Expected[] {
  let fixture;
  try {
    fixture = readFixture(r.fixturesDir, name);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return cases.map(() => ({
      ok: false,
      problem: `no reference for exercise "${name}": no solution file and no usable fixture (${why})`,
    }));
  }
  const byId = new Map<string, FixtureCase>(fixture.cases.map((c): [string, FixtureCase] => [c.id, c]));
  return cases.map((c): Expected => {
    const f = byId.get(c.id);
    if (!f)
      return {
        ok: false,
        problem: `the fixture of "${name}" has no case "${c.id}": re-record the fixtures (npm run release)`,
      };
    if (f.input_sha256 !== hashValue(c.input)) {
      return {
        ok: false,
        problem: `the fixture of "${name}" case "${c.id}" was recorded for a different input: re-record the fixtures (npm run release)`,
      };
    }
    try {
      return { ok: true, value: decodeValue(f.output as Json) };
    } catch (e) {
      return { ok: false, problem: `the fixture of "${name}" case "${c.id}" is corrupt: ${(e as Error).message}` };
    }
  });
}
