/**
 * Reference solution of exercise 18 (char-rnn): a character-level RNN with plain arrays.
 * The statement is in exercises/char-rnn.ts.
 */

/** Parameters: Wxh (H×V), Whh (H×H), Why (V×H), bh (H), by (V). */
export interface CharRnnParams {
  Wxh: number[][];
  Whh: number[][];
  Why: number[][];
  bh: number[];
  by: number[];
}

/** The loss of one chunk, the gradients of every parameter and the last hidden state. */
export interface LossAndGrads {
  loss: number;
  grads: CharRnnParams;
  h: number[];
}

const KEYS = ["Wxh", "Whh", "Why", "bh", "by"] as const;

function zerosLike(p: CharRnnParams): CharRnnParams {
  return {
    Wxh: p.Wxh.map((r) => r.map(() => 0)),
    Whh: p.Whh.map((r) => r.map(() => 0)),
    Why: p.Why.map((r) => r.map(() => 0)),
    bh: p.bh.map(() => 0),
    by: p.by.map(() => 0),
  };
}

function softmax(y: number[]): number[] {
  const top = Math.max(...y);
  const e = y.map((v) => Math.exp(v - top));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

function checkIds(op: string, name: string, ids: number[], vocab: number): void {
  for (let t = 0; t < ids.length; t++)
    if (!Number.isInteger(ids[t]) || ids[t] < 0 || ids[t] >= vocab)
      throw new Error(`${op}: ${name}[${t}] = ${ids[t]} is not a character id of a vocabulary of ${vocab}`);
}

/** Forward over the chunk, summed softmax cross-entropy, and BPTT over the whole chunk. */
export function lossAndGrads(
  params: CharRnnParams,
  inputs: number[],
  targets: number[],
  hPrev: number[],
): LossAndGrads {
  const H = params.Whh.length;
  const V = params.Why.length;
  if (inputs.length !== targets.length)
    throw new Error(`lossAndGrads: inputs has length ${inputs.length} but targets has length ${targets.length}`);
  if (hPrev.length !== H) throw new Error(`lossAndGrads: hPrev has length ${hPrev.length}, expected ${H}`);
  checkIds("lossAndGrads", "inputs", inputs, V);
  checkIds("lossAndGrads", "targets", targets, V);
  const T = inputs.length;
  const hs: number[][] = [hPrev.slice()];
  const ps: number[][] = [];
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const prev = hs[t];
    const h: number[] = [];
    for (let i = 0; i < H; i++) {
      let a = params.Wxh[i][inputs[t]] + params.bh[i];
      for (let j = 0; j < H; j++) a += params.Whh[i][j] * prev[j];
      h.push(Math.tanh(a));
    }
    hs.push(h);
    const y: number[] = [];
    for (let k = 0; k < V; k++) {
      let s = params.by[k];
      for (let i = 0; i < H; i++) s += params.Why[k][i] * h[i];
      y.push(s);
    }
    const p = softmax(y);
    ps.push(p);
    loss -= Math.log(p[targets[t]]);
  }
  const g = zerosLike(params);
  let dhNext = new Array<number>(H).fill(0);
  for (let t = T - 1; t >= 0; t--) {
    const dy = ps[t].slice();
    dy[targets[t]] -= 1;
    const h = hs[t + 1];
    const dh = dhNext.slice();
    for (let k = 0; k < V; k++) {
      g.by[k] += dy[k];
      for (let i = 0; i < H; i++) {
        g.Why[k][i] += dy[k] * h[i];
        dh[i] += params.Why[k][i] * dy[k];
      }
    }
    const da = dh.map((v, i) => v * (1 - h[i] * h[i]));
    dhNext = new Array<number>(H).fill(0);
    for (let i = 0; i < H; i++) {
      g.bh[i] += da[i];
      g.Wxh[i][inputs[t]] += da[i];
      for (let j = 0; j < H; j++) {
        g.Whh[i][j] += da[i] * hs[t][j];
        dhNext[j] += params.Whh[i][j] * da[i];
      }
    }
  }
  return { loss, grads: g, h: hs[T].slice() };
}

/** Every gradient entry clipped to [-limit, limit] (new arrays). */
export function clipGrads(grads: CharRnnParams, limit: number): CharRnnParams {
  if (!(limit > 0)) throw new Error(`clipGrads: limit must be a positive number, got ${limit}`);
  const c = (v: number): number => Math.max(-limit, Math.min(limit, v));
  return {
    Wxh: grads.Wxh.map((r) => r.map(c)),
    Whh: grads.Whh.map((r) => r.map(c)),
    Why: grads.Why.map((r) => r.map(c)),
    bh: grads.bh.map(c),
    by: grads.by.map(c),
  };
}

/** Samples n characters after `seedId`, from softmax(y / temperature), one rng() draw per character. */
export function sample(
  params: CharRnnParams,
  h: number[],
  seedId: number,
  n: number,
  temperature: number,
  rng: () => number,
): number[] {
  if (!(temperature > 0)) throw new Error(`sample: temperature must be a positive number, got ${temperature}`);
  const H = params.Whh.length;
  const V = params.Why.length;
  let state = h.slice();
  let x = seedId;
  const out: number[] = [];
  for (let s = 0; s < n; s++) {
    const next: number[] = [];
    for (let i = 0; i < H; i++) {
      let a = params.Wxh[i][x] + params.bh[i];
      for (let j = 0; j < H; j++) a += params.Whh[i][j] * state[j];
      next.push(Math.tanh(a));
    }
    state = next;
    const y: number[] = [];
    for (let k = 0; k < V; k++) {
      let v = params.by[k];
      for (let i = 0; i < H; i++) v += params.Why[k][i] * state[i];
      y.push(v / temperature);
    }
    const p = softmax(y);
    const u = rng();
    let cum = 0;
    x = V - 1;
    for (let k = 0; k < V; k++) {
      cum += p[k];
      if (u < cum) {
        x = k;
        break;
      }
    }
    out.push(x);
  }
  return out;
}

/** Options of `train`. */
export interface TrainOptions {
  steps: number;
  hiddenSize: number;
  seqLength: number;
  learningRate: number;
  seed: number;
}

/** A small seeded generator (mulberry32). */
function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Trains on `text` with Adagrad for `steps` chunks of `seqLength` characters, carrying h along the text. */
export function train(
  text: string,
  options: TrainOptions,
): { params: CharRnnParams; vocab: string[]; losses: number[] } {
  const vocab = [...new Set(text)].sort();
  const V = vocab.length;
  const H = options.hiddenSize;
  const ids = [...text].map((ch) => vocab.indexOf(ch));
  const rng = makeRng(options.seed);
  const randn = (): number => 0.01 * (rng() * 2 - 1) * Math.sqrt(3);
  const params: CharRnnParams = {
    Wxh: Array.from({ length: H }, () => Array.from({ length: V }, randn)),
    Whh: Array.from({ length: H }, () => Array.from({ length: H }, randn)),
    Why: Array.from({ length: V }, () => Array.from({ length: H }, randn)),
    bh: new Array<number>(H).fill(0),
    by: new Array<number>(V).fill(0),
  };
  const memory = zerosLike(params);
  const eps = 1e-8;
  let h = new Array<number>(H).fill(0);
  let pos = 0;
  const losses: number[] = [];
  for (let step = 0; step < options.steps; step++) {
    if (pos + options.seqLength + 1 > ids.length) {
      pos = 0;
      h = new Array<number>(H).fill(0);
    }
    const inputs = ids.slice(pos, pos + options.seqLength);
    const targets = ids.slice(pos + 1, pos + options.seqLength + 1);
    const r = lossAndGrads(params, inputs, targets, h);
    const g = clipGrads(r.grads, 5);
    for (const key of KEYS) {
      const p = params[key];
      const m = memory[key];
      const d = g[key];
      if (key === "bh" || key === "by") {
        const pv = p as number[];
        const mv = m as number[];
        const dv = d as number[];
        for (let i = 0; i < pv.length; i++) {
          mv[i] += dv[i] * dv[i];
          pv[i] -= (options.learningRate * dv[i]) / Math.sqrt(mv[i] + eps);
        }
      } else {
        const pm = p as number[][];
        const mm = m as number[][];
        const dm = d as number[][];
        for (let i = 0; i < pm.length; i++)
          for (let j = 0; j < pm[i].length; j++) {
            mm[i][j] += dm[i][j] * dm[i][j];
            pm[i][j] -= (options.learningRate * dm[i][j]) / Math.sqrt(mm[i][j] + eps);
          }
      }
    }
    losses.push(r.loss / options.seqLength);
    h = r.h;
    pos += options.seqLength;
  }
  return { params, vocab, losses };
}
