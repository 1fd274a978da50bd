/**
 * Grouping units into sandboxed children: every light unit of one origin in one child (course
 * order), each heavy unit (cases allowed more than the default time) in a child of its own, or
 * every unit alone with isolation "exercise"; each group waits for a slot of the limiter.
 */
import { runUnitsInSandbox, type CaseOutcome, type SandboxUnit } from "../sandbox/sandbox";
import type { GradeCase } from "../kit/spec";
import type { Resolved } from "./options";

/** A unit to run, with what to do with its outcomes. */
export interface Pending {
  unit: SandboxUnit;
  heavy: boolean;
  order: number;
  deliver: (outcomes: CaseOutcome[]) => void;
  fail: (e: unknown) => void;
}

/**
 * Runs units in groups: every light unit in one child (in course order), each heavy unit (cases
 * with more than the default time) in a child of its own; with isolation "exercise", every unit
 * alone. Each group waits for a slot of the limiter.
 */
export function runGrouped(r: Resolved, pending: Pending[]): void {
  const alone = (p: Pending) => p.heavy || r.processPerExercise;
  const light = pending.filter((p) => !alone(p)).sort((a, b) => a.order - b.order);
  const groups = [...pending.filter(alone).map((p) => [p]), ...(light.length > 0 ? [light] : [])];
  for (const group of groups) {
    r.limiter
      .run(() =>
        runUnitsInSandbox(
          group.map((p) => p.unit),
          r.limits,
        ),
      )
      .then(
        (outcomes) => group.forEach((p, k) => p.deliver(outcomes[k])),
        (e) => group.forEach((p) => p.fail(e)),
      );
  }
}

export function isHeavy(r: Resolved, cases: GradeCase[]): boolean {
  return cases.some((c) => c.timeoutMs !== undefined && c.timeoutMs > r.timeoutMs);
}

export function sandboxCases(r: Resolved, cases: GradeCase[], factor = 1) {
  return cases.map((c) => ({ id: c.id, input: c.input, timeoutMs: (c.timeoutMs ?? r.timeoutMs) * factor }));
}

export function allCases(outcome: CaseOutcome, n: number): CaseOutcome[] {
  return Array.from({ length: n }, () => outcome);
}
