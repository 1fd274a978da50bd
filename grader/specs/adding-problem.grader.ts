/**
 * Grader of exercise 17 (adding-problem): the learner's trainAdding({ seed, length, steps }) trains
 * an LSTM with the course library and returns its trained PARAMETERS (plain arrays); the grader
 * evaluates them with its own forward pass, in the trusted process, on sequences the learner's code
 * never sees. A prediction function (a hand-written rule that adds the marked values, say) is not
 * accepted: the learner's code takes no part in the evaluation. The check uses the targets, not the
 * reference's parameters: any trained model accurate enough passes.
 *
 * Thresholds (MSE on 200 sequences of length 30): the constant prediction 1 gives 1/6 ≈ 0.167, a model
 * that remembers only the second marked value 1/12 ≈ 0.083; partial credit below 0.06, full marks
 * below 0.03. The reference (16 units, 400 Adam steps of batch 32) reaches 0.002–0.013 over seeds
 * 1–6, in 7–8 s on a machine with load 18 (2 cores).
 */
import { asNumber, asMatrix, asVector, CaseRng, type ExerciseSpec, formatNumber, getFunction, readField } from "../kit";
import type { GradeCase, Value } from "../kit";

interface Input {
  seed: number;
  length: number;
  /** Training budget passed to trainAdding (optimizer steps). */
  steps: number;
  /** Test inputs, N×T×2. */
  x: number[][][];
  /** Test targets, N. */
  y: number[];
  /** The case passes when the MSE is below this. */
  threshold: number;
}

/** Parameters as the learner returned them (converted to fresh arrays in the child). */
interface Model {
  weightIh: Float64Array[];
  weightHh: Float64Array[];
  bias: Float64Array;
  headWeight: Float64Array;
  headBias: number;
}

/** Largest hidden size accepted (bounds the grader's own forward pass). */
const MAX_HIDDEN = 64;
const STEPS = 400;
const BASELINE = 1 / 6;
/** Per case; the statement promises the same 60 s (the reference takes 7–8 s under heavy load). */
const TIMEOUT_MS = 60_000;

/** Trainings already done in this process, per module and then per seed, length and budget. */
const trained = new WeakMap<object, Map<string, Model>>();

/** Test sequences with the distribution of rnn.addingProblem (value uniform in [0, 1), one marker per half). */
function testSet(seed: number, n: number, T: number): { x: number[][][]; y: number[] } {
  const rng = new CaseRng(seed);
  const half = Math.floor(T / 2);
  const x: number[][][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const seq = Array.from({ length: T }, () => [rng.uniform(0, 1), 0]);
    const p1 = rng.int(0, half - 1);
    const p2 = rng.int(half, T - 1);
    seq[p1][1] = 1;
    seq[p2][1] = 1;
    x.push(seq);
    y.push(seq[p1][0] + seq[p2][0]);
  }
  return { x, y };
}

/** Checks the shapes of what came back from the child (untrusted plain data): the model, or what is wrong. */
function readModel(v: Value): Model | string {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "the result is not a parameter object";
  const m = v as Record<string, unknown>;
  const isRows = (x: unknown): x is Float64Array[] => Array.isArray(x) && x.every((r) => r instanceof Float64Array);
  if (!(m.bias instanceof Float64Array)) return "bias must be an array of numbers";
  const fourH = m.bias.length;
  const H = fourH / 4;
  if (!Number.isInteger(H) || H < 1 || H > MAX_HIDDEN)
    return `bias has ${fourH} entries; it must have 4·H entries (blocks f, i, o, c̃) with 1 <= H <= ${MAX_HIDDEN}`;
  if (!isRows(m.weightIh) || m.weightIh.length !== fourH || m.weightIh.some((r) => r.length !== 2))
    return `weightIh must be ${fourH} rows of 2 numbers (4·H × 2, H = ${H}, from bias)`;
  if (!isRows(m.weightHh) || m.weightHh.length !== fourH || m.weightHh.some((r) => r.length !== H))
    return `weightHh must be ${fourH} rows of ${H} numbers (4·H × H, H = ${H}, from bias)`;
  if (!(m.headWeight instanceof Float64Array) || m.headWeight.length !== H)
    return `headWeight must be ${H} numbers (H = ${H}, from bias)`;
  if (typeof m.headBias !== "number") return "headBias must be a number";
  return { weightIh: m.weightIh, weightHh: m.weightHh, bias: m.bias, headWeight: m.headWeight, headBias: m.headBias };
}

const sigmoid = (a: number): number => 1 / (1 + Math.exp(-a));

/** The grader's own LSTM (blocks f, i, o, c̃; h_0 = c_0 = 0) and linear head on the last state: the MSE. */
function meanSquaredError(m: Model, x: number[][][], y: number[]): number {
  const H = m.headWeight.length;
  const z = new Float64Array(4 * H);
  let sum = 0;
  for (let n = 0; n < x.length; n++) {
    const h = new Float64Array(H);
    const c = new Float64Array(H);
    for (const [u, marker] of x[n]) {
      for (let r = 0; r < 4 * H; r++) {
        let a = m.bias[r] + m.weightIh[r][0] * u + m.weightIh[r][1] * marker;
        const row = m.weightHh[r];
        for (let j = 0; j < H; j++) a += row[j] * h[j];
        z[r] = a;
      }
      for (let j = 0; j < H; j++) {
        c[j] = sigmoid(z[j]) * c[j] + sigmoid(z[H + j]) * Math.tanh(z[3 * H + j]);
        h[j] = sigmoid(z[2 * H + j]) * Math.tanh(c[j]);
      }
    }
    let prediction = m.headBias;
    for (let j = 0; j < H; j++) prediction += m.headWeight[j] * h[j];
    sum += (prediction - y[n]) ** 2;
  }
  return sum / x.length;
}

const spec: ExerciseSpec<Input> = {
  name: "adding-problem",
  title: { zh: "训练 LSTM 解决加法问题", en: "Training an LSTM on the adding problem" },
  order: 17,
  exports: ["trainAdding"],

  cases(): GradeCase<Input>[] {
    const visible = testSet(1717, 200, 30);
    // BEGIN HIDDEN
    const hidden = testSet(7171, 200, 30);
    // END HIDDEN
    const c = (id: string, title: string, points: number, input: Input, isHidden = false): GradeCase<Input> => ({
      id,
      title,
      points,
      hidden: isHidden,
      timeoutMs: TIMEOUT_MS,
      input,
    });
    return [
      c("mse-0.06", "种子 1，T = 30，400 步：MSE < 0.06（只记住一个数是 1/12 ≈ 0.083）", 2, {
        seed: 1,
        length: 30,
        steps: STEPS,
        ...visible,
        threshold: 0.06,
      }),
      c("mse-0.03", "种子 1，T = 30，400 步：MSE < 0.03", 4, {
        seed: 1,
        length: 30,
        steps: STEPS,
        ...visible,
        threshold: 0.03,
      }),
      c(
        "other-seed-hidden",
        "种子 2，T = 30，400 步：MSE < 0.03",
        2,
        { seed: 2, length: 30, steps: STEPS, ...hidden, threshold: 0.03 },
        true,
      ),
    ];
  },

  run(mod, inp) {
    const key = `${inp.seed}/${inp.length}/${inp.steps}`;
    let byKey = trained.get(mod);
    if (byKey === undefined) {
      byKey = new Map();
      trained.set(mod, byKey);
    }
    let model = byKey.get(key);
    if (model === undefined) {
      const trainAdding = getFunction(mod, "trainAdding");
      const out = trainAdding({ seed: inp.seed, length: inp.length, steps: inp.steps });
      if (typeof out === "function" || typeof out !== "object" || out === null)
        throw new Error(
          `trainAdding must return the trained parameters { weightIh, weightHh, bias, ` +
            `headWeight, headBias }, got ` +
            `${typeof out === "function" ? "a function" : out === null ? "null" : typeof out}. ` +
            "The grader runs its own LSTM on them; a prediction function is not accepted.\n" +
            "提示：trainAdding 要返回训练好的参数（普通数组），评分程序用它自己的 LSTM 前向传播来预测；返回预测函数不得分。",
        );
      model = {
        weightIh: asMatrix(readField(out, "weightIh", "trainAdding(...)"), "weightIh"),
        weightHh: asMatrix(readField(out, "weightHh", "trainAdding(...)"), "weightHh"),
        bias: asVector(readField(out, "bias", "trainAdding(...)"), "bias"),
        headWeight: asVector(readField(out, "headWeight", "trainAdding(...)"), "headWeight"),
        headBias: asNumber(readField(out, "headBias", "trainAdding(...)"), "headBias"),
      };
      byKey.set(key, model);
    }
    return { ...model };
  },

  check(actual, _expected, c) {
    const inp = c.input;
    const model = readModel(actual);
    if (typeof model === "string")
      return {
        ok: false,
        message:
          `${model}.\nHint: return the parameters of one LSTM layer (lstm.cells[0]: ` +
          `weightIh, weightHh, bias, in the library's block order f, i, o, c̃) and of the ` +
          `linear head.\n提示：返回一层 LSTM 的参数（lstm.cells[0] 的 weightIh、weightHh、bias，库里的块顺序 ` +
          `f、i、o、c̃）和线性输出层的参数。`,
      };
    const mse = meanSquaredError(model, inp.x, inp.y);
    if (mse < inp.threshold) return { ok: true };
    let message =
      `MSE of the returned model on ${inp.y.length} test sequences (the grader's own ` +
      `forward pass): ${formatNumber(mse)}, must be < ${inp.threshold} (the constant ` +
      `prediction 1 gives ${formatNumber(BASELINE)}, remembering only one marked value ` +
      `1/12 ≈ 0.083).`;
    if (Number.isNaN(mse))
      message +=
        "\nHint: NaN parameters: did the training diverge? Try a smaller learning rate " +
        "or gradient clipping (clipNorm).\n提示：参数为 NaN：训练发散了？减小学习率或使用梯度裁剪（clipNorm）。";
    else if (mse > 0.12)
      message +=
        "\nHint: no better than the baseline: does the model read the marker, predict " +
        "from the LAST hidden state, and return its blocks in the order f, i, o, c̃? Use " +
        "the whole step budget.\n提示：与基线差不多：模型是否用到了标记特征、是否用最后的隐藏状态预测、返回的块顺序是否为 " +
        "f、i、o、c̃？把步数预算用足。";
    else
      message +=
        "\nHint: learning, but not enough yet: tune the learning rate, the batch size or " +
        "the number of hidden units within the step " +
        "budget.\n提示：在学习但还不够：在步数预算内调整学习率、批大小或隐藏单元数。";
    return { ok: false, message };
  },
};

export default spec;
