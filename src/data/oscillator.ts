/**
 * A damped, driven harmonic oscillator, simulated finely and observed coarsely with noise:
 *
 * $$\ddot x + 2\zeta\omega\,\dot x + \omega^2 x = F(t), \qquad F(t) = u_k + w_k \ \text{ for } t \in [k\Delta t, (k+1)\Delta t),$$
 *
 * where u_k is a known drive (a random staircase: a new normal level every `hold` samples) and w_k an
 * unknown random force (independent N(0, σ_w²) per interval). The state s = (x, ẋ) is integrated with
 * the classical Runge–Kutta method (RK4) using `substeps` steps per sampling interval Δt, and the
 * position is observed at t = kΔt with noise: y_k = x(kΔt) + v_k, v_k ~ N(0, σ_v²).
 *
 * Because the force is constant within each interval, the exact sampled dynamics are linear:
 * s_{k+1} = A s_k + B (u_k + w_k) with A = e^{A_c Δt}, B = ∫₀^Δt e^{A_c τ} dτ B_c (zero-order hold),
 * A_c = [[0, 1], [-ω², -2ζω]], B_c = [[0], [1]]. `oscillatorStateSpace` returns that model (with
 * Q = σ_w² B Bᵀ, R = σ_v², H = [1, 0]): the "true model" against which a learned one is judged.
 */
import { Rng } from "../random";
import { LinearStateSpace, discretizeZoh } from "../estimation/kalman-matrix";

/** Physical and noise parameters of the oscillator. */
export interface OscillatorOptions {
  /** Natural angular frequency ω (rad/s), > 0. */
  omega: number;
  /** Damping ratio ζ ≥ 0 (< 1: underdamped). */
  zeta: number;
  /** Sampling interval Δt (s), > 0. */
  dt: number;
  /** Standard deviation of the known drive's levels (default 1). */
  inputStd?: number;
  /** The known drive keeps each level for this many samples (default 8). */
  hold?: number;
  /** Standard deviation σ_w of the unknown force per interval (default 0). */
  disturbanceStd?: number;
  /** Standard deviation σ_v of the observation noise (default 0). */
  noiseStd?: number;
  /** Standard deviation of the initial position and velocity, drawn independently (default 0: start at rest). */
  initialStd?: number;
  /** RK4 steps per sampling interval (default 20). */
  substeps?: number;
}

/** One simulated run of `steps` samples. */
export interface OscillatorRun {
  /** Sample times kΔt. */
  time: Float64Array;
  /** Known drive u_k (acts on [kΔt, (k+1)Δt)). */
  input: Float64Array;
  /** Unknown force w_k. */
  disturbance: Float64Array;
  /** True position x(kΔt). */
  position: Float64Array;
  /** True velocity ẋ(kΔt). */
  velocity: Float64Array;
  /** Noisy observations y_k. */
  observation: Float64Array;
}

function checkOptions(fn: string, o: OscillatorOptions): Required<OscillatorOptions> {
  const full: Required<OscillatorOptions> = {
    omega: o.omega,
    zeta: o.zeta,
    dt: o.dt,
    inputStd: o.inputStd ?? 1,
    hold: o.hold ?? 8,
    disturbanceStd: o.disturbanceStd ?? 0,
    noiseStd: o.noiseStd ?? 0,
    initialStd: o.initialStd ?? 0,
    substeps: o.substeps ?? 20,
  };
  if (!(full.omega > 0) || !Number.isFinite(full.omega))
    throw new Error(`${fn}: omega must be a positive number, got ${o.omega}`);
  if (!(full.zeta >= 0) || !Number.isFinite(full.zeta))
    throw new Error(`${fn}: zeta must be a non-negative number, got ${o.zeta}`);
  if (!(full.dt > 0) || !Number.isFinite(full.dt)) throw new Error(`${fn}: dt must be a positive number, got ${o.dt}`);
  for (const key of ["inputStd", "disturbanceStd", "noiseStd", "initialStd"] as const) {
    if (!(full[key] >= 0) || !Number.isFinite(full[key]))
      throw new Error(`${fn}: ${key} must be a non-negative number, got ${full[key]}`);
  }
  if (!Number.isInteger(full.hold) || full.hold < 1)
    throw new Error(`${fn}: hold must be a positive integer, got ${full.hold}`);
  if (!Number.isInteger(full.substeps) || full.substeps < 1)
    throw new Error(`${fn}: substeps must be a positive integer, got ${full.substeps}`);
  return full;
}

/** Simulates one run of `steps` samples (RK4 between samples, see the module comment). */
export function simulateOscillator(rng: Rng, options: OscillatorOptions, steps: number): OscillatorRun {
  const o = checkOptions("simulateOscillator", options);
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`simulateOscillator: steps must be a positive integer, got ${steps}`);
  const run: OscillatorRun = {
    time: new Float64Array(steps),
    input: new Float64Array(steps),
    disturbance: new Float64Array(steps),
    position: new Float64Array(steps),
    velocity: new Float64Array(steps),
    observation: new Float64Array(steps),
  };
  const w2 = o.omega * o.omega;
  const c = 2 * o.zeta * o.omega;
  const h = o.dt / o.substeps;
  let x = o.initialStd > 0 ? rng.normal(0, o.initialStd) : 0;
  let v = o.initialStd > 0 ? rng.normal(0, o.initialStd) : 0;
  let level = 0;
  for (let k = 0; k < steps; k++) {
    if (k % o.hold === 0) level = rng.normal(0, o.inputStd);
    const u = level;
    const w = o.disturbanceStd > 0 ? rng.normal(0, o.disturbanceStd) : 0;
    run.time[k] = k * o.dt;
    run.input[k] = u;
    run.disturbance[k] = w;
    run.position[k] = x;
    run.velocity[k] = v;
    run.observation[k] = x + (o.noiseStd > 0 ? rng.normal(0, o.noiseStd) : 0);
    const F = u + w;
    // RK4 on s' = (v, F - c v - ω² x) with F constant over the interval.
    for (let s = 0; s < o.substeps; s++) {
      const k1x = v;
      const k1v = F - c * v - w2 * x;
      const k2x = v + 0.5 * h * k1v;
      const k2v = F - c * (v + 0.5 * h * k1v) - w2 * (x + 0.5 * h * k1x);
      const k3x = v + 0.5 * h * k2v;
      const k3v = F - c * (v + 0.5 * h * k2v) - w2 * (x + 0.5 * h * k2x);
      const k4x = v + h * k3v;
      const k4v = F - c * (v + h * k3v) - w2 * (x + h * k3x);
      x += (h / 6) * (k1x + 2 * k2x + 2 * k3x + k4x);
      v += (h / 6) * (k1v + 2 * k2v + 2 * k3v + k4v);
    }
  }
  return run;
}

/**
 * The exact sampled model of the oscillator as a linear-Gaussian state-space model with state
 * (x, ẋ), input u (the known drive), process noise Q = σ_w² B Bᵀ (the unknown force enters like
 * the drive), observation y = x + v with R = σ_v², and prior N(0, σ₀² I) for the initial state.
 */
export function oscillatorStateSpace(options: OscillatorOptions): LinearStateSpace {
  const o = checkOptions("oscillatorStateSpace", options);
  const Ac = [
    [0, 1],
    [-o.omega * o.omega, -2 * o.zeta * o.omega],
  ];
  const { A, B } = discretizeZoh(Ac, [[0], [1]], o.dt);
  const q = o.disturbanceStd * o.disturbanceStd;
  const p0 = o.initialStd * o.initialStd;
  return {
    A,
    B,
    H: [[1, 0]],
    Q: [
      [q * B[0][0] * B[0][0], q * B[0][0] * B[1][0]],
      [q * B[1][0] * B[0][0], q * B[1][0] * B[1][0]],
    ],
    R: [[o.noiseStd * o.noiseStd]],
    m0: [0, 0],
    P0: [
      [p0, 0],
      [0, p0],
    ],
  };
}
