/**
 * Running bundled learner code in a sandboxed child process, from the trusted parent.
 *
 * Layers, from outside in (each one is probed once; missing ones are skipped and listed by
 * {@link describeSandbox}):
 *  1. `unshare --net` (when permitted, e.g. as root): no network at all.
 *  2. `setpriv` to a fresh, random, unprivileged uid (only when running as root): the child cannot
 *     signal the grader or other children, nor write anything owned by other users.
 *  3. `prlimit`: an address-space cap that also covers typed arrays and Buffers (a V8 heap limit
 *     alone does not), no file writes (`--fsize=0`), no core dumps, few processes (with 2.).
 *  4. Node's permission model: read access to the staging folder only (the bundle and the case
 *     inputs); no writes, no child processes, no worker threads, no native addons.
 * Plus: a scrubbed environment (no NODE_OPTIONS, MOCHA_OPTIONS ...), a neutral temp working
 * folder, a wall-clock timer per case that kills the whole process group, capped capture of
 * stdout/stderr (never parsed), and outputs received as data over fd 3 (./protocol.ts).
 *
 * One child runs several exercise modules ("units") of the same origin (one learner's submission,
 * or the reference solutions), each in its own V8 context (./harness.ts): one process start per
 * group instead of one per exercise. After a timeout or a crash the child is restarted at the
 * next case, so one bad case costs only its own points, and a module that cannot be loaded
 * costs only its own exercise.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Readable } from "node:stream";
import * as v8 from "node:v8";
import { supervisorBundle } from "../engine/bundle";
import { FrameReader, asChildMessage, type ChildMessage, type ErrorInfo, type StagedInput } from "../engine/protocol";
import type { Value } from "../kit/spec";

/** Limits applied to a group's child processes. */
export interface SandboxLimits {
  /** Wall-clock limit for loading the module (ms). */
  loadTimeoutMs: number;
  /** Memory the learner's code may use on top of Node's own baseline (MB). */
  memoryMb: number;
  /** Largest serialized output of one case (bytes). */
  maxOutputBytes: number;
  /** Captured stdout+stderr per case (bytes); the rest is dropped with a marker. */
  maxLogBytes: number;
  /** Time the child waits after the last case for timers left behind (ms). */
  settleMs: number;
}

/** Defaults of {@link SandboxLimits}. */
export const DEFAULT_LIMITS: SandboxLimits = {
  loadTimeoutMs: 10_000,
  memoryMb: 512,
  maxOutputBytes: 16 * 1024 * 1024,
  maxLogBytes: 4096,
  settleMs: 300,
};

/** Virtual memory Node itself reserves before running any code (measured: ~0.75-1 GB on x64). */
const NODE_BASELINE_MB = 1024;

/** One case to run. */
export interface SandboxCase {
  id: string;
  input: Value;
  timeoutMs: number;
}

/** One exercise module to run: its bundle (./bundle.ts), the exports it must have, its cases. */
export interface SandboxUnit {
  code: string;
  /** Source map of `code` (JSON), or "" for none. */
  map: string;
  exports: string[];
  cases: SandboxCase[];
}

/** What happened to one case in the child. */
export type CaseOutcome =
  | { kind: "ok"; value: Value; log: string }
  | { kind: "error"; message: string; log: string; internal?: boolean }
  | { kind: "timeout"; message: string; log: string };

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

function childEnv(): NodeJS.ProcessEnv {
  // Scrubbed: nothing of the grader's environment (NODE_OPTIONS, MOCHA_*, CI, paths) leaks in.
  return { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8", TZ: "UTC" };
}

function makeStagingDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-grade-"));
  fs.chmodSync(dir, 0o755);
  return dir;
}

function commandLine(layers: SandboxLayers, dir: string, limits: SandboxLimits, start: number): string[] {
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

const OOM_PATTERN =
  /heap out of memory|Reached heap limit|Fatal process out of memory|Fatal process OOM|allocation failed|Out of memory/i;

/** Keeps the head of a stream up to a cap, counting what was dropped. */
class CappedLog {
  private parts: string[] = [];
  private size = 0;
  private dropped = 0;
  constructor(private readonly cap: number) {}
  add(text: string): void {
    const room = this.cap - this.size;
    if (room <= 0) {
      this.dropped += text.length;
      return;
    }
    const kept = text.length > room ? text.slice(0, room) : text;
    this.parts.push(kept);
    this.size += kept.length;
    this.dropped += text.length - kept.length;
  }
  text(): string {
    const s = this.parts.join("");
    return this.dropped > 0 ? `${s}\n[... ${this.dropped} more characters of output dropped]` : s;
  }
}

/** Replaces staging paths in a message by neutral ones; keeps only the learner-relevant stack lines. */
export function cleanError(error: ErrorInfo, stagingDir: string): string {
  const neutral = (s: string) => s.split(`file://${stagingDir}/`).join("").split(`${stagingDir}/`).join("");
  const head = error.message ? `${error.name}: ${neutral(error.message)}` : error.name;
  // Keep the frames of the learner's code (and of library code it called), up to the first
  // frame of the grader itself.
  const frames: string[] = [];
  for (const line of neutral(error.stack).split("\n")) {
    if (!/^\s+at /.test(line)) continue;
    if (/\.grader\.ts|grader\/|src\/grading\/|grading-entry|run\.js|AsyncLocalStorage/.test(line)) break;
    if (/\(node:|\(<anonymous>\)|^\s+at node:/.test(line)) continue; // Node's internals
    frames.push(line);
    if (frames.length >= 6) break;
  }
  const denied = /ERR_ACCESS_DENIED/.test(head)
    ? "\n(While grading, code may not read or write files, start processes or threads, or load addons.)"
    : "";
  return `${head}${denied}${frames.length > 0 ? `\n${frames.join("\n")}` : ""}`;
}

function crashReason(
  code: number | null,
  signal: NodeJS.Signals | null,
  stderrTail: string,
  limits: SandboxLimits,
): string {
  if (OOM_PATTERN.test(stderrTail)) {
    return `memory limit exceeded: the code used more than the ${limits.memoryMb} MB allowed and the process was stopped`;
  }
  if (signal === "SIGXFSZ") return "the code tried to write a file, which is not allowed while grading";
  if (signal === "SIGABRT") return "the process crashed (SIGABRT: process.abort() or a fatal error)";
  if (signal !== null)
    return `the process was killed by ${signal}${signal === "SIGKILL" ? " (possibly out of memory)" : ""}`;
  if (code === 0)
    return "the process ended (exit code 0) before returning a result: does the code call process.exit()?";
  const tail = stderrTail.trim().split("\n").slice(-4).join("\n");
  return `the process ended with exit code ${code} before returning a result${tail ? `:\n${tail}` : ""}`;
}

/** Where the next child starts: a flat case index (the number of cases when everything ran). */
interface ChildEnd {
  next: number;
}

/** The units of one group, flattened: case i of the group belongs to unit unitOf[i]. */
interface Plan {
  cases: SandboxCase[];
  unitOf: number[];
  /** First flat case index of each unit, and one past its last. */
  first: number[];
  end: number[];
}

let childrenStarted = 0;

/** Counters of this process's sandbox use (for tests and benchmarks). */
export function sandboxStats(): { children: number } {
  return { children: childrenStarted };
}

/**
 * Runs each unit's bundled code on its cases, in order, every unit in its own V8 context of a
 * shared child, restarting the child after a crash or a timeout. Always resolves with one outcome
 * per case of every unit. Units must be of one origin: a child never mixes learner code with
 * reference solutions.
 */
export async function runUnitsInSandbox(units: SandboxUnit[], limits: SandboxLimits): Promise<CaseOutcome[][]> {
  const layers = await sandboxLayers();
  const supervisor = await supervisorBundle();
  const kept = units.filter((u) => u.cases.length > 0);
  const plan: Plan = { cases: [], unitOf: [], first: [], end: [] };
  kept.forEach((unit, u) => {
    plan.first.push(plan.cases.length);
    for (const c of unit.cases) {
      plan.cases.push(c);
      plan.unitOf.push(u);
    }
    plan.end.push(plan.cases.length);
  });
  const outcomes: (CaseOutcome | undefined)[] = plan.cases.map(() => undefined);
  if (plan.cases.length > 0) {
    const dir = makeStagingDir();
    try {
      const staged: StagedInput = {
        units: kept.map((unit, u) => ({
          file: `unit-${u}.js`,
          exports: unit.exports,
          cases: unit.cases.map((c) => ({ id: c.id, input: c.input })),
        })),
        maxOutputBytes: limits.maxOutputBytes,
        settleMs: limits.settleMs,
      };
      fs.writeFileSync(path.join(dir, "run.js"), supervisor, { mode: 0o644 });
      kept.forEach((unit, u) => {
        fs.writeFileSync(path.join(dir, `unit-${u}.js`), unit.code, { mode: 0o644 });
        if (unit.map !== "") fs.writeFileSync(path.join(dir, `unit-${u}.js.map`), unit.map, { mode: 0o644 });
      });
      fs.writeFileSync(path.join(dir, "inputs.bin"), v8.serialize(staged), { mode: 0o644 });
      let start = 0;
      while (start < plan.cases.length) {
        const end = await runChild(layers, dir, start, plan, limits, outcomes);
        start = Math.max(end.next, start + 1);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const result: CaseOutcome[][] = [];
  let u = 0;
  for (const unit of units) {
    if (unit.cases.length === 0) {
      result.push([]);
      continue;
    }
    result.push(
      outcomes
        .slice(plan.first[u], plan.end[u])
        .map((o) => o ?? { kind: "error", message: "the case did not run (the process ended early)", log: "" }),
    );
    u++;
  }
  return result;
}

function runChild(
  layers: SandboxLayers,
  dir: string,
  start: number,
  plan: Plan,
  limits: SandboxLimits,
  outcomes: (CaseOutcome | undefined)[],
): Promise<ChildEnd> {
  const cases = plan.cases;
  const total = cases.length;
  return new Promise<ChildEnd>((resolve) => {
    const cmd = commandLine(layers, dir, limits, start);
    let child: ChildProcess;
    try {
      childrenStarted++;
      child = spawn(cmd[0], cmd.slice(1), {
        cwd: dir,
        env: childEnv(),
        detached: true,
        stdio: ["ignore", "pipe", "pipe", "pipe"],
      });
    } catch (e) {
      const message = `the grading process could not start (${e instanceof Error ? e.message : String(e)})`;
      for (let i = start; i < total; i++) outcomes[i] = { kind: "error", message, log: "", internal: true };
      resolve({ next: total });
      return;
    }
    const logs = cases.map(() => new CappedLog(limits.maxLogBytes));
    let stderrTail = "";
    // What the child is doing: loading `unit`, running case `running`, settling `unit` after its
    // last case (or its failed load), or closing after the last unit.
    let phase: "loading" | "case" | "settling" | "closing" = "loading";
    let unit = plan.unitOf[start];
    let running = start;
    let outputCase = start; // the case output is attributed to (follows the phase a moment later)
    let settled = false;
    let timer: NodeJS.Timeout | null = null;
    let ended: ChildEnd | null = null;
    const asyncErrors = new Map<number, string>();
    const ownOutcomes = new WeakSet<CaseOutcome>(); // outcomes produced by this child
    const put = (i: number, o: CaseOutcome) => {
      outcomes[i] = o;
      ownOutcomes.add(o);
    };

    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const arm = (ms: number, onFire: () => void) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(onFire, ms);
    };
    let crashed = false;
    const logOf = (i: number) => {
      const text = i < logs.length ? logs[i].text().split(`${dir}/`).join("") : "";
      if (!crashed) return text;
      // V8's crash diagnostics (GC trace, native stack) are not the learner's output.
      const cut = text.search(/<--- Last few GCs --->|FATAL ERROR:|----- Native stack trace -----|#\s*\n# Fatal/);
      return cut >= 0 ? text.slice(0, cut) : text;
    };
    const log = logOf;
    const finish = (end: ChildEnd) => {
      if (ended) return;
      ended = end;
      if (timer) clearTimeout(timer);
      kill();
    };
    /** Fails the cases of unit `u` not decided yet (from `start` on). */
    const failUnit = (u: number, message: string, kind: "error" | "timeout") => {
      for (let i = Math.max(start, plan.first[u]); i < plan.end[u]; i++) {
        if (outcomes[i] === undefined) put(i, { kind, message, log: log(i) });
      }
    };
    const follow = (i: number) =>
      // Output written just before the frame that moved the phase on may still be waiting to be read.
      setImmediate(() => {
        if (outputCase < i) outputCase = i;
      });
    const expectLoad = (u: number) => {
      phase = "loading";
      unit = u;
      arm(limits.loadTimeoutMs, () => {
        failUnit(
          u,
          `loading the module took longer than ${limits.loadTimeoutMs} ms (code at the top level that never ends?)`,
          "timeout",
        );
        finish({ next: plan.end[u] });
      });
    };
    const afterUnit = (u: number) => {
      phase = "settling";
      unit = u;
      arm(limits.settleMs + 2000, () => finish({ next: plan.end[u] }));
    };
    const startCase = (i: number) => {
      phase = "case";
      running = i;
      arm(cases[i].timeoutMs, () => {
        put(i, {
          kind: "timeout",
          message: `timed out after ${cases[i].timeoutMs} ms (an infinite loop, a promise that never settles, or very slow code?)`,
          log: log(i),
        });
        finish({ next: i + 1 });
      });
    };

    const onMessage = (raw: unknown) => {
      if (ended) return;
      const m: ChildMessage | null = asChildMessage(raw);
      if (m === null) return; // malformed frames are ignored; the timer still runs
      switch (m.t) {
        case "loaded":
          if (phase === "loading" && m.u === unit) startCase(Math.max(start, plan.first[unit]));
          return;
        case "load-error":
          if (phase !== "loading" || m.u !== unit) return;
          failUnit(unit, `the module could not be loaded: ${cleanError(m.error, dir)}`, "error");
          afterUnit(unit);
          return;
        case "missing-exports": {
          if (phase !== "loading" || m.u !== unit) return;
          const has = m.available.length > 0 ? `it exports: ${m.available.join(", ")}` : "it exports nothing";
          const names = m.missing.map((n) => `\`${n}\``).join(", ");
          failUnit(
            unit,
            `${names} ${m.missing.length === 1 ? "is" : "are"} not exported by the exercise file (${has})`,
            "error",
          );
          afterUnit(unit);
          return;
        }
        case "result": {
          if (phase !== "case" || m.i !== running || outcomes[m.i] !== undefined) return;
          const late = asyncErrors.get(m.i);
          if (late !== undefined) put(m.i, { kind: "error", message: late, log: log(m.i) });
          else if ("value" in m) put(m.i, { kind: "ok", value: m.value, log: log(m.i) });
          else put(m.i, { kind: "error", message: cleanError(m.error, dir), log: log(m.i) });
          if (m.i + 1 < plan.end[plan.unitOf[m.i]]) {
            startCase(m.i + 1);
            follow(m.i + 1);
          } else {
            afterUnit(plan.unitOf[m.i]);
          }
          return;
        }
        case "unit-done": {
          if (phase !== "settling" || m.u !== unit) return;
          const next = plan.end[unit];
          if (m.fresh && next < total) {
            finish({ next }); // the unit left something running: the next one starts in a new process
          } else if (next >= total) {
            phase = "closing";
            arm(limits.settleMs + 2000, () => finish({ next: total }));
          } else {
            expectLoad(plan.unitOf[next]);
            follow(next);
          }
          return;
        }
        case "async-error": {
          const message = `an error was thrown asynchronously (after the function returned, e.g. in a timer or an unawaited promise): ${cleanError(m.error, dir)}`;
          if (m.i < start || m.i >= total) return;
          if (phase === "case" && m.i === running) {
            asyncErrors.set(m.i, message);
          } else {
            const o = outcomes[m.i];
            if (o !== undefined && ownOutcomes.has(o)) put(m.i, { kind: "error", message, log: log(m.i) });
          }
          return;
        }
        case "done":
          if (phase === "closing") arm(500, () => finish({ next: total }));
          return;
      }
    };

    const reader = new FrameReader(limits.maxOutputBytes + 64 * 1024, onMessage, (reason) => {
      if (ended) return;
      if (phase === "loading") {
        failUnit(unit, reason, "error");
        finish({ next: plan.end[unit] });
      } else if (phase === "case") {
        put(running, { kind: "error", message: reason, log: log(running) });
        finish({ next: running + 1 });
      } else {
        finish({ next: phase === "closing" ? total : plan.end[unit] });
      }
    });
    child.stdio[3]?.on("data", (chunk: Buffer) => reader.push(chunk));
    child.stdio[3]?.on("error", () => undefined);
    const capture = (chunk: Buffer, isErr: boolean) => {
      const text = chunk.toString("utf8");
      if (outputCase < logs.length) logs[outputCase].add(text);
      if (isErr) stderrTail = (stderrTail + text).slice(-8192);
    };
    child.stdout?.on("data", (c: Buffer) => capture(c, false));
    child.stderr?.on("data", (c: Buffer) => capture(c, true));
    child.stdout?.on("error", () => undefined);
    child.stderr?.on("error", () => undefined);

    expectLoad(unit);

    child.on("error", (e) => {
      if (ended) return;
      const message = `the grading process could not start (${e.message})`;
      for (let i = start; i < total; i++)
        if (outcomes[i] === undefined) put(i, { kind: "error", message, log: "", internal: true });
      finish({ next: total });
    });
    child.on("exit", (code, signal) => {
      // Let the pipes drain (the last frames and output), then settle the outcome.
      const conclude = () => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        kill(); // anything left in the process group
        crashed = ended === null && (signal !== null || OOM_PATTERN.test(stderrTail));
        // The logs are complete now: give each case of this child all of its output.
        for (let i = start; i < total; i++) {
          const o = outcomes[i];
          if (o !== undefined && ownOutcomes.has(o)) o.log = logOf(i);
        }
        if (ended) {
          resolve(ended);
          return;
        }
        const reason = crashReason(code, signal, stderrTail, limits);
        if (phase === "loading") {
          failUnit(unit, `the module could not be loaded: ${reason}`, "error");
          resolve({ next: plan.end[unit] });
        } else if (phase === "case") {
          put(running, { kind: "error", message: reason, log: log(running) });
          resolve({ next: running + 1 });
        } else {
          resolve({ next: phase === "closing" ? total : plan.end[unit] });
        }
      };
      let open = 0;
      for (const s of [child.stdout, child.stderr, child.stdio[3] as Readable | null | undefined]) {
        if (s && !s.destroyed && !s.readableEnded) {
          open++;
          s.once("close", () => {
            if (--open === 0) conclude();
          });
        }
      }
      if (open === 0) conclude();
      setTimeout(conclude, 300).unref();
    });
  });
}
