/**
 * Grader of exercise 12 (kalman-rts): scalar Kalman filter and RTS smoother.
 * Filtered and smoothed moments are compared separately, so a smoother mistake is told apart from a
 * filter mistake; dedicated cases cover T = 0 and 1, missing observations, c ≠ 1, a < 0 and a nearly
 * noiseless sensor. Missing observations are stored as null in the case and passed as NaN.
 */
import {
  asVector,
  caseOf,
  CaseRng,
  compareVector,
  copy,
  type ExerciseSpec,
  field,
  getFunction,
  type GradeCase,
  readField,
  round4,
  TIGHT,
  type Value,
  verdict,
} from "../kit";

interface Model {
  a: number;
  c: number;
  q: number;
  r: number;
  m0: number;
  p0: number;
}

interface Input {
  model: Model;
  /** Observations; null marks a missing one (passed to the learner as NaN). */
  ys: (number | null)[];
}

const KEYS = ["filteredMean", "filteredVar", "smoothedMean", "smoothedVar"] as const;

/** Simulates the model with the case generator, rounding observations to 4 decimals. */
function simulate(rng: CaseRng, model: Model, T: number): number[] {
  const ys: number[] = [];
  let x = model.m0 + Math.sqrt(model.p0) * rng.normal();
  for (let t = 0; t < T; t++) {
    if (t > 0) x = model.a * x + Math.sqrt(model.q) * rng.normal();
    ys.push(round4(model.c * x + Math.sqrt(model.r) * rng.normal()));
  }
  return ys;
}

const HINTS: Record<string, string> = {
  missing:
    "Hint: NaN observations (Number.isNaN(y)) skip the update: the filtered moments equal the predicted ones.\n" +
    "提示：观测为 NaN（用 Number.isNaN 判断）时跳过更新：滤波结果等于预测结果。",
  "all-missing":
    "Hint: with no observation at all, the filter only predicts: m_{t|t} = a^{t-1} m0.\n提示：完全没有观测时只做预测：m_{t|t} = a^{t-1}·m0。",
  empty: "Hint: T = 0: four empty arrays.\n提示：T = 0 时返回四个空数组。",
  "length-1":
    "Hint: with T = 1, smoothing changes nothing: smoothed = filtered.\n提示：T = 1 时平滑不改变结果：平滑 = 滤波。",
};

/** The first step whose filtered mean or variance is wrong (-1: the filter is right, or its shape is). */
function firstWrongFilterStep(actual: Value, expected: Value): number {
  const [fm, fv] = [field(actual, "filteredMean"), field(actual, "filteredVar")];
  const [em, ev] = [field(expected, "filteredMean"), field(expected, "filteredVar")];
  if (!(fm instanceof Float64Array && fv instanceof Float64Array && em instanceof Float64Array)) return -1;
  if (!(ev instanceof Float64Array) || fm.length !== em.length || fv.length !== ev.length) return -1;
  const off = (x: number, y: number) => !(Math.abs(x - y) <= 1e-9 + 1e-6 * Math.abs(y));
  for (let t = 0; t < em.length; t++) if (off(fm[t], em[t]) || off(fv[t], ev[t])) return t;
  return -1;
}

/**
 * Whether step t (a missing observation) went wrong the way a filter that does not skip NaN goes
 * wrong: NaN moments, or an update with y = 0 from the learner's own prediction (the prior on x_1
 * at t = 0, else a·m_{t-1}, a²·P_{t-1} + q).
 */
function mishandledMissing(actual: Value, model: Model, t: number): boolean {
  const [fm, fv] = [field(actual, "filteredMean"), field(actual, "filteredVar")];
  if (!(fm instanceof Float64Array && fv instanceof Float64Array) || t >= fm.length || t >= fv.length) return false;
  if (Number.isNaN(fm[t]) || Number.isNaN(fv[t])) return true;
  const [mp, pp] = t === 0 ? [model.m0, model.p0] : [model.a * fm[t - 1], model.a * model.a * fv[t - 1] + model.q];
  const gain = (pp * model.c) / (model.c * model.c * pp + model.r);
  const near = (x: number, y: number) => Math.abs(x - y) <= 1e-9 + 1e-6 * Math.abs(y);
  return near(fm[t], mp - gain * model.c * mp) && near(fv[t], (1 - gain * model.c) * pp);
}

function diagnose(actual: Value, expected: Value): string {
  const ok = (k: string) => compareVector(k, field(actual, k), field(expected, k), TIGHT) === null;
  const fm = field(actual, "filteredMean");
  const efm = field(expected, "filteredMean");
  if (ok("filteredMean") && ok("filteredVar")) {
    return (
      "Hint: the filter is right, the smoother is not: G_t = P_{t|t}·a / P_{t+1|t} " +
      "(the PREDICTED variance of t+1), and corrections use m_{t+1|t}, P_{t+1|t}.\n" +
      "提示：滤波正确、平滑错误：G_t = P_{t|t}·a / P_{t+1|t}（分母是 t+1 的预测方差），修正项也用预测值 m_{t+1|t}、P_{t+1|t}。"
    );
  }
  if (
    fm instanceof Float64Array &&
    efm instanceof Float64Array &&
    fm.length > 0 &&
    fm.length === efm.length &&
    Math.abs(fm[0] - efm[0]) > 1e-9 + 1e-6 * Math.abs(efm[0])
  ) {
    return (
      "Hint: the first filtered value is wrong: the prior is on x_1 itself (m_{1|0} = " +
      "m0, P_{1|0} = p0), so the first step updates without predicting.\n" +
      "提示：第一个滤波值就错了：先验直接给的是 x_1（m_{1|0} = m0，P_{1|0} = p0），第一步只更新、不预测。"
    );
  }
  return (
    "Hint: the first step is right but later filter steps are not: predict with m = a·m, P = a²·P + q before each update.\n" +
    "提示：第一步正确但之后出错：每次更新前先预测 m = a·m，P = a²·P + q。"
  );
}

const spec: ExerciseSpec<Input> = {
  name: "kalman-rts",
  title: { zh: "卡尔曼滤波器与 RTS 平滑器", en: "Kalman filter and RTS smoother" },
  order: 12,
  exports: ["kalmanSmoother"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(1111);
    const ar: Model = { a: 0.9, c: 1, q: 0.5, r: 2, m0: 0, p0: 1 };
    const scaled: Model = { a: -0.7, c: 2.5, q: 0.3, r: 0.8, m0: 1, p0: 2 };
    const withGaps = (ys: number[], gaps: number[]): (number | null)[] =>
      ys.map((y, t) => (gaps.includes(t) ? null : y));
    const c = caseOf<Input>;
    return [
      c("worked-example", "题目中的例子 (worked example), T = 2", 1, {
        model: { a: 1, c: 1, q: 1, r: 1, m0: 0, p0: 1 },
        ys: [1, 2],
      }),
      c("empty", "空序列 (T = 0)", 1, { model: ar, ys: [] }),
      c("length-1", "长度为 1 (T = 1)", 1, { model: { a: 0.5, c: 2, q: 1, r: 0.5, m0: 1, p0: 3 }, ys: [0.7] }),
      c("ar1", "AR(1) 模拟数据 (a = 0.9), T = 20", 2, { model: ar, ys: simulate(rng, ar, 20) }),
      c("missing", "缺失观测 (NaN at t = 3, 4, 8)", 2, { model: ar, ys: withGaps(simulate(rng, ar, 8), [2, 3, 7]) }),
      c("scaled", "c = 2.5, a = -0.7, T = 10", 1, { model: scaled, ys: simulate(rng, scaled, 10) }),
      c("all-missing", "全部缺失 (no observations), T = 4", 1, {
        model: { a: 0.8, c: 1, q: 0.1, r: 1, m0: 2, p0: 0.5 },
        ys: [null, null, null, null],
      }),
      c(
        "precise-sensor",
        "几乎无噪声的观测 (r = 1e-8)",
        1,
        { model: { a: 0.95, c: 1, q: 0.2, r: 1e-8, m0: 0, p0: 1 }, ys: [0.3, -0.1, 0.4, 0.2] },
        true,
      ),
      c(
        "long-hidden",
        "长序列 (T = 100), a = 1.02",
        1,
        {
          model: { a: 1.02, c: 0.5, q: 0.05, r: 3, m0: 0, p0: 10 },
          ys: simulate(rng, { a: 1.02, c: 0.5, q: 0.05, r: 3, m0: 0, p0: 10 }, 100),
        },
        true,
      ),
    ];
  },

  run(mod, inp) {
    const f = getFunction(mod, "kalmanSmoother");
    const ys = inp.ys.map((y) => (y === null ? NaN : y));
    const out = f(copy(inp.model), ys);
    const result: Record<string, Float64Array> = {};
    for (const k of KEYS) result[k] = asVector(readField(out, k, "kalmanSmoother"), k);
    return result;
  },

  check(actual, expected, c) {
    const msgs = KEYS.map((k) => compareVector(k, field(actual, k), field(expected, k), TIGHT));
    // A filter that first goes wrong at a missing observation mishandles NaN: say that, and only that.
    const t = firstWrongFilterStep(actual, expected);
    if (t >= 0 && c.input.ys[t] === null && mishandledMissing(actual, c.input.model, t))
      return verdict(msgs, HINTS.missing, c.id === "missing" ? undefined : HINTS[c.id]);
    const missingCase = c.input.ys.some((y) => y === null);
    return verdict(msgs, diagnose(actual, expected), missingCase ? undefined : HINTS[c.id]);
  },
};

export default spec;
