/**
 * @file One program per cell (scripts/kernel/cell-program.js): tslab's converter, given cells that
 * declare names in every way a cell can (redeclarations, functions and overloads, classes, merged
 * interfaces, type aliases, enums, namespaces, `declare`, destructuring, imports, top-level await),
 * cells with type and syntax errors and cells declaring nothing, with hover and completion requests
 * in between, compiles each cell to the same code, declarations and diagnostics with the shortcut as
 * without it (RNN_COURSE_FAST_COMPILE=0), and builds one TypeScript program fewer for each cell that
 * declares a name. Each run is a child process converting the cells as the kernel's executor does.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/kernel/kernelspec";

/** A request to tslab's converter; `fewer` says whether the shortcut saves a program on it. */
type Step =
  { convert: string; fewer: boolean } | { complete: string; position: number } | { inspect: string; position: number };

const STEPS: Step[] = [
  { convert: "const a = 1;\nlet b: string = `b${a}`;", fewer: true },
  { convert: 'let a = "redeclared";\na.length', fewer: true },
  { convert: "console.log(a, b);", fewer: false },
  { convert: "// only a comment", fewer: false },
  { convert: "function twice(x: number): number {\n  return 2 * x;\n}\ntwice(a.length)", fewer: true },
  {
    convert:
      "function pick(x: string): string;\nfunction pick(x: number): number;\nfunction pick(x: any) {\n  return x;\n}\n" +
      'namespace pick {\n  export const tag = "pick";\n}\npick.tag',
    fewer: true,
  },
  {
    convert:
      "class Point {\n  constructor(public x: number, public y: number) {}\n  norm() {\n    return Math.hypot(this.x, this.y);\n  }\n}\n" +
      "interface Point {\n  label?: string;\n}\nconst origin = new Point(0, 0);",
    fewer: true,
  },
  { convert: "interface Shape {\n  area(): number;\n}\ninterface Shape {\n  name: string;\n}", fewer: true },
  { convert: "type Pair<T> = [T, T];\nconst pair: Pair<number> = [1, 2];\ntype Only = string;", fewer: true },
  {
    convert: "enum Color {\n  Red,\n  Green,\n}\nconst green = Color.Green;\nconst enum Flag {\n  On = 1,\n}",
    fewer: true,
  },
  { convert: "namespace Geo {\n  export const radius = 2;\n  export namespace Inner {}\n}\nGeo.radius", fewer: true },
  {
    convert: "declare const injected: number;\ndeclare function hook(): void;\ndeclare let later: string;",
    fewer: true,
  },
  { convert: "const { x, y: [y1, ...rest] } = { x: 1, y: [2, 3, 4] };\nconst [, second] = [x, y1];", fewer: true },
  {
    convert: 'import * as lib from "./lib/a";\nimport { one } from "./lib/b";\nimport { join } from "path";',
    fewer: true,
  },
  { convert: 'const lib = "shadows the import";\nconst 数据 = [one, join.length];', fewer: true },
  {
    convert: "const awaited = await Promise.resolve(3);\nfor await (const v of [awaited]) console.log(v);",
    fewer: true,
  },
  { convert: "await new Promise((resolve) => setTimeout(resolve, 1));", fewer: false },
  { convert: "const tsLastExpr = 1;\nlet tsLastExpr0 = 2;\ntsLastExpr + tsLastExpr0", fewer: true },
  { complete: "const total = pair[0] + ori", position: 27 },
  { inspect: "const norm = origin.norm();", position: 20 },
  // The hover built this very cell's program already: tslab's first update builds none either.
  { convert: "const norm = origin.norm();", fewer: false },
  { convert: 'const bad: number = "not a number";\nconst fine = 1;', fewer: true },
  // The same cell on the same declarations again: its program could be the last one, so no shortcut.
  { convert: 'const bad: number = "not a number";\nconst fine = 1;', fewer: false },
  { convert: "const = 5;", fewer: false },
  { convert: "let undeclaredType: Missing;\nconst ok = 1;", fewer: true },
  { convert: "export const exported = 1;\nvar old = 2;", fewer: true },
  { complete: "Color.", position: 6 },
  { convert: "const last = [green, Color.Red, injected, pick(1), Geo.radius, second, norm];\nlast", fewer: true },
];

interface StepResult {
  step: number;
  programs: number;
  result: unknown;
}

/** Runs STEPS in a new process with the given environment; returns each step's result. */
function runSteps(cwd: string, env: NodeJS.ProcessEnv): StepResult[] {
  const script = [
    `const { loadTslab, applyFixes } = require(${JSON.stringify(path.join(PROJECT_ROOT, "scripts", "kernel", "tslab-fixes.js"))});`,
    `const ts = require(require.resolve("typescript", { paths: [${JSON.stringify(PROJECT_ROOT)}] }));`,
    `const tslab = loadTslab(${JSON.stringify(PROJECT_ROOT)});`,
    "applyFixes(tslab, (s) => process.stderr.write(s));",
    "ts.performance.enable();",
    'const converter = require(require("path").join(tslab.dir, "dist", "converter.js")).createConverter({});',
    'const steps = JSON.parse(require("fs").readFileSync("steps.json", "utf8"));',
    'let prevDecl = "";',
    "const results = [];",
    "steps.forEach((step, index) => {",
    '  const before = ts.performance.getCount("beforeProgram");',
    "  let result;",
    "  if (step.convert !== undefined) {",
    "    result = converter.convert(prevDecl, step.convert);",
    "    if (result.diagnostics.length === 0) prevDecl = result.declOutput || '';",
    "  } else if (step.complete !== undefined) {",
    "    result = converter.complete(prevDecl, step.complete, step.position).candidates;",
    "  } else {",
    "    const info = converter.inspect(prevDecl, step.inspect, step.position);",
    "    result = info && { text: info.displayParts.map((p) => p.text).join(''), span: info.textSpan };",
    "  }",
    '  results.push({ step: index, programs: ts.performance.getCount("beforeProgram") - before, result });',
    "});",
    "converter.close();",
    'require("fs").writeFileSync("results.json", JSON.stringify(results));',
  ].join("\n");
  fs.writeFileSync(path.join(cwd, "steps.json"), JSON.stringify(STEPS));
  execFileSync(process.execPath, ["-e", script], { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return JSON.parse(fs.readFileSync(path.join(cwd, "results.json"), "utf8")) as StepResult[];
}

describe("kernel: one program per cell", function () {
  this.timeout(120000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cell-program-"));
    fs.mkdirSync(path.join(dir, "lib"));
    fs.writeFileSync(
      path.join(dir, "lib", "a.ts"),
      'import { one } from "./b";\nexport function twice(x: number): number {\n  return 2 * x * one;\n}\n',
    );
    fs.writeFileSync(path.join(dir, "lib", "b.ts"), "export const one: number = 1;\n");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("compiles every cell as before, with one program fewer for each cell that declares a name", () => {
    const before = runSteps(dir, { RNN_COURSE_FAST_COMPILE: "0", RNN_COURSE_COMPILE_CACHE: "0" });
    const fast = runSteps(dir, { RNN_COURSE_FAST_COMPILE: "1", RNN_COURSE_COMPILE_CACHE: "0" });
    // With the compile cache (as the kernel runs): twice, so the second run reads the entries.
    const cacheDir = path.join(dir, "cache");
    runSteps(dir, { RNN_COURSE_FAST_COMPILE: "1", RNN_COURSE_COMPILE_CACHE: cacheDir });
    const cached = runSteps(dir, { RNN_COURSE_FAST_COMPILE: "1", RNN_COURSE_COMPILE_CACHE: cacheDir });
    assert.ok(fs.readdirSync(cacheDir).length > 0);

    // The sequence does exercise what it is meant to.
    const converted = before.map((r) => r.result as { diagnostics?: { code: number }[]; hasToplevelAwait?: boolean });
    const codes = converted.flatMap((r) => (r && r.diagnostics ? r.diagnostics.map((d) => d.code) : []));
    for (const code of [2322, 1134, 2304]) {
      assert.ok(codes.includes(code), `no diagnostic ${code} in ${codes}`);
    }
    assert.ok(converted.some((r) => r && r.hasToplevelAwait === true));

    STEPS.forEach((step, i) => {
      const what = `step ${i}: ${JSON.stringify(step)}`;
      assert.deepEqual(fast[i].result, before[i].result, what);
      assert.deepEqual(cached[i].result, before[i].result, what);
      if ("convert" in step) {
        assert.equal(before[i].programs - fast[i].programs, step.fewer ? 1 : 0, what);
      } else {
        assert.equal(fast[i].programs, before[i].programs, what);
      }
    });
  });
});
