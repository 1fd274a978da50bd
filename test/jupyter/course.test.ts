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
import { findOnPath } from "../../scripts/kernel/jupyter";
import { KERNEL_DISPLAY_NAME, KERNEL_NAME, LOCAL_JUPYTER_DIR, PROJECT_ROOT } from "../../scripts/kernel/kernelspec";
import { runPython } from "./python";

const TSX = path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const COURSE = path.join(PROJECT_ROOT, "scripts", "course.ts");
const INSTALL = path.join(PROJECT_ROOT, "scripts", "kernel", "install.ts");
const LAUNCHER = path.join(PROJECT_ROOT, "scripts", "kernel", "launch.js");

interface Plan {
  kind: string;
  command: string;
  args: string[];
  cwd: string;
  jupyterPath: string;
  kernelspecDir: string;
}

/** A folder of fake executables (exit 0) to put on PATH. */
function fakeBin(names: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-bin-"));
  for (const name of names) {
    fs.writeFileSync(path.join(dir, name), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  }
  return dir;
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

  it("prefers JupyterLab and opens notebooks/README.ipynb with the project-local kernelspec", () => {
    const bin = fakeBin(["jupyter-lab", "jupyter-notebook"]);
    try {
      const run = course(["--dry-run", "--no-browser"], { ...process.env, PATH: bin, JUPYTER_PATH: "" });
      assert.equal(run.status, 0, run.stderr);
      const plan = JSON.parse(run.stdout) as Plan;
      assert.equal(plan.kind, "lab");
      assert.equal(plan.command, path.join(bin, "jupyter-lab"));
      assert.deepEqual(plan.args, [`--ServerApp.root_dir=${PROJECT_ROOT}`, "notebooks/README.ipynb", "--no-browser"]);
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

  it("falls back to the classic notebook, keeping an existing JUPYTER_PATH after the local one", () => {
    const bin = fakeBin(["jupyter-notebook"]);
    try {
      const run = course(["--dry-run", "--", "--port=9999"], { ...process.env, PATH: bin, JUPYTER_PATH: "/opt/other" });
      assert.equal(run.status, 0, run.stderr);
      const plan = JSON.parse(run.stdout) as Plan;
      assert.equal(plan.kind, "notebook");
      assert.deepEqual(plan.args, [
        `--ServerApp.root_dir=${PROJECT_ROOT}`,
        `--NotebookApp.notebook_dir=${PROJECT_ROOT}`,
        "notebooks/README.ipynb",
        "--port=9999",
      ]);
      assert.equal(plan.jupyterPath, `${LOCAL_JUPYTER_DIR}${path.delimiter}/opt/other`);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it("says how to install Jupyter when there is none", () => {
    const bin = fakeBin([]);
    try {
      const run = course([], { ...process.env, PATH: bin });
      assert.equal(run.status, 1);
      assert.match(run.stderr, /No Jupyter found/);
      assert.match(run.stderr, /pip install jupyterlab/);
      assert.match(run.stderr, /apt-get install jupyter-notebook/);
      assert.equal(run.stdout, "");
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it("rejects unknown options", () => {
    const run = course(["--browser"], process.env);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown option "--browser"/);
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
      const app = dry.kind === "lab" ? "ServerApp" : "NotebookApp";
      runtime = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-jupyter-"));
      const jupyterArgs = [`--port=${port}`, `--${app}.token=${token}`, `--${app}.port_retries=0`];
      if (process.getuid?.() === 0) {
        jupyterArgs.push("--allow-root"); // CI containers run as root, which Jupyter refuses by default
      }
      server = spawn(process.execPath, [TSX, COURSE, "--no-browser", "--", ...jupyterArgs], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, JUPYTER_RUNTIME_DIR: runtime, PYDEVD_DISABLE_FILE_VALIDATION: "1" },
        stdio: ["ignore", "ignore", "pipe"],
        detached: true,
      });
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
