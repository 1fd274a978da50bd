/**
 * @file An interpolated Kneser–Ney n-gram model over token ids: the classical baseline for language
 * models (Kneser and Ney 1995; the interpolated form of Chen and Goodman 1998, one discount D for
 * every order).
 *
 * For the highest order n, with raw counts c(·):
 *   P(w | h) = max(c(h w) − D, 0) / c(h) + D · N₁₊(h •) / c(h) · P_lower(w | h′),
 * where h′ drops the oldest token of h and N₁₊(h •) is the number of distinct tokens seen after h.
 * Lower orders use the same formula with continuation counts in place of c: N₁₊(• h′ w), the number
 * of distinct tokens seen just before h′ w (a token that follows many different contexts is a
 * likely continuation of an unseen one). Below order 1 sits the uniform distribution 1/V. A context
 * never seen at some order hands all of its mass to the next lower order. Every P(· | h) sums to 1.
 */

/** A fitted Kneser–Ney model. */
export interface KneserNeyModel {
  readonly order: number;
  readonly discount: number;
  readonly vocabSize: number;
  /** ln P(token | history); only the last order − 1 tokens of `history` count (padded on the left). */
  logProb(history: ArrayLike<number>, token: number): number;
  /**
   * Perplexity exp(−mean ln P) over the positions of `sequences` whose mask is 1 (all positions but
   * the first when `masks` is omitted); each token is predicted from the tokens before it.
   */
  perplexity(sequences: readonly ArrayLike<number>[], masks?: readonly ArrayLike<number>[]): number;
}

/** Options of {@link kneserNey}. */
export interface KneserNeyOptions {
  /** n: the model conditions on the n − 1 previous tokens (n ≥ 1). */
  order: number;
  /** Absolute discount D, 0 < D < 1. */
  discount: number;
  /** Number of token ids (ids are 0 .. vocabSize − 1). */
  vocabSize: number;
  /** Token id that pads histories at the start of a sequence (e.g. a beginning-of-sequence id). */
  pad: number;
  /** Per sequence, 1 where the token is a prediction target to count, 0 where it is context only. */
  masks?: readonly ArrayLike<number>[];
}

interface ContextCounts {
  total: number;
  counts: Map<number, number>;
}

/**
 * Fits an interpolated Kneser–Ney model on token sequences; e.g.
 * `kneserNey(poems, { order: 3, discount: 0.8, vocabSize: 304, pad: BOS })`.
 */
export function kneserNey(sequences: readonly ArrayLike<number>[], options: KneserNeyOptions): KneserNeyModel {
  const { order, discount, vocabSize, pad, masks } = options;
  if (!Number.isInteger(order) || order < 1) throw new Error(`kneserNey: order must be an integer ≥ 1, got ${order}`);
  if (!(discount > 0 && discount < 1)) throw new Error(`kneserNey: discount must be in (0, 1), got ${discount}`);
  if (!Number.isInteger(vocabSize) || vocabSize < 1)
    throw new Error(`kneserNey: vocabSize must be a positive integer, got ${vocabSize}`);
  const checkId = (id: number, where: string) => {
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize)
      throw new Error(`kneserNey: ${where} is ${id}, outside 0..${vocabSize - 1}`);
  };
  checkId(pad, "pad");
  if (masks !== undefined && masks.length !== sequences.length)
    throw new Error(`kneserNey: ${sequences.length} sequences but ${masks.length} masks`);
  // Raw counts of the highest-order n-grams (key: ids joined by ","), targets where the mask is 1.
  const raw = new Map<string, number>();
  sequences.forEach((seq, s) => {
    const mask = masks?.[s];
    if (mask !== undefined && mask.length !== seq.length)
      throw new Error(`kneserNey: sequence ${s} has ${seq.length} tokens but its mask has ${mask.length}`);
    for (let i = 0; i < seq.length; i++) {
      checkId(seq[i], `sequences[${s}][${i}]`);
      if (mask !== undefined ? mask[i] === 0 : i === 0) continue;
      const key = gramKey(seq, i, order, pad);
      raw.set(key, (raw.get(key) ?? 0) + 1);
    }
  });
  if (raw.size === 0) throw new Error("kneserNey: no target positions to count");
  // tables[k - 1]: order-k counts by context (the k − 1 previous tokens). Order n: raw counts;
  // lower orders: continuation counts, one per distinct n-gram type extending the k-gram to the left.
  const tables: Map<string, ContextCounts>[] = [];
  let types = new Map<string, number>(raw);
  for (let k = order; k >= 1; k--) {
    const table = new Map<string, ContextCounts>();
    const shorter = new Map<string, number>();
    for (const [key, count] of types) {
      const ids = key.split(",").map(Number);
      const context = ids.slice(0, -1).join(",");
      const token = ids[ids.length - 1];
      let entry = table.get(context);
      if (entry === undefined) table.set(context, (entry = { total: 0, counts: new Map() }));
      // `count` is the raw count at order n and the continuation count N₁₊(• context token) below it.
      entry.total += count;
      entry.counts.set(token, (entry.counts.get(token) ?? 0) + count);
      const suffix = ids.slice(1).join(",");
      shorter.set(suffix, (shorter.get(suffix) ?? 0) + 1);
    }
    tables[k - 1] = table;
    types = shorter;
  }
  const probability = (history: number[], token: number): number => {
    let p = 1 / vocabSize;
    for (let k = 1; k <= order; k++) {
      const entry = tables[k - 1].get(history.slice(history.length - (k - 1)).join(","));
      if (entry === undefined) continue;
      const c = entry.counts.get(token) ?? 0;
      p = (Math.max(c - discount, 0) + discount * entry.counts.size * p) / entry.total;
    }
    return p;
  };
  const paddedHistory = (history: ArrayLike<number>): number[] => {
    const out: number[] = [];
    for (let j = order - 1; j >= 1; j--) out.push(history.length - j >= 0 ? history[history.length - j] : pad);
    return out;
  };
  const logProb = (history: ArrayLike<number>, token: number): number => {
    checkId(token, "token");
    return Math.log(probability(paddedHistory(history), token));
  };
  return {
    order,
    discount,
    vocabSize,
    logProb,
    perplexity(evalSequences, evalMasks) {
      if (evalMasks !== undefined && evalMasks.length !== evalSequences.length)
        throw new Error(`kneserNey.perplexity: ${evalSequences.length} sequences but ${evalMasks.length} masks`);
      let nll = 0;
      let n = 0;
      evalSequences.forEach((seq, s) => {
        const mask = evalMasks?.[s];
        for (let i = 0; i < seq.length; i++) {
          if (mask !== undefined ? mask[i] === 0 : i === 0) continue;
          checkId(seq[i], `sequences[${s}][${i}]`);
          const history: number[] = [];
          for (let j = order - 1; j >= 1; j--) history.push(i - j >= 0 ? seq[i - j] : pad);
          nll -= Math.log(probability(history, seq[i]));
          n++;
        }
      });
      if (n === 0) throw new Error("kneserNey.perplexity: no target positions");
      return Math.exp(nll / n);
    },
  };
}

/** The n-gram ending at position i of seq, padded on the left with `pad`, as a key. */
function gramKey(seq: ArrayLike<number>, i: number, order: number, pad: number): string {
  const ids: number[] = [];
  for (let j = order - 1; j >= 0; j--) ids.push(i - j >= 0 ? seq[i - j] : pad);
  return ids.join(",");
}
