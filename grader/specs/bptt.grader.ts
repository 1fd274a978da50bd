/**
 * Grader of exercise 5 (bptt): hand-written BPTT for the simple tanh RNN, loss on h_T.
 * The four outputs are compared separately; which of them are right tells where the mistake is
 * (δ_t wrong → everything wrong; outer product → only dW_h / dW_x; backward recurrence → T > 1 cases
 * and dh_0).
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

/** A sequence and the gradient dL/dh_T arriving at its last state. */
interface Input extends SequenceInput {
  dhLast: number[];
}

function input(Wh: number[][], Wx: number[][], b: number[], h0: number[], xs: number[][], dhLast: number[]): Input {
  return { ...sequenceInput(Wh, Wx, b, h0, xs), dhLast };
}

function random(rng: CaseRng, d: number, m: number, T: number, scale = 0.6): Input {
  return { ...randomSequence(rng, d, m, T, scale), dhLast: rng.vector(d) };
}

const HINTS: Record<string, string> = {
  empty:
    "Hint: T = 0: all parameter gradients are zero (with the right shapes) and dh0 = dhLast.\n提示：T = 0 时参数梯度全为零（形状要对），dh0 = dhLast。",
  "length-1":
    "Hint: with T = 1 there is no recurrence to follow: δ_1 = g ⊙ (1 - h_1²), dW_h = " +
    "δ_1 h_0ᵀ, dW_x = δ_1 x_1ᵀ, db = δ_1, dh_0 = W_hᵀ δ_1.\n" +
    "提示：T = 1 时只有一步：δ_1 = g ⊙ (1 - h_1²)，dW_h = δ_1 h_0ᵀ，dW_x = δ_1 x_1ᵀ，db = δ_1，dh_0 = W_hᵀ δ_1。",
  saturated:
    "Hint: the units are saturated here (|a_t| large), so tanh'(a_t) = 1 - h_t² is tiny and so are the gradients.\n" +
    "提示：这里神经元饱和，tanh'(a_t) = 1 - h_t² 很小，梯度也应该很小（梯度消失）。",
};

function diagnose(actual: Value, expected: Value, c: GradeCase<Input>): string {
  const ok = (key: string, cmp: typeof compareVector) =>
    cmp(key, field(actual, key), field(expected, key), TIGHT) === null;
  const dbOk = ok("db", compareVector);
  const dWhOk = ok("dWh", compareMatrix);
  const dWxOk = ok("dWx", compareMatrix);
  const dh0Ok = ok("dh0", compareVector);
  const T = c.input.xs.length;
  if (dbOk && dWxOk && !dWhOk) {
    return (
      "Hint: db and dW_x are right, so δ_t is right; dW_h is not: the outer product uses the state BEFORE the step, δ_t h_{t-1}ᵀ.\n" +
      "提示：db 与 dW_x 正确，说明 δ_t 正确；dW_h 错了：外积用的是这一步之前的状态 h_{t-1}。"
    );
  }
  if (dbOk && !dWxOk && dWhOk) {
    return "Hint: db is right but dW_x is not: dW_x accumulates δ_t x_tᵀ (d rows, m columns).\n提示：db 正确而 dW_x 错：dW_x 累加 δ_t x_tᵀ（d 行 m 列）。";
  }
  if (dbOk && dWxOk && dWhOk && !dh0Ok) {
    return (
      "Hint: only dh0 is wrong: after the last step backwards, dh_0 = W_hᵀ δ_1 (transpose: sum over the rows of W_h).\n" +
      "提示：只有 dh0 错：dh_0 = W_hᵀ δ_1（转置：对 W_h 的行求和）。"
    );
  }
  if (!dbOk && T > 1) {
    return (
      "Hint: if your T = 1 cases pass, check the backward recurrence g ← W_hᵀ δ_t (the " +
      "transpose of W_h), and that δ_t uses 1 - h_t² of the same step t.\n" +
      "提示：若 T = 1 的用例通过，请检查反向递推 g ← W_hᵀ δ_t（W_h 的转置），以及 δ_t 用的是同一步 t 的 1 - h_t²。"
    );
  }
  if (!dbOk)
    return "Hint: δ_t = g ⊙ (1 - h_t ⊙ h_t): the chain rule goes through tanh'.\n提示：δ_t = g ⊙ (1 - h_t ⊙ h_t)：链式法则要经过 tanh 的导数。";
  return "";
}

const spec: ExerciseSpec<Input> = {
  name: "bptt",
  title: { zh: "手写随时间反向传播（BPTT）", en: "Backpropagation through time by hand" },
  order: 5,
  exports: ["rnnBackward"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(303);
    const nonSym = [
      [0.7, -0.9, 0.1],
      [0.2, 0.3, 1.0],
      [-0.5, 0.4, 0.6],
    ];
    return [
      {
        id: "worked-example",
        title: "题目中的例子 (worked example), d=m=1, T=1",
        points: 1,
        input: input([[0.5]], [[1]], [0], [0], [[1]], [1]),
      },
      {
        id: "empty",
        title: "空序列 (T = 0)",
        points: 1,
        input: input(
          [
            [0.5, 0.2],
            [-0.1, 0.3],
          ],
          [
            [1, 0, 2],
            [0, 1, -1],
          ],
          [0.1, 0.2],
          [0.3, -0.3],
          [],
          [0.7, -1.2],
        ),
      },
      { id: "length-1", title: "一步 (T = 1), d=3, m=2, h_0 ≠ 0", points: 1, input: random(rng, 3, 2, 1) },
      {
        id: "nonsymmetric",
        title: "W_h 不对称, T = 4 (检查转置)",
        points: 2,
        input: input(
          nonSym,
          [
            [1, 0],
            [0, 1],
            [0.5, -0.5],
          ],
          [0.1, -0.2, 0.05],
          [0.2, -0.1, 0.4],
          [
            [0.5, -1],
            [1, 0.3],
            [-0.2, 0.8],
            [0.6, 0.1],
          ],
          [1, -0.5, 0.25],
        ),
      },
      {
        id: "saturated",
        title: "饱和 (large weights), T = 3",
        points: 1,
        input: input(
          [
            [4, -3],
            [2.5, 5],
          ],
          [[6], [-7]],
          [1, -1],
          [0.5, 0.5],
          [[1], [-1], [2]],
          [1, 1],
        ),
      },
      { id: "random-1", title: "随机 (random) d=3, m=2, T=5", points: 1, input: random(rng, 3, 2, 5) },
      {
        id: "random-hidden-1",
        title: "随机 (random) d=4, m=3, T=10",
        points: 2,
        hidden: true,
        input: random(rng, 4, 3, 10),
      },
      {
        id: "random-hidden-2",
        title: "随机 (random) d=2, m=1, T=25",
        points: 1,
        hidden: true,
        input: random(rng, 2, 1, 25, 0.9),
      },
    ];
  },

  run(mod, inp) {
    const rnnBackward = getFunction(mod, "rnnBackward");
    const out = rnnBackward(copy(inp.params), copy(inp.h0), copy(inp.xs), copy(inp.dhLast));
    return {
      dWh: asMatrix(readField(out, "dWh", "rnnBackward"), "dWh"),
      dWx: asMatrix(readField(out, "dWx", "rnnBackward"), "dWx"),
      db: asVector(readField(out, "db", "rnnBackward"), "db"),
      dh0: asVector(readField(out, "dh0", "rnnBackward"), "dh0"),
    };
  },

  check(actual, expected, c) {
    const msgs = [
      compareMatrix("dWh", field(actual, "dWh"), field(expected, "dWh"), TIGHT),
      compareMatrix("dWx", field(actual, "dWx"), field(expected, "dWx"), TIGHT),
      compareVector("db", field(actual, "db"), field(expected, "db"), TIGHT),
      compareVector("dh0", field(actual, "dh0"), field(expected, "dh0"), TIGHT),
    ];
    // The case's own hint describes the case; a mistake recognised from the output takes its place.
    const whole = diagnose(actual, expected, c);
    return verdict(msgs, whole, whole === "" ? HINTS[c.id] : "");
  },
};

export default spec;
