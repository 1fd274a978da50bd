/**
 * Grader of exercise 19 (teacher-forcing): a decoder loop fed the true previous token, its own
 * prediction, or a per-step mix. Both modes on the same model and targets, so feeding the wrong
 * token in either mode shows; the random models are scaled so that free running drifts away from
 * the targets within a few steps (the two modes then differ).
 */
import {
  asInteger,
  asList,
  asMatrix,
  asNumber,
  CaseRng,
  checkThrow,
  compareExact,
  compareMatrix,
  compareNumber,
  copy,
  type ErrorExpectation,
  type ExerciseSpec,
  expectThrow,
  field,
  getFunction,
  type GradeCase,
  readField,
  TIGHT,
  verdict,
} from "../kit";

interface Params {
  E: number[][];
  Wh: number[][];
  Wx: number[][];
  b: number[];
  Wy: number[][];
  by: number[];
}

interface Input {
  params: Params;
  h0: number[];
  targets: number[];
  startToken: number;
  mode: "teacher" | "free" | boolean[];
  error?: ErrorExpectation;
}

const WORKED: Params = { E: [[1], [0], [-1]], Wh: [[0.5]], Wx: [[1]], b: [0], Wy: [[1], [0], [-1]], by: [0, 0.1, 0] };

function randomModel(rng: CaseRng, V: number, D: number, H: number): Params {
  return {
    E: rng.matrix(V, D),
    Wh: rng.matrix(H, H, 0.6),
    Wx: rng.matrix(H, D),
    b: rng.vector(H, 0.2),
    Wy: rng.matrix(V, H, 1.5),
    by: rng.vector(V, 0.2),
  };
}

function seq(rng: CaseRng, T: number, V: number): number[] {
  return Array.from({ length: T }, () => rng.int(0, V - 1));
}

const HINT_TEACHER =
  "Hint: with teacher forcing, step t (t ≥ 1) reads the TRUE previous token " +
  "targets[t − 1], whatever the decoder predicted; step 0 reads startToken.\n" +
  "提示：教师强制时第 t 步（t ≥ 1）输入真实的上一个记号 targets[t − 1]，不管解码器预测了什么；第 0 步输入 startToken。";
const HINT_FREE =
  "Hint: free running feeds the decoder's OWN prediction of the previous step " +
  "(argmax of its logits, smallest id among ties), never the targets; step 0 reads " +
  "startToken.\n" +
  "提示：自由运行时输入解码器自己上一步的预测（logits 的 argmax，并列取最小编号），不用 targets；第 0 步输入 startToken。";
const HINT_MIXED =
  "Hint: with a boolean array, mode[t] chooses the source of step t's input: true = targets[t − 1], false = predictions[t − 1].\n" +
  "提示：mode 为布尔数组时，mode[t] 决定第 t 步输入的来源：true 用 targets[t − 1]，false 用 predictions[t − 1]。";

const spec: ExerciseSpec<Input> = {
  name: "teacher-forcing",
  title: { zh: "教师强制与自由运行", en: "Teacher forcing and free running" },
  order: 19,
  exports: ["decode"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(1901);
    const m1 = randomModel(rng, 4, 3, 5);
    const t1 = seq(rng, 6, 4);
    const h1 = rng.vector(5, 0.5);
    const visible: GradeCase<Input>[] = [
      {
        id: "worked-teacher",
        title: "题目中的例子：教师强制 (worked example, teacher forcing)",
        points: 1,
        input: { params: WORKED, h0: [0], targets: [2, 0, 0], startToken: 0, mode: "teacher" },
      },
      {
        id: "worked-free",
        title: "题目中的例子：自由运行 (worked example, free running)",
        points: 1,
        input: { params: WORKED, h0: [0], targets: [2, 0, 0], startToken: 0, mode: "free" },
      },
      {
        id: "random-teacher",
        title: "教师强制 (teacher forcing) V = 4, T = 6",
        points: 2,
        input: { params: m1, h0: h1, targets: t1, startToken: 1, mode: "teacher" },
      },
      {
        id: "random-free",
        title: "自由运行 (free running) V = 4, T = 6",
        points: 2,
        input: { params: m1, h0: h1, targets: t1, startToken: 1, mode: "free" },
      },
      {
        id: "bad-target",
        title: "targets 中的编号越界时抛出错误 (throws)",
        points: 1,
        input: {
          params: WORKED,
          h0: [0],
          targets: [0, 3],
          startToken: 0,
          mode: "teacher",
          error: { argument: "targets", shows: [3], others: ["params", "h0", "startToken", "mode"] },
        },
      },
    ];
    // BEGIN HIDDEN
    const m2 = randomModel(rng, 5, 2, 4);
    const t2 = seq(rng, 8, 5);
    const h2 = rng.vector(4, 0.5);
    visible.push(
      {
        id: "hidden-teacher",
        title: "教师强制 (teacher forcing) V = 5, T = 8",
        points: 2,
        hidden: true,
        input: { params: m2, h0: h2, targets: t2, startToken: 0, mode: "teacher" },
      },
      {
        id: "hidden-free",
        title: "自由运行 (free running) V = 5, T = 8",
        points: 2,
        hidden: true,
        input: { params: m2, h0: h2, targets: t2, startToken: 0, mode: "free" },
      },
      {
        id: "hidden-mixed",
        title: "逐步混合 (per-step mix, scheduled sampling)",
        points: 2,
        hidden: true,
        input: {
          params: m2,
          h0: h2,
          targets: t2,
          startToken: 0,
          mode: [true, false, true, true, false, false, true, false],
        },
      },
      {
        id: "hidden-ties",
        title: "并列的 logits (tied logits): argmax 取最小编号",
        points: 1,
        hidden: true,
        input: {
          params: { ...WORKED, Wy: [[1], [1], [-1]], by: [0, 0, 0] },
          h0: [0],
          targets: [1, 2, 0, 1],
          startToken: 0,
          mode: "free",
        },
      },
      {
        id: "hidden-empty",
        title: "T = 0：loss 为 0 (no steps)",
        points: 1,
        hidden: true,
        input: { params: m2, h0: h2, targets: [], startToken: 0, mode: "free" },
      },
      {
        id: "bad-mode-length",
        title: "mode 长度不对时抛出错误 (throws)",
        points: 1,
        hidden: true,
        input: {
          params: WORKED,
          h0: [0],
          targets: [0, 1, 2],
          startToken: 0,
          mode: [true, false],
          error: { argument: "mode", shows: [2], others: ["params", "h0", "startToken", "targets"] },
        },
      },
    );
    // END HIDDEN
    return visible;
  },

  run(mod, inp) {
    const decode = getFunction(mod, "decode");
    const call = (): unknown =>
      decode(copy(inp.params), copy(inp.h0), copy(inp.targets), inp.startToken, copy(inp.mode));
    if (inp.error) return expectThrow(call, inp.error);
    const out = call();
    const what = "decode(...)";
    return {
      inputs: asList(readField(out, "inputs", what), "inputs", (v, w) => asInteger(v, w)),
      predictions: asList(readField(out, "predictions", what), "predictions", (v, w) => asInteger(v, w)),
      logits: asMatrix(readField(out, "logits", what), "logits"),
      loss: asNumber(readField(out, "loss", what), "loss"),
    };
  },

  check(actual, expected, c) {
    const inp = c.input;
    if (inp.error)
      return verdict(
        [
          checkThrow(
            actual,
            `decode(params, h0, ${JSON.stringify(inp.targets)}, ${inp.startToken}, ${JSON.stringify(inp.mode)})`,
            inp.error,
          ),
        ],
        `提示：消息只写出出错的参数 ${inp.error.argument} 和${inp.error.argument === "mode" ? "它的长度" : "出错的编号"}。`,
      );
    const msgs = [
      compareExact("inputs", field(actual, "inputs"), field(expected, "inputs")),
      compareExact("predictions", field(actual, "predictions"), field(expected, "predictions")),
      compareMatrix("logits", field(actual, "logits"), field(expected, "logits"), TIGHT),
      compareNumber("loss", field(actual, "loss"), field(expected, "loss"), TIGHT),
    ];
    if (msgs.every((m) => m === null)) return { ok: true };
    const hints: string[] = [];
    if (msgs[0] !== null)
      hints.push(inp.mode === "teacher" ? HINT_TEACHER : inp.mode === "free" ? HINT_FREE : HINT_MIXED);
    else if (msgs[2] !== null)
      hints.push(
        "Hint: the inputs are right but the logits are not: x_t = E[input_t] (a row of " +
          "E), h_t = tanh(W_h h_{t−1} + W_x x_t + b), logits_t = W_y h_t + " +
          "b_y.\n提示：输入对了，logits 不对：检查嵌入查表、tanh 递推和输出层。",
      );
    else if (msgs[3] !== null)
      hints.push(
        "Hint: the loss is the MEAN over the steps of −log softmax(logits_t)[targets[t]] " +
          "(0 when there are no steps).\n提示：损失是各步 −log softmax(logits_t)[targets[t]] " +
          "的平均值（没有步时为 0）。",
      );
    else
      hints.push(
        "Hint: prediction_t = argmax of logits_t, the smallest id among ties.\n提示：预测是 logits 的 argmax，并列时取最小编号。",
      );
    return verdict(msgs, hints.join("\n"));
  },
};

export default spec;
