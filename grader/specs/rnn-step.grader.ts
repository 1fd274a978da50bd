/**
 * Grader of exercise 1 (rnn-step): one step h_t = tanh(W_h h_{t-1} + W_x x_t + b).
 * Cases isolate one term at a time (bias only, recurrent term only, input term only), then mix them,
 * then saturate tanh with large pre-activations.
 */
import {
  asVector,
  CaseRng,
  compareVector,
  copy,
  type ExerciseSpec,
  getFunction,
  type GradeCase,
  TIGHT,
  type Value,
  verdict,
  zerosMatrix,
} from "../kit";

interface Input {
  params: { Wh: number[][]; Wx: number[][]; b: number[] };
  hPrev: number[];
  x: number[];
}

function input(Wh: number[][], Wx: number[][], b: number[], hPrev: number[], x: number[]): Input {
  return { params: { Wh, Wx, b }, hPrev, x };
}

function random(rng: CaseRng, d: number, m: number, scale = 0.5): Input {
  return input(rng.matrix(d, d, scale), rng.matrix(d, m, scale), rng.vector(d, 0.3), rng.vector(d), rng.vector(m));
}

/**
 * Case-specific hints: what the case isolates, hence what a failure most likely means. Each is shown
 * only when the learner's output fits it (see {@link caseHint}).
 */
const HINTS: Record<string, string> = {
  "bias-only":
    "Hint: W_h = 0 and W_x = 0 here, so h_t = tanh(b). Is b added (exactly once) inside the tanh?\n" +
    "提示：这里 W_h 与 W_x 全为零，h_t 应等于 tanh(b)。偏置是否在 tanh 之内、且只加了一次？",
  "recurrent-only":
    "Hint: only the recurrent term W_h h_{t-1} is non-zero here, and W_h is not symmetric. Unit i uses row i: " +
    "(W_h h)_i = Σ_j W_h[i][j] h[j]; summing over the first index computes W_hᵀ h instead.\n" +
    "提示：这里只有循环项 W_h h_{t-1} 非零，且 W_h 不对称。第 i 个单元用第 i 行：(W_h h)_i = Σ_j W_h[i][j] h[j]。",
  "input-only":
    "Hint: only the input term W_x x_t is non-zero here. W_x has d rows and m columns: (W_x x)_i = Σ_j W_x[i][j] x[j].\n" +
    "提示：这里只有输入项 W_x x_t 非零。W_x 有 d 行 m 列：(W_x x)_i = Σ_j W_x[i][j] x[j]。",
  "wide-input":
    "Hint: m ≠ d here. Loop over the m input entries for W_x x_t and over the d state entries for W_h h_{t-1}.\n" +
    "提示：这里 m ≠ d。W_x x_t 的求和遍历 m 个输入分量，W_h h_{t-1} 的求和遍历 d 个状态分量。",
  saturated:
    "Hint: the pre-activations are large (|a| up to several hundred): tanh must give ±1, not NaN. " +
    "Math.tanh is stable; (e^{2a} - 1) / (e^{2a} + 1) overflows to Infinity/Infinity.\n" +
    "提示：预激活很大，tanh 应饱和到 ±1。用 Math.tanh；用指数公式自己算会溢出成 NaN。",
};

/** Pre-activations W_h h + W_x x + b, or those of a known mistake. */
function preActivation(
  inp: Input,
  mistake: { transposeWh?: boolean; inputTerms?: number; biasTimes?: number } = {},
): number[] {
  const { Wh, Wx, b } = inp.params;
  const d = b.length;
  const inputTerms = mistake.inputTerms ?? inp.x.length;
  const out: number[] = [];
  for (let i = 0; i < d; i++) {
    let a = b[i] * (mistake.biasTimes ?? 1);
    for (let j = 0; j < d; j++) a += (mistake.transposeWh ? Wh[j][i] : Wh[i][j]) * inp.hPrev[j];
    for (let j = 0; j < Math.min(inputTerms, inp.x.length); j++) a += Wx[i][j] * inp.x[j];
    out.push(a);
  }
  return out;
}

function near(actual: Float64Array, values: number[]): boolean {
  return (
    actual.length === values.length && values.every((v, i) => Math.abs(actual[i] - v) <= 1e-9 + 1e-7 * Math.abs(v))
  );
}

const tanhOf = (a: number[]) => a.map(Math.tanh);

/** A hint for a mistake recognised from the output as a whole (it overrides the case's own hint). */
function diagnose(actual: Value, expected: Value, inp: Input): string {
  const a = actual instanceof Float64Array ? actual : null;
  const e = expected instanceof Float64Array ? expected : null;
  if (!a || !e || a.length !== e.length)
    return "Hint: h_t has d entries, as many as b. / 提示：h_t 的长度是 d（与 b 相同）。";
  if (a.some((v) => Number.isNaN(v)))
    return "Hint: NaN in h_t: an overflow, or an index past the end of an array? / 提示：出现 NaN：溢出或数组越界？";
  if (a.some((v) => Math.abs(v) > 1))
    return "Hint: tanh outputs lie in [-1, 1]; some of yours do not. Did you apply tanh? / 提示：tanh 的值域是 [-1, 1]，是否忘了 tanh？";
  if (
    near(
      a,
      preActivation(inp).map((v) => 1 / (1 + Math.exp(-v))),
    )
  )
    return "Hint: your values are σ(a) for the right pre-activations a: sigmoid instead of tanh? / 提示：你的值是 σ(a)：是否用了 sigmoid 而不是 tanh？";
  return "";
}

/** The case's own hint, when the output fits the mistake it describes; "" otherwise. */
function caseHint(actual: Value, inp: Input, id: string): string {
  const a = actual instanceof Float64Array ? actual : null;
  if (!a) return "";
  const fits =
    id === "bias-only"
      ? near(a, tanhOf(preActivation(inp, { biasTimes: 0 }))) || near(a, tanhOf(preActivation(inp, { biasTimes: 2 })))
      : id === "recurrent-only"
        ? near(a, tanhOf(preActivation(inp, { transposeWh: true })))
        : id === "wide-input"
          ? near(a, tanhOf(preActivation(inp, { inputTerms: inp.params.b.length })))
          : id === "saturated"
            ? a.some((v) => !Number.isFinite(v))
            : id === "input-only"; // the only non-zero term is W_x x_t: any other failure is in it
  return fits ? (HINTS[id] ?? "") : "";
}

const spec: ExerciseSpec<Input> = {
  name: "rnn-step",
  title: { zh: "RNN 的一步", en: "One RNN step" },
  order: 1,
  exports: ["rnnStep"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(101);
    const Wnonsym = [
      [0.9, -0.7, 0.2],
      [0.1, 0.4, -1.1],
      [0.6, 0.3, 0.5],
    ];
    return [
      {
        id: "worked-example",
        title: "题目中的例子 (worked example), d=2, m=1",
        points: 1,
        input: input(
          [
            [0.5, 0],
            [0, 0.5],
          ],
          [[1], [-1]],
          [0, 0.1],
          [1, 0],
          [2],
        ),
      },
      {
        id: "bias-only",
        title: "只有偏置 (W_h = 0, W_x = 0)",
        points: 1,
        input: input(zerosMatrix(3, 3), zerosMatrix(3, 2), [0.3, -0.8, 1.2], [0.5, -0.4, 0.9], [1.5, -2]),
      },
      {
        id: "recurrent-only",
        title: "只有循环项 (W_x = 0, b = 0, W_h 不对称)",
        points: 1,
        input: input(Wnonsym, zerosMatrix(3, 2), [0, 0, 0], [0.8, -0.5, 0.3], [1, 1]),
      },
      {
        id: "input-only",
        title: "只有输入项 (W_h = 0, b = 0)",
        points: 1,
        input: input(
          zerosMatrix(3, 3),
          [
            [0.5, -1],
            [2, 0.25],
            [-0.3, 0.7],
          ],
          [0, 0, 0],
          [0.4, 0.4, 0.4],
          [0.6, -0.9],
        ),
      },
      {
        id: "scalar",
        title: "标量 RNN (d = 1, m = 1)",
        points: 1,
        input: input([[0.5]], [[-1.5]], [0.25], [0.8], [0.3]),
      },
      { id: "random-1", title: "随机 (random) d=3, m=2", points: 1, input: random(rng, 3, 2) },
      { id: "wide-input", title: "输入比状态宽 (m = 5 > d = 2)", points: 1, input: random(rng, 2, 5) },
      {
        id: "saturated",
        title: "tanh 饱和 (large pre-activations)",
        points: 1,
        input: input(
          [
            [300, -200],
            [-250, 400],
          ],
          [[100], [-100]],
          [50, -50],
          [1, -1],
          [2],
        ),
      },
      { id: "random-hidden-1", title: "随机 (random) d=6, m=4", points: 1, hidden: true, input: random(rng, 6, 4) },
      {
        id: "random-hidden-2",
        title: "随机 (random) d=8, m=3, 较大权重",
        points: 1,
        hidden: true,
        input: random(rng, 8, 3, 1.5),
      },
    ];
  },

  run(mod, inp) {
    const rnnStep = getFunction(mod, "rnnStep");
    return asVector(rnnStep(copy(inp.params), copy(inp.hPrev), copy(inp.x)), "rnnStep(...)");
  },

  check(actual, expected, c) {
    const msg = compareVector("h_t", actual, expected, TIGHT);
    if (msg === null) return verdict([msg]);
    const whole = diagnose(actual, expected, c.input);
    return verdict([msg], whole, whole === "" ? caseHint(actual, c.input, c.id) : "");
  },
};

export default spec;
