/**
 * Grader of exercise 8 (lstm-cell): one LSTM step, blocks stacked f, i, o, c̃.
 * Saturated gate biases open or close one gate at a time, which exposes a wrong block order
 * (PyTorch's i, f, g, o), a missing tanh on c_t, or a sigmoid that overflows.
 */
import {
  asVector,
  CaseRng,
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

interface Input {
  params: { W: number[][]; U: number[][]; b: number[] };
  x: number[];
  hPrev: number[];
  cPrev: number[];
}

/** Biases (f, i, o, c̃ blocks), each block filled with one value plus small offsets. */
function blockBias(d: number, f: number, i: number, o: number, c: number): number[] {
  return [f, i, o, c].flatMap((v) => Array.from({ length: d }, (_, k) => v + 0.1 * k));
}

function random(rng: CaseRng, d: number, m: number, bias?: number[], scale = 0.6): Input {
  return {
    params: { W: rng.matrix(4 * d, m, scale), U: rng.matrix(4 * d, d, scale), b: bias ?? rng.vector(4 * d, 0.5) },
    x: rng.vector(m),
    hPrev: rng.vector(d, 0.5),
    cPrev: rng.vector(d),
  };
}

const HINTS: Record<string, string> = {
  "forget-open":
    "Hint: here b_f = +30 and b_i = -30 (the forget gate is open, the input gate " +
    "closed), so c_t ≈ c_{t-1}. If not, check the block order: rows 0…d-1 are the " +
    "forget gate, d…2d-1 the input gate, 2d…3d-1 the output gate, 3d…4d-1 the " +
    "candidate (PyTorch's order i, f, g, o is different).\n" +
    "提示：这里遗忘门全开、输入门全关，c_t 应约等于 c_{t-1}。否则请检查分块顺序：f, i, o, c̃（PyTorch 是 i, f, g, o）。",
  "output-closed":
    "Hint: here b_o = -30, so the output gate is closed and h_t ≈ 0 while c_t is not.\n提示：这里输出门关闭，h_t ≈ 0，而 c_t 不为零。",
  "input-only":
    "Hint: here b_f = -30 (forget everything) and b_i = +30, so c_t ≈ c̃_t = tanh(W_c x + U_c h + b_c).\n提示：这里遗忘门全关、输入门全开，c_t ≈ c̃_t。",
  saturated:
    "Hint: pre-activations reach ±800: σ(a) = 1/(1 + e^{-a}) is fine, but e^{a}/(1 + e^{a}) gives Infinity/Infinity = NaN.\n" +
    "提示：预激活达到 ±800：σ(a) = 1/(1 + e^{-a}) 没问题，但 e^{a}/(1 + e^{a}) 会得到 NaN。",
};

/** Whether a result holds NaN or ±Infinity anywhere (an overflow hint fits only then). */
function hasNonFinite(v: Value): boolean {
  if (typeof v === "number") return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(hasNonFinite);
  if (ArrayBuffer.isView(v)) return Array.from(v as Float64Array).some((x) => !Number.isFinite(x));
  if (v !== null && typeof v === "object") return Object.values(v as Record<string, Value>).some(hasNonFinite);
  return false;
}

function diagnose(actual: Value, expected: Value): string {
  const cOk = compareVector("c", field(actual, "c"), field(expected, "c")) === null;
  const hOk = compareVector("h", field(actual, "h"), field(expected, "h")) === null;
  const h = field(actual, "h");
  if (cOk && !hOk) {
    if (h instanceof Float64Array && h.some((v) => Math.abs(v) > 1)) {
      return (
        "Hint: c_t is right and |h_t| > 1 somewhere: h_t = o_t ⊙ tanh(c_t) (tanh of the " +
        "cell state).\n提示：c_t 正确而 |h_t| > 1：h_t = o_t ⊙ tanh(c_t)。"
      );
    }
    return (
      "Hint: c_t is right, h_t is not: h_t = o_t ⊙ tanh(c_t), with o_t from rows " +
      "2d…3d-1.\n提示：c_t 正确、h_t 错误：h_t = o_t ⊙ tanh(c_t)，o_t 来自第 2d…3d-1 行。"
    );
  }
  if (!cOk) {
    return (
      "Hint: c_t is wrong: check the block order f, i, o, c̃ (rows k, d+k, 2d+k, 3d+k " +
      "for unit k), σ for the gates and tanh for the candidate.\n" +
      "提示：c_t 错误：检查分块顺序 f, i, o, c̃（第 k 个单元用第 k、d+k、2d+k、3d+k 行），门用 σ，候选用 tanh。"
    );
  }
  return "";
}

const spec: ExerciseSpec<Input> = {
  name: "lstm-cell",
  title: { zh: "LSTM 单元的一步", en: "One LSTM step" },
  order: 8,
  exports: ["lstmCell"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(606);
    const big = (r: number, cols: number) =>
      Array.from({ length: r }, (_, i) => Array.from({ length: cols }, (_, j) => (((i + 2 * j) % 3) - 1) * 400));
    return [
      {
        id: "worked-example",
        title: "题目中的例子 (worked example), d=m=1",
        points: 1,
        input: {
          params: { W: [[0], [0], [0], [1]], U: [[0], [0], [0], [0]], b: [0, 0, 0, 0] },
          x: [2],
          hPrev: [0],
          cPrev: [1],
        },
      },
      {
        id: "forget-open",
        title: "遗忘门开、输入门关 (c_t ≈ c_{t-1})",
        points: 1,
        input: random(rng, 3, 2, blockBias(3, 30, -30, 0.5, 0)),
      },
      {
        id: "input-only",
        title: "遗忘门关、输入门开 (c_t ≈ c̃_t)",
        points: 1,
        input: random(rng, 3, 2, blockBias(3, -30, 30, 0.5, 0)),
      },
      {
        id: "output-closed",
        title: "输出门关 (h_t ≈ 0)",
        points: 1,
        input: random(rng, 2, 3, blockBias(2, 0.5, 0.5, -30, 0.2)),
      },
      { id: "random-1", title: "随机 (random) d=3, m=2", points: 1, input: random(rng, 3, 2) },
      { id: "random-2", title: "随机 (random) d=2, m=4", points: 1, input: random(rng, 2, 4) },
      {
        id: "saturated",
        title: "饱和 (pre-activations ±800)",
        points: 1,
        input: {
          params: { W: big(8, 1), U: big(8, 2), b: new Array<number>(8).fill(0) },
          x: [1],
          hPrev: [1, -1],
          cPrev: [0.5, -0.5],
        },
      },
      { id: "random-hidden-1", title: "随机 (random) d=5, m=3", points: 2, hidden: true, input: random(rng, 5, 3) },
      {
        id: "random-hidden-2",
        title: "随机 (random) d=1, m=1",
        points: 1,
        hidden: true,
        input: random(rng, 1, 1, undefined, 1.5),
      },
    ];
  },

  run(mod, inp) {
    const lstmCell = getFunction(mod, "lstmCell");
    const out = lstmCell(copy(inp.params), copy(inp.x), copy(inp.hPrev), copy(inp.cPrev));
    return { h: asVector(readField(out, "h", "lstmCell"), "h"), c: asVector(readField(out, "c", "lstmCell"), "c") };
  },

  check(actual, expected, c) {
    const msgs = [
      compareVector("c", field(actual, "c"), field(expected, "c"), TIGHT),
      compareVector("h", field(actual, "h"), field(expected, "h"), TIGHT),
    ];
    // The saturation hint is about an overflow to NaN: only when the output shows one.
    // forget-open and input-only describe c_t, output-closed describes h_t: each only when that is wrong.
    const fits =
      c.id === "saturated"
        ? hasNonFinite(actual)
        : c.id === "forget-open" || c.id === "input-only"
          ? msgs[0] !== null
          : c.id === "output-closed"
            ? msgs[1] !== null
            : true;
    const caseHint = fits ? HINTS[c.id] : "";
    return verdict(msgs, diagnose(actual, expected), caseHint);
  },
};

export default spec;
