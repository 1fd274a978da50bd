/**
 * rnn-course: a small autograd library for recurrent neural networks.
 * Notebooks import it as `import * as rnn from "./rnn";`.
 */
export * from "./tensor";
export * from "./ops/index";
export * from "./random";
export * from "./init";
export * from "./gradcheck";
