/**
 * src/notebook/selfcheck.ts: grading one exercise from a notebook, in a child process (the
 * grader's command line), and the display helpers the chapter 3 notebooks import.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { check, findCourseRoot, selfCheck, tryIt } from "../../src/notebook/selfcheck";
import { ROOT, cleanTemps, goodSeq, makeTeacherProject } from "./helpers";

describe("grading/selfcheck: self-check for notebooks", function () {
  this.timeout(120_000);
  let teacher = "";
  before(() => {
    teacher = makeTeacherProject();
  });
  after(cleanTemps);

  it("finds the course root from a chapter folder, through the rnn link, or not at all", () => {
    assert.equal(findCourseRoot(path.join(teacher, "notebooks", "ch3-practice")), teacher);
    assert.equal(findCourseRoot(path.join(teacher, "notebooks", "ch3-practice", "rnn", "notebook")), teacher);
    assert.equal(findCourseRoot(ROOT), ROOT);
    assert.equal(findCourseRoot("/"), null);
  });

  it("grades the learner's current file and returns the report, an HTML table and text", async () => {
    const r = await selfCheck("fixture-vec", { root: teacher });
    assert.deepEqual(
      r.report.exercises[0].tests.map((t) => [t.name, t.status]),
      [
        ["dot-small", "error"],
        ["dot-empty", "error"],
        ["axpy-small", "error"],
      ],
      "the learner's view: no hidden cases",
    );
    assert.match(r.report.exercises[0].tests[0].message, /fixture-vec: dot is not implemented yet/);
    assert.equal(r.report.exercises[0].hidden_not_run, 1, "the count of hidden cases, not the cases");
    // An untouched stub: one line for its three identical "not implemented yet" rows.
    assert.equal((r.html.match(/<tr>/g) ?? []).length, 2);
    assert.match(r.html, /尚未实现 \/ not implemented yet: 3 tests/);
    assert.match(
      r.html,
      /1 hidden test runs only in the full grade \(in a terminal: npm run grade -- --exercise fixture-vec\)/,
    );
    assert.match(
      r.text,
      /^ {2}尚未实现 \/ not implemented yet: 3 tests — fixture-vec: dot is not implemented yet; fixture-vec: axpy is not implemented yet$/m,
    );
    assert.match(r.text, /1 hidden test runs only in the full grade/);
    assert.match(r.text, /Total: 0\/4/);
  });

  it("returns, with the verdict, when the learner's code hangs", async () => {
    fs.writeFileSync(
      path.join(teacher, "exercises", "fixture-seq.ts"),
      "export function cumsum(xs: number[]): number[] { while (xs.length >= 0) {} return xs; }\n",
    );
    const hung = await selfCheck("fixture-seq", { root: teacher, timeoutMs: 1500 });
    assert.deepEqual(
      hung.report.exercises[0].tests.map((t) => t.status),
      ["timeout", "timeout"],
    );
    fs.writeFileSync(path.join(teacher, "exercises", "fixture-seq.ts"), goodSeq());
    assert.equal((await selfCheck("fixture-seq", { root: teacher })).report.score, 2);
  });

  it("check shows the table as one output (HTML and text); tryIt turns an error into its message", async () => {
    const jupyter = require("tslab/dist/jupyter") as {
      lastWriteDisplayData: ((message: { data: Record<string, unknown> }, update: boolean) => void) | null;
    };
    const sent: Record<string, unknown>[] = [];
    jupyter.lastWriteDisplayData = (message) => sent.push(message.data);
    try {
      await check("fixture-seq", { root: teacher });
    } finally {
      jupyter.lastWriteDisplayData = null;
    }
    assert.equal(sent.length, 1);
    assert.deepEqual(Object.keys(sent[0]).sort(), ["text/html", "text/plain"]);
    assert.match(String(sent[0]["text/html"]), /<table[\s\S]*three numbers/);
    assert.match(String(sent[0]["text/plain"]), /Total: \d+\/2/);
    assert.equal(
      tryIt(() => 41 + 1),
      42,
    );
    assert.equal(
      tryIt(() => {
        throw new Error("rnnStep: not implemented yet");
      }),
      "rnnStep: not implemented yet",
    );
  });

  it("rejects unknown or malformed exercise names with a clear error", async () => {
    await assert.rejects(selfCheck("../etc/passwd", { root: teacher }), /is not an exercise name/);
    await assert.rejects(
      selfCheck("nope", { root: teacher }),
      /the grader failed \(exit code 2\): grade: unknown exercise nope/,
    );
  });

  it("works as a notebook uses it: imported through ./rnn from the chapter folder", async () => {
    const chapter = path.join(teacher, "notebooks", "ch3-practice");
    fs.writeFileSync(
      path.join(chapter, "check.ts"),
      "import { selfCheck } from " +
        '"./rnn/notebook/selfcheck";\nselfCheck("fixture-seq").then((r) => ' +
        "process.stdout.write(JSON.stringify(r.report)));\n",
    );
    fs.writeFileSync(path.join(chapter, "run.cjs"), 'require("tsx/cjs/api").register();\nrequire("./check.ts");\n');
    fs.writeFileSync(path.join(teacher, "exercises", "fixture-seq.ts"), goodSeq());
    const child = spawnSync(process.execPath, ["run.cjs"], { cwd: chapter, encoding: "utf8", timeout: 90_000 });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(JSON.parse(child.stdout).score, 2);
  });

  it("compiles under tslab's TypeScript 5.0 (not strict, node10 resolution)", () => {
    const ts = require(
      path.join(ROOT, "node_modules", "@tslab", "typescript-for-tslab"),
    ) as typeof import("typescript");
    assert.equal(ts.version, "5.0.4");
    const program = ts.createProgram([path.join(ROOT, "src", "notebook", "selfcheck.ts")], {
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts"],
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.NodeJs,
      strict: false,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [path.join(ROOT, "node_modules", "@types")],
      noEmit: true,
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assert.deepEqual(diagnostics, []);
  });
});
