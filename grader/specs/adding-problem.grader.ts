/**
 * Grader of exercise 17 (adding-problem): the learner trains a model with the course library and
 * returns a prediction function; the grader measures its mean squared error on 200 fresh sequences
 * of length 30 (constant baseline 1/6). The check uses the targets, not the reference's predictions:
 * any model that is accurate enough passes. A trained model is cached per (seed, length) within one
 * child process, so the two thresholds of the same training cost one training.
 */
import { asVector, CaseRng, type ExerciseSpec, formatNumber, getFunction, type GradeCase, type Value } from "../kit";

interface Input {
  seed: number;
  length: number;
  /** Test inputs, N×T×2. */
  x: number[][][];
  /** Test targets, N. */
  y: number[];
  /** The case passes when the MSE is below this. */
  threshold: number;
}

/** Trainings already done in this process, per module and then per seed and length. */
const trained = new WeakMap<object, Map<string, (x: number[][][]) => unknown>>();

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

const BASELINE = 1 / 6;
const TIMEOUT_MS = 120_000;

const spec: ExerciseSpec<Input> = {
  name: "adding-problem",
  title: { zh: "用 LSTM 解决加法问题", en: "The adding problem with an LSTM" },
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
      c("beats-baseline", "seed = 1，T = 30：MSE < 0.1（基线 0.167）", 2, {
        seed: 1,
        length: 30,
        ...visible,
        threshold: 0.1,
      }),
      c("mse-0.05", "seed = 1，T = 30：MSE < 0.05", 4, { seed: 1, length: 30, ...visible, threshold: 0.05 }),
      c(
        "other-seed-hidden",
        "seed = 2，T = 30：MSE < 0.05",
        2,
        { seed: 2, length: 30, ...hidden, threshold: 0.05 },
        true,
      ),
    ];
  },

  run(mod, inp) {
    const key = `${inp.seed}/${inp.length}`;
    let byKey = trained.get(mod);
    if (byKey === undefined) {
      byKey = new Map();
      trained.set(mod, byKey);
    }
    let predict = byKey.get(key);
    if (predict === undefined) {
      const trainAdding = getFunction(mod, "trainAdding");
      const out = trainAdding({ seed: inp.seed, length: inp.length });
      if (typeof out !== "function")
        throw new Error(
          `trainAdding must return a prediction function (x: number[][][]) => number[], got ${out === null ? "null" : typeof out}`,
        );
      predict = out as (x: number[][][]) => unknown;
      byKey.set(key, predict);
    }
    const predictions = asVector(predict(structuredClone(inp.x)), "predict(x)");
    return predictions;
  },

  check(actual, _expected, c) {
    const inp = c.input;
    if (!(actual instanceof Float64Array) || actual.length !== inp.y.length) {
      return {
        ok: false,
        message: `predict(x) must return one number per sequence (${inp.y.length}), got ${actual instanceof Float64Array ? actual.length : "something else"}`,
      };
    }
    let sum = 0;
    for (let i = 0; i < inp.y.length; i++) sum += (actual[i] - inp.y[i]) ** 2;
    const mse = sum / inp.y.length;
    if (mse < inp.threshold) return { ok: true };
    let message = `MSE on ${inp.y.length} test sequences: ${formatNumber(mse)}, needs < ${inp.threshold} (the constant prediction 1 gives ${formatNumber(BASELINE)}).`;
    if (Number.isNaN(mse))
      message +=
        "\nHint: NaN predictions: did the training diverge? Try a smaller learning rate or gradient clipping (clipNorm).\n提示：预测为 NaN：训练发散了？减小学习率或使用梯度裁剪（clipNorm）。";
    else if (mse > 0.12)
      message +=
        "\nHint: no better than the baseline: is the model reading the marker feature, and using the LAST hidden state? Train for more steps (a few hundred with Adam, lr 0.01).\n提示：与基线差不多：模型是否用到了标记特征、是否取了最后的隐藏状态？多训练一些步（Adam，lr 0.01，几百步）。";
    else
      message +=
        "\nHint: learning, but not enough yet: more steps, or a few more hidden units.\n提示：在学习但还不够：多训练一些步，或多加几个隐藏单元。";
    return { ok: false, message };
  },
};

export default spec;
