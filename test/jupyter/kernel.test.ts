/**
 * @file The rnn-course kernel (tslab behind scripts/kernel/launch.js), tested through the real
 * Jupyter protocol: jupyter_client (kernel_probe.py) and nbclient (run_notebook.py).
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/kernel/kernelspec";
import { describeFailure, pythonEnv, runNotebook, RUNNER_SCRIPT } from "../../scripts/notebook/notebooks";
import { probeKernel, runPython } from "./python";

const LAUNCHER_DIR = path.join(PROJECT_ROOT, "scripts", "kernel");

interface Fixes {
  EXPECTED_TSLAB_VERSION: string;
  EXIT_CANNOT_LISTEN: number;
  folderImport(id: string, baseDir: string): string;
  StreamBatcher: new (write: (name: string, text: string) => void) => {
    write(name: string, text: string): void;
    flush(): void;
  };
  errorFromStderr(stderr: string): { ename: string; evalue: string; traceback: string[] };
}
const fixes = require(path.join(LAUNCHER_DIR, "tslab-fixes.js")) as Fixes;

/** Copies the launcher and the modules it loads (every .js file of scripts/kernel) into root/scripts/kernel. */
function copyLauncher(root: string): void {
  for (const file of fs.readdirSync(LAUNCHER_DIR).filter((name) => name.endsWith(".js"))) {
    fs.copyFileSync(path.join(LAUNCHER_DIR, file), path.join(root, "scripts", "kernel", file));
  }
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a notebook whose cells are the given code sources (optionally tagged). */
function writeNotebook(file: string, cells: Array<{ source: string; tags?: string[] }>): void {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "rnn-course", display_name: "TypeScript (rnn-course)", language: "typescript" } },
    cells: cells.map((cell, i) => ({
      id: `cell-${i}`,
      cell_type: "code",
      execution_count: null,
      metadata: cell.tags ? { tags: cell.tags } : {},
      outputs: [],
      source: cell.source,
    })),
  };
  fs.writeFileSync(file, JSON.stringify(notebook, null, 1));
}

/** Listens on a free port of 127.0.0.1 (the caller closes it). */
function listenAnywhere(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

/**
 * Writes a Jupyter connection file whose shell port is `shellPort` and whose other ports were free a
 * moment ago.
 */
async function writeConnectionFile(file: string, shellPort: number): Promise<void> {
  const servers = await Promise.all([0, 1, 2, 3].map(() => listenAnywhere()));
  const [iopub, stdin, control, hb] = servers.map(portOf);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  const connection = {
    shell_port: shellPort,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    ip: "127.0.0.1",
    key: "0123456789abcdef",
    transport: "tcp",
    signature_scheme: "hmac-sha256",
    kernel_name: "rnn-course",
  };
  fs.writeFileSync(file, JSON.stringify(connection));
}

describe("kernel launcher (scripts/kernel/launch.js)", () => {
  it("starts-up check passes with the pinned tslab", () => {
    const run = spawnSync(process.execPath, [path.join(LAUNCHER_DIR, "launch.js"), "--check"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`tslab ${fixes.EXPECTED_TSLAB_VERSION.replace(/\./g, "\\.")}`));
  });

  it("refuses to start, loudly, when the installed tslab version differs", () => {
    const root = tempDir("rnn-course-launcher-");
    try {
      fs.mkdirSync(path.join(root, "scripts", "kernel"), { recursive: true });
      copyLauncher(root);
      fs.mkdirSync(path.join(root, "node_modules", "tslab"), { recursive: true });
      fs.writeFileSync(
        path.join(root, "node_modules", "tslab", "package.json"),
        JSON.stringify({ name: "tslab", version: "1.0.23" }),
      );
      const run = spawnSync(
        process.execPath,
        [path.join(root, "scripts", "kernel", "launch.js"), "--config-path", "unused.json"],
        {
          encoding: "utf8",
        },
      );
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /found tslab 1\.0\.23/);
      assert.match(run.stderr, new RegExp(`written for tslab ${fixes.EXPECTED_TSLAB_VERSION.replace(/\./g, "\\.")}`));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("exits with the address named when a port of its connection file is taken, instead of hanging", async () => {
    const root = tempDir("rnn-course-taken-");
    const taken = await listenAnywhere();
    try {
      const connectionFile = path.join(root, "connection.json");
      await writeConnectionFile(connectionFile, portOf(taken));
      const run = spawnSync(process.execPath, [path.join(LAUNCHER_DIR, "launch.js"), "--config-path", connectionFile], {
        encoding: "utf8",
        cwd: root,
        timeout: 30_000,
      });
      assert.equal(run.signal, null, `the kernel was still running after 30 s; stderr:\n${run.stderr}`);
      assert.equal(run.status, fixes.EXIT_CANNOT_LISTEN, run.stderr);
      assert.match(run.stderr, new RegExp(`cannot listen on tcp://127\\.0\\.0\\.1:${portOf(taken)} \\(EADDRINUSE`));
      assert.match(run.stderr, /start the kernel again on new ports/);
    } finally {
      taken.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("refuses to start when tslab is missing, saying to run npm ci", () => {
    const root = tempDir("rnn-course-launcher-");
    try {
      fs.mkdirSync(path.join(root, "scripts", "kernel"), { recursive: true });
      copyLauncher(root);
      fs.writeFileSync(path.join(root, "package.json"), "{}");
      const run = spawnSync(process.execPath, [path.join(root, "scripts", "kernel", "launch.js"), "--check"], {
        encoding: "utf8",
      });
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /tslab is not installed/);
      assert.match(run.stderr, /npm ci/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("maps folder imports to their index.ts and leaves other ids alone", () => {
    const root = tempDir("rnn-course-folders-");
    try {
      fs.mkdirSync(path.join(root, "lib", "sub"), { recursive: true });
      fs.writeFileSync(path.join(root, "lib", "index.ts"), "");
      fs.writeFileSync(path.join(root, "lib", "sub", "index.ts"), "");
      fs.writeFileSync(path.join(root, "lib", "plain.ts"), "");
      fs.mkdirSync(path.join(root, "lib", "plain"));
      fs.writeFileSync(path.join(root, "lib", "plain", "index.ts"), "");
      assert.equal(fixes.folderImport("./lib", root), "./lib/index");
      assert.equal(fixes.folderImport("./lib/sub/", root), "./lib/sub/index");
      assert.equal(fixes.folderImport("../sub", path.join(root, "lib", "plain")), "../sub/index");
      // A file of the same name wins, as in TypeScript's resolution.
      assert.equal(fixes.folderImport("./lib/plain", root), "./lib/plain");
      assert.equal(fixes.folderImport("./lib/missing", root), "./lib/missing");
      assert.equal(fixes.folderImport("fs", root), "fs");
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("names a failed cell's error from what tslab printed to stderr", () => {
    assert.deepEqual(fixes.errorFromStderr("2:7 - Cannot find name 'foo'.\n"), {
      ename: "CompileError",
      evalue: "2:7 - Cannot find name 'foo'.",
      traceback: ["2:7 - Cannot find name 'foo'."],
    });
    const thrown = fixes.errorFromStderr(
      'evalmachine.<anonymous>:2\nthrow new RangeError("bad size");\n^\n\nRangeError: bad size\n    at f (x.js:1:1)\n',
    );
    assert.equal(thrown.ename, "RangeError");
    assert.equal(thrown.evalue, "bad size");
    assert.equal(thrown.traceback.length, 6);
    assert.deepEqual(fixes.errorFromStderr(""), { ename: "Error", evalue: "", traceback: [] });
  });

  it("batches stream writes in order, flushing when the stream name changes", () => {
    const sent: Array<[string, string]> = [];
    const batcher = new fixes.StreamBatcher((name, text) => sent.push([name, text]));
    batcher.write("stdout", "a\n");
    batcher.write("stdout", "b\n");
    batcher.write("stderr", "oops\n");
    batcher.write("stdout", "c\n");
    batcher.flush();
    batcher.flush();
    assert.deepEqual(sent, [
      ["stdout", "a\nb\n"],
      ["stderr", "oops\n"],
      ["stdout", "c\n"],
    ]);
  });
});

interface ProbeRun {
  status: string;
  stdout: string;
  stderr: string;
}

/** What kernel_probe.py reports for the scenarios run below (one kernel session). */
interface ProbeReport {
  reload: { first: ProbeRun; typeError: ProbeRun; afterEdit: string; unchangedKept: string };
  "many-lines": { status: string; lines: number; inOrder: boolean; streamMessages: number };
  "after-error": {
    sequentialAllowErrors: ProbeRun[];
    queuedAllowErrors: { results: ProbeRun[]; repliesInOrder: boolean };
    queuedStopOnError: { results: ProbeRun[]; repliesInOrder: boolean };
    sequentialStopOnError: ProbeRun[];
  };
  interrupt: { interruptedStatus: string; interruptedStderr: string; after: ProbeRun; alive: boolean };
}

describe("rnn-course kernel through the Jupyter protocol", function () {
  this.timeout(180_000);
  let report: ProbeReport;
  let root: string;

  before(async function () {
    this.timeout(300_000);
    // A notebook folder `nb` whose `lib` links to a source folder, as notebooks/<chapter>/rnn -> src.
    root = tempDir("rnn-course-probe-");
    fs.mkdirSync(path.join(root, "nb"));
    fs.mkdirSync(path.join(root, "lib"));
    fs.symlinkSync("../lib", path.join(root, "nb", "lib"));
    fs.writeFileSync(path.join(root, "lib", "index.ts"), 'export * from "./value";\nexport * from "./ops";\n');
    fs.writeFileSync(path.join(root, "lib", "value.ts"), "export const value: number = 1;\n");
    fs.writeFileSync(
      path.join(root, "lib", "ops.ts"),
      "export function double(x: number): number {\n  return 2 * x;\n}\nexport const token = { created: Date.now() };\n",
    );
    // Order matters: the interrupt comes last so that its aftermath is checked by its own scenario.
    report = await probeKernel<ProbeReport>(
      ["--root", root, "reload", "many-lines=20000", "after-error", "interrupt"],
      280_000,
    );
  });

  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("imports a symlinked source folder with type checking and picks up edits on re-import", () => {
    assert.equal(report.reload.first.status, "ok", JSON.stringify(report.reload.first));
    assert.equal(report.reload.first.stdout, "value=1 double=2\n");
    assert.equal(report.reload.typeError.status, "error");
    assert.match(report.reload.typeError.stderr, /Type 'number' is not assignable to type 'string'/);
    assert.equal(report.reload.afterEdit, "value=2 double=4\n");
    // Modules the edit did not touch are not reloaded, so their objects and classes stay identical.
    assert.equal(report.reload.unchangedKept, "true");
  });

  it("delivers all 20,000 lines of a cell, in order and batched", () => {
    const result = report["many-lines"];
    assert.equal(result.status, "ok");
    assert.equal(result.lines, 20000);
    assert.ok(result.inOrder, "lines arrived out of order");
    assert.ok(result.streamMessages < 200, `expected batched stream output, got ${result.streamMessages} messages`);
  });

  it("runs the cell after a failing cell when errors are allowed, and aborts queued cells otherwise", () => {
    const result = report["after-error"];
    assert.equal(result.sequentialAllowErrors[0].status, "error");
    assert.equal(result.sequentialAllowErrors[1].status, "ok");
    assert.equal(result.sequentialAllowErrors[1].stdout, "ran after error\n");

    assert.deepEqual(
      result.queuedAllowErrors.results.map((r) => r.status),
      ["error", "ok"],
    );
    assert.equal(result.queuedAllowErrors.results[1].stdout, "queued after error\n");
    assert.ok(result.queuedAllowErrors.repliesInOrder);

    assert.deepEqual(
      result.queuedStopOnError.results.map((r) => r.status),
      ["error", "aborted"],
    );
    assert.equal(result.queuedStopOnError.results[1].stdout, "");
    assert.ok(result.queuedStopOnError.repliesInOrder);

    assert.equal(result.sequentialStopOnError[0].status, "error");
    assert.equal(result.sequentialStopOnError[1].status, "ok");
    assert.equal(result.sequentialStopOnError[1].stdout, "sent after reply\n");
  });

  it("interrupts a runaway cell and stays usable", () => {
    const result = report.interrupt;
    assert.equal(result.interruptedStatus, "error");
    assert.match(result.interruptedStderr, /interrupted/i);
    assert.equal(result.after.status, "ok");
    assert.equal(result.after.stdout, "42\n");
    assert.ok(result.alive);
  });

  it("passes the Jupyter kernel conformance suite (jupyter_kernel_test from the pinned .venv)", async () => {
    const run = await runPython(path.join(__dirname, "kernel_conformance.py"), [], 180_000);
    assert.equal(run.code, 0, run.stderr);
    const ran = /Ran (\d+) tests/.exec(run.stderr);
    assert.ok(ran && Number(ran[1]) >= 14, run.stderr);
    assert.match(run.stderr, /\bOK\b/);
  });

  it("runs every cell of an nbclient run after failures that are allowed", async () => {
    const root = tempDir("rnn-course-nbclient-");
    try {
      const allowAll = path.join(root, "allow-all.ipynb");
      writeNotebook(allowAll, [
        { source: 'throw new Error("planned");' },
        { source: 'console.log("second");' },
        { source: "const n: number = 1;" },
      ]);
      const tagged = path.join(root, "tagged.ipynb");
      writeNotebook(tagged, [
        { source: 'throw new Error("planned");', tags: ["raises-exception"] },
        { source: 'console.log("second");' },
      ]);

      const [all, withTag] = await Promise.all([runNotebook(allowAll, { allowErrors: true }), runNotebook(tagged)]);
      assert.ok(all.ok, describeFailure(all, root));
      assert.deepEqual(
        all.cells.map((c) => c.status),
        ["error", "ok", "ok"],
      );

      assert.ok(withTag.ok, describeFailure(withTag, root));
      assert.deepEqual(
        withTag.cells.map((c) => c.status),
        ["error", "ok"],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
  it("starts the kernel again on new ports when it dies before the first cell (a port taken)", async () => {
    const root = tempDir("rnn-course-restart-");
    try {
      // A kernelspec whose first start finds its shell port taken, as when another process binds it
      // between Jupyter choosing the port and the kernel binding it; later starts are normal.
      const specDir = path.join(root, "jupyter", "kernels", "rnn-course-taken-once");
      fs.mkdirSync(specDir, { recursive: true });
      const marker = path.join(root, "first-start-done");
      const wrapper = path.join(root, "taken-once.js");
      fs.writeFileSync(
        wrapper,
        [
          '"use strict";',
          'const fs = require("fs");',
          'const net = require("net");',
          `const launch = ${JSON.stringify(path.join(LAUNCHER_DIR, "launch.js"))};`,
          `const marker = ${JSON.stringify(marker)};`,
          "const start = () => {",
          "  process.argv = [process.argv[0], launch, ...process.argv.slice(2)];",
          "  require(launch);",
          "};",
          "if (fs.existsSync(marker)) {",
          "  start();",
          "} else {",
          '  fs.writeFileSync(marker, "");',
          '  const connection = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));',
          "  net.createServer().listen(connection.shell_port, connection.ip, start);",
          "}",
          "",
        ].join("\n"),
      );
      fs.writeFileSync(
        path.join(specDir, "kernel.json"),
        JSON.stringify({
          argv: [process.execPath, wrapper, "--config-path", "{connection_file}"],
          display_name: "rnn-course, shell port taken at the first start",
          language: "typescript",
        }),
      );
      const notebook = path.join(root, "restart.ipynb");
      writeNotebook(notebook, [{ source: 'console.log("ran once");' }]);
      const summaryPath = path.join(root, "summary.json");
      const env = pythonEnv();
      env.JUPYTER_PATH = [path.join(root, "jupyter"), env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
      const run = await runPython(
        RUNNER_SCRIPT,
        [notebook, "--kernel", "rnn-course-taken-once", "--summary", summaryPath, "--startup-timeout", "60"],
        150_000,
        env,
      );
      assert.ok(fs.existsSync(marker), "the first start never happened");
      assert.equal(run.code, 0, run.stderr);
      const summary = JSON.parse(fs.readFileSync(summaryPath, "utf8")) as {
        ok: boolean;
        startupAttempts: number;
        cells: Array<{ status: string }>;
      };
      assert.ok(summary.ok, run.stderr);
      assert.equal(summary.startupAttempts, 2, run.stderr);
      assert.deepEqual(
        summary.cells.map((c) => c.status),
        ["ok"],
      );
      assert.match(run.stderr, /cannot listen on tcp:\/\/127\.0\.0\.1:\d+ \(EADDRINUSE/);
      assert.match(
        run.stderr,
        /the kernel did not start \(Kernel died before replying to kernel_info\); starting it again/,
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
