/**
 * Truncated backpropagation through time (truncated BPTT) over one long stream.
 *
 * The stream x_1 … x_N is cut into windows of k steps. Each window starts from the state the
 * previous window ended in, so the forward pass is exactly the forward pass over the whole stream;
 * but that state is detached (a copy with no graph history), so the backward pass of window w stops
 * at its first step. A loss at step t then sends gradient back at most to the start of its window:
 * between 0 and k-1 steps, never further. Memory and compute per update are ∝ k, not ∝ N.
 *
 * The layers are not copied: every sequence layer already takes its initial state (h0, and c0 for
 * an LSTM), which is where the carried state goes in.
 */
import { Tensor } from "./tensor";
import { Optimizer, clipGradNorm } from "./optim";

/** A recurrent state: one tensor, a list of tensors (e.g. [h, c]) or a record of them ({ h, c }). */
export type RecurrentState = Tensor | readonly Tensor[] | { readonly [key: string]: Tensor | undefined } | undefined;

/**
 * The same state with every tensor detached: same values, no graph history, so gradients stop
 * here. Arrays and records are copied shallowly; `undefined` (the layers' default zero state) stays.
 */
export function detachState<S extends RecurrentState>(state: S): S {
  if (state === undefined) return state;
  if (state instanceof Tensor) return state.detach() as S;
  if (Array.isArray(state)) return state.map((t: Tensor) => detachOne(t, "detachState")) as unknown as S;
  const out: Record<string, Tensor | undefined> = {};
  for (const [key, value] of Object.entries(state as Record<string, Tensor | undefined>))
    out[key] = value === undefined ? undefined : detachOne(value, `detachState (field ${key})`);
  return out as S;
}

function detachOne(t: unknown, where: string): Tensor {
  if (!(t instanceof Tensor)) throw new Error(`${where}: every part of a state must be a Tensor, got ${typeof t}`);
  return t.detach();
}

/** One window of the stream: steps start … end-1 (0-based), window number `index`. */
export interface StreamWindow {
  index: number;
  start: number;
  end: number;
}

/**
 * The windows of length `window` covering `length` steps in order; the last one is shorter when
 * `window` does not divide `length`.
 */
export function streamWindows(length: number, window: number): StreamWindow[] {
  if (!Number.isInteger(length) || length < 1)
    throw new Error(`streamWindows: length must be a positive integer, got ${length}`);
  if (!Number.isInteger(window) || window < 1)
    throw new Error(`streamWindows: window must be a positive integer, got ${window}`);
  const out: StreamWindow[] = [];
  for (let start = 0; start < length; start += window)
    out.push({ index: out.length, start, end: Math.min(length, start + window) });
  return out;
}

/** Options of `truncatedBptt`. */
export interface TruncatedBpttOptions<S extends RecurrentState> {
  /** Number of steps in the stream. */
  length: number;
  /** Window length k: gradients reach back at most k-1 steps. */
  window: number;
  /** State before the first step (`undefined` lets the layer start from zeros). */
  initialState: S;
  /**
   * Runs the model over the steps of window `w` starting from `state` (pass it as h0/c0) and
   * returns that window's loss (a scalar tensor) and the final state, still attached to the graph.
   * A window with nothing to learn (no target in it) returns `loss: null`: its state is carried,
   * no update is made, and its loss is recorded as NaN.
   */
  step: (w: StreamWindow, state: S) => { loss: Tensor | null; state: S };
  /**
   * With an optimiser, each window does zeroGrad → backward → (clip) → step. Without one, the
   * stream is only evaluated (no backward): wrap the call in `noGrad` to skip recording as well.
   */
  optimizer?: Optimizer;
  /** Clip the global gradient norm to this value before each update. */
  clipNorm?: number;
  /** Called after each window with its loss. */
  onWindow?: (w: StreamWindow, loss: number) => void;
}

/**
 * Walks the stream window by window, carrying the state with the gradient cut between windows.
 * Returns the loss of every window and the final (detached) state, ready for the next pass or for
 * generation.
 */
export function truncatedBptt<S extends RecurrentState>(
  options: TruncatedBpttOptions<S>,
): { losses: Float64Array; state: S } {
  const windows = streamWindows(options.length, options.window);
  const losses = new Float64Array(windows.length);
  let state = detachState(options.initialState);
  for (const w of windows) {
    if (options.optimizer) options.optimizer.zeroGrad();
    const r = options.step(w, state);
    if (r.loss === null) {
      losses[w.index] = NaN;
      state = detachState(r.state);
      if (options.onWindow) options.onWindow(w, NaN);
      continue;
    }
    if (!(r.loss instanceof Tensor) || r.loss.size !== 1)
      throw new Error(`truncatedBptt: step must return a scalar loss tensor or null (window ${w.index})`);
    if (options.optimizer) {
      r.loss.backward();
      clipGradNorm(options.optimizer.params, options.clipNorm ?? Infinity);
      options.optimizer.step();
    }
    losses[w.index] = r.loss.item();
    state = detachState(r.state);
    if (options.onWindow) options.onWindow(w, losses[w.index]);
  }
  return { losses, state };
}
