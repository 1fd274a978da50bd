/**
 * Grader of exercise 10 (transformer-threshold): FLOPs of a recurrent layer and of a self-attention
 * layer with an optional feed-forward sublayer under the stated cost model, and the threshold length
 * T_win. Exact comparison (the counts are integers far below 2^53). Each case is a list of calls to
 * one function.
 */
import {
  asNumber,
  checkThrow,
  type ErrorExpectation,
  caseOf,
  type ExerciseSpec,
  expectThrow,
  getFunction,
  type GradeCase,
  type Value,
  verdict,
} from "../kit";

type Fn = "recurrentLayerFlops" | "attentionLayerFlops" | "thresholdLength";

interface Input {
  fn: Fn;
  calls: (string | number)[][];
  /** When set, call k must throw an Error naming argument expectErrorAbout[k] and its value (and no other). */
  expectErrorAbout?: string[];
}

/** Argument names of each function, in order. */
const ARGUMENTS: Record<Fn, readonly string[]> = {
  recurrentLayerFlops: ["kind", "T", "d"],
  attentionLayerFlops: ["T", "d", "ffnFactor"],
  thresholdLength: ["kind", "d", "ffnFactor"],
};

function errorAbout(fn: Fn, about: string, args: (string | number)[]): ErrorExpectation {
  const names = ARGUMENTS[fn];
  const value = args[names.indexOf(about)];
  return { argument: about, shows: [String(value)], others: names.filter((n) => n !== about) };
}

function hintFor(fn: Fn, args: (string | number)[], got: number, want: number): string {
  if (want !== 0 && Math.abs(got * 2 - want) < 1e-9 * want)
    return "Hint: exactly half: a multiply-add counts as 2 FLOPs.\n提示：恰好一半：一次乘加记 2 FLOPs。";
  if (fn === "recurrentLayerFlops") {
    return (
      "Hint: per step, each of the g units (rnn 1, gru 3, lstm 4) does W x_t and U " +
      "h_{t-1}, two d×d matrix-vector products.\n提示：每步每个单元（rnn 1、gru 3、lstm 4 个）做 W " +
      "x_t 和 U h_{t-1} 两次 d×d 矩阵乘向量。"
    );
  }
  if (fn === "attentionLayerFlops") {
    const [T, d, k] = args as number[];
    if (k > 0 && got === want - 4 * k * T * d * d)
      return (
        "Hint: the feed-forward sublayer is missing: with ffnFactor = k it multiplies by " +
        "a d×kd and a kd×d matrix.\n提示：漏了前馈子层：ffnFactor = k 时要再乘 d×kd 和 kd×d 两个矩阵。"
      );
    return (
      "Hint: count each product with 2·a·b·c: four T×d by d×d projections (Q, K, V, " +
      "output), Q Kᵀ, A V, and the two feed-forward products.\n提示：每个矩阵乘积按 2·a·b·c 计：四个 " +
      "T×d 乘 d×d 的投影（Q、K、V、输出）、Q Kᵀ、A V，以及前馈子层的两个乘积。"
    );
  }
  if (got === want - 1)
    return "Hint: off by one: at the boundary both costs are EQUAL; the recurrent layer must be strictly cheaper.\n提示：差一：在边界上两者相等，要求严格更便宜。";
  return (
    "Hint: write both costs as functions of T, divide the inequality by T·d, and " +
    "take the smallest positive integer (at least 1).\n提示：把两边的计算量写成 T 的函数，不等式两边除以 " +
    "T·d，取最小的正整数（至少为 1）。"
  );
}

const spec: ExerciseSpec<Input> = {
  name: "transformer-threshold",
  title: { zh: "RNN 与 Transformer 块的计算量", en: "Recurrent layer versus Transformer block FLOPs" },
  order: 10,
  exports: ["recurrentLayerFlops", "attentionLayerFlops", "thresholdLength"],
  library: false,

  cases(): GradeCase<Input>[] {
    const c = caseOf<Input>;
    return [
      c("rec-example", "循环层 FLOPs：题目中的例子 (lstm, T=100, d=64)", 1, {
        fn: "recurrentLayerFlops",
        calls: [["lstm", 100, 64]],
      }),
      c("rec-kinds", "循环层 FLOPs：rnn, gru, lstm", 1, {
        fn: "recurrentLayerFlops",
        calls: [
          ["rnn", 10, 8],
          ["gru", 10, 8],
          ["lstm", 10, 8],
          ["gru", 0, 5],
        ],
      }),
      c("attn-example", "自注意力 FLOPs：题目中的例子 (T=100, d=64, 无前馈)", 1, {
        fn: "attentionLayerFlops",
        calls: [[100, 64, 0]],
      }),
      c("attn-several", "自注意力 FLOPs：多个 (T, d)，无前馈", 1, {
        fn: "attentionLayerFlops",
        calls: [
          [1, 1, 0],
          [7, 3, 0],
          [0, 16, 0],
          [1000, 512, 0],
        ],
      }),
      c("attn-ffn", "Transformer 块 FLOPs：自注意力加前馈子层 (k = 4, 1, 2)", 2, {
        fn: "attentionLayerFlops",
        calls: [
          [100, 64, 4],
          [7, 3, 1],
          [1000, 512, 2],
          [0, 16, 4],
        ],
      }),
      c("threshold-lstm", "阈值：lstm, d = 64, 无前馈", 1, { fn: "thresholdLength", calls: [["lstm", 64, 0]] }),
      c("threshold-kinds", "阈值：rnn, gru, lstm, 多个 d, 无前馈", 2, {
        fn: "thresholdLength",
        calls: [
          ["rnn", 64, 0],
          ["gru", 64, 0],
          ["gru", 1, 0],
          ["lstm", 1, 0],
          ["lstm", 10000, 0],
        ],
      }),
      c("threshold-ffn", "阈值：带前馈子层 (k = 1, 4)", 1, {
        fn: "thresholdLength",
        calls: [
          ["lstm", 64, 1],
          ["gru", 64, 1],
          ["lstm", 64, 4],
          ["rnn", 10, 4],
        ],
      }),
      c("invalid", "参数不合法时抛出错误", 1, {
        fn: "recurrentLayerFlops",
        calls: [
          ["transformer", 10, 8],
          ["rnn", -1, 8],
          ["rnn", 10, 0],
        ],
        expectErrorAbout: ["kind", "T", "d"],
      }),
      c("invalid-ffn", "ffnFactor 不合法时抛出错误", 1, {
        fn: "attentionLayerFlops",
        calls: [
          [10, 8, -1],
          [10, 8, 1.5],
        ],
        expectErrorAbout: ["ffnFactor", "ffnFactor"],
      }),
      c(
        "large-hidden",
        "大规模 (T = 10^5, d = 4096)",
        1,
        { fn: "attentionLayerFlops", calls: [[100000, 4096, 4]] },
        true,
      ),
      c(
        "threshold-hidden",
        "阈值：更多 d",
        1,
        {
          fn: "thresholdLength",
          calls: [
            ["gru", 333, 0],
            ["lstm", 2, 0],
            ["rnn", 1, 0],
            ["lstm", 333, 1],
            ["gru", 5, 4],
          ],
        },
        true,
      ),
    ];
  },

  run(mod, inp) {
    const f = getFunction(mod, inp.fn);
    return inp.calls.map((args, k) => {
      const about = inp.expectErrorAbout?.[k];
      return about === undefined
        ? asNumber(f(...args), `${inp.fn}(${args.join(", ")})`)
        : expectThrow(() => f(...args), errorAbout(inp.fn, about, args));
    });
  },

  check(actual, expected, c) {
    const inp = c.input;
    if (!Array.isArray(actual) || !Array.isArray(expected) || actual.length !== expected.length) {
      return { ok: false, message: "internal grader error: unexpected result shape" };
    }
    const msgs: string[] = [];
    let hint = "";
    inp.calls.forEach((args, k) => {
      const call = `${inp.fn}(${args.map((a) => JSON.stringify(a)).join(", ")})`;
      const about = inp.expectErrorAbout?.[k];
      const got = actual[k];
      const want = expected[k];
      if (about !== undefined) {
        const problem = checkThrow(got, call, errorAbout(inp.fn, about, args));
        if (problem !== null) {
          msgs.push(problem);
          hint ||=
            "Hint: throw an Error naming only the argument at fault and its value.\n提示：错误消息只写出出错的那个参数名和它的值。";
        }
        return;
      }
      if (got !== want) {
        msgs.push(`${call}: got ${String(got)}, expected ${String(want)}`);
        if (hint === "" && typeof got === "number" && typeof want === "number") hint = hintFor(inp.fn, args, got, want);
      }
    });
    if (msgs.length === 0) return { ok: true };
    return verdict(msgs, hint);
  },
};

export default spec;
