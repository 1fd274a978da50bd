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

/** Runs `probe.js` in `dir` under the command `prefix` (layers); true when it printed "ok". */
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

/** What {@link probeLayers} found, and how. */
export interface ProbeResult {
  layers: SandboxLayers;
  /** The layers present on this machine (and not disabled), before probing. */
  candidates: (keyof SandboxLayers)[];
  /** Probe processes started. */
  probes: number;
  /** The combined probe's outcome, or "skipped" (fewer than two candidates, or turned off). */
  combined: "ok" | "failed" | "skipped";
}

/**
 * Finds which layers work here. First all candidate layers together, wrapped around one Node
 * process as they are around a grading child ({@link commandLine}): when it prints "ok", each of
 * them works (alone, each asks less). Only when that fails is each layer probed alone, as before
 * the combined probe existed, so the result is the same in every case; when all work (the usual
 * case as root) it costs one Node start instead of three.
 * @param opts.combined tests: "skip" probes the layers one by one only; "fail" makes the combined
 *   probe fail (a failing command in the chain), as a layer that breaks only in combination would
 */
export async function probeLayers(opts: { combined?: "try" | "skip" | "fail" } = {}): Promise<ProbeResult> {
  // Diagnostics and tests: RNN_GRADING_SANDBOX_DISABLE=unshare,setpriv,prlimit turns layers off.
  const disabled = new Set((process.env.RNN_GRADING_SANDBOX_DISABLE ?? "").split(",").map((x) => x.trim()));
  const dir = makeStagingDir();
  try {
    fs.writeFileSync(path.join(dir, "probe.js"), "process.stdout.write('ok')\n");
    fs.chmodSync(path.join(dir, "probe.js"), 0o644);
    const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
    const found: SandboxLayers = {
      prlimit: disabled.has("prlimit") ? null : which("prlimit"),
      unshare: disabled.has("unshare") ? null : which("unshare"),
      setpriv: disabled.has("setpriv") || !isRoot ? null : which("setpriv"),
    };
    const candidates = (Object.keys(found) as (keyof SandboxLayers)[]).filter((k) => found[k] !== null);
    let probes = 0;
    let combined: ProbeResult["combined"] = "skipped";
    if (candidates.length >= 2 && opts.combined !== "skip") {
      probes++;
      // The "fail" test hook puts a command that fails into the chain.
      const prefix = layerPrefix(found, { memoryMb: 256 });
      if (opts.combined === "fail") prefix.push("/bin/false", "--");
      if (await probe(prefix, dir)) {
        return { layers: found, candidates, probes, combined: "ok" };
      }
      combined = "failed";
    }
    const alone = (k: keyof SandboxLayers, prefix: (cmd: string) => string[]): Promise<boolean> => {
      const cmd = found[k];
      if (cmd === null) return Promise.resolve(false);
      probes++;
      return probe(prefix(cmd), dir);
    };
    const [p, u, s] = await Promise.all([
      alone("prlimit", (cmd) => [cmd, `--as=${(NODE_BASELINE_MB + 256) * 1024 * 1024}`, "--"]),
      alone("unshare", (cmd) => [cmd, "--net", "--"]),
      alone("setpriv", (cmd) => setprivArgs(cmd)),
    ]);
    const layers = {
      prlimit: p ? found.prlimit : null,
      unshare: u ? found.unshare : null,
      setpriv: s ? found.setpriv : null,
    };
    return { layers, candidates, probes, combined };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function setprivArgs(setpriv: string): string[] {
  const id = String(200_000 + randomInt(0, 1_000_000_000));
  return [setpriv, `--reuid=${id}`, `--regid=${id}`, "--clear-groups", "--"];
}

/**
 * The sandbox layers available here, probed once per process (never cached across processes: a
 * layer that stopped working must not be assumed). Call it early, so the probe runs while specs
 * are loaded and bundled.
 */
export function sandboxLayers(): Promise<SandboxLayers> {
  if (layersPromise === null) layersPromise = probeLayers().then((r) => r.layers);
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

/** The layers' part of a child's command line: `unshare --net`, `prlimit` caps, `setpriv` to a random uid. */
function layerPrefix(layers: SandboxLayers, limits: CommandLimits): string[] {
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
  return cmd;
}

export function commandLine(layers: SandboxLayers, dir: string, limits: CommandLimits, start: number): string[] {
  return [
    ...layerPrefix(layers, limits),
    process.execPath,
    "--experimental-permission",
    `--allow-fs-read=${dir}/`,
    `--max-old-space-size=${limits.memoryMb}`,
    "--disable-warning=ExperimentalWarning",
    "--no-addons",
    "--frozen-intrinsics",
    path.join(dir, "run.js"),
    String(start),
  ];
}
