/** Mutants of exercises/time-constant.ts: mistakes applied to solutions/time-constant.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "floor-steps",
    reason: "rounds the number of steps down.",
    search: "  return Math.ceil(Math.log(fraction) / Math.log(forget));",
    replace: "  return Math.floor(Math.log(fraction) / Math.log(forget));",
  },
  {
    name: "linear-approx",
    reason: "uses the approximation τ ≈ Δt / (1 - f⋆).",
    search: "  return -dt / Math.log(forget);",
    replace: "  return dt / (1 - forget);",
  },
  {
    name: "log10",
    reason: "uses the base-10 logarithm.",
    search: "  return -dt / Math.log(forget);",
    replace: "  return -dt / Math.log10(forget);",
    also: [
      {
        search: "  return Math.ceil(Math.log(fraction) / Math.log(forget));",
        replace: "  return Math.ceil(Math.log10(fraction) / Math.log10(forget));",
      },
    ],
  },
  {
    name: "negative-infinity",
    reason: "forgets the special case f⋆ = 1 (returns -Δt/0 = -Infinity).",
    search: `  requirePositive(dt, "dt", "timeConstant");
  if (forget === 1) return Infinity;
  return -dt / Math.log(forget);`,
    replace: `  requirePositive(dt, "dt", "timeConstant");

  return -dt / Math.log(forget);`,
  },
  {
    name: "no-validation",
    reason: "never throws for invalid arguments.",
    search: `function requireForget(forget: number, fn: string): void {
  if (!(forget > 0 && forget <= 1)) throw new Error(\`\${fn}: forget must lie in (0, 1], got \${forget}\`);
}`,
    replace: "function requireForget(forget: number, fn: string): void {}",
    also: [
      {
        search: `function requirePositive(value: number, name: string, fn: string): void {
  if (!(value > 0)) throw new Error(\`\${fn}: \${name} must be positive, got \${value}\`);
}`,
        replace: "function requirePositive(value: number, name: string, fn: string): void {}",
      },
    ],
  },
  {
    name: "catch-all-error",
    reason: "throws one catch-all message naming every argument, whichever is wrong.",
    search: "  if (!(value > 0)) throw new Error(`${fn}: ${name} must be positive, got ${value}`);",
    replace: "  if (!(value > 0)) throw new Error(`${fn}: tau, dt and fraction must be positive, got ${value}`);",
    failing: ["invalid-others"],
  },
];
