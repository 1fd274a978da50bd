/**
 * The browser kernel's cell compiler (scripts/web/browser/transform.ts), run here in Node: names
 * persist across cells on the global object, cells can be re-run, the last expression is the value,
 * line numbers survive, and syntax errors name the cell's line.
 */
import { strict as assert } from "assert";
import { CellSyntaxError, compileCell } from "../../scripts/web/browser/transform";

const g = globalThis as Record<string, unknown>;

async function run(source: string): Promise<unknown> {
  const cell = compileCell(source, "cell-test");
  return (0, eval)(cell.code)();
}

describe("web kernel: cell compiler", function () {
  const names = ["wa", "wb", "wc", "wd", "wf", "WK", "wns", "wq"];
  afterEach(() => names.forEach((n) => delete g[n]));

  it("keeps top-level declarations for later cells, and a cell can run again", async function () {
    await run("const wa: number = 20;\nlet { wb, wc: [wd] } = { wb: 1, wc: [2] };");
    assert.equal(await run("wa + wb + wd"), 23);
    await run("const wa = 40;");
    assert.equal(await run("wa"), 40);
  });

  it("hoists functions, assigns classes, strips types and returns the last expression", async function () {
    const value = await run(
      [
        "wf(1);",
        "interface P { x: number }",
        "type Q = string;",
        "function wf(n: number): number { return n + 1 }",
        "class WK { constructor(public v: number) {} }",
        "new WK(wf(2)).v",
      ].join("\n"),
    );
    assert.equal(value, 3);
    assert.equal((g.wf as (n: number) => number)(5), 6);
    assert.equal(await run("new WK(7).v"), 7);
  });

  it("turns imports into names and supports top-level await", async function () {
    g.require = (spec: string) => ({ spec, named: 5, default: 9, __esModule: true });
    g.__importDefault = (m: { default: unknown }) => m.default;
    try {
      await run('import * as wns from "./rnn/index";\nimport wq, { named as wc } from "x";');
      assert.equal((g.wns as { spec: string }).spec, "./rnn/index");
      assert.equal(g.wq, 9);
      assert.equal(g.wc, 5);
      assert.equal(await run("await Promise.resolve(wc * 2)"), 10);
    } finally {
      delete g.require;
      delete g.__importDefault;
    }
  });

  it("keeps line numbers: a runtime error's frame points at the cell's line", async function () {
    const cell = compileCell('const wa = 1;\n\nthrow new Error("boom");', "cell-7");
    await assert.rejects((0, eval)(cell.code)(), (e: Error) => {
      // Line 1 of the evaluated text is the wrapper's, so cell line 3 is line 4 there.
      assert.match(e.stack ?? "", /cell-7:4:\d+/);
      return true;
    });
  });

  it("reports a syntax error with the cell's line", function () {
    assert.throws(
      () => compileCell("const ok = 1;\nconst = 2;", "cell-1"),
      (e: unknown) => e instanceof CellSyntaxError && e.line === 2,
    );
    assert.throws(() => compileCell("export const x = 1;", "cell-1"), /export is not available in a notebook cell/);
  });
});
