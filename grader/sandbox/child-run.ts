/**
 * One child process of a group (see ./sandbox.ts): it starts at flat case `start` of the plan,
 * and the parent follows what it does from its frames (./protocol.ts) with one timer at a time:
 * loading a unit, running a case, settling a unit after its last case, closing after the last
 * unit. The run ends at the first timeout, crash or unit that left something behind, and says
 * where the next child starts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import { FrameReader, asChildMessage, type ChildMessage } from "../engine/protocol";
import { CappedLog, ProcWatch, cleanError, crashReason } from "./diagnosis";
import { NODE_BASELINE_MB, childEnv, commandLine, type SandboxLayers } from "./layers";
import type { CaseOutcome, SandboxCase, SandboxLimits } from "./sandbox";

/** The units of one group, flattened: case i of the group belongs to unit unitOf[i]. */
export interface Plan {
  cases: SandboxCase[];
  unitOf: number[];
  /** First flat case index of each unit, and one past its last. */
  first: number[];
  end: number[];
}

/** What the child is doing: loading a unit, running a case, settling a unit, closing after the last. */
type Phase = "loading" | "case" | "settling" | "closing";

/** Time given to a child, beyond `settleMs`, to report a settled unit or to close. */
const SETTLE_GRACE_MS = 2000;

/**
 * A time limit counts the CPU time of the child's main thread, so that the verdict does not depend
 * on the machine's load; code that waits instead of computing (a promise that never settles) is
 * stopped after this many times the limit of wall-clock time.
 */
const WALL_FACTOR = 3;

/** How often a time limit is checked (ms). */
const TICK_MS = 25;

/** Time the pipes get to drain after the child exits. */
const DRAIN_MS = 300;

let childrenStarted = 0;

/** Counters of this process's sandbox use (for tests and benchmarks). */
export function sandboxStats(): { children: number } {
  return { children: childrenStarted };
}

/** One child process over the plan, from case `start` on; {@link run} resolves with the next start. */
export class ChildRun {
  private child: ChildProcess | null = null;
  private readonly logs: CappedLog[];
  private stderrTail = "";
  private phase: Phase = "loading";
  private unit: number;
  private running: number;
  /** The case output is attributed to (follows the phase a moment later). */
  private outputCase: number;
  private timer: NodeJS.Timeout | null = null;
  /** Where the next child starts, once this run has decided to end. */
  private ended: number | null = null;
  private settled = false;
  private readonly asyncErrors = new Map<number, string>();
  /** Outcomes produced by this child (a later async error may replace only those). */
  private readonly own = new WeakSet<CaseOutcome>();
  private proc: ProcWatch = new ProcWatch(undefined);
  private resolve: (next: number) => void = () => undefined;

  constructor(
    private readonly layers: SandboxLayers,
    private readonly dir: string,
    private readonly start: number,
    private readonly plan: Plan,
    private readonly limits: SandboxLimits,
    private readonly outcomes: (CaseOutcome | undefined)[],
  ) {
    this.logs = plan.cases.map(() => new CappedLog(limits.maxLogBytes));
    this.unit = plan.unitOf[start];
    this.running = start;
    this.outputCase = start;
  }

  private get total(): number {
    return this.plan.cases.length;
  }

  /** Starts the child; resolves with the flat case index the next child starts at. */
  run(): Promise<number> {
    return new Promise<number>((resolve) => {
      this.resolve = resolve;
      const cmd = commandLine(this.layers, this.dir, this.limits, this.start);
      try {
        childrenStarted++;
        this.child = spawn(cmd[0], cmd.slice(1), {
          cwd: this.dir,
          env: childEnv(),
          detached: true,
          stdio: ["ignore", "pipe", "pipe", "pipe"],
        });
      } catch (e) {
        this.failToStart(e instanceof Error ? e.message : String(e));
        resolve(this.total);
        return;
      }
      this.listen(this.child);
      this.proc = new ProcWatch(this.child.pid);
      this.proc.start();
      this.expectLoad(this.unit);
    });
  }

  private listen(child: ChildProcess): void {
    const reader = new FrameReader(
      this.limits.maxOutputBytes + 64 * 1024,
      (raw) => this.onMessage(raw),
      (reason) => this.onBadFrame(reason),
    );
    child.stdio[3]?.on("data", (chunk: Buffer) => reader.push(chunk));
    child.stdio[3]?.on("error", () => undefined);
    child.stdout?.on("data", (c: Buffer) => this.capture(c, false));
    child.stderr?.on("data", (c: Buffer) => this.capture(c, true));
    child.stdout?.on("error", () => undefined);
    child.stderr?.on("error", () => undefined);
    child.on("error", (e) => {
      if (this.ended !== null) return;
      this.failToStart(e.message);
      this.finish(this.total);
    });
    child.on("exit", (code, signal) => this.afterExit(child, code, signal));
  }

  // --- outcomes and logs ------------------------------------------------------------------------

  private put(i: number, o: CaseOutcome): void {
    this.outcomes[i] = o;
    this.own.add(o);
  }

  private log(i: number): string {
    const text = i < this.logs.length ? this.logs[i].text().split(`${this.dir}/`).join("") : "";
    // V8's crash diagnostics (GC trace, native stack) are not the learner's output.
    const cut = text.search(/<--- Last few GCs --->|FATAL ERROR:|----- Native stack trace -----|#\s*\n# Fatal/);
    return cut >= 0 ? text.slice(0, cut) : text;
  }

  private capture(chunk: Buffer, isErr: boolean): void {
    const text = chunk.toString("utf8");
    if (this.outputCase < this.logs.length) this.logs[this.outputCase].add(text);
    if (isErr) this.stderrTail = (this.stderrTail + text).slice(-8192);
  }

  /** Output the child sent as a frame, tagged with its case (-1: no case, e.g. loading a module). */
  private onOutput(i: number, isErr: boolean, text: string): void {
    const target = i >= this.start && i < this.total ? i : this.outputCase;
    if (target < this.logs.length) this.logs[target].add(text);
    if (isErr) this.stderrTail = (this.stderrTail + text).slice(-8192);
  }

  /** Output written just before the frame that moved the phase on may still be waiting to be read. */
  private follow(i: number): void {
    setImmediate(() => {
      if (this.outputCase < i) this.outputCase = i;
    });
  }

  /** Fails the cases of unit `u` not decided yet (from `start` on). */
  private failUnit(u: number, message: string, kind: "error" | "timeout"): void {
    for (let i = Math.max(this.start, this.plan.first[u]); i < this.plan.end[u]; i++) {
      if (this.outcomes[i] === undefined) this.put(i, { kind, message, log: this.log(i) });
    }
  }

  private failToStart(why: string): void {
    const message = `the grading process could not start (${why})`;
    for (let i = this.start; i < this.total; i++)
      if (this.outcomes[i] === undefined) this.put(i, { kind: "error", message, log: "", internal: true });
  }

  // --- phases and timers ------------------------------------------------------------------------

  private arm(ms: number, onFire: () => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(onFire, ms);
  }

  /**
   * Calls `onFire` once `ms` of CPU time of the child's main thread have been used from now on,
   * or `WALL_FACTOR * ms` of wall-clock time have passed (only the latter where /proc is missing:
   * then `ms` of wall-clock time).
   */
  private armBudget(ms: number, onFire: () => void): void {
    const cpu0 = this.proc.cpuMs();
    if (cpu0 < 0) {
      this.arm(ms, onFire);
      return;
    }
    const wall0 = Date.now();
    const check = () => {
      const cpu = this.proc.cpuMs();
      const wall = Date.now() - wall0;
      if ((cpu >= 0 && cpu - cpu0 >= ms) || wall >= WALL_FACTOR * ms) onFire();
      else this.arm(TICK_MS, check);
    };
    this.arm(Math.min(ms, TICK_MS), check);
  }

  private kill(): void {
    try {
      if (this.child?.pid !== undefined) process.kill(-this.child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }

  /** Ends the run: the next child starts at `next`. */
  private finish(next: number): void {
    if (this.ended !== null) return;
    this.ended = next;
    if (this.timer) clearTimeout(this.timer);
    this.kill();
  }

  /** Where the next child starts when this one ends in the current phase without a verdict. */
  private nextAfterPhase(): number {
    return this.phase === "closing" ? this.total : this.plan.end[this.unit];
  }

  private expectLoad(u: number): void {
    this.phase = "loading";
    this.unit = u;
    const ms = this.limits.loadTimeoutMs;
    this.armBudget(ms, () => {
      this.failUnit(
        u,
        `loading the module took longer than ${ms} ms (code at the top level that never ends?)`,
        "timeout",
      );
      this.finish(this.plan.end[u]);
    });
  }

  private startCase(i: number): void {
    this.phase = "case";
    this.running = i;
    const ms = this.plan.cases[i].timeoutMs;
    this.armBudget(ms, () => {
      const message = `timed out after ${ms} ms (an infinite loop, a promise that never settles, or very slow code?)`;
      this.put(i, { kind: "timeout", message, log: this.log(i) });
      this.finish(i + 1);
    });
  }

  private afterUnit(u: number): void {
    this.phase = "settling";
    this.unit = u;
    this.arm(this.limits.settleMs + SETTLE_GRACE_MS, () => this.finish(this.plan.end[u]));
  }

  // --- frames from the child --------------------------------------------------------------------

  private onMessage(raw: unknown): void {
    if (this.ended !== null) return;
    const m: ChildMessage | null = asChildMessage(raw);
    if (m === null) return; // malformed frames are ignored; the timer still runs
    switch (m.t) {
      case "loaded":
        if (this.phase === "loading" && m.u === this.unit)
          this.startCase(Math.max(this.start, this.plan.first[this.unit]));
        return;
      case "load-error":
        if (this.phase !== "loading" || m.u !== this.unit) return;
        this.failUnit(this.unit, `the module could not be loaded: ${cleanError(m.error, this.dir)}`, "error");
        this.afterUnit(this.unit);
        return;
      case "missing-exports": {
        if (this.phase !== "loading" || m.u !== this.unit) return;
        const has = m.available.length > 0 ? `it exports: ${m.available.join(", ")}` : "it exports nothing";
        const names = m.missing.map((n) => `\`${n}\``).join(", ");
        const verb = m.missing.length === 1 ? "is" : "are";
        this.failUnit(this.unit, `${names} ${verb} not exported by the exercise file (${has})`, "error");
        this.afterUnit(this.unit);
        return;
      }
      case "result":
        this.onResult(m);
        return;
      case "unit-done":
        this.onUnitDone(m.u, m.fresh);
        return;
      case "output":
        this.onOutput(m.i, m.err, m.text);
        return;
      case "async-error":
        this.onAsyncError(
          m.i,
          `an error was thrown asynchronously (after the function returned, e.g. in a ` +
            `timer or an unawaited promise): ${cleanError(m.error, this.dir)}`,
        );
        return;
      case "done":
        if (this.phase === "closing") this.arm(500, () => this.finish(this.total));
        return;
    }
  }

  private onResult(m: Extract<ChildMessage, { t: "result" }>): void {
    if (this.phase !== "case" || m.i !== this.running || this.outcomes[m.i] !== undefined) return;
    const late = this.asyncErrors.get(m.i);
    const log = this.log(m.i);
    if (late !== undefined) this.put(m.i, { kind: "error", message: late, log });
    else if ("value" in m) this.put(m.i, { kind: "ok", value: m.value, log });
    else this.put(m.i, { kind: "error", message: cleanError(m.error, this.dir), log });
    if (m.i + 1 < this.plan.end[this.plan.unitOf[m.i]]) {
      this.startCase(m.i + 1);
      this.follow(m.i + 1);
    } else {
      this.afterUnit(this.plan.unitOf[m.i]);
    }
  }

  private onUnitDone(u: number, fresh: boolean): void {
    if (this.phase !== "settling" || u !== this.unit) return;
    const next = this.plan.end[u];
    if (fresh && next < this.total) {
      this.finish(next); // the unit left something running: the next one starts in a new process
    } else if (next >= this.total) {
      this.phase = "closing";
      this.arm(this.limits.settleMs + SETTLE_GRACE_MS, () => this.finish(this.total));
    } else {
      this.expectLoad(this.plan.unitOf[next]);
      this.follow(next);
    }
  }

  private onAsyncError(i: number, message: string): void {
    if (i < this.start || i >= this.total) return;
    if (this.phase === "case" && i === this.running) {
      this.asyncErrors.set(i, message);
      return;
    }
    const o = this.outcomes[i];
    if (o !== undefined && this.own.has(o)) this.put(i, { kind: "error", message, log: this.log(i) });
  }

  /** A frame that cannot be read (too large, corrupt) ends the current phase with an error. */
  private onBadFrame(reason: string): void {
    if (this.ended !== null) return;
    this.finish(this.failPhase(reason, reason));
  }

  /**
   * Fails what the child was doing when it stopped: the unit it was loading (`loadMessage`) or the
   * case it was running (`caseMessage`); returns where the next child starts.
   */
  private failPhase(loadMessage: string, caseMessage: string): number {
    if (this.phase === "loading") {
      this.failUnit(this.unit, loadMessage, "error");
      return this.plan.end[this.unit];
    }
    if (this.phase === "case") {
      this.put(this.running, { kind: "error", message: caseMessage, log: this.log(this.running) });
      return this.running + 1;
    }
    return this.nextAfterPhase();
  }

  // --- the end of the child ---------------------------------------------------------------------

  /** Lets the pipes drain (the last frames and output), then settles the outcome. */
  private afterExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.proc.sample();
    this.proc.stop();
    let open = 0;
    for (const s of [child.stdout, child.stderr, child.stdio[3] as Readable | null | undefined]) {
      if (s && !s.destroyed && !s.readableEnded) {
        open++;
        s.once("close", () => {
          if (--open === 0) this.conclude(code, signal);
        });
      }
    }
    if (open === 0) this.conclude(code, signal);
    setTimeout(() => this.conclude(code, signal), DRAIN_MS).unref();
  }

  private conclude(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    this.kill(); // anything left in the process group
    // The logs are complete now: give each case of this child all of its output.
    for (let i = this.start; i < this.total; i++) {
      const o = this.outcomes[i];
      if (o !== undefined && this.own.has(o)) o.log = this.log(i);
    }
    if (this.ended !== null) {
      this.resolve(this.ended);
      return;
    }
    const reason = crashReason({
      code,
      signal,
      stderrTail: this.stderrTail,
      memoryMb: this.limits.memoryMb,
      capMb: this.layers.prlimit ? NODE_BASELINE_MB + this.limits.memoryMb : -1,
      peakVmMb: this.proc.peakVmMb,
      peakRssMb: this.proc.peakRssMb,
    });
    this.resolve(this.failPhase(`the module could not be loaded: ${reason}`, reason));
  }
}
