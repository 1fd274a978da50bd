/** Wrong variant of adding-problem: reads the first hidden state of the output instead of the last (sees only x_1). */
import * as rnn from "../../../src";

/** Options of trainAdding. */
export interface AddingOptions {
  /** Seed of every random choice (parameters and training data). */
  seed: number;
  /** Sequence length T. */
  length: number;
}

/** Maps N sequences (N×T×2) to N predictions. */
export type AddingPredictor = (x: number[][][]) => number[];

const HIDDEN = 16;
const BATCH = 32;
const STEPS = 150;

/** Trains a model on the adding problem and returns its prediction function. */
export function trainAdding(options: AddingOptions): AddingPredictor {
  const rng = new rnn.Rng(options.seed);
  const lstm = new rnn.LSTM(2, HIDDEN, { rng });
  const head = new rnn.Linear(HIDDEN, 1, { rng });
  // The last hidden state of the (single) layer: h is [layers, batch, hidden].
  const model = (x: rnn.Tensor): rnn.Tensor => head.forward(rnn.select(lstm.forward(x).output, 1, 0));
  const optimizer = new rnn.Adam([...lstm.parameters(), ...head.parameters()], { lr: 0.01 });
  rnn.train({
    steps: STEPS,
    optimizer,
    clipNorm: 1,
    loss: () => {
      const batch = rnn.addingProblem(rng, BATCH, options.length);
      return rnn.mseLoss(model(batch.x), batch.y);
    },
  });
  return (x: number[][][]): number[] => rnn.noGrad(() => Array.from(model(rnn.tensor(x)).data));
}
