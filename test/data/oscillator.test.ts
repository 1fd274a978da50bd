import { strict as assert } from "node:assert";
import { Rng, oscillatorStateSpace, simulateOscillator } from "../../src/index";

describe("data: damped driven oscillator", () => {
  const base = { omega: Math.PI, zeta: 0.15, dt: 0.1 };

  it("a free oscillation follows the closed-form solution x(t) = e^{-ζωt}(x₀ cos ω_d t + (v₀ + ζω x₀)/ω_d sin ω_d t)", () => {
    // Start from a random state with no drive, no noise.
    const opts = { ...base, inputStd: 0, initialStd: 1 };
    const run = simulateOscillator(new Rng(2), opts, 60);
    const x0 = run.position[0];
    const v0 = run.velocity[0];
    const wd = base.omega * Math.sqrt(1 - base.zeta * base.zeta);
    for (let k = 0; k < 60; k++) {
      const t = run.time[k];
      const exact =
        Math.exp(-base.zeta * base.omega * t) *
        (x0 * Math.cos(wd * t) + ((v0 + base.zeta * base.omega * x0) / wd) * Math.sin(wd * t));
      assert.ok(Math.abs(run.position[k] - exact) < 1e-8, `t=${t}: ${run.position[k]} vs ${exact}`);
    }
  });

  it("matches the exact sampled (zero-order hold) model step by step, with drive and disturbance", () => {
    const opts = { ...base, inputStd: 5, disturbanceStd: 2, initialStd: 0.5 };
    const run = simulateOscillator(new Rng(4), opts, 200);
    const { A, B } = oscillatorStateSpace(opts);
    for (let k = 0; k + 1 < 200; k++) {
      const F = run.input[k] + run.disturbance[k];
      const x = A[0][0] * run.position[k] + A[0][1] * run.velocity[k] + B[0][0] * F;
      const v = A[1][0] * run.position[k] + A[1][1] * run.velocity[k] + B[1][0] * F;
      assert.ok(Math.abs(x - run.position[k + 1]) < 1e-8 && Math.abs(v - run.velocity[k + 1]) < 1e-8, `step ${k}`);
    }
  });

  it("the static gain is 1/ω²: a constant force settles at x = F/ω²", () => {
    const { A, B } = oscillatorStateSpace(base);
    // Fixed point s = A s + B F  →  s = (I - A)⁻¹ B F.
    const a = 1 - A[0][0],
      b = -A[0][1],
      c = -A[1][0],
      d = 1 - A[1][1];
    const det = a * d - b * c;
    const x = (d * B[0][0] - b * B[1][0]) / det;
    assert.ok(Math.abs(x - 1 / (base.omega * base.omega)) < 1e-12, `static gain ${x}`);
  });

  it("drive holds each level for `hold` samples; noise has the requested spread", () => {
    const run = simulateOscillator(new Rng(6), { ...base, hold: 5, noiseStd: 0.2 }, 5000);
    for (let k = 1; k < 5000; k++) {
      if (k % 5 !== 0) assert.equal(run.input[k], run.input[k - 1]);
    }
    let s = 0;
    for (let k = 0; k < 5000; k++) s += (run.observation[k] - run.position[k]) ** 2;
    const sd = Math.sqrt(s / 5000);
    assert.ok(Math.abs(sd - 0.2) < 0.01, `noise sd ${sd}`);
  });

  it("is reproducible from the seed", () => {
    const a = simulateOscillator(new Rng(9), { ...base, noiseStd: 0.1 }, 30);
    const b = simulateOscillator(new Rng(9), { ...base, noiseStd: 0.1 }, 30);
    assert.deepEqual(Array.from(a.observation), Array.from(b.observation));
  });

  it("rejects bad parameters, naming the function and the argument", () => {
    assert.throws(() => simulateOscillator(new Rng(1), { ...base, omega: 0 }, 10), /simulateOscillator: omega/);
    assert.throws(() => simulateOscillator(new Rng(1), { ...base, hold: 0 }, 10), /simulateOscillator: hold/);
    assert.throws(() => simulateOscillator(new Rng(1), base, 0), /simulateOscillator: steps/);
    assert.throws(() => oscillatorStateSpace({ ...base, noiseStd: -1 }), /oscillatorStateSpace: noiseStd/);
  });
});
