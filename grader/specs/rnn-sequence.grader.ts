/**
 * Grader of exercise 2 (rnn-sequence): all hidden states of the simple RNN over a sequence.
 * Cases separate the bookkeeping mistakes: T = 0 and T = 1, h_0 ≠ 0 (is h_0 used?), zero inputs
 * (only the recurrence moves the state), and long sequences (is the state fed back every step?).
 */
import {
  asMatrix,
  asVector,
  CaseRng,
  compareMatrix,
  compareVector,
  copy,
  type ExerciseSpec,
  field,
  getFunction,
  type GradeCase,
  readField,
  TIGHT,
  type Value,
  verdict,
} from "../kit";
import { randomSequence, sequenceInput, type SequenceInput } from "./rnn-inputs";

type Input = SequenceInput;

const input = sequenceInput;

function random(rng: CaseRng, d: number, m: number, T: number, scale = 0.6): Input {
  return randomSequence(rng, d, m, T, scale);
}

const HINTS: Record<string, string> = {
  empty:
    "Hint: T = 0: states must be [] and last a copy of h_0.\n提示：T = 0 时 states 为空数组 []，last 是 h_0 的副本。",
  "h0-matters":
    "Hint: h_0 ≠ 0 here: the first step must use h_0 as h_{t-1}.\n提示：这里 h_0 ≠ 0，第一步的 h_{t-1} 就是 h_0。",
  "zero-input":
    "Hint: all inputs are zero, so only the recurrence W_h h_{t-1} + b moves the state: feed each new h_t back in.\n" +
    "提示：输入全为零，只有循环项在推动状态：每一步都要把新的 h_t 作为下一步的 h_{t-1}。",
};

function diagnose(actual: Value, expected: Value, c: GradeCase<Input>): string {
  const states = field(actual, "states");
  const expStates = field(expected, "states");
  if (Array.isArray(states) && Array.isArray(expStates) && states.length === expStates.length + 1) {
    return "Hint: states has T + 1 rows: it must hold h_1 … h_T only, not h_0.\n提示：states 多了一行：只放 h_1 … h_T，不放 h_0。";
  }
  const T = c.input.xs.length;
  if (Array.isArray(states) && Array.isArray(expStates) && states.length === T && T > 1) {
    const firstOk = compareVector("states[0]", states[0], expStates[0]) === null;
    const laterBad = compareVector(`states[1]`, states[1], expStates[1]) !== null;
    if (firstOk && laterBad) {
      return (
        "Hint: states[0] is right but states[1] is not: is the new state fed back as h_{t-1} at the next step?\n" +
        "提示：第一步正确、第二步起出错：下一步是否用了新的 h_t 作为 h_{t-1}？"
      );
    }
  }
  return "";
}

const spec: ExerciseSpec<Input> = {
  name: "rnn-sequence",
  title: { zh: "在整个序列上运行 RNN", en: "RNN over a sequence" },
  order: 2,
  exports: ["rnnSequence"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(202);
    return [
      {
        id: "worked-example",
        title: "题目中的例子 (worked example), d=m=1, T=3",
        points: 1,
        input: input([[0.5]], [[1]], [0], [0], [[1], [0], [0]]),
      },
      {
        id: "empty",
        title: "空序列 (T = 0)",
        points: 1,
        input: input(
          [
            [0.5, 0.1],
            [0.2, -0.3],
          ],
          [[1], [2]],
          [0.1, 0.2],
          [0.3, -0.4],
          [],
        ),
      },
      { id: "length-1", title: "长度为 1 (T = 1)", points: 1, input: random(rng, 3, 2, 1) },
      {
        id: "h0-matters",
        title: "非零初始状态 (h_0 ≠ 0)",
        points: 1,
        input: input(
          [
            [0.8, -0.6],
            [0.3, 0.9],
          ],
          [[0.2], [-0.1]],
          [0, 0],
          [0.9, -0.7],
          [[0.5], [0.5]],
        ),
      },
      {
        id: "zero-input",
        title: "输入全为零 (x_t = 0, 只有循环)",
        points: 1,
        input: input(
          [
            [0.9, -0.5, 0.2],
            [0.4, 0.7, -0.3],
            [-0.6, 0.1, 0.8],
          ],
          [
            [1, 0],
            [0, 1],
            [1, 1],
          ],
          [0.05, -0.1, 0],
          [0.5, 0.2, -0.4],
          [
            [0, 0],
            [0, 0],
            [0, 0],
            [0, 0],
            [0, 0],
          ],
        ),
      },
      { id: "random-1", title: "随机 (random) d=3, m=2, T=6", points: 1, input: random(rng, 3, 2, 6) },
      { id: "random-2", title: "随机 (random) d=2, m=4, T=4", points: 1, input: random(rng, 2, 4, 4) },
      {
        id: "long-hidden",
        title: "长序列 (T = 60), d=4, m=3",
        points: 2,
        hidden: true,
        input: random(rng, 4, 3, 60, 0.8),
      },
      {
        id: "random-hidden",
        title: "随机 (random) d=5, m=5, T=8",
        points: 1,
        hidden: true,
        input: random(rng, 5, 5, 8),
      },
    ];
  },

  run(mod, inp) {
    const rnnSequence = getFunction(mod, "rnnSequence");
    const out = rnnSequence(copy(inp.params), copy(inp.h0), copy(inp.xs));
    return {
      states: asMatrix(readField(out, "states", "rnnSequence"), "states"),
      last: asVector(readField(out, "last", "rnnSequence"), "last"),
    };
  },

  check(actual, expected, c) {
    const msgs = [
      compareMatrix("states", field(actual, "states"), field(expected, "states"), TIGHT),
      compareVector("last", field(actual, "last"), field(expected, "last"), TIGHT),
    ];
    // A mistake recognised from the whole output (h_0 included, no feedback) explains every case.
    const whole = diagnose(actual, expected, c);
    // h0-matters is about the first step, zero-input about the steps after it: each only when it fits.
    const states = field(actual, "states");
    const expStates = field(expected, "states");
    const firstOk =
      Array.isArray(states) &&
      Array.isArray(expStates) &&
      expStates.length > 0 &&
      compareVector("states[0]", states[0], expStates[0]) === null;
    const fits = c.id === "h0-matters" ? !firstOk : c.id === "zero-input" ? firstOk : true;
    return verdict(msgs, whole, whole === "" && fits ? HINTS[c.id] : "");
  },
};

export default spec;
