/**
 * Decoding a sequence from any autoregressive model given as a step function
 *
 *   step(prevToken, state) → { logProbs, state },   logProbs[v] = log p(y_t = v | y_<t, input)
 *
 * (the first call gets the start token). A sequence y_1 … y_n ends when it emits `endToken`
 * (which counts as one of its n tokens) or when n reaches `maxLength`. Its log-probability is
 * log p(y) = Σ_t log p(y_t | y_<t), summed left to right.
 *
 * - greedy: y_t = argmax_v log p(v | y_<t) (ties go to the smallest token id);
 * - sampling: y_t drawn from softmax(logProbs / temperature) with a seeded Rng;
 * - beam search (束搜索): keeps the `beamWidth` best partial sequences at every step and ranks
 *   complete ones by the length-normalised score (Wu et al., 2016, GNMT)
 *
 *   $$\text{score}(y) = \frac{\log p(y)}{\text{lp}(n)},\qquad \text{lp}(n) = \Big(\frac{5 + n}{6}\Big)^{\alpha}$$
 *
 *   α = 0 ranks by log p(y), which favours short sequences; larger α favours longer ones.
 *
 * Ranking is total: higher score first, then the lexicographically smaller token sequence, so ties
 * are resolved the same way everywhere (and a brute-force search over all sequences agrees with a
 * beam wide enough to keep every hypothesis, token for token).
 */
import { Rng } from "../random";
import { Tensor } from "../tensor";

/** One step of an autoregressive model: log-probabilities of the next token and the next state. */
export type DecodeStep<S> = (prevToken: number, state: S) => { logProbs: ArrayLike<number> | Tensor; state: S };

/** Options shared by every decoder. */
export interface DecodeOptions<S> {
  /** Token fed to the first step. */
  startToken: number;
  /** The model's state before the first step (e.g. the encoder's final state). */
  state: S;
  /** Largest number of generated tokens (the end token included). */
  maxLength: number;
  /** Token that ends a sequence (kept as its last token); without it, every sequence has maxLength tokens. */
  endToken?: number;
}

/** A decoded sequence. */
export interface Hypothesis {
  /** Generated tokens (the start token excluded; the end token included when emitted). */
  tokens: number[];
  /** log p(tokens) under the model. */
  logProb: number;
  /** log p / lp(n) (equals logProb when α = 0). */
  score: number;
  /** True when the sequence ended with the end token, false when it was cut at maxLength. */
  finished: boolean;
}

/** GNMT length penalty lp(n) = ((5 + n) / 6)^α. */
export function lengthPenalty(length: number, alpha: number): number {
  return Math.pow((5 + length) / 6, alpha);
}

/** The total order used to rank hypotheses: higher score first, then lexicographically smaller tokens. */
export function compareHypotheses(
  a: { score: number; tokens: number[] },
  b: { score: number; tokens: number[] },
): number {
  if (a.score !== b.score) return b.score - a.score;
  const n = Math.min(a.tokens.length, b.tokens.length);
  for (let i = 0; i < n; i++) if (a.tokens[i] !== b.tokens[i]) return a.tokens[i] - b.tokens[i];
  return a.tokens.length - b.tokens.length;
}

function checkOptions<S>(op: string, options: DecodeOptions<S>): void {
  if (!Number.isInteger(options.maxLength) || options.maxLength < 1)
    throw new Error(`${op}: maxLength must be a positive integer, got ${options.maxLength}`);
}

function callStep<S>(op: string, step: DecodeStep<S>, token: number, state: S): { logProbs: Float64Array; state: S } {
  const r = step(token, state);
  const lp = r.logProbs instanceof Tensor ? r.logProbs.data : Float64Array.from(r.logProbs);
  if (lp.length === 0) throw new Error(`${op}: the step function returned no log-probabilities`);
  for (let v = 0; v < lp.length; v++)
    if (Number.isNaN(lp[v]) || lp[v] > 1e-9)
      throw new Error(`${op}: logProbs[${v}] = ${lp[v]} is not a log-probability (must be ≤ 0 and not NaN)`);
  return { logProbs: lp, state: r.state };
}

function checkEndToken(op: string, endToken: number | undefined, vocab: number): void {
  if (endToken !== undefined && (!Number.isInteger(endToken) || endToken < 0 || endToken >= vocab))
    throw new Error(`${op}: endToken ${endToken} is not a token id of a vocabulary of ${vocab}`);
}

/** Runs one token-choosing rule until the end token or maxLength. */
function decodeWith<S>(
  op: string,
  step: DecodeStep<S>,
  options: DecodeOptions<S>,
  choose: (logProbs: Float64Array) => number,
): Hypothesis {
  checkOptions(op, options);
  const tokens: number[] = [];
  let logProb = 0;
  let token = options.startToken;
  let state = options.state;
  for (let t = 0; t < options.maxLength; t++) {
    const r = callStep(op, step, token, state);
    checkEndToken(op, options.endToken, r.logProbs.length);
    token = choose(r.logProbs);
    tokens.push(token);
    logProb += r.logProbs[token];
    state = r.state;
    if (token === options.endToken) return { tokens, logProb, score: logProb, finished: true };
  }
  return { tokens, logProb, score: logProb, finished: false };
}

/** Greedy decoding: the most probable next token at every step (smallest id among ties). */
export function greedyDecode<S>(step: DecodeStep<S>, options: DecodeOptions<S>): Hypothesis {
  return decodeWith("greedyDecode", step, options, (lp) => {
    let best = 0;
    for (let v = 1; v < lp.length; v++) if (lp[v] > lp[best]) best = v;
    return best;
  });
}

/**
 * Sampling with temperature τ: y_t ~ softmax(logProbs / τ). τ = 1 samples from the model, τ → 0
 * approaches greedy decoding, τ > 1 flattens the distribution. `logProb` is the model's own
 * log-probability of the sequence (at τ = 1).
 */
export function sampleDecode<S>(
  step: DecodeStep<S>,
  options: DecodeOptions<S> & { temperature?: number; rng: Rng },
): Hypothesis {
  const tau = options.temperature ?? 1;
  if (!(tau > 0) || !Number.isFinite(tau))
    throw new Error(`sampleDecode: temperature must be a positive number, got ${tau}`);
  return decodeWith("sampleDecode", step, options, (lp) => sampleIndex(lp, tau, options.rng));
}

/** Draws v with probability ∝ exp(logProbs[v] / temperature) (one uniform draw from rng). */
export function sampleIndex(logProbs: ArrayLike<number>, temperature: number, rng: Rng): number {
  let top = -Infinity;
  for (let v = 0; v < logProbs.length; v++) top = Math.max(top, logProbs[v] / temperature);
  const w = new Float64Array(logProbs.length);
  let z = 0;
  for (let v = 0; v < logProbs.length; v++) {
    w[v] = Math.exp(logProbs[v] / temperature - top);
    z += w[v];
  }
  let u = rng.next() * z;
  for (let v = 0; v < w.length; v++) {
    u -= w[v];
    if (u < 0) return v;
  }
  // Rounding left u ≥ 0 after the last positive weight: return that one.
  for (let v = w.length - 1; v >= 0; v--) if (w[v] > 0) return v;
  return w.length - 1;
}

/** Options of `beamSearch`. */
export interface BeamSearchOptions<S> extends DecodeOptions<S> {
  /** Number of partial sequences kept at each step. */
  beamWidth: number;
  /** Length-normalisation exponent α ≥ 0 (default 0: rank by log-probability). */
  alpha?: number;
  /** Number of best sequences returned (default beamWidth). */
  k?: number;
}

interface Beam<S> {
  tokens: number[];
  logProb: number;
  score: number;
  state: S;
}

/**
 * Beam search. At step t every live beam is extended by every token; the candidates are ranked by
 * their normalised score (all have length t, so this is the order of log p) and the best
 * `beamWidth` are kept. Kept candidates ending with the end token move to the finished list; the
 * rest stay live. At maxLength the live beams are finished as they are (`finished: false`). The
 * result is the `k` best finished sequences by normalised score (see `compareHypotheses`).
 *
 * With beamWidth = 1 this is greedy decoding; with a beam wide enough to keep every sequence it is
 * exhaustive search, so its answer is exact.
 */
export function beamSearch<S>(step: DecodeStep<S>, options: BeamSearchOptions<S>): Hypothesis[] {
  const op = "beamSearch";
  checkOptions(op, options);
  const width = options.beamWidth;
  if (!Number.isInteger(width) || width < 1)
    throw new Error(`${op}: beamWidth must be a positive integer, got ${width}`);
  const alpha = options.alpha ?? 0;
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new Error(`${op}: alpha must be a number ≥ 0, got ${alpha}`);
  const k = options.k ?? width;
  if (!Number.isInteger(k) || k < 1) throw new Error(`${op}: k must be a positive integer, got ${k}`);

  let live: Beam<S>[] = [{ tokens: [], logProb: 0, score: 0, state: options.state }];
  const finished: Hypothesis[] = [];
  for (let t = 1; t <= options.maxLength && live.length > 0; t++) {
    const candidates: Array<Beam<S> & { ended: boolean }> = [];
    const penalty = lengthPenalty(t, alpha);
    for (const beam of live) {
      const prev = beam.tokens.length === 0 ? options.startToken : beam.tokens[beam.tokens.length - 1];
      const r = callStep(op, step, prev, beam.state);
      checkEndToken(op, options.endToken, r.logProbs.length);
      for (let v = 0; v < r.logProbs.length; v++) {
        if (r.logProbs[v] === -Infinity) continue;
        const logProb = beam.logProb + r.logProbs[v];
        candidates.push({
          tokens: [...beam.tokens, v],
          logProb,
          score: logProb / penalty,
          state: r.state,
          ended: v === options.endToken,
        });
      }
    }
    candidates.sort(compareHypotheses);
    live = [];
    for (const c of candidates.slice(0, width)) {
      if (c.ended) finished.push({ tokens: c.tokens, logProb: c.logProb, score: c.score, finished: true });
      else if (t === options.maxLength)
        finished.push({ tokens: c.tokens, logProb: c.logProb, score: c.score, finished: false });
      else live.push(c);
    }
  }
  finished.sort(compareHypotheses);
  return finished.slice(0, k);
}
