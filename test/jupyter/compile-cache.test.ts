/**
 * @file The kernel's compile cache (scripts/kernel/compile-cache.js): a new kernel importing the same
 * local modules gets exactly the compiled code a fresh compile gives, from the cache; an edit that
 * breaks an imported module is reported all the same; RNN_COURSE_COMPILE_CACHE=0 writes nothing.
 * Each run is a child process converting cells with tslab's converter, as a new kernel does.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/kernel/kernelspec";

const { CompileCache } = require(path.join(PROJECT_ROOT, "scripts", "kernel", "compile-cache.js")) as {
  CompileCache: new (
    dir: string,
    salt: string,
  ) => {
    key(...parts: string[]): string;
    get(kind: string, key: string): unknown;
    put(kind: string, key: string, value: unknown): void;
  };
};

/** Converts an import cell and a second cell in `cwd` as a new kernel would; returns what tslab got. */
function convertIn(cwd: string, cache: string): { diagnostics: string[]; sideOutputs: unknown; output: string } {
  const script = [
    `const { loadTslab, applyFixes } = require(${JSON.stringify(path.join(PROJECT_ROOT, "scripts", "kernel", "tslab-fixes.js"))});`,
    `const tslab = loadTslab(${JSON.stringify(PROJECT_ROOT)});`,
    "applyFixes(tslab, (s) => process.stderr.write(s));",
    'const converter = require(require("path").join(tslab.dir, "dist", "converter.js")).createConverter({});',
    'const first = converter.convert("", "import * as lib from \\"./lib/a\\";\\nconst n: number = lib.twice(2);");',
    "converter.close();",
    "console.log(JSON.stringify({ diagnostics: first.diagnostics.map((d) => d.messageText),",
    "  sideOutputs: first.sideOutputs || null, output: first.output || '' }));",
  ].join("\n");
  const out = execFileSync(process.execPath, ["-e", script], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, RNN_COURSE_COMPILE_CACHE: cache },
  });
  return JSON.parse(out.trim().split("\n").pop() as string);
}

describe("kernel: compile cache for imported modules", function () {
  this.timeout(60000);
  let dir: string;
  let cacheDir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "compile-cache-"));
    cacheDir = path.join(dir, "cache");
    fs.mkdirSync(path.join(dir, "lib"));
    fs.writeFileSync(
      path.join(dir, "lib", "a.ts"),
      'import { one } from "./b";\nexport function twice(x: number): number {\n  return 2 * x * one;\n}\n',
    );
    fs.writeFileSync(path.join(dir, "lib", "b.ts"), "export const one: number = 1;\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a second kernel gets the same compiled code, served from the cache", () => {
    const fresh = convertIn(dir, cacheDir);
    assert.deepEqual(fresh.diagnostics, []);
    const entries = fs.readdirSync(cacheDir);
    for (const kind of ["clean", "emit", "cjs"]) {
      assert.ok(
        entries.some((f) => f.startsWith(`${kind}-`)),
        `no ${kind} entry in ${entries}`,
      );
    }
    const again = convertIn(dir, cacheDir);
    assert.deepEqual(again, fresh);
    const uncached = convertIn(dir, "0");
    assert.deepEqual(uncached, fresh);
    // The second kernel really read the cache: a marked entry comes back in what tslab gets.
    for (const file of fs.readdirSync(cacheDir).filter((f) => f.startsWith("cjs-"))) {
      const text = JSON.parse(fs.readFileSync(path.join(cacheDir, file), "utf8")) as string;
      fs.writeFileSync(path.join(cacheDir, file), JSON.stringify(`/* from the cache */\n${text}`));
    }
    assert.match(JSON.stringify(convertIn(dir, cacheDir).sideOutputs), /from the cache/);
  });

  it("an edit that breaks an imported module is reported, and the fix compiles as before", () => {
    const fresh = convertIn(dir, cacheDir);
    fs.writeFileSync(path.join(dir, "lib", "b.ts"), 'export const one: number = "1";\n');
    const broken = convertIn(dir, cacheDir);
    assert.equal(broken.sideOutputs, null);
    assert.ok(
      broken.diagnostics.some((d) => /not assignable to type 'number'/.test(d)),
      JSON.stringify(broken.diagnostics),
    );
    fs.writeFileSync(path.join(dir, "lib", "b.ts"), "export const one: number = 1;\n");
    assert.deepEqual(convertIn(dir, cacheDir), fresh);
  });

  it("RNN_COURSE_COMPILE_CACHE=0 writes nothing", () => {
    convertIn(dir, "0");
    assert.equal(fs.existsSync(cacheDir), false);
  });

  it("stores and reads JSON entries, and a folder it cannot write is no error", () => {
    const cache = new CompileCache(cacheDir, "salt");
    const key = cache.key("a", "b");
    assert.notEqual(key, cache.key("a", "c"));
    assert.notEqual(key, new CompileCache(cacheDir, "other salt").key("a", "b"));
    assert.equal(cache.get("emit", key), undefined);
    cache.put("emit", key, [["out.js", "text"]]);
    assert.deepEqual(cache.get("emit", key), [["out.js", "text"]]);
    assert.deepEqual(fs.readdirSync(cacheDir), [`emit-${key}.json`]); // no temporary file left
    const blocked = path.join(dir, "a-file");
    fs.writeFileSync(blocked, "");
    const unusable = new CompileCache(path.join(blocked, "cache"), "salt");
    unusable.put("emit", key, 1);
    assert.equal(unusable.get("emit", key), undefined);
  });
});
