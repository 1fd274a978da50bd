import { strict as assert } from "node:assert";
import {
  CpgHmm,
  DURBIN_MINUS,
  DURBIN_PLUS,
  ISLAND,
  Rng,
  cpgBatch,
  cpgForwardBackward,
  cpgViterbi,
  durbinCpgHmm,
  sampleCpg,
} from "../../src/index";
import { oneHotBases } from "../../src/data/cpg-hmm";

/** Joint probability P(x, r) of bases x and regime path r, straight from the model's definition. */
function joint(hmm: CpgHmm, x: ArrayLike<number>, r: ArrayLike<number>): number {
  let p = hmm.initialRegime[r[0]] * hmm.initialBase[r[0]][x[0]];
  for (let t = 1; t < x.length; t++) p *= hmm.switching[r[t - 1]][r[t]] * hmm.chains[r[t]][x[t - 1]][x[t]];
  return p;
}

/** Every regime path of length T over K regimes. */
function allPaths(K: number, T: number): number[][] {
  const out: number[][] = [];
  const n = Math.pow(K, T);
  for (let code = 0; code < n; code++) {
    const path: number[] = [];
    let c = code;
    for (let t = 0; t < T; t++) {
      path.push(c % K);
      c = Math.floor(c / K);
    }
    out.push(path);
  }
  return out;
}

/** A three-regime model with fast switching, so that short sequences hold several regimes. */
function threeRegimeModel(): CpgHmm {
  const base = durbinCpgHmm();
  const mixed = DURBIN_PLUS.map((row, a) => row.map((v, b) => 0.5 * v + 0.5 * DURBIN_MINUS[a][b]));
  const norm = (m: number[][]): number[][] => m.map((row) => row.map((v) => v / row.reduce((s, w) => s + w, 0)));
  return {
    switching: [
      [0.7, 0.2, 0.1],
      [0.3, 0.5, 0.2],
      [0.25, 0.25, 0.5],
    ],
    chains: [base.chains[0], base.chains[1], norm(mixed)],
    initialRegime: [0.5, 0.3, 0.2],
    initialBase: [
      [0.25, 0.25, 0.25, 0.25],
      [0.1, 0.4, 0.4, 0.1],
      [0.3, 0.2, 0.2, 0.3],
    ],
  };
}

describe("data: CpG-island HMM", () => {
  it("uses Durbin's tables as rows of probabilities (within print rounding) and renormalises them", () => {
    for (const table of [DURBIN_PLUS, DURBIN_MINUS]) {
      for (const row of table) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) <= 0.0015, `row ${row}`);
    }
    const hmm = durbinCpgHmm({ meanIslandLength: 50, meanBackgroundLength: 200 });
    for (const chain of hmm.chains)
      for (const row of chain) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    // CG is rare outside islands and common inside: the signal the whole notebook rests on.
    assert.ok(hmm.chains[ISLAND][1][2] > 3 * hmm.chains[0][1][2]);
    assert.ok(Math.abs(hmm.switching[ISLAND][0] - 1 / 50) < 1e-15);
    assert.ok(Math.abs(hmm.switching[0][ISLAND] - 1 / 200) < 1e-15);
    assert.ok(
      Math.abs(hmm.initialRegime[ISLAND] - 50 / 250) < 1e-12,
      "first regime follows the stationary distribution",
    );
  });

  it("forward–backward posteriors sum to 1 at every position, also on a long sequence", () => {
    const hmm = durbinCpgHmm({ meanIslandLength: 40, meanBackgroundLength: 60 });
    const { bases } = sampleCpg(hmm, new Rng(1), 5000);
    const fb = cpgForwardBackward(hmm, bases);
    assert.ok(Number.isFinite(fb.logLikelihood) && fb.logLikelihood < 0);
    for (let t = 0; t < bases.length; t++) {
      const sp = fb.posterior[2 * t] + fb.posterior[2 * t + 1];
      const sf = fb.filtered[2 * t] + fb.filtered[2 * t + 1];
      assert.ok(Math.abs(sp - 1) < 1e-12 && Math.abs(sf - 1) < 1e-12, `t=${t}: ${sp}, ${sf}`);
    }
  });

  it("posterior, filtered probabilities and likelihood match brute-force enumeration (2 and 3 regimes)", () => {
    for (const [hmm, K, T, seed] of [
      [durbinCpgHmm({ meanIslandLength: 3, meanBackgroundLength: 4 }), 2, 9, 2],
      [threeRegimeModel(), 3, 6, 3],
    ] as Array<[CpgHmm, number, number, number]>) {
      const { bases } = sampleCpg(hmm, new Rng(seed), T);
      const paths = allPaths(K, T);
      const fb = cpgForwardBackward(hmm, bases);
      let total = 0;
      const marg = new Float64Array(T * K);
      for (const r of paths) {
        const p = joint(hmm, bases, r);
        total += p;
        for (let t = 0; t < T; t++) marg[t * K + r[t]] += p;
      }
      assert.ok(
        Math.abs(fb.logLikelihood - Math.log(total)) < 1e-10,
        `log-likelihood ${fb.logLikelihood} vs ${Math.log(total)}`,
      );
      for (let i = 0; i < T * K; i++) assert.ok(Math.abs(fb.posterior[i] - marg[i] / total) < 1e-12, `posterior ${i}`);
      // Filtered at t: enumerate paths of the prefix only.
      for (let t = 0; t < T; t++) {
        const prefix = bases.subarray(0, t + 1);
        const m = new Float64Array(K);
        let z = 0;
        for (const r of allPaths(K, t + 1)) {
          const p = joint(hmm, prefix, r);
          m[r[t]] += p;
          z += p;
        }
        for (let k = 0; k < K; k++)
          assert.ok(Math.abs(fb.filtered[t * K + k] - m[k] / z) < 1e-12, `filtered t=${t} k=${k}`);
      }
    }
  });

  it("Viterbi finds the same path and probability as brute force", () => {
    for (const [hmm, K, T] of [
      [durbinCpgHmm({ meanIslandLength: 2, meanBackgroundLength: 3 }), 2, 10],
      [threeRegimeModel(), 3, 7],
    ] as Array<[CpgHmm, number, number]>) {
      for (let seed = 10; seed < 15; seed++) {
        const { bases } = sampleCpg(hmm, new Rng(seed), T);
        let best = -1;
        let bestPath: number[] = [];
        for (const r of allPaths(K, T)) {
          const p = joint(hmm, bases, r);
          if (p > best) {
            best = p;
            bestPath = r;
          }
        }
        const v = cpgViterbi(hmm, bases);
        assert.ok(Math.abs(v.logProb - Math.log(best)) < 1e-10, `seed ${seed}: ${v.logProb} vs ${Math.log(best)}`);
        assert.ok(
          Math.abs(Math.log(joint(hmm, bases, v.path)) - Math.log(best)) < 1e-10,
          `seed ${seed}: path ${v.path} vs ${bestPath}`,
        );
      }
    }
  });

  it("samples with the model's statistics: island fraction, dinucleotides, mean island length", () => {
    const hmm = durbinCpgHmm({ meanIslandLength: 50, meanBackgroundLength: 100 });
    const { bases, regimes } = sampleCpg(hmm, new Rng(7), 200000);
    let island = 0;
    let runs = 0;
    const counts = [0, 1].map(() => [0, 1, 2, 3].map(() => [0, 0, 0, 0]));
    for (let t = 0; t < bases.length; t++) {
      island += regimes[t];
      if (regimes[t] === ISLAND && (t === 0 || regimes[t - 1] !== ISLAND)) runs++;
      if (t > 0 && regimes[t] === regimes[t - 1]) counts[regimes[t]][bases[t - 1]][bases[t]]++;
    }
    // Stationary island fraction 50/150 = 1/3; sd of the fraction here ≈ 0.01.
    assert.ok(Math.abs(island / bases.length - 1 / 3) < 0.03, `island fraction ${island / bases.length}`);
    assert.ok(Math.abs(island / runs - 50) < 6, `mean island length ${island / runs}`);
    for (const r of [0, 1]) {
      for (let a = 0; a < 4; a++) {
        const n = counts[r][a].reduce((s, v) => s + v, 0);
        for (let b = 0; b < 4; b++) {
          const p = hmm.chains[r][a][b];
          const se = Math.sqrt((p * (1 - p)) / n);
          assert.ok(
            Math.abs(counts[r][a][b] / n - p) < 5 * se,
            `regime ${r} ${a}→${b}: ${counts[r][a][b] / n} vs ${p}`,
          );
        }
      }
    }
  });

  it("posterior decoding is at least as accurate as filtering and Viterbi on sampled data", () => {
    const hmm = durbinCpgHmm({ meanIslandLength: 80, meanBackgroundLength: 120 });
    const rng = new Rng(21);
    let nPost = 0,
      nFilt = 0,
      nVit = 0,
      n = 0;
    for (let i = 0; i < 20; i++) {
      const s = sampleCpg(hmm, rng, 1000);
      const fb = cpgForwardBackward(hmm, s.bases);
      const vit = cpgViterbi(hmm, s.bases).path;
      for (let t = 0; t < s.bases.length; t++) {
        nPost += Number((fb.posterior[2 * t + 1] > 0.5 ? 1 : 0) === s.regimes[t]);
        nFilt += Number((fb.filtered[2 * t + 1] > 0.5 ? 1 : 0) === s.regimes[t]);
        nVit += Number(vit[t] === s.regimes[t]);
        n++;
      }
    }
    assert.ok(nPost / n > 0.7, `posterior accuracy ${nPost / n} should be far above chance`);
    assert.ok(nPost >= nFilt && nPost >= nVit, `posterior ${nPost}, filtered ${nFilt}, Viterbi ${nVit} of ${n}`);
  });

  it("batches: one-hot inputs match the bases, labels match the regimes", () => {
    const hmm = durbinCpgHmm();
    const { x, labels, samples } = cpgBatch(hmm, new Rng(4), 3, 17);
    assert.deepEqual(x.shape, [3, 17, 4]);
    samples.forEach((s, b) => {
      for (let t = 0; t < 17; t++) {
        for (let k = 0; k < 4; k++) assert.equal(x.data[(b * 17 + t) * 4 + k], k === s.bases[t] ? 1 : 0);
        assert.equal(labels[b * 17 + t], s.regimes[t]);
      }
    });
    const again = cpgBatch(hmm, new Rng(4), 3, 17);
    assert.deepEqual(Array.from(again.labels), Array.from(labels));
  });

  it("rejects bad input with the function, argument and value named", () => {
    const hmm = durbinCpgHmm();
    assert.throws(() => cpgForwardBackward(hmm, [0, 1, 4]), /cpgForwardBackward: base 4 at position 2/);
    assert.throws(() => cpgViterbi(hmm, []), /cpgViterbi: the sequence is empty/);
    assert.throws(() => sampleCpg(hmm, new Rng(1), 0), /sampleCpg: length/);
    assert.throws(() => durbinCpgHmm({ meanIslandLength: 0.5 }), /durbinCpgHmm: meanIslandLength/);
    const bad: CpgHmm = {
      ...hmm,
      switching: [
        [0.5, 0.6],
        [0.1, 0.9],
      ],
    };
    assert.throws(() => cpgForwardBackward(bad, [0, 1]), /switching row 0 sums to 1.1/);
    assert.throws(() => oneHotBases([[0, 1], [2]]), /oneHotBases: sequence 1 has length 1/);
  });
});
