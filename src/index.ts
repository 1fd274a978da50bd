/**
 * rnn-course: a small autograd library for recurrent neural networks.
 * Notebooks import it as `import * as rnn from "./rnn";`.
 */
export * from "./tensor";
export * from "./ops/index";
export * from "./random";
export * from "./init";
export * from "./gradcheck";
export * from "./nn/module";
export * from "./nn/linear";
export * from "./nn/sequence";
export * from "./nn/rnn";
export * from "./nn/lstm";
export * from "./nn/lstm-fused";
export * from "./nn/gru";
export * from "./nn/bidirectional";
export * from "./optim";
export * from "./train";
export * from "./data/adding";
export * from "./data/cpg-hmm";
export * from "./estimation/kalman";
export * from "./data/state-space";
export * from "./stats";
export * from "./data/smiles";
export * from "./data/tpsa";
export * from "./data/vega";
export * from "./estimation/kalman-matrix";
export * from "./data/oscillator";
export * from "./nn/attention";
export * from "./data/poetry";
export * from "./nn/gru-fused";
export * from "./nn/rnn-fused";

// --- Issue 12 (helper lib12): truncated BPTT, dropout, masked and additive attention, decoding ---
export {
  AdditiveAttention,
  causalMask,
  lengthMask,
  maskedSoftmax,
  scaledDotProductAttention,
  zeroPadding,
} from "./nn/attention";
export type { AttentionMaskOptions } from "./nn/attention";
export { detachState, streamWindows, truncatedBptt } from "./tbptt";
export type { RecurrentState, StreamWindow, TruncatedBpttOptions } from "./tbptt";
export { Dropout, RecurrentDropout, dropout, dropoutMask, setTraining, variationalDropout } from "./nn/dropout";
export type { SequenceLayer } from "./nn/dropout";
export { beamSearch, compareHypotheses, greedyDecode, lengthPenalty, sampleDecode, sampleIndex } from "./nn/decoding";
export type { BeamSearchOptions, DecodeOptions, DecodeStep, Hypothesis } from "./nn/decoding";
export { delayedRecallAccuracy, delayedRecallStream } from "./data/delayed-recall";
export type { DelayedRecallStream } from "./data/delayed-recall";

// --- Issue 12 (helper seq2seq): additive attention for all decoder steps at once (teacher forcing) ---
export { additiveAttentionSteps } from "./nn/seq2seq";
