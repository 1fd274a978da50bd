/**
 * The sandbox layers outside Node (see ./sandbox.ts), probed once per process, and the command
 * line of a child: `unshare --net`, `prlimit` caps, `setpriv` to a random uid, then Node with its
 * permission model reading only the staging folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Virtual memory Node itself reserves before running any code (measured: ~0.75-1 GB on x64). */
export const NODE_BASELINE_MB = 1024;

/** Limits the command line applies (a subset of the sandbox limits). */
export interface CommandLimits {
  memoryMb: number;
}

/** The layers found usable on this machine. */
export interface SandboxLayers {
  unshare: string | null;
  setpriv: string | null;
  prlimit: string | null;
}

let layersPromise: Promise<SandboxLayers> | null = null;

function which(cmd: string): string | null {
  for (const dir of ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"]) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

function probe(prefix: string[], dir: string): Promise<boolean> {
  const args = [
    ...prefix,
    process.execPath,
    "--experimental-permission",
    `--allow-fs-read=${dir}/`,
    "--disable-warning=ExperimentalWarning",
    path.join(dir, "probe.js"),
  ];
  return new Promise((resolve) => {
    let out = "";
    let child: ChildProcess;
    try {
      child = spawn(args[0], args.slice(1), { stdio: ["ignore", "pipe", "ignore"], env: childEnv(), cwd: dir });
    } catch {
      resolve(false);
      return;
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve(code === 0 && out.trim() === "ok");
    });
  });
}

async function detectLayers(): Promise<SandboxLayers> {
  // Diagnostics and tests: RNN_GRADING_SANDBOX_DISABLE=unshare,setpriv,prlimit turns layers off.
  const disabled = new Set((process.env.RNN_GRADING_SANDBOX_DISABLE ?? "").split(",").map((x) => x.trim()));
  const dir = makeStagingDir();
  try {
    fs.writeFileSync(path.join(dir, "probe.js"), "process.stdout.write('ok')\n");
    fs.chmodSync(path.join(dir, "probe.js"), 0o644);
    const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
    const prlimit = disabled.has("prlimit") ? null : which("prlimit");
    const unshare = disabled.has("unshare") ? null : which("unshare");
    const setpriv = disabled.has("setpriv") || !isRoot ? null : which("setpriv");
    const [p, u, s] = await Promise.all([
      prlimit ? probe([prlimit, `--as=${(NODE_BASELINE_MB + 256) * 1024 * 1024}`, "--"], dir) : false,
      unshare ? probe([unshare, "--net", "--"], dir) : false,
      setpriv ? probe(setprivArgs(setpriv), dir) : false,
    ]);
    return { prlimit: p ? prlimit : null, unshare: u ? unshare : null, setpriv: s ? setpriv : null };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function setprivArgs(setpriv: string): string[] {
  const id = String(200_000 + randomInt(0, 1_000_000_000));
  return [setpriv, `--reuid=${id}`, `--regid=${id}`, "--clear-groups", "--"];
}

/** The sandbox layers available here (probed once per process). */
export function sandboxLayers(): Promise<SandboxLayers> {
  if (layersPromise === null) layersPromise = detectLayers();
  return layersPromise;
}

/** One line naming the active layers, for logs and docs. */
export async function describeSandbox(): Promise<string> {
  const l = await sandboxLayers();
  const parts = [
    "node permission model (read: staging folder only)",
    "one V8 context per exercise, frozen host built-ins",
  ];
  parts.push(l.prlimit ? "prlimit (address space, no file writes)" : "NO OS memory cap (prlimit missing)");
  parts.push(l.setpriv ? "setpriv (random unprivileged uid)" : "same uid as the grader");
  parts.push(l.unshare ? "unshare (no network)" : "network not isolated");
  return parts.join("; ");
}

export function childEnv(): NodeJS.ProcessEnv {
  // Scrubbed: nothing of the grader's environment (NODE_OPTIONS, MOCHA_*, CI, paths) leaks in.
  return { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8", TZ: "UTC" };
}

export function makeStagingDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-grade-"));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export function commandLine(layers: SandboxLayers, dir: string, limits: CommandLimits, start: number): string[] {
  const cmd: string[] = [];
  if (layers.unshare) cmd.push(layers.unshare, "--net", "--");
  if (layers.prlimit) {
    cmd.push(
      layers.prlimit,
      `--as=${(NODE_BASELINE_MB + limits.memoryMb) * 1024 * 1024}`,
      "--fsize=0",
      "--core=0",
      "--nofile=256",
    );
    if (layers.setpriv) cmd.push("--nproc=128");
    cmd.push("--");
  }
  if (layers.setpriv) cmd.push(...setprivArgs(layers.setpriv));
  cmd.push(
    process.execPath,
    "--experimental-permission",
    `--allow-fs-read=${dir}/`,
    `--max-old-space-size=${limits.memoryMb}`,
    "--disable-warning=ExperimentalWarning",
    "--no-addons",
    "--frozen-intrinsics",
    path.join(dir, "run.js"),
    String(start),
  );
  return cmd;
}
