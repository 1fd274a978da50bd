/**
 * Hostile submissions (the attack catalogue A1 … H1 of docs/grading.md): each one ends as failed tests of
 * its own exercise, with a sensible reason, while the other exercise is still scored correctly,
 * the report is complete, and nothing outside is written.
 *
 * All gradings run concurrently in `before` (sharing 4 child-process slots), then each `it`
 * checks one report. Limits are small (1.5 s per test, 192 MB) to keep the suite fast.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { Limiter, gradeSubmissionDetailed, type GradeOptions } from "../../grader/engine/grade";
import type { DetailedReport, TestStatus } from "../../grader/engine/report";
import {
  FIXTURE_MANIFEST,
  FIXTURE_OPTIONS,
  FIXTURE_SOLUTIONS,
  HOSTILE,
  ROOT,
  assertComplete,
  cleanTemps,
  exercise,
  goodSeq,
  goodVec,
  runCliAsync,
  submission,
  tempDir,
} from "./helpers";

type Expect = [TestStatus | TestStatus[], RegExp];
type VecId = "dot-small" | "dot-empty" | "axpy-small" | "axpy-hidden";

interface HostileCase {
  /** What the case is (catalogue id first). */
  title: string;
  /** Builds the submission folder; default: hostile/<file> as fixture-vec.ts plus a good fixture-seq.ts. */
  file?: string;
  source?: string;
  setup?: (dir: string) => void;
  /** Expected status and message per fixture-vec test; "*" applies to all not listed. */
  expect: Partial<Record<VecId | "*", Expect>>;
  options?: Partial<GradeOptions>;
  after?: (report: DetailedReport, ctx: Context) => void;
}

interface Context {
  dir: string;
  marker: string;
}

let server: net.Server;
let port = 0;
let connections = 0;
const A7_TMP_MARKER = "/tmp/rnn-course-a7-marker.txt";

function placeholders(source: string, marker: string): string {
  return source
    .replace(/__SOLUTIONS_DIR__/g, FIXTURE_SOLUTIONS)
    .replace(/__MARKER_DIR__/g, marker)
    .replace(/__PORT__/g, String(port))
    .replace(/__RESULTS_FILE__/g, path.join(marker, "results.json"));
}

const CASES: HostileCase[] = [
  {
    title: "A1 synchronous infinite loop in one function: timeout; the other function's cases still count",
    file: "a1-infinite-loop.ts",
    expect: {
      "dot-small": ["timeout", /timed out after 1500 ms/],
      "dot-empty": ["timeout", /timed out/],
      "*": ["passed", /^$/],
    },
  },
  {
    title: "A1 infinite loop at the top level of the module: load timeout",
    file: "a1-top-level-loop.ts",
    expect: { "*": ["timeout", /loading the module took longer than 4000 ms/] },
  },
  {
    title: "A2 never-settling promises: timeout, not a silent exit",
    file: "a2-never-settles.ts",
    options: { timeoutMs: 800 },
    expect: { "*": ["timeout", /timed out after 800 ms/] },
  },
  {
    title: "A4 JS-heap memory bomb: memory limit",
    file: "a4-heap-bomb.ts",
    options: { timeoutMs: 8000, memoryMb: 128 },
    expect: { "*": ["error", /memory limit exceeded: the code used more than the 128 MB allowed/] },
  },
  {
    title: "A5 typed-array memory bomb: stopped by the OS cap (V8's heap limit does not cover it)",
    file: "a5-typed-array-bomb.ts",
    options: { timeoutMs: 8000, memoryMb: 128 },
    expect: {
      "dot-small": ["error", /memory limit exceeded|Array buffer allocation failed/],
      "dot-empty": ["error", /memory limit exceeded|Array buffer allocation failed/],
      "*": ["error", /Array buffer allocation failed/],
    },
  },
  {
    title: "A6 spawn, fork and worker threads are refused",
    file: "a6-spawn.ts",
    expect: { "*": ["error", /ERR_ACCESS_DENIED/] },
  },
  {
    title: "A7 disk writes are refused and nothing is written",
    file: "a7-disk-write.ts",
    expect: { "*": ["error", /ERR_ACCESS_DENIED.*\n\(While grading, code may not read or write files/] },
    after: (_r, ctx) => {
      assert.deepEqual(fs.readdirSync(ctx.marker), []);
      assert.equal(fs.existsSync(A7_TMP_MARKER), false);
    },
  },
  {
    title: "A8 output flood: captured output is capped, grading goes on",
    file: "a8-output-flood.ts",
    expect: {
      "dot-small": ["failed", /got -1, expected 12[\s\S]*--- output printed by the code ---\nflood/],
      "dot-empty": ["failed", /got -1, expected 0/],
      "*": ["timeout", /timed out/],
    },
    after: (r) => {
      for (const t of exercise(r, "fixture-vec").tests)
        assert.ok(t.message.length < 5000, `message of ${t.name} is capped`);
    },
  },
  {
    title: "A9 huge return values: refused with their size, report stays small",
    file: "a9-huge-value.ts",
    options: { timeoutMs: 5000 },
    expect: {
      "dot-small": ["error", /must be a number, got a string of length 50000000/],
      "dot-empty": ["error", /string of length 50000000/],
      "*": ["error", /more than the 16777216 allowed/],
    },
  },
  {
    title: "A10 deep recursion: stack overflow reported per test",
    file: "a10-deep-recursion.ts",
    expect: {
      "*": ["error", /RangeError: Maximum call stack size exceeded\n\s+at down \(exercises\/fixture-vec\.ts:\d+:\d+\)/],
    },
  },
  {
    title: "B1 process.exit(0) inside a function: that test fails; exit 0 is not success",
    file: "b1-exit-0.ts",
    expect: {
      "dot-small": ["error", /exit code 0\) before returning a result: does the code call process.exit\(\)/],
      "dot-empty": ["error", /exit code 0/],
      "*": ["passed", /^$/],
    },
  },
  {
    title: "B1 process.exit(0) while loading: every test fails",
    file: "b1-exit-0-on-load.ts",
    expect: { "*": ["error", /the module could not be loaded: the process ended \(exit code 0\)/] },
  },
  {
    title: "B2 exit(1), abort() and SIGKILL of itself: partial credit for what finished",
    file: "b2-crash.ts",
    expect: {
      "dot-small": ["passed", /^$/],
      "dot-empty": ["error", /exit code 1/],
      "axpy-small": ["error", /SIGABRT/],
      "axpy-hidden": ["error", /SIGKILL/],
    },
  },
  {
    title: "B2 killing the grader (parent process and its group) is refused",
    file: "b2-kill-parent.ts",
    expect: { "dot-small": ["error", /EPERM/], "dot-empty": ["error", /EPERM/], "*": ["error", /ESRCH|EPERM/] },
  },
  {
    title: "B3 syntax error: does not compile, with file, line and column",
    source:
      "export function dot(a: number[], b: number[]): number {\n  return a[0] +* b[0];\n}\nexport const axpy = 1;\n",
    expect: {
      "*": ["error", /exercises\/fixture-vec\.ts does not compile:\nexercises\/fixture-vec\.ts:2:\d+: error: /],
    },
  },
  {
    title: "B3 TypeError while loading",
    file: "b3-load-type-error.ts",
    expect: {
      "*": ["error", /could not be loaded: TypeError: Cannot read properties of undefined \(reading 'size'\)/],
    },
  },
  {
    title: "B4 errors thrown after returning (timer, unhandled rejection) fail the case that caused them",
    file: "b4-async-error.ts",
    expect: {
      "dot-small": ["error", /asynchronously.*late error from dot/],
      "dot-empty": ["error", /late error from dot/],
      "*": ["error", /late rejection from axpy/],
    },
  },
  {
    title: "C1 patching node:assert changes nothing",
    file: "c1-patch-assert.ts",
    expect: { "dot-small": ["failed", /got 42, expected 12/], "*": ["failed", /expected/] },
  },
  {
    title: "C2-C4 patching mocha, it.only, extra tests, global skip change nothing",
    file: "c2-patch-mocha.ts",
    expect: { "*": ["failed", /expected/] },
  },
  {
    title: "C5 valueOf / toJSON / toPrimitive impostors are not numbers",
    file: "c5-coercion.ts",
    expect: {
      "dot-small": ["error", /dot\(a, b\) must be a number, got an object/],
      "dot-empty": ["error", /must be a number/],
      "*": ["error", /axpy\(alpha, x, y\)\[0\] must be a number, got an object/],
    },
  },
  {
    title: "C6 throwing proxies, returned or thrown",
    file: "c6-proxies.ts",
    expect: {
      "dot-small": ["error", /gotcha from a proxy trap|must be a number/],
      "dot-empty": ["error", /thrown/],
      "*": ["error", /gotcha from a proxy trap|reading the value threw/],
    },
  },
  {
    title: "thrown non-Error values (string, undefined, object with a throwing toString)",
    file: "c7-throw-non-error.ts",
    expect: {
      "dot-small": ["error", /\(thrown string\): just a string/],
      "dot-empty": ["error", /\(thrown undefined\)/],
      "*": ["error", /\(thrown object\)/],
    },
  },
  {
    title: "E1 the reference is not in require.cache",
    file: "e1-require-cache.ts",
    // Unit code gets a require for Node built-ins only: no module cache to search at all.
    expect: { "dot-small": ["error", /no reference in require.cache: $/m], "*": ["error", /no reference/] },
  },
  {
    title: "E2 reading the solution from disk (fs, require, process.binding) is refused",
    file: "e2-read-solutions.ts",
    expect: { "axpy-small": ["error", /Cannot find module|ERR_ACCESS_DENIED/], "*": ["error", /ERR_ACCESS_DENIED/] },
  },
  {
    title: "E2 importing the solution is refused when bundling",
    file: "e2-import-solutions.ts",
    expect: { "*": ["error", /does not compile:[\s\S]*import "\.\.\/solutions\/fixture-vec" is not allowed/] },
  },
  {
    title: "E2 a symlink to the solution is not accepted as the submission",
    setup: (dir) => fs.symlinkSync(path.join(FIXTURE_SOLUTIONS, "fixture-vec.ts"), path.join(dir, "fixture-vec.ts")),
    expect: { "*": ["error", /link to a file outside the submission/] },
  },
  {
    title: "E3 scrubbed environment, neutral paths, staging folder removed",
    file: "e3-env-sniffing.ts",
    expect: { "dot-small": ["error", /sniffed/], "dot-empty": ["error", /sniffed/], "*": ["error", /where am I/] },
    after: (r) => {
      const msg = exercise(r, "fixture-vec").tests[0].message;
      const seen = JSON.parse(/SNIFF (\{.*\})/.exec(msg)?.[1] ?? "null") as {
        env: string[];
        argv: string[];
        cwd: string;
        file: string;
      };
      assert.deepEqual(seen.env, ["LANG", "PATH", "TZ"]);
      assert.match(seen.cwd, /\/rnn-grade-[^/]+$/);
      assert.match(seen.file, /^unit-\d+\.js$/);
      assert.equal(fs.existsSync(seen.cwd), false, "staging folder removed");
      for (const t of exercise(r, "fixture-vec").tests) {
        assert.ok(!t.message.includes(ROOT), "no project path in messages");
        assert.ok(!t.message.includes("solutions"), "no solutions path in messages");
      }
    },
  },
  {
    title: "E5 no network: the connection never reaches a server on this machine",
    file: "e5-network.ts",
    expect: { "*": ["error", /ENETUNREACH|ECONNREFUSED|EACCES|ERR_ACCESS_DENIED/] },
    after: () => assert.equal(connections, 0),
  },
  {
    title: "F4 packages from the submission's node_modules / tsconfig paths are refused",
    file: "f4-package-import.ts",
    setup: (dir) => {
      fs.mkdirSync(path.join(dir, "node_modules", "cheat"), { recursive: true });
      fs.writeFileSync(
        path.join(dir, "node_modules", "cheat", "index.js"),
        "exports.dot = () => 12; exports.axpy = () => [0.75, 1, 0.5, 4];\n",
      );
      fs.writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { cheat: ["./node_modules/cheat/index.js"] } } }),
      );
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "evil", dependencies: { cheat: "*" } }));
    },
    expect: { "*": ["error", /import "cheat" is not allowed/] },
  },
  {
    title: "patching built-ins (Array, Object, JSON, Number, Math) changes nothing in the grader",
    file: "g-patch-globals.ts",
    expect: { "*": ["failed", /expected/] },
  },
  {
    title:
      "work left running in the shared grading process (a late endless loop, an " +
      "interval, a process listener) does not reach the next exercise",
    file: "g-leftovers.ts",
    expect: { "*": ["passed", /^$/] },
  },
  {
    title:
      "patching the grading process's own built-ins, reached through a host object, does not reach the next exercise",
    file: "g-reach-host-realm.ts",
    expect: { "*": ["passed", /^$/] },
  },
  {
    title: "G5 stray console.warn / console.error output does not change a passing result",
    source: `${goodVec()}\nconsole.error("warning: loaded");\nconsole.warn("deprecated!");\n`,
    expect: { "*": ["passed", /^$/] },
  },
  {
    title: "forged and garbage frames on the data channel",
    file: "h-forged-frames.ts",
    expect: {
      "dot-small": ["error", /2147483647 bytes, more than the \d+ allowed/],
      "dot-empty": ["error", /more than/],
      "*": ["error", /could not be decoded/],
    },
  },
  {
    title: "H1 missing export: named, with what the file does export",
    file: "h1-missing-export.ts",
    expect: { "*": ["error", /`dot` is not exported by the exercise file \(it exports: axpy, dotProduct\)/] },
  },
  {
    title: "H1 wrong file name: not found, with the files present",
    setup: (dir) => fs.writeFileSync(path.join(dir, "fixturevec.ts"), goodVec()),
    expect: {
      "*": [
        "error",
        /exercises\/fixture-vec\.ts was not found in the submission \(the submission has: fixture-seq\.ts, fixturevec\.ts\)/,
      ],
    },
  },
  {
    title: "a FIFO instead of a file does not hang the grader",
    setup: (dir) => assert.equal(spawnSync("mkfifo", [path.join(dir, "fixture-vec.ts")]).status, 0),
    expect: { "*": ["error", /not a regular file/] },
  },
  {
    title: "an oversized source file is refused",
    source: `${"// padding\n".repeat(100_000)}${goodVec()}`,
    expect: { "*": ["error", /bytes, more than the 1000000 accepted/] },
  },
  {
    title: "an error message of 10 MB is truncated",
    source: `export function dot(): number { throw new Error("x".repeat(10_000_000)); }\nexport const axpy = dot;\n`,
    expect: { "*": ["error", /^Error: x+ … \(\d+ more characters\)/] },
    after: (r) => {
      for (const t of exercise(r, "fixture-vec").tests) assert.ok(t.message.length < 5000);
    },
  },
];

const reports = new Map<string, DetailedReport | Error>();
const contexts = new Map<string, Context>();

describe("grading: hostile submissions", function () {
  this.timeout(60_000);

  before(async function () {
    this.timeout(300_000);
    fs.rmSync(A7_TMP_MARKER, { force: true });
    server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as net.AddressInfo).port;
    const limiter = new Limiter(4);
    await Promise.all(
      CASES.map(async (c) => {
        const marker = tempDir("marker");
        fs.chmodSync(marker, 0o777);
        const files: Record<string, string> = { "fixture-seq.ts": goodSeq() };
        if (c.file) files["fixture-vec.ts"] = placeholders(fs.readFileSync(path.join(HOSTILE, c.file), "utf8"), marker);
        if (c.source) files["fixture-vec.ts"] = c.source;
        const dir = submission(files);
        c.setup?.(dir);
        contexts.set(c.title, { dir, marker });
        try {
          reports.set(
            c.title,
            await gradeSubmissionDetailed({ submissionDir: dir, ...FIXTURE_OPTIONS, limiter, ...c.options }),
          );
        } catch (e) {
          reports.set(c.title, e as Error);
        }
      }),
    );
  });

  after(() => {
    server.close();
    cleanTemps();
    fs.rmSync(A7_TMP_MARKER, { force: true });
  });

  for (const c of CASES) {
    it(c.title, () => {
      const report = reports.get(c.title);
      if (report instanceof Error || report === undefined) throw report ?? new Error("not graded");
      assertComplete(report, FIXTURE_MANIFEST);
      assert.deepEqual(report.internalErrors, []);
      const seq = exercise(report, "fixture-seq");
      assert.equal(seq.score, 2, `fixture-seq is still fully scored: ${JSON.stringify(seq.tests)}`);
      const vec = exercise(report, "fixture-vec");
      for (const t of vec.tests) {
        const [status, message] = c.expect[t.name as VecId] ?? c.expect["*"] ?? (["failed", /./] as Expect);
        const statuses = Array.isArray(status) ? status : [status];
        assert.ok(
          statuses.includes(t.status),
          `${t.name}: status ${t.status}, expected ${statuses.join("|")}; message: ${t.message.slice(0, 500)}`,
        );
        assert.match(t.message, message, `${t.name}: message`);
      }
      c.after?.(report, contexts.get(c.title) as Context);
    });
  }
});

describe("grading: hostile submissions through the command line", function () {
  this.timeout(120_000);
  type Run = { status: number | null; stdout: string; stderr: string };
  const runs = new Map<string, Promise<Run>>();
  const cli = (key: string, dir: string, extra: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => {
    const args = [
      "grade",
      dir,
      "--specs",
      path.join(ROOT, "test", "grader", "fixture"),
      "--reference",
      FIXTURE_SOLUTIONS,
      "--timeout",
      "1500",
      "--memory",
      "192",
      ...extra,
    ];
    runs.set(key, runCliAsync(args, opts));
  };
  const result = async (key: string): Promise<Run> => {
    const r = await (runs.get(key) as Promise<Run>);
    assert.equal(r.status, 0, r.stderr);
    return r;
  };
  const marked = () => {
    const marker = tempDir("marker");
    fs.chmodSync(marker, 0o777);
    return marker;
  };
  let d1Marker = "";
  let d1Out = "";
  let f1Evil = "";
  const minimal = [
    ["a5-typed-array-bomb.ts", /Array buffer allocation failed|memory limit exceeded/],
    ["a7-disk-write.ts", /ERR_ACCESS_DENIED/],
    ["e2-read-solutions.ts", /ERR_ACCESS_DENIED|Cannot find module/],
  ] as const;
  const minimalMarkers: string[] = [];
  let minimalBatch = "";

  // All command-line runs start at once; each test awaits its own.
  before(() => {
    d1Marker = marked();
    d1Out = path.join(d1Marker, "results.json");
    const hostile = (file: string, marker = "") =>
      placeholders(fs.readFileSync(path.join(HOSTILE, file), "utf8"), marker);
    cli("d1", submission({ "fixture-vec.ts": hostile("d1-write-results.ts", d1Marker), "fixture-seq.ts": goodSeq() }), [
      "--format",
      "json",
      "--out",
      d1Out,
    ]);
    cli("d2", submission({ "fixture-vec.ts": hostile("d2-fake-report.ts"), "fixture-seq.ts": goodSeq() }), [
      "--format",
      "json",
    ]);
    f1Evil = path.join(tempDir("f1"), "evil-ran");
    const f1 = submission({
      "fixture-vec.ts": hostile("c1-patch-assert.ts"),
      "fixture-seq.ts": goodSeq(),
      "evil.js": `require("fs").writeFileSync(${JSON.stringify(f1Evil)}, "1");\n`,
      ".mocharc.json": JSON.stringify({ require: ["./evil.js"], spec: ["./evil.js"] }),
      ".mocharc.yml": "require: ./evil.js\n",
      "package.json": JSON.stringify({ name: "x", mocha: { require: ["./evil.js"] } }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "*": ["./evil.js"] } } }),
    });
    cli("f1", f1, ["--format", "json"], { cwd: f1 });
    cli(
      "e3",
      submission({ "fixture-vec.ts": hostile("e3-env-sniffing.ts"), "fixture-seq.ts": goodSeq() }),
      ["--format", "json", "--exercise", "fixture-vec"],
      {
        env: {
          NODE_OPTIONS: "--no-deprecation",
          MOCHA_OPTIONS: "--require ./evil.js",
          MOCHA_FILE: "/tmp/x.xml",
          CI: "true",
          RNN_SECRET_TOKEN: "s3cret",
        },
      },
    );
    // One batch (one grader process) with the three submissions, sandbox layers turned off.
    minimalBatch = tempDir("minimal");
    for (const [file] of minimal) {
      const marker = marked();
      minimalMarkers.push(marker);
      fs.mkdirSync(path.join(minimalBatch, "in", file), { recursive: true });
      fs.writeFileSync(path.join(minimalBatch, "in", file, "fixture-vec.ts"), hostile(file, marker));
      fs.writeFileSync(path.join(minimalBatch, "in", file, "fixture-seq.ts"), goodSeq());
    }
    const batchArgs = [
      "grade-batch",
      path.join(minimalBatch, "in"),
      "--out",
      path.join(minimalBatch, "out"),
      "--specs",
      path.join(ROOT, "test", "grader", "fixture"),
      "--reference",
      FIXTURE_SOLUTIONS,
    ];
    runs.set(
      "minimal",
      runCliAsync([...batchArgs, "--timeout", "8000", "--memory", "128"], {
        env: { RNN_GRADING_SANDBOX_DISABLE: "unshare,setpriv" },
      }),
    );
  });

  after(async () => {
    await Promise.allSettled(runs.values());
    cleanTemps();
  });

  it("D1 overwriting the report file fails: the file holds the real report", async () => {
    await result("d1");
    const report = JSON.parse(fs.readFileSync(d1Out, "utf8"));
    assertComplete(report, FIXTURE_MANIFEST);
    assert.equal(exercise(report, "fixture-vec").score, 0);
    assert.equal(exercise(report, "fixture-seq").score, 2);
    assert.deepEqual(fs.readdirSync(d1Marker), ["results.json"]);
  });

  it("D2 a fake report printed by the code never reaches the grader's output", async () => {
    const report = JSON.parse((await result("d2")).stdout); // the whole stdout is the one genuine report
    assertComplete(report, FIXTURE_MANIFEST);
    assert.equal(report.score, 2);
    assert.equal(exercise(report, "fixture-vec").score, 0);
  });

  it("F1 config files in the submission and in the current folder (.mocharc, package.json, tsconfig) are ignored", async () => {
    const report = JSON.parse((await result("f1")).stdout);
    assertComplete(report, FIXTURE_MANIFEST);
    assert.equal(exercise(report, "fixture-vec").score, 0);
    assert.equal(exercise(report, "fixture-seq").score, 2);
    assert.equal(fs.existsSync(f1Evil), false, "evil.js never ran");
  });

  it("E3 the grader's own environment (NODE_OPTIONS, MOCHA_OPTIONS, CI, secrets) does not reach the code", async () => {
    const report = JSON.parse((await result("e3")).stdout);
    const msg: string = report.exercises[0].tests[0].message;
    const seen = JSON.parse(/SNIFF (\{.*\})/.exec(msg)?.[1] ?? "null");
    assert.deepEqual(seen.env, ["LANG", "PATH", "TZ"]);
    assert.ok(!msg.includes("s3cret"));
  });

  it("without namespaces and uid change (as on a plain container) memory, files and the solutions stay protected", async () => {
    await result("minimal");
    for (const [i, [file, pattern]] of minimal.entries()) {
      const report = JSON.parse(fs.readFileSync(path.join(minimalBatch, "out", "reports", `${file}.json`), "utf8"));
      assertComplete(report, FIXTURE_MANIFEST);
      assert.equal(exercise(report, "fixture-seq").score, 2);
      for (const t of exercise(report, "fixture-vec").tests) {
        assert.notEqual(t.status, "passed", `${file} ${t.name}`);
        assert.match(t.message, pattern, `${file} ${t.name}`);
      }
      assert.deepEqual(fs.readdirSync(minimalMarkers[i]), []);
    }
  });
});
