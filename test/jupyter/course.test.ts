/**
 * @file `npm run course` (scripts/course.ts) and `npm run kernel:install` (scripts/kernel/install.ts):
 * which Jupyter is launched with which kernelspec, the message when there is none, a real notebook
 * server starting the rnn-course kernel, and registration in a user's Jupyter data dir.
 */
import { strict as assert } from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { findOnPath, indexUrlFromLogLine, tokenFromArgs } from "../../scripts/kernel/jupyter";
import { KERNEL_DISPLAY_NAME, KERNEL_NAME, LOCAL_JUPYTER_DIR, PROJECT_ROOT } from "../../scripts/kernel/kernelspec";
import { runPython } from "./python";

const TSX = path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const COURSE = path.join(PROJECT_ROOT, "scripts", "course.ts");
const INSTALL = path.join(PROJECT_ROOT, "scripts", "kernel", "install.ts");
const LAUNCHER = path.join(PROJECT_ROOT, "scripts", "kernel", "launch.js");

interface Plan {
  kind: string;
  source: string;
  command: string;
  args: string[];
  cwd: string;
  jupyterPath: string;
  kernelspecDir: string;
  indexPath: string;
}

const AS_ROOT = process.getuid?.() === 0;
/** What npm run course adds as root. */
const ROOT_ARGS = AS_ROOT ? ["--allow-root"] : [];

/**
 * A folder of fake executables (name -> shell script body; exit 0 when empty) to put on PATH alone,
 * with the few tools the fakes use linked in.
 */
function fakeBin(scripts: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-bin-"));
  for (const tool of ["sed", "mkdir", "chmod", "cp"]) {
    const found = findOnPath(tool);
    assert.ok(found, `${tool} is not on PATH`);
    fs.symlinkSync(found, path.join(dir, tool));
  }
  for (const [name, body] of Object.entries(scripts)) {
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body || "exit 0"}\n`, { mode: 0o755 });
  }
  return dir;
}

/** A fake jupyter-notebook answering --version with `version`. */
const fakeNotebook = (version: string) => `[ "$1" = --version ] && echo ${version}; exit 0`;

/** A fake Jupyter server that prints its URL as Jupyter does, then its arguments, and exits. */
const FAKE_SERVER = 'echo "[I ServerApp] http://127.0.0.1:8765/lab?token=abc123" >&2; echo "ARGS: $*"; exit 0';

/**
 * A fake `python3` (version `version`) whose `-m venv DIR` makes a fake environment (DIR must be under
 * the temp folder); that environment's python, on `-m pip install ... -r FILE`, copies $FAKE_LAB (a
 * FAKE_SERVER script) in as jupyter-lab. Both log their calls to DIR/calls.log.
 */
function fakePython(version: string): string {
  const venvPython = ["#!/bin/sh", 'echo "pip $*" >> "@DIR@/calls.log"', 'cp "$FAKE_LAB" "@DIR@/bin/jupyter-lab"'];
  return [
    `if [ "$1" = -c ]; then echo "${version.replace(".", " ")} 1"; exit 0; fi`,
    'if [ "$1" = -m ] && [ "$2" = venv ]; then',
    `  case "$3" in ${os.tmpdir()}/*) ;; *) exit 9 ;; esac`,
    '  mkdir -p "$3/bin"',
    ...venvPython.map((line) => `  echo '${line}' | sed "s|@DIR@|$3|g" >> "$3/bin/python"`),
    '  chmod +x "$3/bin/python"; echo "venv $3" >> "$3/calls.log"; exit 0',
    "fi",
    "exit 3",
  ].join("\n");
}

/** The environment of a dry or fake run: PATH only `bin`, no project .venv. */
function isolatedEnv(bin: string, venv: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: bin, JUPYTER_PATH: "", RNN_COURSE_VENV: venv, ...extra };
}

function course(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [TSX, COURSE, ...args], { cwd: PROJECT_ROOT, env, encoding: "utf8" });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

async function waitFor<T>(what: () => string, attempt: () => Promise<T | null>, deadlineMs: number): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== null) {
        return value;
      }
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what()}${last ? `\nlast error: ${String(last)}` : ""}`);
}

describe("npm run course", function () {
  this.timeout(60_000);

  let scratch: string;
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-course-"));
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("uses a JupyterLab on PATH, opens notebooks/README.ipynb with the project-local kernelspec and passes Jupyter's flags", () => {
    const bin = fakeBin({ "jupyter-lab": "", "jupyter-notebook": fakeNotebook("6.4.12") });
    try {
      const run = course(
        ["--dry-run", "--no-browser", "--port", "8899", "--ip", "0.0.0.0"],
        isolatedEnv(bin, path.join(scratch, "venv")),
      );
      assert.equal(run.status, 0, run.stderr);
      const plan = JSON.parse(run.stdout) as Plan;
      assert.equal(plan.kind, "lab");
      assert.equal(plan.source, "PATH");
      assert.equal(plan.command, path.join(bin, "jupyter-lab"));
      assert.deepEqual(plan.args, [
        `--ServerApp.root_dir=${PROJECT_ROOT}`,
        "notebooks/README.ipynb",
        ...ROOT_ARGS,
        "--no-browser",
        "--port",
        "8899",
        "--ip",
        "0.0.0.0",
      ]);
      assert.equal(plan.indexPath, "/lab/tree/notebooks/README.ipynb");
      assert.equal(plan.cwd, PROJECT_ROOT);
      assert.equal(plan.jupyterPath, LOCAL_JUPYTER_DIR);
      const spec = JSON.parse(fs.readFileSync(path.join(plan.kernelspecDir, "kernel.json"), "utf8")) as {
        argv: string[];
        display_name: string;
        language: string;
      };
      assert.deepEqual(spec.argv, [process.execPath, LAUNCHER, "--config-path", "{connection_file}"]);
      assert.equal(spec.display_name, KERNEL_DISPLAY_NAME);
      assert.equal(spec.language, "typescript");
      assert.equal(path.basename(plan.kernelspecDir), KERNEL_NAME);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it("does not add --allow-root twice and skips a bare --", () => {
    const bin = fakeBin({ "jupyter-lab": "" });
    try {
      const run = course(["--dry-run", "--", "--allow-root"], isolatedEnv(bin, path.join(scratch, "venv")));
      assert.equal(run.status, 0, run.stderr);
      const plan = JSON.parse(run.stdout) as Plan;
      assert.deepEqual(plan.args, [`--ServerApp.root_dir=${PROJECT_ROOT}`, "notebooks/README.ipynb", "--allow-root"]);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it("with --classic, opens the index as the classic notebook's default URL (no file argument, so --no-browser holds)", () => {
    const bin = fakeBin({ "jupyter-lab": "", "jupyter-notebook": fakeNotebook("6.4.12") });
    try {
      const run = course(
        ["--dry-run", "--classic", "--no-browser"],
        isolatedEnv(bin, path.join(scratch, "venv"), { JUPYTER_PATH: "/opt/other" }),
      );
      assert.equal(run.status, 0, run.stderr);
      const plan = JSON.parse(run.stdout) as Plan;
      assert.equal(plan.kind, "classic");
      assert.deepEqual(plan.args, [
        `--NotebookApp.notebook_dir=${PROJECT_ROOT}`,
        "--NotebookApp.default_url=/notebooks/notebooks/README.ipynb",
        ...ROOT_ARGS,
        "--no-browser",
      ]);
      assert.equal(plan.indexPath, "/notebooks/notebooks/README.ipynb");
      assert.equal(plan.jupyterPath, `${LOCAL_JUPYTER_DIR}${path.delimiter}/opt/other`);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it("uses Notebook 7 on PATH like JupyterLab (a jupyter_server app taking the index as a file)", () => {
    const bin = fakeBin({ "jupyter-notebook": fakeNotebook("7.2.1") });
    try {
      const run = course(["--dry-run"], isolatedEnv(bin, path.join(scratch, "venv")));
      assert.equal(run.status, 0, run.stderr);
      const plan = JSON.parse(run.stdout) as Plan;
      assert.equal(plan.kind, "notebook7");
      assert.deepEqual(plan.args, [`--ServerApp.root_dir=${PROJECT_ROOT}`, "notebooks/README.ipynb", ...ROOT_ARGS]);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  const firstRun = "builds the project environment from requirements/jupyter.txt, opens it, prints the index URL";
  it(`without JupyterLab, ${firstRun}; a second run reuses it`, () => {
    const bin = fakeBin({
      python3: fakePython("3.11"),
      "jupyter-notebook": fakeNotebook("6.4.12"),
      "fake-lab": FAKE_SERVER,
    });
    const venv = path.join(scratch, "venv");
    const env = isolatedEnv(bin, venv, { FAKE_LAB: path.join(bin, "fake-lab") });
    try {
      const first = course(["--no-browser"], env);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stderr, /No JupyterLab found .*installing the course's pinned JupyterLab 4/);
      assert.match(first.stderr, /Creating a Python environment for JupyterLab in .*venv/);
      assert.match(
        first.stderr,
        /pinned in requirements\/jupyter\.txt.*\(about 100 MB; typically 30 s to 2 min, once\)/,
      );
      assert.match(first.stderr, /JupyterLab is ready in .* \(\d+ s\); later runs reuse it/);
      const calls = fs.readFileSync(path.join(venv, "calls.log"), "utf8").trim().split("\n");
      assert.equal(calls.length, 2);
      assert.equal(calls[0], `venv ${venv}`);
      assert.match(
        calls[1],
        new RegExp(`^pip -m pip install .*-r ${path.join(PROJECT_ROOT, "requirements", "jupyter.txt")}$`),
      );
      assert.match(first.stdout, /Opening the course in JupyterLab from /);
      assert.match(first.stdout, /ARGS: --ServerApp\.root_dir=\S+ notebooks\/README\.ipynb .*--no-browser/);
      assert.match(
        first.stdout,
        /Course index \/ 课程目录: http:\/\/127\.0\.0\.1:8765\/lab\/tree\/notebooks\/README\.ipynb\?token=abc123\n/,
      );
      assert.equal(/Running as root: passing --allow-root/.test(first.stdout), AS_ROOT);

      const second = course(["--no-browser"], env);
      assert.equal(second.status, 0, second.stderr);
      assert.doesNotMatch(second.stderr, /Installing|Creating/);
      assert.equal(fs.readFileSync(path.join(venv, "calls.log"), "utf8").trim().split("\n").length, 2);
      assert.match(second.stdout, /Course index \/ 课程目录: http:\/\/127\.0\.0\.1:8765\/lab\/tree\//);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it("with a Python too old for the pinned JupyterLab, says so and falls back to the classic notebook", () => {
    const bin = fakeBin({ python3: fakePython("3.9"), "jupyter-notebook": fakeNotebook("6.4.12") });
    try {
      const run = course(["--dry-run"], isolatedEnv(bin, path.join(scratch, "venv")));
      assert.equal(run.status, 0, run.stderr);
      assert.equal((JSON.parse(run.stdout) as Plan).kind, "classic");
      const real = course([], isolatedEnv(bin, path.join(scratch, "venv")));
      assert.match(real.stderr, /python3 is Python 3\.9; the pinned JupyterLab needs Python >= 3\.11/);
      assert.match(real.stderr, /Using the classic notebook found on PATH instead/);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it("says how to get Python 3 when there is neither Jupyter nor Python", () => {
    const bin = fakeBin({});
    try {
      const run = course([], isolatedEnv(bin, path.join(scratch, "venv")));
      assert.equal(run.status, 1);
      assert.match(run.stderr, /Python 3 \(>= 3\.11\) is needed to install JupyterLab/);
      assert.match(run.stderr, /apt-get install python3 python3-venv/);
      assert.match(run.stderr, /python\.org/);
      assert.equal(run.stdout, "");
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it("reads the index URL from the lines where Jupyter prints its own", () => {
    assert.equal(
      indexUrlFromLogLine("[I 2026-12-06 18:44:27.811 ServerApp]     http://127.0.0.1:8931/lab?token=3fdd", "lab"),
      "http://127.0.0.1:8931/lab/tree/notebooks/README.ipynb?token=3fdd",
    );
    assert.equal(
      indexUrlFromLogLine("[I 18:43:53.345 NotebookApp]  or http://127.0.0.1:8932/?token=1dab", "classic"),
      "http://127.0.0.1:8932/notebooks/notebooks/README.ipynb?token=1dab",
    );
    assert.equal(
      indexUrlFromLogLine("    http://localhost:9000/course/tree", "notebook7"),
      "http://localhost:9000/course/notebooks/notebooks/README.ipynb",
    );
    assert.equal(
      indexUrlFromLogLine("    http://127.0.0.1:8931/lab?token=...", "lab", "s3cret"),
      "http://127.0.0.1:8931/lab/tree/notebooks/README.ipynb?token=s3cret",
    );
    assert.equal(tokenFromArgs(["--port", "1", "--IdentityProvider.token=s3cret"]), "s3cret");
    assert.equal(tokenFromArgs(["--NotebookApp.token", "abc"]), "abc");
    assert.equal(tokenFromArgs(["--port", "1"]), null);
    assert.equal(indexUrlFromLogLine("[I ServerApp] Serving notebooks from local directory: /x", "lab"), null);
  });

  describe("with the installed Jupyter server", function () {
    this.timeout(180_000);
    let server: ChildProcess | null = null;
    let runtime: string;

    after(() => {
      if (server?.pid !== undefined && server.exitCode === null) {
        process.kill(-server.pid, "SIGTERM");
      }
      if (runtime) {
        fs.rmSync(runtime, { recursive: true, force: true });
      }
    });

    it("runs a cell in the rnn-course kernel of the server that npm run course opens", async () => {
      const dry = JSON.parse(course(["--dry-run"], process.env).stdout) as Plan;
      const port = await freePort();
      const token = randomBytes(12).toString("hex");
      const app = dry.kind === "classic" ? "NotebookApp" : "ServerApp";
      runtime = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-jupyter-"));
      // As root (CI containers), npm run course adds --allow-root itself.
      const jupyterArgs = ["--port", String(port), `--${app}.token=${token}`, `--${app}.port_retries=0`];
      server = spawn(process.execPath, [TSX, COURSE, "--no-browser", ...jupyterArgs], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, JUPYTER_RUNTIME_DIR: runtime, PYDEVD_DISABLE_FILE_VALIDATION: "1" },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      let courseOut = "";
      server.stdout?.setEncoding("utf8").on("data", (chunk: string) => (courseOut += chunk));
      let serverLog = "";
      server.stderr?.setEncoding("utf8").on("data", (chunk: string) => (serverLog = (serverLog + chunk).slice(-4000)));
      const base = `http://127.0.0.1:${port}`;
      await waitFor(
        () => `the server to answer; server log:\n${serverLog}`,
        async () =>
          (await fetch(`${base}/api/kernelspecs`, { headers: { Authorization: `token ${token}` } })).ok ? true : null,
        90_000,
      );
      // Start the kernel and run a cell through the server's websocket, as the browser does.
      const probe = await runPython(path.join(__dirname, "server_probe.py"), [base, token], 150_000);
      assert.equal(probe.code, 0, `${probe.stderr}\nserver log:\n${serverLog}`);
      const result = JSON.parse(probe.stdout) as {
        kernelspec: { display_name: string; language: string } | null;
        status: string;
        stdout: string;
      };
      assert.equal(result.kernelspec?.display_name, KERNEL_DISPLAY_NAME);
      assert.equal(result.kernelspec?.language, "typescript");
      assert.equal(result.status, "ok");
      assert.equal(result.stdout, "42\n");
      const index = `http://127.0.0.1:${port}${dry.indexPath}?token=${token}`;
      assert.ok(
        courseOut.includes(`Course index / 课程目录: ${index.replace("127.0.0.1", "localhost")}`) ||
          courseOut.includes(`Course index / 课程目录: ${index}`),
        courseOut,
      );
      const page = await fetch(index);
      assert.equal(page.status, 200, `${index} answered ${page.status}`);
    });
  });
});

describe("npm run kernel:install", function () {
  this.timeout(60_000);

  it("registers the kernel in the user's Jupyter data dir, visible to jupyter kernelspec list", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-data-"));
    try {
      const env = { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PATH: "" };
      const run = spawnSync(process.execPath, [TSX, INSTALL], { cwd: PROJECT_ROOT, env, encoding: "utf8" });
      assert.equal(run.status, 0, run.stderr);
      const kernelDir = path.join(dataDir, "kernels", KERNEL_NAME);
      assert.ok(run.stdout.includes(kernelDir));
      const spec = JSON.parse(fs.readFileSync(path.join(kernelDir, "kernel.json"), "utf8")) as { argv: string[] };
      assert.deepEqual(spec.argv, [process.execPath, LAUNCHER, "--config-path", "{connection_file}"]);

      const jupyter = findOnPath("jupyter");
      assert.ok(jupyter, "no jupyter command on PATH (Debian: apt-get install jupyter-core)");
      const listed = spawnSync(jupyter, ["kernelspec", "list", "--json"], {
        env: { ...env, PYDEVD_DISABLE_FILE_VALIDATION: "1" },
        encoding: "utf8",
      });
      assert.equal(listed.status, 0, listed.stderr);
      const kernelspecs = (JSON.parse(listed.stdout) as { kernelspecs: Record<string, { resource_dir: string }> })
        .kernelspecs;
      assert.equal(kernelspecs[KERNEL_NAME]?.resource_dir, kernelDir);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
