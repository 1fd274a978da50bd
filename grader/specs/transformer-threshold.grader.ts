/**
 * Grader of exercise 12 (transformer-threshold): FLOPs of a recurrent and a self-attention layer
 * under the stated cost model, and the threshold length T_win. Exact comparison (the counts are
 * integers far below 2^53). Each case is a list of calls to one function.
 */
import {
  asNumber,
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
  /** When set, every call must throw an Error whose message names this argument. */
  expectErrorAbout?: string[];
}

function hintFor(fn: Fn, got: number, want: number): string {
  if (want !== 0 && Math.abs(got * 2 - want) < 1e-9 * want)
    return "Hint: exactly half: a multiply-add counts as 2 FLOPs.\n提示：恰好一半：一次乘加记 2 FLOPs。";
  if (fn === "recurrentLayerFlops") {
    return "Hint: per step, each of the g units (rnn 1, gru 3, lstm 4) does W x_t and U h_{t-1}: 2·(2d²) FLOPs.\n提示：每步每个单元（rnn 1、gru 3、lstm 4 个）做 W x_t 和 U h_{t-1} 两次矩阵乘向量，共 2·(2d²) FLOPs。";
  }
  if (fn === "attentionLayerFlops") {
    return "Hint: four d×d projections (Q, K, V, output): 8·T·d²; plus Q Kᵀ and A V, 2·T²·d each.\n提示：四个 d×d 投影（Q、K、V、输出）共 8·T·d²；再加 Q Kᵀ 和 A V，各 2·T²·d。";
  }
  if (got === want - 1)
    return "Hint: off by one: at T = (g - 2)·d both costs are EQUAL; the recurrent layer must be strictly cheaper.\n提示：差一：T = (g - 2)·d 时两者相等，要求严格更便宜。";
  return "Hint: solve 4·g·T·d² < 8·T·d² + 4·T²·d for T (divide by 4·T·d) and take the smallest positive integer.\n提示：解不等式 4·g·T·d² < 8·T·d² + 4·T²·d（两边除以 4·T·d），取最小的正整数。";
}

const spec: ExerciseSpec<Input> = {
  name: "transformer-threshold",
  title: { zh: "RNN 与自注意力的计算量", en: "Recurrent versus self-attention FLOPs" },
  order: 12,
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
      c("attn-example", "自注意力 FLOPs：题目中的例子 (T=100, d=64)", 1, {
        fn: "attentionLayerFlops",
        calls: [[100, 64]],
      }),
      c("attn-several", "自注意力 FLOPs：多个 (T, d)", 1, {
        fn: "attentionLayerFlops",
        calls: [
          [1, 1],
          [7, 3],
          [0, 16],
          [1000, 512],
        ],
      }),
      c("threshold-lstm", "阈值：lstm, d = 64", 1, { fn: "thresholdLength", calls: [["lstm", 64]] }),
      c("threshold-kinds", "阈值：rnn, gru, lstm, 多个 d", 2, {
        fn: "thresholdLength",
        calls: [
          ["rnn", 64],
          ["gru", 64],
          ["gru", 1],
          ["lstm", 1],
          ["lstm", 10000],
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
      c("large-hidden", "大规模 (T = 10^5, d = 4096)", 1, { fn: "attentionLayerFlops", calls: [[100000, 4096]] }, true),
      c(
        "threshold-hidden",
        "阈值：更多 d",
        1,
        {
          fn: "thresholdLength",
          calls: [
            ["gru", 333],
            ["lstm", 2],
            ["rnn", 1],
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
        : expectThrow(() => f(...args), [about]);
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
        const g = got as { threw?: boolean; named?: boolean; message?: string };
        if (g.threw !== true) msgs.push(`${call} returned normally; it must throw an Error naming "${about}".`);
        else if (g.named !== true)
          msgs.push(`${call} threw, but the message does not name "${about}": "${g.message ?? ""}".`);
        return;
      }
      if (got !== want) {
        msgs.push(`${call}: got ${String(got)}, expected ${String(want)}`);
        if (hint === "" && typeof got === "number" && typeof want === "number") hint = hintFor(inp.fn, got, want);
      }
    });
    if (msgs.length === 0) return { ok: true };
    return verdict(msgs, hint);
  },
};

export default spec;
