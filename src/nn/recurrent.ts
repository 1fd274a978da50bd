/**
 * Running recurrent layers over a batch of sequences [batch, time, features]: per-sequence lengths
 * (padding), stacked layers, initial states, and time reversal. RNN, LSTM, GRU and Bidirectional
 * all run through `runStack` and `runSteps`.
 *
 * Padding: for a sequence of length L, a step t ≥ L leaves the state unchanged and outputs 0,
 *   s_t = m_t ? cell(x_t, s_{t-1}) : s_{t-1},   m_t = [t < L],
 * chosen by selection (`where`), not by multiplication; the input of a padded step is replaced by 0
 * before the cell sees it. Whatever the padding holds (NaN included) therefore reaches neither the
 * values nor the gradients, and the final state is the state after the last real input.
 */
import { Rng } from "../random";
import { Tensor, fmtShape, zeros } from "../tensor";
import { orthogonal, xavierUniform } from "../init";
import { accumulateGrad, opResult } from "../autograd";
import { where } from "../ops/elementwise";
import { concat, select, stack } from "../ops/shape";
import { Module, parameter } from "./module";

/** Options accepted by every sequence layer's forward. */
export interface SequenceOptions {
  /** Initial hidden state: [numLayers, batch, hidden] or [batch, hidden] for one layer (default zeros). */
  h0?: Tensor;
  /** Per-sequence lengths (each in 1..time); positions past a length are padding. */
  lengths?: readonly number[];
}

/** Any sequence layer: x [B, T, F] → output [B, T, hiddenSize] and final h [numLayers, B, hiddenSize]. */
export interface SequenceLayer extends Module {
  readonly hiddenSize: number;
  forward(x: Tensor, options?: SequenceOptions): { output: Tensor; h: Tensor };
}

/** How one layer of a stack runs: step by step or as one fused op, over sequences of these lengths. */
export interface LayerRunOptions {
  lengths?: readonly number[];
  /** Use the fused whole-sequence op (default true); false composes primitive ops step by step. */
  fused?: boolean;
}

/** A stack of recurrent layers that can be run one layer at a time (RNN, LSTM, GRU). */
export interface RecurrentStack extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** Input size of layers 2 … numLayers (see StackOptions). */
  readonly upperInputSize: number;
  /** Names of the states, hidden state first: ["h"], or ["h", "c"] for an LSTM. */
  readonly stateNames: readonly string[];
  /** Runs layer l over input [B, T, ·] from its initial states (each [B, hiddenSize]). */
  runLayer(l: number, input: Tensor, state0: Tensor[], options: LayerRunOptions): { output: Tensor; state: Tensor[] };
}

/** Sizes of a stack: number of layers and the input size of layers 2 … numLayers. */
export interface StackOptions {
  /** Number of stacked layers (default 1); layer l + 1 reads the outputs of layer l. */
  numLayers?: number;
  /**
   * Input size of layers 2 … numLayers (default hiddenSize). A stack inside `Bidirectional` reads
   * both directions of the layer below there: forward plus backward hidden size.
   */
  upperInputSize?: number;
}

/**
 * A stack of `numLayers` cells, layer l + 1 reading the outputs of layer l (RNN, LSTM and GRU
 * extend it). `make(inputSize)` builds the cell of one layer: inputSize for the first, upperInputSize above.
 */
export abstract class RecurrentLayer<C extends Module> extends Module implements RecurrentStack {
  readonly cells: C[];
  readonly upperInputSize: number;
  abstract readonly stateNames: readonly string[];

  constructor(
    op: string,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: StackOptions,
    make: (inputSize: number) => C,
  ) {
    super();
    const layers = options.numLayers ?? 1;
    if (!Number.isInteger(layers) || layers < 1)
      throw new Error(`${op}: numLayers must be a positive integer, got ${layers}`);
    this.upperInputSize = options.upperInputSize ?? hiddenSize;
    this.cells = [];
    for (let l = 0; l < layers; l++) this.cells.push(make(l === 0 ? inputSize : this.upperInputSize));
  }

  /** Number of stacked layers. */
  get numLayers(): number {
    return this.cells.length;
  }

  /** Runs layer l alone over input [B, T, ·] from its initial states: as one fused op, or step by step. */
  runLayer(l: number, input: Tensor, state0: Tensor[], options: LayerRunOptions): { output: Tensor; state: Tensor[] } {
    const cell = this.cells[l];
    if (options.fused === false)
      return runSteps(input, state0, options.lengths, (xt, state) => this.cellStep(cell, xt, state));
    return this.fusedLayer(cell, input, state0, options.lengths);
  }

  /** One step of a cell, composed of primitive ops: (x_t, states) → next states. */
  protected abstract cellStep(cell: C, xt: Tensor, state: Tensor[]): Tensor[];

  /** A cell over the whole sequence as one fused op: output and final states. */
  protected abstract fusedLayer(
    cell: C,
    input: Tensor,
    state0: Tensor[],
    lengths: readonly number[] | undefined,
  ): { output: Tensor; state: Tensor[] };
}

/**
 * The parameters every recurrent cell has, for `blocks` stacked blocks (gates) of hiddenSize rows:
 * weightIh [blocks·hidden, input] (Xavier uniform per block), weightHh [blocks·hidden, hidden]
 * (orthogonal per block) and bias [blocks·hidden] (zeros).
 */
export abstract class RecurrentCell extends Module {
  readonly weightIh: Tensor;
  readonly weightHh: Tensor;
  readonly bias: Tensor;

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    rng: Rng,
    blocks: number,
  ) {
    super();
    const ih = Array.from({ length: blocks }, () => xavierUniform(rng, hiddenSize, inputSize));
    const hh = Array.from({ length: blocks }, () => orthogonal(rng, hiddenSize, hiddenSize));
    this.weightIh = parameter(concat(ih, 0), "weightIh");
    this.weightHh = parameter(concat(hh, 0), "weightHh");
    this.bias = parameter(zeros([blocks * hiddenSize]), "bias");
  }
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
function stepMask(lengths: readonly number[] | undefined, batch: number, t: number): Tensor | null {
  if (!lengths || lengths.every((L) => t < L)) return null;
  const m = zeros([batch, 1]);
  for (let b = 0; b < batch; b++) m.data[b] = t < lengths[b] ? 1 : 0;
  return m;
}

/** Picks layer `layer` of an initial state given as [L, B, d] or [B, d] (one layer); zeros if none. */
function initialState(
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
    `${op}: ${what} must have shape [${layers}, ${batch}, ` +
      `${hidden}]${layers === 1 ? ` or [${batch}, ${hidden}]` : ""}, got ` +
      `${fmtShape(s.shape)}`,
  );
}

/**
 * Runs one layer's cell over time, step by step. `step(x_t, state) → state` where state[0] is the
 * hidden state h (an LSTM's state is [h, c]). Returns the outputs [B, T, d] (0 at padding) and the
 * final states.
 */
export function runSteps(
  x: Tensor,
  state0: Tensor[],
  lengths: readonly number[] | undefined,
  step: (xt: Tensor, state: Tensor[]) => Tensor[],
): { output: Tensor; state: Tensor[] } {
  const [batch, time] = x.shape;
  let state = state0;
  const outputs: Tensor[] = [];
  for (let t = 0; t < time; t++) {
    const xt = select(x, 1, t);
    const mask = stepMask(lengths, batch, t);
    if (!mask) {
      state = step(xt, state);
      outputs.push(state[0]);
      continue;
    }
    const next = step(where(mask, xt, 0), state);
    const prev = state;
    state = next.map((s, k) => where(mask, s, prev[k]));
    outputs.push(where(mask, next[0], 0));
  }
  return { output: stack(outputs, 1), state };
}

/**
 * Runs a stack layer by layer: checks the input and lengths, feeds each layer the previous layer's
 * outputs from its own initial states (`initial[k]` for state k, [numLayers, B, d] or [B, d] for
 * one layer; zeros when undefined), and stacks the final states: states[k] is [numLayers, B, d].
 */
export function runStack(
  op: string,
  layers: RecurrentStack,
  x: Tensor,
  initial: ReadonlyArray<Tensor | undefined>,
  options: LayerRunOptions,
): { output: Tensor; states: Tensor[] } {
  const { batch, time } = checkSequenceInput(op, x, layers.inputSize);
  checkLengths(op, options.lengths, batch, time);
  const L = layers.numLayers;
  const finals: Tensor[][] = layers.stateNames.map(() => []);
  let input = x;
  for (let l = 0; l < L; l++) {
    const state0 = layers.stateNames.map((name, k) =>
      initialState(op, initial[k], l, L, batch, layers.hiddenSize, `${name}0`),
    );
    const r = layers.runLayer(l, input, state0, options);
    r.state.forEach((s, k) => finals[k].push(s));
    input = r.output;
  }
  return { output: input, states: finals.map((s) => stack(s, 0)) };
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
  return opResult(out, x.shape, "reverseSequences", [x], (g) => {
    const gx = new Float64Array(x.size);
    for (let r = 0; r < B * T; r++) for (let f = 0; f < F; f++) gx[src[r] * F + f] += g[r * F + f];
    accumulateGrad(x, gx);
  });
}
