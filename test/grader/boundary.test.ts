/**
 * The boundaries between the parts of the project: the library (src/) imports nothing from the
 * grader, the tests or the scripts (the notebooks' self-check starts the grader's command line by
 * path instead), and the grader (grader/) neither imports nor reads anything under test/.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./helpers";

/** Source files under `dir` (recursively). */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|js|cjs|mjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The module specifiers of a source: static and dynamic imports, exports from, require(). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\b(?:import|require)\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]);
  return found;
}

/** The top-level folders of the project a file's relative imports reach. */
function importedParts(file: string): { spec: string; part: string }[] {
  return specifiers(fs.readFileSync(file, "utf8"))
    .filter((s) => s.startsWith("."))
    .map((spec) => ({ spec, part: path.relative(ROOT, path.resolve(path.dirname(file), spec)).split(path.sep)[0] }));
}

/** Places where a source names the test folder as a path: `"test/…"` or `path.join(…, "test", …)`. */
function testPaths(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/["'`](?:\.{0,2}\/)*test\/[^"'`]*["'`]/g)) found.push(m[0]);
  for (const m of text.matchAll(/path\.(?:join|resolve)\([^)]*["'`]test["'`][^)]*\)/g)) found.push(m[0]);
  return found;
}

describe("boundaries between the library, the grader, the tests and the scripts", () => {
  it("finds imports and test paths (the checks below can fail)", () => {
    const sample = [
      'import { a } from "../grader/kit";',
      'export * from "./x";',
      'import "../test/y";',
      'const z = require("../scripts/z");',
      'await import("fs");',
    ].join("\n");
    assert.deepEqual(specifiers(sample).sort(), ["../grader/kit", "../scripts/z", "../test/y", "./x", "fs"]);
    assert.deepEqual(testPaths('fs.readFileSync(path.join(root, "test", "wrong", f)); const d = "test/graders";'), [
      '"test/graders"',
      'path.join(root, "test", "wrong", f)',
    ]);
    assert.deepEqual(testPaths('if (/x/.test(s)) t = "tests passed";'), []);
  });

  it("src/ imports nothing from grader/, test/ or scripts/", () => {
    const bad: string[] = [];
    for (const file of sources(path.join(ROOT, "src"))) {
      for (const { spec, part } of importedParts(file)) {
        if (["grader", "test", "scripts"].includes(part)) bad.push(`${path.relative(ROOT, file)}: ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it("grader/ neither imports nor reads anything under test/", () => {
    const bad: string[] = [];
    for (const file of sources(path.join(ROOT, "grader"))) {
      const rel = path.relative(ROOT, file);
      for (const { spec, part } of importedParts(file)) if (part === "test") bad.push(`${rel}: import ${spec}`);
      for (const p of testPaths(fs.readFileSync(file, "utf8"))) {
        // The exercise scaffold writes a new exercise's mutant list into the course's tests; it reads nothing there.
        if (rel === path.join("grader", "cli", "new-exercise.ts") && p.includes('"mutants"')) continue;
        bad.push(`${rel}: ${p}`);
      }
    }
    assert.deepEqual(bad, []);
  });
});
