/**
 * What the parent makes of a child's output and end: capped logs, learner-readable errors, and
 * the reason a child died (a memory limit recognised by V8's message or by the child's memory
 * use near its cap, a file write, a signal, an exit).
 */
import * as fs from "node:fs";
import type { ErrorInfo } from "../engine/protocol";

/** V8's and the allocator's messages when memory runs out. */
export const OOM_PATTERN =
  /heap out of memory|Reached heap limit|Fatal process out of memory|Fatal process OOM|allocation failed|Out of memory/i;

/** Signals a process gets when an allocation fails near its address-space cap (V8 aborts, traps or faults). */
const CRASH_SIGNALS = new Set<string>(["SIGSEGV", "SIGABRT", "SIGTRAP", "SIGBUS", "SIGILL"]);

/** Fraction of the address-space cap above which a crash counts as running out of memory. */
const NEAR_CAP = 0.85;

/** Keeps the head of a stream up to a cap, counting what was dropped. */
export class CappedLog {
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
    if (/\.grader\.ts|grader\/|grading-entry|run\.js|AsyncLocalStorage/.test(line)) break;
    if (/\(node:|\(<anonymous>\)|^\s+at node:/.test(line)) continue; // Node's internals
    frames.push(line);
    if (frames.length >= 6) break;
  }
  const denied = /ERR_ACCESS_DENIED/.test(head)
    ? "\n(While grading, code may not read or write files, start processes or threads, or load addons.)"
    : "";
  return `${head}${denied}${frames.length > 0 ? `\n${frames.join("\n")}` : ""}`;
}

/** Clock ticks per second of /proc/<pid>/stat times (Linux's USER_HZ, 100 on every common build). */
const CLOCK_TICKS = 100;

/**
 * What /proc tells of a running child (Linux; elsewhere everything stays unknown): its peak
 * memory, sampled while it runs, to tell a crash near the memory cap from any other crash; and
 * the CPU time of its main thread (the one running JavaScript), which the time limits count, so
 * that a busy machine does not turn a memory limit or a slow-but-correct answer into a timeout.
 */
export class ProcWatch {
  /** Peak virtual size (what prlimit --as caps) and resident size, in MB; -1 when unknown. */
  peakVmMb = -1;
  peakRssMb = -1;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pid: number | undefined) {}

  start(everyMs = 25): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** CPU time (user + system) of the child's main thread in ms, or -1 when it cannot be read. */
  cpuMs(): number {
    if (this.pid === undefined) return -1;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${this.pid}/task/${this.pid}/stat`, "utf8");
    } catch {
      return -1;
    }
    // Fields after the command name (which may hold spaces, inside parentheses): utime is the 14th
    // field of the line, stime the 15th.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(rest[11]) + Number(rest[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS : -1;
  }

  /** Reads VmSize and VmRSS once (the process may be gone: then nothing changes). */
  sample(): void {
    if (this.pid === undefined) return;
    let status: string;
    try {
      status = fs.readFileSync(`/proc/${this.pid}/status`, "utf8");
    } catch {
      return;
    }
    const mb = (key: string) => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status);
      return m ? Number(m[1]) / 1024 : -1;
    };
    this.peakVmMb = Math.max(this.peakVmMb, mb("VmSize"));
    this.peakRssMb = Math.max(this.peakRssMb, mb("VmRSS"));
  }
}

/** How a child ended, and what the parent knows of its memory. */
export interface ChildDeath {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderrTail: string;
  /** The memory the learner's code may use (MB) and the address-space cap of the process (MB, or -1 without prlimit). */
  memoryMb: number;
  capMb: number;
  peakVmMb: number;
  peakRssMb: number;
}

/** True when the child died of running out of memory: V8 said so, or it crashed near its cap. */
export function diedOfMemory(d: ChildDeath): boolean {
  if (OOM_PATTERN.test(d.stderrTail)) return true;
  return d.signal !== null && CRASH_SIGNALS.has(d.signal) && d.capMb > 0 && d.peakVmMb >= NEAR_CAP * d.capMb;
}

/** The reason a child ended before returning a result, for the learner. */
export function crashReason(d: ChildDeath): string {
  if (diedOfMemory(d)) {
    const seen =
      d.peakRssMb > 0
        ? ` (it had reached ${Math.round(d.peakRssMb)} MB resident${d.signal ? `, then ${d.signal}` : ""})`
        : "";
    return `memory limit exceeded: the code used more than the ${d.memoryMb} MB allowed and the process was stopped${seen}`;
  }
  const { code, signal, stderrTail } = d;
  if (signal === "SIGXFSZ") return "the code tried to write a file, which is not allowed while grading";
  if (signal === "SIGABRT") return "the process crashed (SIGABRT: process.abort() or a fatal error)";
  if (signal !== null)
    return `the process was killed by ${signal}${signal === "SIGKILL" ? " (possibly out of memory)" : ""}`;
  if (code === 0)
    return "the process ended (exit code 0) before returning a result: does the code call process.exit()?";
  const tail = stderrTail.trim().split("\n").slice(-4).join("\n");
  return `the process ended with exit code ${code} before returning a result${tail ? `:\n${tail}` : ""}`;
}
