/**
 * Running a recurrent cell over a batch of sequences [batch, time, features]: per-sequence
 * lengths (masking), several stacked layers, initial states, and time reversal.
 *
 * Masking: for a sequence of length L, steps t ≥ L leave the state unchanged
 *   s_t = m_t ⊙ cell(x_t, s_{t-1}) + (1 - m_t) ⊙ s_{t-1},   m_t = [t < L]
 * so the final state is the state after the last real input, and outputs at padded steps are 0.
 */
import { Tensor, fmtShape, result, zeros } from "../tensor";
import { add, mul, sub } from "../ops/elementwise";
import { select, stack } from "../ops/shape";
import { accumulateGrad } from "../tensor";

/** Options accepted by every sequence layer's forward. */
export interface SequenceOptions {
  /** Initial hidden state: [numLayers, batch, hidden] or [batch, hidden] for one layer (default zeros). */
  h0?: Tensor;
  /** Per-sequence lengths (each in 1..time); positions past a length are padding. */
  lengths?: readonly number[];
}

/** Checks x is [batch, time, inputSize] and returns batch and time. */
export function checkSequenceInput(op: string, x: Tensor, inputSize: number): { batch: number; time: number } {
  if (x.rank !== 3) throw new Error(`${op}: input must be [batch, time, features], got shape ${fmtShape(x.shape)}`);
  if (x.shape[2] !== inputSize)
    throw new Error(
      `${op}: input has ${x.shape[2]} features per step but the layer expects inputSize ${inputSize} (input shape ${fmtShape(x.shape)})`,
    );
  if (x.shape[1] === 0) throw new Error(`${op}: input has no time steps (shape ${fmtShape(x.shape)})`);
  return { batch: x.shape[0], time: x.shape[1] };
}

/** Checks per-sequence lengths against batch and time. */
export function checkLengths(op: string, lengths: readonly number[] | undefined, batch: number, time: number): void {
  if (!lengths) return;
  if (lengths.length !== batch) throw new Error(`${op}: ${lengths.length} lengths given for a batch of ${batch}`);
  lengths.forEach((L, b) => {
    if (!Number.isInteger(L) || L < 1 || L > time)
      throw new Error(`${op}: length ${L} of sequence ${b} must be an integer in 1..${time}`);
  });
}

/** The [batch, 1] mask of step t (1 where t < length), or null when every sequence is still running. */
export function stepMask(lengths: readonly number[] | undefined, batch: number, t: number): Tensor | null {
  if (!lengths || lengths.every((L) => t < L)) return null;
  const m = zeros([batch, 1]);
  for (let b = 0; b < batch; b++) m.data[b] = t < lengths[b] ? 1 : 0;
  return m;
}

/** m ⊙ next + (1 - m) ⊙ prev. */
export function blend(mask: Tensor, next: Tensor, prev: Tensor): Tensor {
  return add(prev, mul(mask, sub(next, prev)));
}

/** Picks layer `layer` of an initial state given as [L, B, d] or [B, d] (one layer). */
export function initialState(
  op: string,
  s: Tensor | undefined,
  layer: number,
  layers: number,
  batch: number,
  hidden: number,
  what: string,
): Tensor {
  if (!s) return zeros([batch, hidden]);
  if (s.rank === 2 && layers === 1 && s.shape[0] === batch && s.shape[1] === hidden) return s;
  if (s.rank === 3 && s.shape[0] === layers && s.shape[1] === batch && s.shape[2] === hidden)
    return select(s, 0, layer);
  throw new Error(
    `${op}: ${what} must have shape [${layers}, ${batch}, ${hidden}]${layers === 1 ? ` or [${batch}, ${hidden}]` : ""}, got ${fmtShape(s.shape)}`,
  );
}

/**
 * Runs one layer's cell over time. `step(x_t, state) → state` where state[0] is the hidden state h
 * (an LSTM's state is [h, c]). Returns the outputs [B, T, d] and the final state.
 */
export function runLayer(
  x: Tensor,
  state0: Tensor[],
  lengths: readonly number[] | undefined,
  step: (xt: Tensor, state: Tensor[]) => Tensor[],
): { output: Tensor; state: Tensor[] } {
  const [batch, time] = x.shape;
  let state = state0;
  const outputs: Tensor[] = [];
  for (let t = 0; t < time; t++) {
    const next = step(select(x, 1, t), state);
    const mask = stepMask(lengths, batch, t);
    if (mask) {
      state = next.map((s, k) => blend(mask, s, state[k]));
      outputs.push(mul(next[0], mask));
    } else {
      state = next;
      outputs.push(next[0]);
    }
  }
  return { output: stack(outputs, 1), state };
}

/**
 * Reverses each sequence within its length along the time axis of [B, T, F] (padding stays at the
 * end): the input of the backward direction of a bidirectional layer. Its own inverse.
 */
export function reverseSequences(x: Tensor, lengths?: readonly number[]): Tensor {
  if (x.rank !== 3)
    throw new Error(`reverseSequences: input must be [batch, time, features], got shape ${fmtShape(x.shape)}`);
  const [B, T, F] = x.shape;
  checkLengths("reverseSequences", lengths, B, T);
  const src = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    const L = lengths ? lengths[b] : T;
    for (let t = 0; t < T; t++) src[b * T + t] = b * T + (t < L ? L - 1 - t : t);
  }
  const out = new Float64Array(x.size);
  for (let r = 0; r < B * T; r++) out.set(x.data.subarray(src[r] * F, src[r] * F + F), r * F);
  return result(out, x.shape, "reverseSequences", [x], (o) => {
    const g = o.grad as Float64Array;
    const gx = new Float64Array(x.size);
    for (let r = 0; r < B * T; r++) for (let f = 0; f < F; f++) gx[src[r] * F + f] += g[r * F + f];
    accumulateGrad(x, gx);
  });
}

/**
 * Runs a stack of layers whose state is h alone (RNN, GRU): checks the input and lengths, feeds
 * each layer the previous layer's outputs from its own initial state, and collects the final
 * states. `layer(l, input, h0)` runs layer l over the whole sequence.
 */
export function runStack(
  op: string,
  x: Tensor,
  sizes: { inputSize: number; hiddenSize: number; numLayers: number },
  options: SequenceOptions,
  layer: (l: number, input: Tensor, h0: Tensor) => { output: Tensor; h: Tensor },
): { output: Tensor; h: Tensor } {
  const { batch, time } = checkSequenceInput(op, x, sizes.inputSize);
  checkLengths(op, options.lengths, batch, time);
  let input = x;
  const finals: Tensor[] = [];
  for (let l = 0; l < sizes.numLayers; l++) {
    const h0 = initialState(op, options.h0, l, sizes.numLayers, batch, sizes.hiddenSize, "h0");
    const r = layer(l, input, h0);
    finals.push(r.h);
    input = r.output;
  }
  return { output: input, h: stack(finals, 0) };
}

/** Runs one single-state cell step by step over the sequence (the composed, unfused path). */
export function runCellLayer(
  input: Tensor,
  h0: Tensor,
  lengths: readonly number[] | undefined,
  cell: (xt: Tensor, h: Tensor) => Tensor,
): { output: Tensor; h: Tensor } {
  const { output, state } = runLayer(input, [h0], lengths, (xt, [h]) => [cell(xt, h)]);
  return { output, h: state[0] };
}
