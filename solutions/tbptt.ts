/**
 * Reference solution of exercise 23 (tbptt). The statement is in exercises/tbptt.ts.
 */
import * as rnn from "../src";

/** The state of an LSTM: h and c, each [numLayers, batch, hidden]. */
export interface LstmState {
  h: rnn.Tensor;
  c: rnn.Tensor;
}

export function carryState(
  lstm: rnn.LSTM,
  x: rnn.Tensor,
  window: number,
): { outputs: rnn.Tensor[]; states: LstmState[] } {
  if (!Number.isInteger(window) || window < 1)
    throw new Error(`carryState: window must be a positive integer, got ${window}`);
  const N = x.shape[1];
  const outputs: rnn.Tensor[] = [];
  const states: LstmState[] = [];
  let h: rnn.Tensor | undefined;
  let c: rnn.Tensor | undefined;
  for (let start = 0; start < N; start += window) {
    const r = lstm.forward(rnn.slice(x, 1, start, Math.min(N, start + window)), { h0: h, c0: c });
    outputs.push(r.output);
    states.push({ h: r.h, c: r.c });
    h = r.h.detach();
    c = r.c.detach();
  }
  return { outputs, states };
}

/** The model trainTbptt returns. */
export interface StreamModel {
  embedding: rnn.Embedding;
  lstm: rnn.LSTM;
  head: rnn.Linear;
}

export function trainTbptt(
  stream: number[],
  vocabSize: number,
  options: { window: number; epochs: number; seed: number },
): StreamModel {
  const rng = new rnn.Rng(options.seed);
  const model: StreamModel = {
    embedding: new rnn.Embedding(vocabSize, 8, { rng, std: 0.5 }),
    lstm: new rnn.LSTM(8, 24, { rng }),
    head: new rnn.Linear(24, vocabSize, { rng }),
  };
  const params = [...model.embedding.parameters(), ...model.lstm.parameters(), ...model.head.parameters()];
  const opt = new rnn.Adam(params, { lr: 0.01 });
  const N = stream.length - 1;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    let h: rnn.Tensor | undefined;
    let c: rnn.Tensor | undefined;
    for (let start = 0; start < N; start += options.window) {
      const end = Math.min(N, start + options.window);
      const inputs = stream.slice(start, end);
      const targets = stream.slice(start + 1, end + 1);
      opt.zeroGrad();
      const r = model.lstm.forward(model.embedding.forward(inputs, [1, inputs.length]), { h0: h, c0: c });
      const loss = rnn.crossEntropy(model.head.forward(r.output), targets);
      loss.backward();
      rnn.clipGradNorm(params, 1);
      opt.step();
      h = r.h.detach();
      c = r.c.detach();
    }
  }
  return model;
}
