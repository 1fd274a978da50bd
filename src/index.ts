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
