/**
 * Reference solution of exercise 20 (beam-search). The statement is in exercises/beam-search.ts.
 */

/** The model: log-probabilities of the next token given the tokens generated so far. */
export type StepFunction = (prefix: number[]) => number[];

/** Options of `beamSearch`. */
export interface BeamOptions {
  beamWidth: number;
  maxLength: number;
  /** Token that ends a sequence (kept as its last token); none: every sequence has maxLength tokens. */
  endToken?: number;
  /** How many sequences to return (default beamWidth). */
  k?: number;
}

/** A generated sequence and its log-probability. */
export interface Scored {
  tokens: number[];
  logProb: number;
}

/** Higher log-probability first; ties: the lexicographically smaller token sequence first. */
function better(a: Scored, b: Scored): number {
  if (a.logProb !== b.logProb) return b.logProb - a.logProb;
  const n = Math.min(a.tokens.length, b.tokens.length);
  for (let i = 0; i < n; i++) if (a.tokens[i] !== b.tokens[i]) return a.tokens[i] - b.tokens[i];
  return a.tokens.length - b.tokens.length;
}

export function beamSearch(step: StepFunction, options: BeamOptions): Scored[] {
  const { beamWidth, maxLength, endToken } = options;
  const k = options.k ?? beamWidth;
  if (!Number.isInteger(beamWidth) || beamWidth < 1)
    throw new Error(`beamSearch: beamWidth must be a positive integer, got ${beamWidth}`);
  if (!Number.isInteger(maxLength) || maxLength < 1)
    throw new Error(`beamSearch: maxLength must be a positive integer, got ${maxLength}`);
  if (!Number.isInteger(k) || k < 1) throw new Error(`beamSearch: k must be a positive integer, got ${k}`);
  let live: Scored[] = [{ tokens: [], logProb: 0 }];
  const finished: Scored[] = [];
  for (let t = 1; t <= maxLength && live.length > 0; t++) {
    const candidates: Scored[] = [];
    for (const beam of live) {
      const logProbs = step(beam.tokens.slice());
      for (let v = 0; v < logProbs.length; v++) {
        if (logProbs[v] === -Infinity) continue;
        candidates.push({ tokens: [...beam.tokens, v], logProb: beam.logProb + logProbs[v] });
      }
    }
    candidates.sort(better);
    live = [];
    for (const c of candidates.slice(0, beamWidth)) {
      if (c.tokens[c.tokens.length - 1] === endToken || t === maxLength) finished.push(c);
      else live.push(c);
    }
  }
  finished.sort(better);
  return finished.slice(0, k);
}
