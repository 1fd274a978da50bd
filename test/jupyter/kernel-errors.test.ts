/**
 * @file Errors a learner can read, names that survive a throwing cell, and one TypeScript: the real
 * rnn-course kernel through jupyter_client (kernel_probe.py), plus unit tests of the launcher's
 * source-map and cell-splitting helpers (scripts/kernel/source-map.js, cell-declarations.js).
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { PROJECT_ROOT } from "../../scripts/kernel/kernelspec";
import { probeKernel } from "./python";

const LAUNCHER_DIR = path.join(PROJECT_ROOT, "scripts", "kernel");

interface Segment extends Array<number> {}
interface DecodedMap {
  sources: string[];
  lines: Segment[][];
}
const sourceMap = require(path.join(LAUNCHER_DIR, "source-map.js")) as {
  decodeMappings(mappings: string): Segment[][];
  encodeMappings(lines: Segment[][]): string;
  composeMaps(outer: DecodedMap, inner: DecodedMap): DecodedMap;
  originalPosition(map: DecodedMap, line: number, column: number): { source: string; line: number; column: number };
};
const cellDeclarations = require(path.join(LAUNCHER_DIR, "cell-declarations.js")) as {
  splitAtThrow(
    typescript: typeof ts,
    source: string,
    line: number,
  ): { completed: string; throwingLine: number; kept: string[]; lost: string[] } | null;
};

interface CellResult {
  status: string;
  stdout: string;
  stderr: string;
  ename: string | null;
  evalue: string | null;
  traceback: string[] | null;
}

interface InspectReply {
  status: string;
  found: boolean;
  data: Record<string, string>;
}

/** 1-based lines of a file that contain `text`. */
function linesContaining(file: string, text: string): number[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, i) => (line.includes(text) ? [i + 1] : []));
}

/** What a learner must never see in an error: compiled JavaScript positions and the kernel's own frames. */
const KERNEL_INTERNALS =
  /node:vm|node:internal|tslab[\\/]dist|executor\.js|launch\.js|tslab-fixes|evalmachine|\.js:\d+/;

describe("kernel source maps and cell splitting (scripts/kernel)", () => {
  it("round-trips mappings and composes two maps", () => {
    const mappings = "AAAA,IAAI;;AACA,EAAE;AAGF";
    const decoded = sourceMap.decodeMappings(mappings);
    assert.equal(sourceMap.encodeMappings(decoded), mappings);
    // inner: intermediate line 0 -> original line 4, line 1 -> original line 9
    const inner = { sources: ["a.ts"], lines: [[[0, 0, 4, 0]], [[0, 0, 9, 2]]] };
    // outer: generated line 0 is new code (intermediate line 1), generated line 2 is intermediate line 0
    const outer = { sources: ["a.js"], lines: [[[0, 0, 1, 0]], [], [[4, 0, 0, 0]]] };
    const composed = sourceMap.composeMaps(outer, inner);
    assert.deepEqual(sourceMap.originalPosition(composed, 0, 0), {
      source: "a.ts",
      sourceIndex: 0,
      line: 9,
      column: 2,
    });
    assert.deepEqual(sourceMap.originalPosition(composed, 2, 10), {
      source: "a.ts",
      sourceIndex: 0,
      line: 4,
      column: 0,
    });
    assert.equal(sourceMap.originalPosition(composed, 1, 0), null);
  });

  it("splits a cell before the statement that threw and names what survives", () => {
    const cell = [
      "import * as rnn from './rnn';",
      "const A = 1, [B, , C] = [2, 3, 4];",
      "function f() {",
      "  return g(A);",
      "}",
      "const D = f();",
      "class E {}",
    ].join("\n");
    const split = cellDeclarations.splitAtThrow(ts, cell, 6);
    assert.ok(split);
    assert.deepEqual(split.kept, ["rnn", "A", "B", "C", "f"]);
    assert.deepEqual(split.lost, ["D", "E"]);
    assert.equal(split.throwingLine, 6);
    assert.equal(split.completed.trimEnd(), cell.split("\n").slice(0, 5).join("\n"));
    // A line inside a multi-line statement belongs to it.
    assert.deepEqual(cellDeclarations.splitAtThrow(ts, cell, 4)?.lost, ["f", "D", "E"]);
  });
});

describe("rnn-course kernel: readable errors, surviving names, one TypeScript", function () {
  this.timeout(240_000);
  let results: CellResult[] = [];
  let inspect: InspectReply = { status: "", found: false, data: {} };
  let root = "";
  const matmulFile = path.join(PROJECT_ROOT, "src", "ops", "matmul.ts");

  const cells = [
    /* 1 */ 'import * as rnn from "./rnn";',
    /* 2 */ "const A = rnn.zeros([2, 3]);\nconst B = rnn.zeros([2, 3]);\nconst C = rnn.matmul(A, B);\nconst D = 5;",
    /* 3 */ 'console.log(A.shape.join("x"), B.shape.join("x"));',
    /* 4 */ "console.log(typeof D);",
    /* 5 */ "const E = 1;",
    /* 6 */ "const F = 2;\nconst E = rnn.matmul(A, B);",
    /* 7 */ "console.log(E, F);",
    /* 8 */ "function bad(t: rnn.Tensor) {\n  return rnn.matmul(t, t);\n}",
    /* 9 */ "bad(A);",
    /* 10 */ "type Kept = NoInfer<number>;\nconst kept: Kept = 7;\nconsole.log(kept);",
    /* 11 */ 'console.log(require("@tslab/typescript-for-tslab").version);',
    /* 12 */ "const w = await Promise.resolve(41);\nconsole.log(w + 1);",
    /* 13 */ "const late = await Promise.resolve(1);\nawait Promise.reject(new TypeError('async failure'));",
    /* 14 */ "console.log(late);",
  ];

  before(async function () {
    this.timeout(300_000);
    root = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-errors-"));
    fs.mkdirSync(path.join(root, "nb"));
    fs.symlinkSync(path.join(PROJECT_ROOT, "src"), path.join(root, "nb", "rnn"));
    const cellsFile = path.join(root, "cells.json");
    fs.writeFileSync(cellsFile, JSON.stringify(cells));
    const inspected = "rnn.matmul(A, B);";
    const report = await probeKernel<{ cells: CellResult[]; inspect: InspectReply }>(
      ["--root", root, `cells=${cellsFile}`, `inspect=${inspected}@6`],
      240_000,
    );
    results = report.cells;
    inspect = report.inspect;
  });

  after(() => {
    if (root) {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("shows the message, then the src/*.ts and cell frames at TypeScript lines, without kernel frames", () => {
    const failed = results[1];
    assert.equal(failed.status, "error");
    const lines = failed.stderr.split("\n");
    assert.match(
      lines[0],
      /^Error: matmul: inner sizes \(3\) and \(2\) of tensors with shapes \[2,3\] and \[2,3\] must match/,
    );
    const matmulLine = /at matmul \(src\/ops\/matmul\.ts:(\d+)\)/.exec(failed.stderr);
    assert.ok(matmulLine, failed.stderr);
    assert.ok(linesContaining(matmulFile, "throw innerError(a, b)").includes(Number(matmulLine[1])), failed.stderr);
    const cellAt = lines.findIndex((line) => line.trim() === "at cell [2], line 3");
    assert.ok(cellAt > 0, failed.stderr);
    assert.equal(lines[cellAt + 1].trim(), "const C = rnn.matmul(A, B);");
    assert.doesNotMatch(failed.stderr, KERNEL_INTERNALS);
    // The execute reply carries the same, for nbclient and frontends.
    assert.equal(failed.ename, "Error");
    assert.match(failed.evalue ?? "", /^matmul: inner sizes/);
    assert.doesNotMatch((failed.traceback ?? []).join("\n"), KERNEL_INTERNALS);
  });

  it("maps frames of a function defined in an earlier cell to that cell", () => {
    const failed = results[8];
    assert.equal(failed.status, "error");
    const lines = failed.stderr.split("\n").map((line) => line.trim());
    const inBad = lines.indexOf("at bad (cell [8], line 2)");
    assert.ok(inBad > 0, failed.stderr);
    assert.equal(lines[inBad + 1], "return rnn.matmul(t, t);");
    assert.ok(lines.indexOf("at cell [9], line 1") > inBad, failed.stderr);
    assert.doesNotMatch(failed.stderr, KERNEL_INTERNALS);
  });

  it("keeps the names declared before the throwing statement, with their values and types", () => {
    assert.equal(results[2].status, "ok", results[2].stderr);
    assert.equal(results[2].stdout.trim(), "2x3 2x3");
    assert.match(
      results[1].stderr,
      /Cell \[2\] stopped at line 3\. Names declared before that line keep their new values: A, B\./,
    );
    assert.match(results[1].stderr, /Not defined \(not reached\): C, D\./);
  });

  it("leaves names declared from the throwing statement on as they were before the cell", () => {
    // D was never reached: not defined at all.
    assert.equal(results[3].status, "error");
    assert.match(results[3].stderr, /Cannot find name 'D'/);
    // E existed before cell 6, whose `const E = ...` threw: E keeps its old value; F is new and kept.
    assert.equal(results[5].status, "error");
    assert.match(results[5].stderr, /Unchanged from before this cell: E\./);
    assert.equal(results[6].status, "ok", results[6].stderr);
    assert.equal(results[6].stdout.trim(), "1 2");
  });

  it("keeps names across a top-level await that rejects, and top-level await still works", () => {
    assert.equal(results[11].stdout.trim(), "42", results[11].stderr);
    assert.equal(results[12].status, "error");
    assert.match(results[12].stderr, /^TypeError: async failure/);
    assert.match(results[12].stderr, /at cell \[13\], line 2/);
    assert.equal(results[13].status, "ok", results[13].stderr);
    assert.equal(results[13].stdout.trim(), "1");
  });

  it("type-checks cells with the project's TypeScript", () => {
    const projectVersion = (
      JSON.parse(fs.readFileSync(require.resolve("typescript/package.json"), "utf8")) as {
        version: string;
      }
    ).version;
    // NoInfer is a TypeScript 5.4 intrinsic: tslab's own 5.0.4 reports "Cannot find name 'NoInfer'".
    assert.equal(results[9].status, "ok", results[9].stderr);
    assert.equal(results[9].stdout.trim(), "7");
    assert.equal(results[10].stdout.trim(), projectVersion);
    const check = spawnSync(process.execPath, [path.join(LAUNCHER_DIR, "launch.js"), "--check"], { encoding: "utf8" });
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, new RegExp(`TypeScript ${projectVersion.replace(/\./g, "\\.")}`));
  });

  it("falls back to tslab's own TypeScript, saying so, where the project's is not installed", () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-no-ts-"));
    try {
      fs.mkdirSync(path.join(bare, "scripts", "kernel"), { recursive: true });
      for (const file of fs.readdirSync(LAUNCHER_DIR).filter((name) => name.endsWith(".js"))) {
        fs.copyFileSync(path.join(LAUNCHER_DIR, file), path.join(bare, "scripts", "kernel", file));
      }
      fs.writeFileSync(path.join(bare, "package.json"), "{}");
      fs.mkdirSync(path.join(bare, "node_modules"));
      const tslabDir = path.dirname(require.resolve("tslab/package.json"));
      fs.symlinkSync(tslabDir, path.join(bare, "node_modules", "tslab"));
      const run = spawnSync(process.execPath, [path.join(bare, "scripts", "kernel", "launch.js"), "--check"], {
        encoding: "utf8",
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /TypeScript 5\.0\.4/);
      assert.match(run.stderr, /the project's TypeScript is not installed/);
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });

  it("answers inspect requests (hover help) through the project's TypeScript", () => {
    assert.equal(inspect.status, "ok");
    assert.equal(inspect.found, true);
    assert.match(inspect.data["text/plain"], /^(\(alias\) )?(function )?matmul\(/);
    assert.match(inspect.data["text/plain"], /Matrix product/);
  });
});
