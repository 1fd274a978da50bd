/**
 * Reference solution of exercise 17 (adding-problem): an LSTM with 16 units and a linear head,
 * trained with Adam on fresh adding-problem batches for the given number of steps; returns the
 * trained parameters. Statement: exercises/adding-problem.ts.
 */
import * as rnn from "../src";

/** Options of trainAdding. */
export interface AddingOptions {
  /** Seed of every random choice (parameters and training data). */
  seed: number;
  /** Sequence length T. */
  length: number;
  /** Training budget: at most this many optimizer steps. */
  steps: number;
}

/** Trained parameters: one LSTM layer (2 inputs, H units, blocks f, i, o, c̃) and a linear head. */
export interface AddingModel {
  /** [W_f; W_i; W_o; W_c]: 4H rows of 2. */
  weightIh: number[][];
  /** [U_f; U_i; U_o; U_c]: 4H rows of H. */
  weightHh: number[][];
  /** [b_f; b_i; b_o; b_c]: 4H numbers. */
  bias: number[];
  /** Weights of the head: H numbers (prediction = headWeight · h_T + headBias). */
  headWeight: number[];
  headBias: number;
}

const HIDDEN = 16;
const BATCH = 32;

/** Trains an LSTM on the adding problem and returns its parameters. */
export function trainAdding(options: AddingOptions): AddingModel {
  const rng = new rnn.Rng(options.seed);
  const lstm = new rnn.LSTM(2, HIDDEN, { rng });
  const head = new rnn.Linear(HIDDEN, 1, { rng });
  // The last hidden state of the (single) layer: h is [layers, batch, hidden].
  const model = (x: rnn.Tensor): rnn.Tensor => head.forward(rnn.select(lstm.forward(x).h, 0, 0));
  const optimizer = new rnn.Adam([...lstm.parameters(), ...head.parameters()], { lr: 0.01 });
  rnn.train({
    steps: options.steps,
    optimizer,
    clipNorm: 1,
    loss: () => {
      const batch = rnn.addingProblem(rng, BATCH, options.length);
      return rnn.mseLoss(model(batch.x), batch.y);
    },
  });
  const cell = lstm.cells[0];
  return {
    weightIh: cell.weightIh.toArray() as number[][],
    weightHh: cell.weightHh.toArray() as number[][],
    bias: Array.from(cell.bias.data),
    headWeight: Array.from(head.weight.data),
    headBias: (head.bias as rnn.Tensor).data[0],
  };
}
