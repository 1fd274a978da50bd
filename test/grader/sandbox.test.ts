/**
 * The sandbox runs several exercise modules ("units") in one child, each in its own V8 context.
 * These tests drive runUnitsInSandbox directly with small hand-written units (CommonJS exporting
 * `spec` and `load`, as ./bundle.ts produces) and count the child processes started.
 */
import * as assert from "node:assert/strict";
import {
  DEFAULT_LIMITS,
  runUnitsInSandbox,
  sandboxStats,
  type CaseOutcome,
  type SandboxUnit,
} from "../../grader/sandbox/sandbox";
import type { Value } from "../../grader/kit/spec";

const LIMITS = { ...DEFAULT_LIMITS, loadTimeoutMs: 4000, memoryMb: 192 };

/** A unit whose module is `moduleSource` (a function body returning the exports) and whose spec calls `f(input)`. */
function unit(moduleSource: string, inputs: Value[], timeoutMs = 2000): SandboxUnit {
  const code = [
    `exports.spec = { run(mod, input) { return mod.f(input); } };`,
    `exports.load = function () { ${moduleSource} };`,
  ].join("\n");
  return { code, map: "", exports: ["f"], cases: inputs.map((input, i) => ({ id: `c${i}`, input, timeoutMs })) };
}

const DOUBLE = "return { f: (x) => x * 2 };";

async function run(units: SandboxUnit[]): Promise<{ outcomes: CaseOutcome[][]; children: number }> {
  const before = sandboxStats().children;
  const outcomes = await runUnitsInSandbox(units, LIMITS);
  return { outcomes, children: sandboxStats().children - before };
}

function values(outcomes: CaseOutcome[]): unknown[] {
  return outcomes.map((o) => (o.kind === "ok" ? o.value : `${o.kind}: ${o.message}`));
}

describe("grading/sandbox: several exercises in one child", function () {
  this.timeout(60_000);

  it("runs every unit's cases in one child and returns the outcomes per unit", async () => {
    const { outcomes, children } = await run([
      unit(DOUBLE, [1, 2]),
      unit("return { f: (x) => x + 1 };", [10]),
      unit(DOUBLE, []),
    ]);
    assert.deepEqual(values(outcomes[0]), [2, 4]);
    assert.deepEqual(values(outcomes[1]), [11]);
    assert.deepEqual(outcomes[2], []);
    assert.equal(children, 1);
  });

  it("gives each unit its own built-ins: patches in one never reach the next", async () => {
    const patcher = unit(
      `Array.prototype.map = () => [666]; Math.max = () => 666; JSON.stringify = () => "666"; globalThis.shared = 666;
       return { f: (x) => [1, 2].map((v) => v) };`,
      [0],
    );
    const user = unit(
      "return { f: () => [[1, 2].map((v) => v * 2), Math.max(1, 3), JSON.stringify([1]), typeof shared] };",
      [0],
    );
    const { outcomes, children } = await run([patcher, user]);
    assert.deepEqual(values(outcomes[0]), [[666]]);
    assert.deepEqual(values(outcomes[1]), [[[2, 4], 3, "[1]", "undefined"]]);
    assert.equal(children, 1);
  });

  it("hands inputs over as the unit's own types (instanceof works in the unit's context)", async () => {
    const check = unit(
      "return { f: (x) => [x.v instanceof Float64Array, Array.isArray(x.list), x.list instanceof Array, x instanceof Object] };",
      [{ v: new Float64Array([1, 2]), list: [1, 2] }],
    );
    const { outcomes } = await run([check]);
    assert.deepEqual(values(outcomes[0]), [[true, true, true, true]]);
  });

  it("a unit that fails to load costs its own cases only, in the same child", async () => {
    const { outcomes, children } = await run([
      unit("throw new TypeError('broken at load');", [1, 2]),
      unit(DOUBLE, [3]),
    ]);
    for (const o of outcomes[0]) {
      assert.equal(o.kind, "error");
      assert.match((o as { message: string }).message, /could not be loaded: TypeError: broken at load/);
    }
    assert.deepEqual(values(outcomes[1]), [6]);
    assert.equal(children, 1);
  });

  it("an exit while loading, a crash and an endless loop cost their own cases; later units run in a new child", async () => {
    const { outcomes, children } = await run([
      unit("process.exit(0);", [1]),
      unit(
        "return { f: (x) => { if (x === 1) process.exit(3); if (x === 2) for (;;) {} return x * 2; } };",
        [1, 2, 5],
        800,
      ),
      unit(DOUBLE, [7]),
    ]);
    assert.match(
      values(outcomes[0])[0] as string,
      /^error: the module could not be loaded: the process ended \(exit code 0\)/,
    );
    const [exited, looped, fine] = values(outcomes[1]);
    assert.match(exited as string, /^error: the process ended with exit code 3/);
    assert.match(looped as string, /^timeout: timed out after 800 ms/);
    assert.equal(fine, 10);
    assert.deepEqual(values(outcomes[2]), [14]);
    assert.equal(children, 4, "the first child, and a new one after each of the three failures that end a process");
  });

  const leftBehind = "a timer from node:timers, a process listener, a property on process";
  it(`a unit that leaves something behind (${leftBehind}) is followed by a new child`, async () => {
    const leaver = unit(
      `const timers = require("node:timers");
       return { f: (x) => { timers.setInterval(() => undefined, 50); return x; } };`,
      [1],
    );
    const listener = unit(`return { f: (x) => { process.on("exit", () => undefined); return x; } };`, [2]);
    const holder = unit(`return { f: (x) => { process.kept = new Float64Array(1e6); return x; } };`, [3]);
    const tidy = unit(
      `return { f: (x) => { setInterval(() => undefined, 50); setTimeout(() => undefined, 10); return x; } };`,
      [4],
    );
    const { outcomes, children } = await run([leaver, listener, holder, tidy, unit(DOUBLE, [5])]);
    assert.deepEqual(outcomes.map(values), [[1], [2], [3], [4], [10]]);
    // leaver, listener and holder each force a new child; the context's own timers are cleared, so tidy does not.
    assert.equal(children, 4);
  });

  it("errors thrown after returning are attributed to the case that caused them, not to the next unit", async () => {
    const late = unit(
      "return { f: (x) => { setTimeout(() => { throw new Error('late ' + x); }, 5); return x; } };",
      [1],
    );
    const { outcomes } = await run([late, unit(DOUBLE, [2])]);
    assert.match(values(outcomes[0])[0] as string, /^error: an error was thrown asynchronously.*late 1/s);
    assert.deepEqual(values(outcomes[1]), [4]);
  });
});
