/**
 * Inputs shared by the specs of the simple RNN (rnn-step, rnn-sequence, bptt, gradient-lag):
 * its parameters, and a sequence input with random parameters drawn in one fixed order.
 */
import type { CaseRng } from "../kit";

/** The parameters of the simple RNN h_t = tanh(W_h h_{t-1} + W_x x_t + b), matrices by rows. */
export interface RnnParams {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

/** Parameters, initial state h_0 and the inputs xs[t] of one sequence. */
export interface SequenceInput {
  params: RnnParams;
  h0: number[];
  xs: number[][];
}

/** A sequence input from its parts. */
export function sequenceInput(
  Wh: number[][],
  Wx: number[][],
  b: number[],
  h0: number[],
  xs: number[][],
): SequenceInput {
  return { params: { Wh, Wx, b }, h0, xs };
}

/**
 * A random sequence input: W_h d×d and W_x d×m with entries of the given scale, b (scale 0.3),
 * h_0 (scale 0.5), then T inputs of size m (scale 1), drawn in this order.
 */
export function randomSequence(rng: CaseRng, d: number, m: number, T: number, scale: number): SequenceInput {
  return sequenceInput(
    rng.matrix(d, d, scale),
    rng.matrix(d, m, scale),
    rng.vector(d, 0.3),
    rng.vector(d, 0.5),
    rng.matrix(T, m),
  );
}
