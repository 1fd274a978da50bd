/**
 * rnn-course: a small autograd library for recurrent neural networks, and the data sets and
 * estimators the course compares them with. A chapter notebook imports it through the chapter's
 * `rnn -> ../../src` link as `import * as rnn from "./rnn/index";` (exercises, benchmarks and tests:
 * `import * as rnn from "../src";`, or "../../src/index" from a test folder).
 *
 * These are the public names, by layer. Tools for writing a new op (`opResult`, `accumulateGrad`,
 * …) are in ./autograd.ts, which this file does not re-export; notebook display helpers are in
 * ./notebook.
 */

// Tensor and autograd: the n-dimensional array, gradients by `backward()` and their numeric check, randomness.
export { Tensor, eye, full, noGrad, ones, tensor, zeros } from "./tensor";
export type { NestedArray, Shape, TensorLike } from "./tensor";
export { gradCheck } from "./gradcheck";
export type { GradCheckOptions, GradCheckReport, GradCheckWorst } from "./gradcheck";
export { Rng } from "./random";

// Ops: differentiable functions of tensors (elementwise, products, shapes, reductions, activations, losses).
export { abs, add, clamp, div, exp, log, mul, neg, pow, scale, sqrt, square, sub, where } from "./ops/elementwise";
export { linear, matmul } from "./ops/matmul";
export { concat, gather, reshape, select, slice, stack, transpose } from "./ops/shape";
export { max, mean, sum } from "./ops/reduce";
export { logSoftmax, relu, sigmoid, softmax, tanh } from "./ops/activation";
export { crossEntropy, mseLoss } from "./ops/loss";

// Layers: modules with parameters, their initialisers, and the recurrent layers run over whole sequences.
export { Module, countParameters, parameter } from "./nn/module";
export { orthogonal, xavierUniform } from "./init";
export { Linear } from "./nn/linear";
export { Embedding } from "./nn/embedding";
export { RNN, RNNCell } from "./nn/rnn";
export type { Nonlinearity, RNNForwardOptions, RNNOptions } from "./nn/rnn";
export { LSTM, LSTMCell } from "./nn/lstm";
export type { LSTMForwardOptions, LSTMOptions, LSTMStep } from "./nn/lstm";
export { GRU, GRUCell } from "./nn/gru";
export type { GRUForwardOptions, GRUOptions, GRUStep } from "./nn/gru";
export { Bidirectional } from "./nn/bidirectional";
export { reverseSequences } from "./nn/recurrent";
export type { LayerRunOptions, RecurrentStack, SequenceLayer, SequenceOptions, StackOptions } from "./nn/recurrent";
export { SelfAttention } from "./nn/attention";
export type { AttentionResult } from "./nn/attention";

export { AdditiveAttention, causalMask, lengthMask, maskedSoftmax, scaledDotProductAttention } from "./nn/attention";
export type { AttentionMaskOptions } from "./nn/attention";
export { Dropout, RecurrentDropout, dropout, setTraining, variationalDropout } from "./nn/dropout";
export type { DropoutWrappedLayer } from "./nn/dropout";
export { beamSearch, greedyDecode, lengthPenalty, sampleDecode } from "./nn/decoding";
export type { BeamSearchOptions, DecodeOptions, DecodeStep, Hypothesis } from "./nn/decoding";

// Optimisers and training: parameter updates, gradient clipping, and the training loop.
export { Adam, Optimizer, SGD, clipGradNorm, gradNorm } from "./optim";
export { train } from "./train";
export type { TrainOptions } from "./train";

export { detachState, streamWindows, truncatedBptt } from "./tbptt";
export type { RecurrentState, StreamWindow, TruncatedBpttOptions } from "./tbptt";

// Data: synthetic tasks, vocabularies and padded batches, and the data sets the course ships or installs.
export { addingBaselineMse, addingProblem } from "./data/adding";
export type { AddingBatch } from "./data/adding";
export { PAD_ID, UNK_ID, Vocabulary, buildVocabulary } from "./data/vocabulary";
export type { VocabularyOptions } from "./data/vocabulary";
export { padBatch, tokenizeSmiles } from "./data/smiles";
export type { PaddedBatch } from "./data/smiles";
export { loadTpsa } from "./data/tpsa";
export type { TpsaData, TpsaRecord, TpsaSource } from "./data/tpsa";
export {
  BOS_TOKEN,
  QUATRAIN_LENGTH,
  QUATRAIN_VOCABULARY,
  characterCounts,
  encodeQuatrains,
  poetryDataset,
  quatrainPunctuation,
} from "./data/poetry";
export type { EncodedQuatrains, PoetryData, Quatrain } from "./data/poetry";
export {
  loadCo2,
  loadGlobalTemp,
  loadSeattleWeather,
  loadSp500Daily,
  loadStocks,
  logReturns,
  parseDate,
  readVegaCsv,
} from "./data/vega";
export type { Co2Month, CsvTable, GlobalTempYear, SeattleDay, Sp500Day, StockMonth } from "./data/vega";
export {
  BACKGROUND,
  CPG_BASES,
  DURBIN_MINUS,
  DURBIN_PLUS,
  ISLAND,
  cpgBatch,
  cpgForwardBackward,
  cpgViterbi,
  durbinCpgHmm,
  sampleCpg,
} from "./data/cpg-hmm";
export type { CpgBatch, CpgHmm, CpgPosterior, CpgSample, CpgViterbi, DurbinCpgOptions } from "./data/cpg-hmm";
export { simulateStateSpace } from "./data/state-space";
export type { StateSpaceBatch } from "./data/state-space";
export { oscillatorStateSpace, simulateOscillator } from "./data/oscillator";
export type { OscillatorOptions, OscillatorRun } from "./data/oscillator";

export { delayedRecallAccuracy, delayedRecallStream } from "./data/delayed-recall";
export type { DelayedRecallStream } from "./data/delayed-recall";

// Estimation and statistics: Kalman filters and smoothers (the optimal estimators), regression, error measures.
export { kalmanFilter, noisyAr1, rtsSmoother, steadyStateVariances } from "./estimation/kalman";
export type { KalmanFilterResult, ScalarStateSpace, SmootherResult, SteadyStateVariances } from "./estimation/kalman";
export { discretizeZoh, kalmanFilterMatrix, matrixExp, steadyStateKalman } from "./estimation/kalman-matrix";
export type { DenseMatrix, LinearStateSpace, MatrixKalmanResult, SteadyStateKalman } from "./estimation/kalman-matrix";
export { autocorrelation, leastSquares, mae, mse, r2Score, rmse } from "./stats";
export type { LeastSquaresFit } from "./stats";
