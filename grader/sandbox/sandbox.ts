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
 * folder, a time limit per case (CPU time of the main thread, with a wall-clock backstop: ./child-run.ts)
 * that kills the whole process group, capped capture of stdout/stderr (never parsed), and outputs received
 * as data over fd 3 (./protocol.ts).
 *
 * Files: ./layers.ts (the layers and the command line), ./child-run.ts (one child, followed
 * frame by frame), ./diagnosis.ts (capped logs, readable errors, why a child died), and the
 * child's side, ../engine/harness.ts.
 *
 * One child runs several exercise modules ("units") of the same origin (one learner's submission,
 * or the reference solutions), each in its own V8 context (./harness.ts): one process start per
 * group instead of one per exercise. After a timeout or a crash the child is restarted at the
 * next case, so one bad case costs only its own points, and a module that cannot be loaded
 * costs only its own exercise.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import type { StagedInput } from "../engine/protocol";
import { supervisorBundle } from "../engine/bundle";
import type { Value } from "../kit/spec";
import { ChildRun, type Plan } from "./child-run";
import { makeStagingDir, sandboxLayers } from "./layers";

export { sandboxStats } from "./child-run";
export { cleanError } from "./diagnosis";
export { describeSandbox, sandboxLayers, type SandboxLayers } from "./layers";

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

/**
 * Starts what every child needs, the layer probe and the supervisor's bundle, without waiting:
 * called when grading starts, so both are ready (or nearly) by the time the first child starts
 * instead of being waited for then. A failure is reported to whoever needs them later.
 */
export function warmUpSandbox(): void {
  sandboxLayers().catch(() => undefined);
  supervisorBundle().catch(() => undefined);
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
        // Twice what the parent keeps, so the parent still sees (and marks) that output was cut.
        maxPrintedBytes: 2 * limits.maxLogBytes,
      };
      fs.writeFileSync(path.join(dir, "run.js"), supervisor, { mode: 0o644 });
      kept.forEach((unit, u) => {
        fs.writeFileSync(path.join(dir, `unit-${u}.js`), unit.code, { mode: 0o644 });
        if (unit.map !== "") fs.writeFileSync(path.join(dir, `unit-${u}.js.map`), unit.map, { mode: 0o644 });
      });
      fs.writeFileSync(path.join(dir, "inputs.bin"), v8.serialize(staged), { mode: 0o644 });
      let start = 0;
      while (start < plan.cases.length) {
        const next = await new ChildRun(layers, dir, start, plan, limits, outcomes).run();
        start = Math.max(next, start + 1);
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
