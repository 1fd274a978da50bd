/**
 * A hidden Markov model of CpG islands in DNA, after Durbin, Eddy, Krogh & Mitchison,
 * *Biological Sequence Analysis* (Cambridge University Press, 1998), section 3.1.
 *
 * Two regimes, "island" (+) and "background" (-), each a first-order Markov chain over the bases
 * A, C, G, T with the transition tables of Durbin et al.'s table in section 3.1 (estimated there from
 * human sequences annotated as CpG islands, and from the sequences between them). The regime
 * itself switches as a Markov chain. Written as an HMM, the hidden state at position t is the pair
 * (regime r_t, base x_t): the book's eight states A+, C+, G+, T+, A-, C-, G-, T-. Because the base is
 * observed, only the regime is hidden, and the joint probability of a labelled sequence is
 *
 *   P(x, r) = π(r_1) q_{r_1}(x_1) · Π_{t≥2} S[r_{t-1}][r_t] · M_{r_t}[x_{t-1}][x_t]
 *
 * with S the regime-switching matrix, M_r the base chain of regime r and q_r the distribution of the
 * first base. This file samples from the model and computes, exactly:
 * - the filtered probabilities P(r_t | x_1..x_t) (forward algorithm: the best causal guess),
 * - the posterior probabilities P(r_t | x_1..x_T) (forward–backward: the Bayes-optimal per-position
 *   labelling, the best any method can do when the model is true),
 * - the single most probable regime path (Viterbi).
 *
 * Regime indices: 0 = background (-), 1 = island (+). Base indices: A = 0, C = 1, G = 2, T = 3.
 */
import { Rng } from "../random";
import { Tensor } from "../tensor";

/** The four bases, in the order of the tables (index = base code). */
export const CPG_BASES = ["A", "C", "G", "T"] as const;

/** Regime index of background DNA (Durbin's "-" model). */
export const BACKGROUND = 0;
/** Regime index of a CpG island (Durbin's "+" model). */
export const ISLAND = 1;

/**
 * Durbin et al. (1998), section 3.1, table of the "+" model (inside CpG islands): row = previous base,
 * column = next base, order A, C, G, T, as printed (three decimals; the C row sums to 1.001 and is
 * renormalised by `durbinCpgHmm`).
 */
export const DURBIN_PLUS: readonly (readonly number[])[] = [
  [0.18, 0.274, 0.426, 0.12],
  [0.171, 0.368, 0.274, 0.188],
  [0.161, 0.339, 0.375, 0.125],
  [0.079, 0.355, 0.384, 0.182],
];

/** Durbin et al. (1998), section 3.1, table of the "-" model (outside islands), same layout. */
export const DURBIN_MINUS: readonly (readonly number[])[] = [
  [0.3, 0.205, 0.285, 0.21],
  [0.322, 0.298, 0.078, 0.302],
  [0.248, 0.246, 0.298, 0.208],
  [0.177, 0.239, 0.292, 0.292],
];

/** A regime-switching HMM with first-order Markov emissions (see the module comment). */
export interface CpgHmm {
  /** Regime switching S[from][to] (rows sum to 1), K × K. */
  switching: number[][];
  /** Base chain of each regime: chains[r][prev][next] (rows sum to 1), K × 4 × 4. */
  chains: number[][][];
  /** Distribution of the first regime π (sums to 1), length K. */
  initialRegime: number[];
  /** Distribution of the first base in each regime q_r (each sums to 1), K × 4. */
  initialBase: number[][];
}

/** Options of `durbinCpgHmm`. */
export interface DurbinCpgOptions {
  /** Mean length of an island in bases, 1/P(leave island) (default 150). */
  meanIslandLength?: number;
  /** Mean length of a stretch of background, 1/P(enter island) (default 300). */
  meanBackgroundLength?: number;
}

/**
 * Durbin's two chains joined by geometric switching: from the island the model leaves with
 * probability 1/meanIslandLength per base, from the background it enters an island with
 * probability 1/meanBackgroundLength. The first regime follows the switching chain's stationary
 * distribution and the first base is uniform (so it carries no information about the regime).
 */
export function durbinCpgHmm(options: DurbinCpgOptions = {}): CpgHmm {
  const li = options.meanIslandLength ?? 150;
  const lb = options.meanBackgroundLength ?? 300;
  for (const [name, v] of [
    ["meanIslandLength", li],
    ["meanBackgroundLength", lb],
  ] as const) {
    if (!(v >= 1) || !Number.isFinite(v))
      throw new Error(`durbinCpgHmm: ${name} must be a finite number ≥ 1, got ${v}`);
  }
  const leave = 1 / li;
  const enter = 1 / lb;
  const normalise = (rows: readonly (readonly number[])[]): number[][] =>
    rows.map((row) => {
      const s = row.reduce((a, b) => a + b, 0);
      return row.map((v) => v / s);
    });
  const hmm: CpgHmm = {
    switching: [
      [1 - enter, enter],
      [leave, 1 - leave],
    ],
    chains: [normalise(DURBIN_MINUS), normalise(DURBIN_PLUS)],
    initialRegime: [leave / (leave + enter), enter / (leave + enter)],
    initialBase: [
      [0.25, 0.25, 0.25, 0.25],
      [0.25, 0.25, 0.25, 0.25],
    ],
  };
  checkCpgHmm("durbinCpgHmm", hmm);
  return hmm;
}

function checkDistribution(op: string, what: string, p: readonly number[], n: number): void {
  if (p.length !== n) throw new Error(`${op}: ${what} has ${p.length} entries, expected ${n}`);
  let s = 0;
  for (const v of p) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`${op}: ${what} holds ${v}, not a probability`);
    s += v;
  }
  if (Math.abs(s - 1) > 1e-9) throw new Error(`${op}: ${what} sums to ${s}, not 1`);
}

/** Throws a clear error unless `hmm` is a valid model (shapes match, rows are distributions). */
export function checkCpgHmm(op: string, hmm: CpgHmm): void {
  const K = hmm.switching.length;
  if (K < 1) throw new Error(`${op}: the model has no regime`);
  hmm.switching.forEach((row, r) => checkDistribution(op, `switching row ${r}`, row, K));
  checkDistribution(op, "initialRegime", hmm.initialRegime, K);
  if (hmm.chains.length !== K) throw new Error(`${op}: ${hmm.chains.length} base chains for ${K} regimes`);
  if (hmm.initialBase.length !== K)
    throw new Error(`${op}: ${hmm.initialBase.length} initial base distributions for ${K} regimes`);
  hmm.chains.forEach((m, r) => {
    if (m.length !== 4) throw new Error(`${op}: base chain of regime ${r} has ${m.length} rows, expected 4`);
    m.forEach((row, a) => checkDistribution(op, `base chain of regime ${r}, row ${CPG_BASES[a]}`, row, 4));
  });
  hmm.initialBase.forEach((q, r) => checkDistribution(op, `initialBase of regime ${r}`, q, 4));
}

function checkBases(op: string, bases: ArrayLike<number>): void {
  if (bases.length === 0) throw new Error(`${op}: the sequence is empty`);
  for (let t = 0; t < bases.length; t++) {
    const b = bases[t];
    if (!(b === 0 || b === 1 || b === 2 || b === 3))
      throw new Error(`${op}: base ${b} at position ${t} is not a base code 0..3 (A, C, G, T)`);
  }
}

function draw(rng: Rng, p: readonly number[]): number {
  const u = rng.next();
  let c = 0;
  for (let i = 0; i < p.length - 1; i++) {
    c += p[i];
    if (u < c) return i;
  }
  return p.length - 1;
}

/** One sampled sequence: bases and the true regime of each position. */
export interface CpgSample {
  /** Base codes 0..3 (A, C, G, T). */
  bases: Uint8Array;
  /** Regime of each position (0 = background, 1 = island). */
  regimes: Uint8Array;
}

/** Samples a sequence of `length` bases with its hidden regimes. */
export function sampleCpg(hmm: CpgHmm, rng: Rng, length: number): CpgSample {
  checkCpgHmm("sampleCpg", hmm);
  if (!Number.isInteger(length) || length < 1)
    throw new Error(`sampleCpg: length must be a positive integer, got ${length}`);
  const bases = new Uint8Array(length);
  const regimes = new Uint8Array(length);
  let r = draw(rng, hmm.initialRegime);
  let x = draw(rng, hmm.initialBase[r]);
  regimes[0] = r;
  bases[0] = x;
  for (let t = 1; t < length; t++) {
    r = draw(rng, hmm.switching[r]);
    x = draw(rng, hmm.chains[r][x]);
    regimes[t] = r;
    bases[t] = x;
  }
  return { bases, regimes };
}

/** Result of the forward–backward algorithm. */
export interface CpgPosterior {
  /** P(r_t = k | x_1..x_t): filtered probabilities, [T × K] row-major. */
  filtered: Float64Array;
  /** P(r_t = k | x_1..x_T): posterior (smoothed) probabilities, [T × K] row-major. */
  posterior: Float64Array;
  /** log P(x_1..x_T) under the model (natural log). */
  logLikelihood: number;
  /** Number of regimes K (row length of `filtered` and `posterior`). */
  regimes: number;
}

/**
 * Forward–backward with per-step normalisation (no underflow on long sequences):
 *   α̂_1(k) ∝ π_k q_k(x_1),   α̂_t(k) ∝ M_k[x_{t-1}][x_t] Σ_j α̂_{t-1}(j) S[j][k]   (normalised by c_t)
 *   β̂_T(k) = 1,              β̂_t(j) = Σ_k S[j][k] M_k[x_t][x_{t+1}] β̂_{t+1}(k) / c_{t+1}
 * filtered = α̂_t, posterior ∝ α̂_t ⊙ β̂_t, log P(x) = Σ_t log c_t.
 */
export function cpgForwardBackward(hmm: CpgHmm, bases: ArrayLike<number>): CpgPosterior {
  checkCpgHmm("cpgForwardBackward", hmm);
  checkBases("cpgForwardBackward", bases);
  const K = hmm.switching.length;
  const T = bases.length;
  const alpha = new Float64Array(T * K);
  const c = new Float64Array(T);
  let logLik = 0;
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let k = 0; k < K; k++) {
      let v: number;
      if (t === 0) v = hmm.initialRegime[k] * hmm.initialBase[k][bases[0]];
      else {
        let pred = 0;
        for (let j = 0; j < K; j++) pred += alpha[(t - 1) * K + j] * hmm.switching[j][k];
        v = pred * hmm.chains[k][bases[t - 1]][bases[t]];
      }
      alpha[t * K + k] = v;
      s += v;
    }
    if (!(s > 0))
      throw new Error(`cpgForwardBackward: the sequence has probability 0 under the model at position ${t}`);
    for (let k = 0; k < K; k++) alpha[t * K + k] /= s;
    c[t] = s;
    logLik += Math.log(s);
  }
  const beta = new Float64Array(T * K);
  for (let k = 0; k < K; k++) beta[(T - 1) * K + k] = 1;
  for (let t = T - 2; t >= 0; t--) {
    for (let j = 0; j < K; j++) {
      let v = 0;
      for (let k = 0; k < K; k++)
        v += hmm.switching[j][k] * hmm.chains[k][bases[t]][bases[t + 1]] * beta[(t + 1) * K + k];
      beta[t * K + j] = v / c[t + 1];
    }
  }
  const posterior = new Float64Array(T * K);
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let k = 0; k < K; k++) {
      posterior[t * K + k] = alpha[t * K + k] * beta[t * K + k];
      s += posterior[t * K + k];
    }
    for (let k = 0; k < K; k++) posterior[t * K + k] /= s;
  }
  return { filtered: alpha, posterior, logLikelihood: logLik, regimes: K };
}

/** Result of Viterbi decoding. */
export interface CpgViterbi {
  /** The most probable regime path. */
  path: Uint8Array;
  /** log P(x, path), natural log. */
  logProb: number;
}

/** The single most probable regime path argmax_r P(x, r) (Viterbi, in log space; ties go to the lower regime). */
export function cpgViterbi(hmm: CpgHmm, bases: ArrayLike<number>): CpgViterbi {
  checkCpgHmm("cpgViterbi", hmm);
  checkBases("cpgViterbi", bases);
  const K = hmm.switching.length;
  const T = bases.length;
  const score = new Float64Array(T * K);
  const back = new Uint8Array(T * K);
  for (let k = 0; k < K; k++) score[k] = Math.log(hmm.initialRegime[k]) + Math.log(hmm.initialBase[k][bases[0]]);
  for (let t = 1; t < T; t++) {
    for (let k = 0; k < K; k++) {
      let best = -Infinity;
      let arg = 0;
      for (let j = 0; j < K; j++) {
        const v = score[(t - 1) * K + j] + Math.log(hmm.switching[j][k]);
        if (v > best) {
          best = v;
          arg = j;
        }
      }
      score[t * K + k] = best + Math.log(hmm.chains[k][bases[t - 1]][bases[t]]);
      back[t * K + k] = arg;
    }
  }
  let last = 0;
  for (let k = 1; k < K; k++) if (score[(T - 1) * K + k] > score[(T - 1) * K + last]) last = k;
  const logProb = score[(T - 1) * K + last];
  if (logProb === -Infinity) throw new Error("cpgViterbi: the sequence has probability 0 under the model");
  const path = new Uint8Array(T);
  path[T - 1] = last;
  for (let t = T - 1; t > 0; t--) path[t - 1] = back[t * K + path[t]];
  return { path, logProb };
}

/** A batch of sampled sequences ready for a network. */
export interface CpgBatch {
  /** One-hot bases [batch, length, 4]. */
  x: Tensor;
  /** True regime of every position, flat [batch · length] (class targets for crossEntropy). */
  labels: Int32Array;
  /** The sampled sequences themselves. */
  samples: CpgSample[];
}

/** One-hot encodes base sequences of equal length into [batch, length, 4]. */
export function oneHotBases(sequences: readonly ArrayLike<number>[]): Tensor {
  if (sequences.length === 0) throw new Error("oneHotBases: no sequence given");
  const T = sequences[0].length;
  const x = new Float64Array(sequences.length * T * 4);
  sequences.forEach((s, b) => {
    if (s.length !== T) throw new Error(`oneHotBases: sequence ${b} has length ${s.length}, sequence 0 has ${T}`);
    checkBases("oneHotBases", s);
    for (let t = 0; t < T; t++) x[(b * T + t) * 4 + s[t]] = 1;
  });
  return new Tensor(x, [sequences.length, T, 4]);
}

/** Samples `batch` sequences of `length` bases: one-hot inputs, per-position labels and the samples. */
export function cpgBatch(hmm: CpgHmm, rng: Rng, batch: number, length: number): CpgBatch {
  if (!Number.isInteger(batch) || batch < 1)
    throw new Error(`cpgBatch: batch must be a positive integer, got ${batch}`);
  const samples: CpgSample[] = [];
  for (let b = 0; b < batch; b++) samples.push(sampleCpg(hmm, rng, length));
  const labels = new Int32Array(batch * length);
  samples.forEach((s, b) => labels.set(s.regimes, b * length));
  return { x: oneHotBases(samples.map((s) => s.bases)), labels, samples };
}
