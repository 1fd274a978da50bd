/**
 * Grader of exercise 21 (additive-attention): weights, context and gradients of Bahdanau attention
 * with a padding mask, against the library's AdditiveAttention (src/nn/attention.ts): `run` also
 * evaluates the library on the same parameters (weights copied into the module), and `check`
 * compares the learner's results with the library's values computed in the reference's run.
 * Padded keys and values hold huge numbers or NaN in some cases: they must reach nothing.
 */
import { AdditiveAttention } from "../../src/nn/attention";
import { Rng } from "../../src/random";
import { Tensor } from "../../src/tensor";
import {
  asList,
  asVector,
  CaseRng,
  checkThrow,
  compareMatrix,
  compareVector,
  copy,
  type ErrorExpectation,
  type ExerciseSpec,
  expectThrow,
  field,
  getFunction,
  type GradeCase,
  readField,
  type Tolerance,
  type Value,
  verdict,
} from "../kit";

interface Params {
  Wq: number[][];
  Wk: number[][];
  w: number[];
}

interface Input {
  kind: "forward" | "backward" | "bad";
  params: Params;
  query: number[];
  keys: number[][];
  values: number[][];
  length: number;
  dContext: number[];
  error?: ErrorExpectation;
}

const TOL: Tolerance = { rtol: 1e-6, atol: 1e-9 };
const GRAD_KEYS = ["dWq", "dWk", "dw", "dQuery", "dKeys", "dValues"] as const;
const MATRIX_GRADS = new Set(["dWq", "dWk", "dKeys", "dValues"]);

function flat(m: number[][]): Float64Array {
  return Float64Array.from(m.flat());
}

function rows(data: Float64Array | null, r: number, c: number): number[][] {
  return Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => (data ? data[i * c + j] : 0)));
}

/** The library's weights, context and gradients (loss = dContext · context). */
function library(inp: Input): Value {
  const A = inp.params.w.length;
  const Dq = inp.query.length;
  const T = inp.keys.length;
  const Dk = inp.keys[0].length;
  const Dv = inp.values[0].length;
  const att = new AdditiveAttention(Dq, Dk, A, { rng: new Rng(0) });
  att.weightQ.data.set(flat(inp.params.Wq));
  att.weightK.data.set(flat(inp.params.Wk));
  att.score.data.set(Float64Array.from(inp.params.w));
  const q = new Tensor(Float64Array.from(inp.query), [1, Dq], { requiresGrad: true });
  const k = new Tensor(flat(inp.keys), [1, T, Dk], { requiresGrad: true });
  const v = new Tensor(flat(inp.values), [1, T, Dv], { requiresGrad: true });
  const r = att.attend(q, k, { values: v, keyLengths: [inp.length] });
  r.context.backward(Float64Array.from(inp.dContext));
  return {
    weights: Array.from(r.weights.data),
    context: Array.from(r.context.data),
    dWq: rows(att.weightQ.grad, A, Dq),
    dWk: rows(att.weightK.grad, A, Dk),
    dw: Array.from(att.score.grad ?? new Float64Array(A)),
    dQuery: Array.from(q.grad ?? new Float64Array(Dq)),
    dKeys: rows(k.grad, T, Dk),
    dValues: rows(v.grad, T, Dv),
  };
}

function makeCase(
  rng: CaseRng,
  id: string,
  title: string,
  kind: "forward" | "backward",
  dims: { A: number; Dq: number; Dk: number; Dv: number; T: number; length: number },
  points: number,
  hidden: boolean,
  padding: "random" | "huge" | "nan" = "random",
): GradeCase<Input> {
  const { A, Dq, Dk, Dv, T, length } = dims;
  const keys = rng.matrix(T, Dk);
  const values = rng.matrix(T, Dv);
  for (let j = length; j < T; j++) {
    if (padding === "huge") {
      keys[j] = keys[j].map(() => 1e6);
      values[j] = values[j].map(() => -1e6);
    }
    if (padding === "nan") {
      keys[j] = keys[j].map(() => NaN);
      values[j] = values[j].map(() => NaN);
    }
  }
  return {
    id,
    title,
    points,
    hidden,
    input: {
      kind,
      params: { Wq: rng.matrix(A, Dq, 0.8), Wk: rng.matrix(A, Dk, 0.8), w: rng.vector(A) },
      query: rng.vector(Dq),
      keys,
      values,
      length,
      dContext: rng.vector(Dv),
    },
  };
}

const WORKED: Input = {
  kind: "forward",
  params: {
    Wq: [
      [1, 0],
      [0, 1],
    ],
    Wk: [
      [1, 0],
      [0, 1],
    ],
    w: [1, -1],
  },
  query: [0.5, 0],
  keys: [
    [1, 0],
    [0, 1],
    [9, 9],
  ],
  values: [
    [1, 0],
    [0, 2],
    [5, 5],
  ],
  length: 2,
  dContext: [1, 0],
};

const HINT_MASK =
  "Hint: padded positions (j ≥ length) must get weight exactly 0: leave them out " +
  "of the softmax (do not multiply a softmax over all T by a mask afterwards, and " +
  "do not compute tanh on padded keys: NaN · 0 is NaN).\n" +
  "提示：填充位置（j ≥ length）的权重必须恰好为 0：softmax 只在真实位置上计算（不要先对全部 T 个位置做 softmax 再乘掩码，也不要对填充的键算 tanh：NaN · 0 仍是 NaN）。";
const HINT_SOFTMAX =
  "Hint: dValues is right but the gradients before the softmax are not. Through " +
  "the softmax, ∂L/∂e_j = a_j (∂L/∂a_j − Σ_i a_i ∂L/∂a_i), with ∂L/∂a_j = dContext " +
  "· v_j.\n" +
  "提示：dValues 对了，softmax 之前的梯度不对。经过 softmax：∂L/∂e_j = a_j (∂L/∂a_j − Σ_i a_i ∂L/∂a_i)，其中 ∂L/∂a_j = dContext · v_j。";
const HINT_QUERY =
  "Hint: W_q q enters the score of EVERY position: its gradient sums the contributions of all real positions j.\n" +
  "提示：W_q q 出现在每个位置的打分里：它的梯度要把所有真实位置 j 的贡献加起来。";

const spec: ExerciseSpec<Input> = {
  name: "additive-attention",
  title: { zh: "加性注意力与手写梯度", en: "Additive attention and its gradient" },
  order: 21,
  exports: ["additiveAttention", "additiveAttentionBackward"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(2101);
    const d = { A: 3, Dq: 2, Dk: 3, Dv: 2, T: 4, length: 3 };
    const visible: GradeCase<Input>[] = [
      { id: "worked", title: "题目中的例子 (worked example, forward)", points: 1, input: WORKED },
      {
        id: "worked-backward",
        title: "题目中的例子 (worked example, backward)",
        points: 1,
        input: { ...WORKED, kind: "backward" },
      },
      makeCase(rng, "forward-no-padding", "前向 (forward), no padding, T = 3", "forward", { ...d, T: 3 }, 1, false),
      makeCase(rng, "forward-padded", "前向 (forward), length 3 of T = 4", "forward", d, 1, false),
      makeCase(rng, "backward-no-padding", "梯度 (gradients), no padding", "backward", { ...d, T: 3 }, 2, false),
      makeCase(rng, "backward-padded", "梯度 (gradients), length 3 of T = 4", "backward", d, 2, false),
      {
        id: "bad-length",
        title: "length = 0 时抛出错误 (throws)",
        points: 1,
        input: {
          ...WORKED,
          kind: "bad",
          length: 0,
          error: { argument: "length", shows: [0], others: ["query", "keys", "values"] },
        },
      },
    ];
    // BEGIN HIDDEN
    const big = { A: 4, Dq: 3, Dk: 2, Dv: 3, T: 6, length: 4 };
    visible.push(
      makeCase(rng, "forward-huge-padding", "前向 (forward), padding holds ±1e6", "forward", big, 1, true, "huge"),
      makeCase(rng, "backward-nan-padding", "梯度 (gradients), padding holds NaN", "backward", big, 2, true, "nan"),
      makeCase(rng, "backward-length-1", "梯度 (gradients), length 1", "backward", { ...big, length: 1 }, 1, true),
      makeCase(
        rng,
        "backward-random",
        "梯度 (gradients), A = 5, T = 5 full",
        "backward",
        { ...big, A: 5, T: 5, length: 5 },
        2,
        true,
      ),
      {
        id: "bad-length-long",
        title: "length > T 时抛出错误 (throws)",
        points: 1,
        hidden: true,
        input: {
          ...WORKED,
          kind: "bad",
          length: 5,
          error: { argument: "length", shows: [5], others: ["query", "keys", "values"] },
        },
      },
    );
    // END HIDDEN
    return visible;
  },

  run(mod, inp) {
    const T = inp.keys.length;
    const args = (): unknown[] => [copy(inp.params), copy(inp.query), copy(inp.keys), copy(inp.values), inp.length];
    if (inp.kind === "bad") {
      const f = getFunction(mod, "additiveAttention");
      return expectThrow(() => f(...args()), inp.error as ErrorExpectation);
    }
    if (inp.kind === "forward") {
      const out = getFunction(mod, "additiveAttention")(...args());
      return {
        learner: {
          weights: asVector(readField(out, "weights", "additiveAttention(...)"), "weights", { length: T }),
          context: asVector(readField(out, "context", "additiveAttention(...)"), "context", {
            length: inp.values[0].length,
          }),
        },
        library: library(inp),
      };
    }
    const out = getFunction(mod, "additiveAttentionBackward")(...args(), copy(inp.dContext));
    const what = "additiveAttentionBackward(...)";
    const learner: Record<string, Value> = {};
    for (const key of GRAD_KEYS) {
      const v = readField(out, key, what);
      learner[key] = MATRIX_GRADS.has(key) ? asList(v, `${key}`, (row, w) => asVector(row, w)) : asVector(v, key);
    }
    return { learner, library: library(inp) };
  },

  check(actual, expected, c) {
    const inp = c.input;
    if (inp.kind === "bad") {
      return verdict(
        [
          checkThrow(
            actual,
            `additiveAttention(params, query, keys, values, ${inp.length})`,
            inp.error as ErrorExpectation,
          ),
        ],
        `提示：length 不在 1..${inp.keys.length} 之间时 throw new Error(...)，消息只写出 length 和它的值。`,
      );
    }
    const got = field(actual, "learner");
    const want = field(expected, "library");
    if (inp.kind === "forward") {
      const msgs = [
        compareVector("weights", field(got, "weights"), field(want, "weights"), TOL),
        compareVector("context", field(got, "context"), field(want, "context"), TOL),
      ];
      if (msgs.every((m) => m === null)) return { ok: true };
      const w = field(got, "weights");
      const padWrong =
        w instanceof Float64Array && Array.from(w.subarray(inp.length)).some((x) => x !== 0 || Number.isNaN(x));
      return verdict(
        msgs,
        padWrong
          ? HINT_MASK
          : "Hint: e_j = wᵀ tanh(W_q q + W_k k_j), a softmax over the first `length` scores, " +
              "context = Σ_j a_j v_j.\n提示：检查打分 e_j、softmax（只在前 length 个位置）和加权和。",
      );
    }
    const msgs = GRAD_KEYS.map((key) =>
      MATRIX_GRADS.has(key)
        ? compareMatrix(key, field(got, key), field(want, key), TOL)
        : compareVector(key, field(got, key), field(want, key), TOL),
    );
    if (msgs.every((m) => m === null)) return { ok: true };
    const wrong = new Set(GRAD_KEYS.filter((_, i) => msgs[i] !== null));
    const hints: string[] = [];
    const padded = (key: "dKeys" | "dValues"): boolean => {
      const m = field(got, key);
      return (
        Array.isArray(m) && m.slice(inp.length).some((row) => row instanceof Float64Array && row.some((x) => x !== 0))
      );
    };
    if (padded("dKeys") || padded("dValues"))
      hints.push(
        "Hint: padded positions must get gradient exactly 0 (they did not take part).\n提示：填充位置没有参与计算，梯度必须恰好为 0。",
      );
    if (wrong.has("dValues")) hints.push("Hint: ∂L/∂v_j = a_j · dContext.\n提示：∂L/∂v_j = a_j · dContext。");
    else if (wrong.has("dw") || wrong.has("dWk") || wrong.has("dKeys")) hints.push(HINT_SOFTMAX);
    if (!wrong.has("dw") && (wrong.has("dWq") || wrong.has("dQuery"))) hints.push(HINT_QUERY);
    if (hints.length === 0) hints.push(HINT_SOFTMAX);
    return verdict(msgs, hints.join("\n"));
  },
};

export default spec;
