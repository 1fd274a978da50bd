/**
 * Grader of exercise 9 (gru-cell): one GRU step with the course's convention
 * h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t. Saturating the update gate open or closed tells this
 * convention from PyTorch's at a glance (h_t = h̃_t versus h_t = h_{t-1}); random cases with
 * intermediate reset gates tell U_h (r ⊙ h) from PyTorch's r ⊙ (U_h h).
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
} from "../kit";

interface Input {
  params: { W: number[][]; U: number[][]; b: number[] };
  x: number[];
  hPrev: number[];
}

function blockBias(d: number, r: number, z: number, h: number): number[] {
  return [r, z, h].flatMap((v) => Array.from({ length: d }, (_, k) => v + 0.1 * k));
}

function random(rng: CaseRng, d: number, m: number, bias?: number[], scale = 0.7): Input {
  return {
    params: { W: rng.matrix(3 * d, m, scale), U: rng.matrix(3 * d, d, scale), b: bias ?? rng.vector(3 * d, 0.5) },
    x: rng.vector(m),
    hPrev: rng.vector(d, 0.6),
  };
}

const PYTORCH_HINT =
  "Hint: your h_t equals h_{t-1} here, but it should not. Usual causes: " +
  "PyTorch/Keras's convention h_t = z_t ⊙ h_{t-1} + (1 - z_t) ⊙ h̃_t " +
  "(this course uses h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t), or z_t read from the wrong block (the order is r, z, h̃).\n" +
  "提示：你的 h_t 等于 h_{t-1}，但不应如此。常见原因：用了 PyTorch/Keras 的约定（本课程的约定：h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t），或从错误的分块读取了 z_t（顺序为 r, z, h̃）。";

const HINTS: Record<string, string> = {
  "update-open":
    "Hint: b_z = +30 here, so z_t ≈ 1 and h_t ≈ h̃_t (the new candidate).\n提示：这里 z_t ≈ 1，h_t 应约等于候选状态 h̃_t。",
  "update-closed":
    "Hint: b_z = -30 here, so z_t ≈ 0 and h_t ≈ h_{t-1} (the state is kept).\n提示：这里 z_t ≈ 0，h_t 应约等于 h_{t-1}（保持原状态）。",
  "reset-closed":
    "Hint: b_r = -30 here, so r_t ≈ 0 and h̃_t = tanh(W_h x_t + b_h): the past is " +
    "ignored in the candidate.\n提示：这里 r_t ≈ 0，候选状态 h̃_t = tanh(W_h x_t + b_h)。",
};

function diagnose(actual: Value, expected: Value, c: GradeCase<Input>): string {
  const hPrev = c.input.hPrev;
  const a = actual instanceof Float64Array ? actual : null;
  if (!a || a.length !== hPrev.length) return "Hint: h_t has d entries. / 提示：h_t 的长度为 d。";
  const looksLikePrev = compareVector("h", a, Float64Array.from(hPrev), { rtol: 1e-6, atol: 1e-9 }) === null;
  const expectedIsPrev = compareVector("h", expected, Float64Array.from(hPrev), { rtol: 1e-6, atol: 1e-9 }) === null;
  if (looksLikePrev && !expectedIsPrev) return PYTORCH_HINT;
  if (c.id === "update-closed" || c.id === "update-open") return "";
  return (
    "Hint: the reset gate acts BEFORE U_h: U_h (r_t ⊙ h_{t-1}) (PyTorch computes r_t " +
    "⊙ (U_h h_{t-1}) instead); blocks are r, z, h̃ in that order.\n" +
    "提示：重置门在乘 U_h 之前作用：U_h (r_t ⊙ h_{t-1})（PyTorch 是 r_t ⊙ (U_h h_{t-1})）；分块顺序为 r, z, h̃。"
  );
}

const spec: ExerciseSpec<Input> = {
  name: "gru-cell",
  title: { zh: "GRU 单元的一步", en: "One GRU step" },
  order: 9,
  exports: ["gruCell"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(707);
    const big = (r: number, cols: number) =>
      Array.from({ length: r }, (_, i) => Array.from({ length: cols }, (_, j) => (((2 * i + j) % 3) - 1) * 500));
    return [
      {
        id: "worked-example",
        title: "题目中的例子 (worked example), d=m=1",
        points: 1,
        input: { params: { W: [[0], [0], [1]], U: [[0], [0], [1]], b: [0, 0, 0] }, x: [1], hPrev: [1] },
      },
      {
        id: "update-open",
        title: "更新门打开 (z ≈ 1: h_t ≈ h̃_t)",
        points: 2,
        input: random(rng, 3, 2, blockBias(3, 0.3, 30, -0.2)),
      },
      {
        id: "update-closed",
        title: "更新门关闭 (z ≈ 0: h_t ≈ h_{t-1})",
        points: 1,
        input: random(rng, 3, 2, blockBias(3, 0.3, -30, -0.2)),
      },
      {
        id: "reset-closed",
        title: "重置门关闭 (r ≈ 0)",
        points: 1,
        input: random(rng, 2, 2, blockBias(2, -30, 0.5, 0.1)),
      },
      { id: "random-1", title: "随机 (random) d=3, m=2", points: 1, input: random(rng, 3, 2) },
      { id: "random-2", title: "随机 (random) d=4, m=1", points: 1, input: random(rng, 4, 1) },
      {
        id: "saturated",
        title: "饱和 (pre-activations ±500)",
        points: 1,
        input: { params: { W: big(6, 1), U: big(6, 2), b: new Array<number>(6).fill(0) }, x: [1], hPrev: [0.5, -0.5] },
      },
      { id: "random-hidden-1", title: "随机 (random) d=5, m=3", points: 1, hidden: true, input: random(rng, 5, 3) },
      {
        id: "random-hidden-2",
        title: "随机 (random) d=2, m=6, 较大权重",
        points: 1,
        hidden: true,
        input: random(rng, 2, 6, undefined, 1.2),
      },
    ];
  },

  run(mod, inp) {
    const gruCell = getFunction(mod, "gruCell");
    return asVector(gruCell(copy(inp.params), copy(inp.x), copy(inp.hPrev)), "gruCell(...)");
  },

  check(actual, expected, c) {
    const msg = compareVector("h_t", actual, expected, TIGHT);
    return verdict([msg], diagnose(actual, expected, c), HINTS[c.id]);
  },
};

export default spec;
