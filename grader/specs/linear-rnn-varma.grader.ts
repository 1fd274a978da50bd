/**
 * Grader of exercise 13 (linear-rnn-varma): characteristic polynomial, VARMA coefficients of a
 * linear RNN, the VARMA recursion, and the round trip (the learner's VARMA of the learner's
 * coefficients must reproduce the linear RNN's outputs).
 */
import {
  asMatrix,
  asMatrixList,
  asVector,
  caseOf,
  CaseRng,
  compareMatrix,
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

type Input =
  | { fn: "characteristicPolynomial"; A: number[][] }
  | { fn: "varmaFromLinearRnn"; Wh: number[][]; Wx: number[][]; Wy: number[][] }
  | { fn: "simulateVarma"; ar: number[][][]; ma: number[][][]; xs: number[][] }
  | { fn: "roundTrip"; Wh: number[][]; Wx: number[][]; Wy: number[][]; xs: number[][] };

/** Outputs of the linear RNN itself (the grader's own check of the round trip). */
function linearRnnOutputs(Wh: number[][], Wx: number[][], Wy: number[][], xs: number[][]): number[][] {
  let h = Wh.map(() => 0);
  return xs.map((x) => {
    h = Wh.map((row, i) => row.reduce((s, a, j) => s + a * h[j], 0) + Wx[i].reduce((s, b, j) => s + b * x[j], 0));
    return Wy.map((row) => row.reduce((s, c, j) => s + c * h[j], 0));
  });
}

const HINTS: Record<string, string> = {
  "charpoly-2x2":
    "Hint: for a 2×2 matrix, det(λI - A) = λ² - tr(A)·λ + det(A): c_1 = -tr(A), c_2 " +
    "= det(A).\n提示：2×2 矩阵的特征多项式为 λ² - tr(A)λ + det(A)：c_1 = -tr(A)，c_2 = det(A)。",
  "charpoly-triangular":
    "Hint: A is triangular with eigenvalues 0.5, -0.2, 0.9: det(λI - A) = (λ - 0.5)(λ + 0.2)(λ - 0.9).\n提示：A 是三角矩阵，特征值为 0.5、-0.2、0.9。",
  "charpoly-nilpotent": "Hint: A² = 0, so det(λI - A) = λ²: c = [0, 0].\n提示：A² = 0，特征多项式为 λ²，c = [0, 0]。",
  "simulate-pure-ma":
    "Hint: no AR part: y_t = Σ_j Θ_j x_{t-j}, with x_{t-j} = 0 before the start.\n提示：没有 AR 部分：y_t = Σ_j Θ_j x_{t-j}，开始之前的 x 视为 0。",
  "simulate-single-step":
    "Hint: T = 1: y_1 = Θ_0 x_1 (all past terms are zero).\n提示：T = 1 时 y_1 = Θ_0 x_1（过去的项都为零）。",
};

function varmaMessages(actual: Value, expected: Value): (string | null)[] {
  const msgs: (string | null)[] = [];
  for (const key of ["ar", "ma"]) {
    const a = field(actual, key);
    const e = field(expected, key);
    if (!Array.isArray(a) || !Array.isArray(e)) {
      msgs.push(`${key} is missing`);
      continue;
    }
    if (a.length !== e.length) {
      msgs.push(
        `${key} holds ${a.length} matrices, expected ${e.length} (${key === "ar" ? "Φ_1 … Φ_d" : "Θ_0 … Θ_{d-1}"})`,
      );
      continue;
    }
    for (let k = 0; k < e.length; k++) {
      const m = compareMatrix(`${key}[${k}]`, a[k], e[k], TIGHT);
      if (m !== null) {
        msgs.push(m);
        break;
      }
    }
  }
  return msgs;
}

const spec: ExerciseSpec<Input> = {
  name: "linear-rnn-varma",
  title: { zh: "线性 RNN 与 VARMA 模型", en: "Linear RNN as a VARMA model" },
  order: 13,
  exports: ["characteristicPolynomial", "varmaFromLinearRnn", "simulateVarma"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(1313);
    const c = caseOf<Input>;
    const rnn = (d: number, m: number, p: number) => ({
      Wh: rng.matrix(d, d, 0.4),
      Wx: rng.matrix(d, m),
      Wy: rng.matrix(p, d),
    });
    return [
      c("charpoly-1x1", "特征多项式：1×1", 1, { fn: "characteristicPolynomial", A: [[0.7]] }),
      c("charpoly-2x2", "特征多项式：题目中的例子 [[1, 2], [3, 4]]", 1, {
        fn: "characteristicPolynomial",
        A: [
          [1, 2],
          [3, 4],
        ],
      }),
      c("charpoly-triangular", "特征多项式：三角矩阵 (known eigenvalues)", 1, {
        fn: "characteristicPolynomial",
        A: [
          [0.5, 1, -2],
          [0, -0.2, 3],
          [0, 0, 0.9],
        ],
      }),
      c("charpoly-nilpotent", "特征多项式：幂零矩阵 [[0, 1], [0, 0]]", 1, {
        fn: "characteristicPolynomial",
        A: [
          [0, 1],
          [0, 0],
        ],
      }),
      c("varma-scalar", "VARMA 系数：题目中的例子 (d = m = p = 1)", 1, {
        fn: "varmaFromLinearRnn",
        Wh: [[0.5]],
        Wx: [[2]],
        Wy: [[3]],
      }),
      c("varma-2", "VARMA 系数：d = 2, m = 1, p = 1", 1, { fn: "varmaFromLinearRnn", ...rnn(2, 1, 1) }),
      c("varma-3", "VARMA 系数：d = 3, m = 2, p = 2", 2, { fn: "varmaFromLinearRnn", ...rnn(3, 2, 2) }),
      c("simulate-single-step", "VARMA 递推：T = 1", 1, {
        fn: "simulateVarma",
        ar: [[[0.5]]],
        ma: [[[2]], [[1]]],
        xs: [[3]],
      }),
      c("simulate-pure-ma", "VARMA 递推：纯 MA (ar = [])", 1, {
        fn: "simulateVarma",
        ar: [],
        ma: [rng.matrix(2, 3), rng.matrix(2, 3)],
        xs: rng.matrix(5, 3),
      }),
      c("simulate-random", "VARMA 递推：p = 2, m = 1, T = 8", 1, {
        fn: "simulateVarma",
        ar: [rng.matrix(2, 2, 0.3), rng.matrix(2, 2, 0.3)],
        ma: [rng.matrix(2, 1), rng.matrix(2, 1), rng.matrix(2, 1)],
        xs: rng.matrix(8, 1),
      }),
      c("round-trip", "往返：VARMA 输出 = 线性 RNN 输出 (d = 3, T = 20)", 2, {
        fn: "roundTrip",
        ...rnn(3, 2, 2),
        xs: rng.matrix(20, 2),
      }),
      c("charpoly-hidden", "特征多项式：随机 5×5", 1, { fn: "characteristicPolynomial", A: rng.matrix(5, 5) }, true),
      c(
        "round-trip-hidden",
        "往返：d = 4, m = 2, p = 3, T = 30",
        2,
        { fn: "roundTrip", ...rnn(4, 2, 3), xs: rng.matrix(30, 2) },
        true,
      ),
    ];
  },

  run(mod, inp) {
    switch (inp.fn) {
      case "characteristicPolynomial":
        return asVector(getFunction(mod, inp.fn)(copy(inp.A)), "characteristicPolynomial(A)");
      case "varmaFromLinearRnn": {
        const out = getFunction(mod, inp.fn)(copy(inp.Wh), copy(inp.Wx), copy(inp.Wy));
        return {
          ar: asMatrixList(readField(out, "ar", inp.fn), "ar"),
          ma: asMatrixList(readField(out, "ma", inp.fn), "ma"),
        };
      }
      case "simulateVarma":
        return asMatrix(getFunction(mod, inp.fn)(copy(inp.ar), copy(inp.ma), copy(inp.xs)), "simulateVarma(...)");
      case "roundTrip": {
        const out = getFunction(mod, "varmaFromLinearRnn")(copy(inp.Wh), copy(inp.Wx), copy(inp.Wy));
        const ar = asMatrixList(readField(out, "ar", "varmaFromLinearRnn"), "ar").map((m) =>
          m.map((r) => Array.from(r)),
        );
        const ma = asMatrixList(readField(out, "ma", "varmaFromLinearRnn"), "ma").map((m) =>
          m.map((r) => Array.from(r)),
        );
        return asMatrix(
          getFunction(mod, "simulateVarma")(ar, ma, copy(inp.xs)),
          "simulateVarma(varmaFromLinearRnn(...), xs)",
        );
      }
    }
  },

  check(actual, expected, c) {
    const inp = c.input;
    let msgs: (string | null)[];
    let hint = HINTS[c.id] ?? "";
    switch (inp.fn) {
      case "characteristicPolynomial": {
        msgs = [compareVector("c", actual, expected, TIGHT)];
        if (
          actual instanceof Float64Array &&
          expected instanceof Float64Array &&
          actual.length === expected.length &&
          actual.length > 0
        ) {
          const negated = Float64Array.from(actual, (v) => -v);
          if (compareVector("c", negated, expected, TIGHT) === null) {
            hint =
              "Hint: all your coefficients have the wrong sign: det(λI - A) = λ^d + c_1 " +
              "λ^{d-1} + …, so c_1 = -tr(A).\n提示：所有系数的符号都反了：c_1 = -tr(A)。";
          }
        }
        break;
      }
      case "varmaFromLinearRnn":
        msgs = varmaMessages(actual, expected);
        if (msgs.some((m) => m !== null && m.startsWith("ar"))) {
          hint +=
            (hint ? "\n" : "") +
            "Hint: Φ_i = -c_i · I_p (note the minus sign: move the c_i y_{t-i} terms to the " +
            "right-hand side).\n提示：Φ_i = -c_i · I_p（注意负号：把 c_i y_{t-i} 移到等式右边）。";
        } else {
          hint +=
            (hint ? "\n" : "") +
            "Hint: Θ_j = Σ_{i=0}^{j} c_i C A^{j-i} B with c_0 = 1: not only the Markov " +
            "parameter C A^j B.\n提示：Θ_j = Σ_{i=0}^{j} c_i C A^{j-i} B（c_0 = 1），不只是 C A^j B。";
        }
        break;
      case "simulateVarma":
      case "roundTrip": {
        msgs = [compareMatrix("y", actual, expected, TIGHT)];
        if (inp.fn === "roundTrip") {
          // The reference must reproduce the linear RNN; report if the grader's own check fails.
          const direct = linearRnnOutputs(inp.Wh, inp.Wx, inp.Wy, inp.xs);
          if (
            compareMatrix(
              "y",
              direct.map((r) => Float64Array.from(r)),
              expected,
              TIGHT,
            ) !== null
          )
            msgs.push("internal grader error: reference round trip differs from the linear RNN");
          hint +=
            (hint ? "\n" : "") +
            "Hint: check varmaFromLinearRnn and simulateVarma on their own cases first.\n提示：先分别通过 varmaFromLinearRnn 和 simulateVarma 的用例。";
        } else {
          hint +=
            (hint ? "\n" : "") +
            "Hint: y_t uses x_t itself through Θ_0 (j = 0), and y_{t-1}, y_{t-2}, … through " +
            "Φ_1, Φ_2, ….\n提示：y_t 通过 Θ_0 用到 x_t 本身（j = 0），通过 Φ_1、Φ_2… 用到 y_{t-1}、y_{t-2}…。";
        }
        break;
      }
    }
    return verdict(msgs, hint);
  },
};

export default spec;
