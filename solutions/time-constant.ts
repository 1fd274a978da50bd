/**
 * Reference solution of exercise 6 (time-constant): forget gate ↔ leaky-integrator time constant.
 * Statement and conventions: exercises/time-constant.ts.
 */

function requireForget(forget: number, fn: string): void {
  if (!(forget > 0 && forget <= 1)) throw new Error(`${fn}: forget must lie in (0, 1], got ${forget}`);
}

function requirePositive(value: number, name: string, fn: string): void {
  if (!(value > 0)) throw new Error(`${fn}: ${name} must be positive, got ${value}`);
}

/** Time constant τ = -Δt / ln(f⋆) of a forget-gate value. */
export function timeConstant(forget: number, dt: number): number {
  requireForget(forget, "timeConstant");
  requirePositive(dt, "dt", "timeConstant");
  if (forget === 1) return Infinity;
  return -dt / Math.log(forget);
}

/** Forget-gate value f⋆ = exp(-Δt / τ) with time constant τ. */
export function forgetForTimeConstant(tau: number, dt: number): number {
  requirePositive(tau, "tau", "forgetForTimeConstant");
  requirePositive(dt, "dt", "forgetForTimeConstant");
  return Math.exp(-dt / tau);
}

/** Smallest integer n ≥ 0 with forget^n ≤ fraction. */
export function stepsToDecay(forget: number, fraction: number): number {
  requireForget(forget, "stepsToDecay");
  requirePositive(fraction, "fraction", "stepsToDecay");
  if (fraction >= 1) return 0;
  if (forget === 1) return Infinity;
  return Math.ceil(Math.log(fraction) / Math.log(forget));
}
