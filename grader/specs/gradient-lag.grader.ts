/**
 * Grader of exercise 4 (gradient-lag): ‖∂h_T/∂h_{T-ℓ}‖_F for ℓ = 0 … T.
 * The statement's scalar examples (0.5^30 vanishing, 1.5^20 exploding) come first; then inputs that
 * make D_j differ from step to step, so that the order of the product and the step whose derivative
 * is used both matter.
 */
import {
  asVector,
  CaseRng,
  compareVector,
  copy,
  type ExerciseSpec,
  getFunction,
  type GradeCase,
  type Tolerance,
  type Value,
  verdict,
} from "../kit";
import { randomSequence, sequenceInput, type SequenceInput } from "./rnn-inputs";

type Input = SequenceInput;

/** Relative tolerance only: vanishing norms reach 1e-10 and must still be compared meaningfully. */
const TOL: Tolerance = { rtol: 1e-6, atol: 1e-300 };

const input = sequenceInput;

function random(rng: CaseRng, d: number, m: number, T: number, scale = 0.7): Input {
  return randomSequence(rng, d, m, T, scale);
}

function zeros(T: number, m: number): number[][] {
  return Array.from({ length: T }, () => new Array<number>(m).fill(0));
}

const HINTS: Record<string, string> = {
  vanishing:
    "Hint: the state stays at 0, so tanh' = 1 and ∂h_T/∂h_{T-ℓ} = 0.5^ℓ exactly.\n提示：状态一直为 0，tanh' = 1，滞后 ℓ 的雅可比恰为 0.5^ℓ。",
  exploding:
    "Hint: the state stays at 0, so tanh' = 1 and ∂h_T/∂h_{T-ℓ} = 1.5^ℓ exactly.\n提示：状态一直为 0，tanh' = 1，滞后 ℓ 的雅可比恰为 1.5^ℓ。",
  empty: "Hint: T = 0: only lag 0, J_0 = I, and ‖I‖_F = √d.\n提示：T = 0 时只有滞后 0：J_0 = I，‖I‖_F = √d。",
};

function diagnose(actual: Value, expected: Value): string {
  const a = actual instanceof Float64Array ? actual : null;
  const e = expected instanceof Float64Array ? expected : null;
  if (!a || !e) return "";
  if (a.length === e.length - 1)
    return "Hint: return T + 1 numbers: lag 0 (the identity, norm √d) up to lag T.\n提示：应返回 T + 1 个数：从滞后 0（单位阵，范数 √d）到滞后 T。";
  if (a.length !== e.length) return "";
  if (Math.abs(a[0] - e[0]) > 1e-9 * e[0]) return "Hint: norms[0] = ‖I‖_F = √d.\n提示：norms[0] = ‖I‖_F = √d。";
  if (e.length > 1 && Math.abs(a[1] - e[1]) > 1e-6 * e[1]) {
    return (
      "Hint: lag 1 is wrong: J_1 = diag(1 - h_T²) W_h, with the derivative of the LAST " +
      "step T (the pre-activation a_T = W_h h_{T-1} + W_x x_T + b).\n" +
      "提示：滞后 1 就错了：J_1 = diag(1 - h_T²) W_h，导数取最后一步 T 的（预激活 a_T = W_h h_{T-1} + W_x x_T + b）。"
    );
  }
  if (e.length > 2) {
    return (
      "Hint: lag 1 is right but a later lag is not: J_ℓ = J_{ℓ-1} · D_{T-ℓ+1} W_h (multiply on the right; each step uses its own D_j).\n" +
      "提示：滞后 1 正确但之后出错：J_ℓ = J_{ℓ-1} · D_{T-ℓ+1} W_h（右乘；每一步用它自己的 D_j）。"
    );
  }
  return "";
}

const spec: ExerciseSpec<Input> = {
  name: "gradient-lag",
  title: { zh: "梯度随时间滞后的衰减", en: "Gradient norm versus time lag" },
  order: 4,
  exports: ["jacobianNormsByLag"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(404);
    return [
      {
        id: "vanishing",
        title: "题目中的例子：W = 0.5, T = 30 (梯度消失)",
        points: 1,
        input: input([[0.5]], [[0]], [0], [0], zeros(30, 1)),
      },
      {
        id: "exploding",
        title: "题目中的例子：W = 1.5, T = 20 (梯度爆炸)",
        points: 1,
        input: input([[1.5]], [[0]], [0], [0], zeros(20, 1)),
      },
      {
        id: "empty",
        title: "空序列 (T = 0), d = 3",
        points: 1,
        input: input(
          [
            [0.5, 0, 0],
            [0, 0.5, 0],
            [0, 0, 0.5],
          ],
          [[1], [1], [1]],
          [0, 0, 0],
          [0.1, 0.2, 0.3],
          [],
        ),
      },
      {
        id: "length-1",
        title: "一步 (T = 1), d = 2",
        points: 1,
        input: input(
          [
            [0.9, -0.4],
            [0.3, 0.8],
          ],
          [[1], [-1]],
          [0.2, 0],
          [0.5, -0.5],
          [[0.7]],
        ),
      },
      {
        id: "varying-derivative",
        title: "导数逐步变化 (inputs drive the state), d=2, T=6",
        points: 2,
        input: input(
          [
            [1.1, -0.6],
            [0.5, 0.9],
          ],
          [
            [1.5, 0],
            [0, -1.5],
          ],
          [0.1, -0.1],
          [0, 0],
          [
            [1, 0],
            [-1, 0.5],
            [0.2, 1],
            [2, -2],
            [0, 0],
            [0.5, 0.5],
          ],
        ),
      },
      {
        id: "saturated",
        title: "饱和 (large weights), d=2, T=10",
        points: 1,
        input: input(
          [
            [3, -2],
            [2, 3],
          ],
          [[4], [-4]],
          [1, -1],
          [0.5, -0.5],
          [[1], [-1], [1], [-1], [1], [-1], [1], [-1], [1], [-1]],
        ),
      },
      { id: "random-1", title: "随机 (random) d=3, m=2, T=8", points: 1, input: random(rng, 3, 2, 8) },
      {
        id: "random-hidden-1",
        title: "随机 (random) d=4, m=2, T=15",
        points: 1,
        hidden: true,
        input: random(rng, 4, 2, 15),
      },
      {
        id: "random-hidden-2",
        title: "随机 (random) d=6, m=3, T=40",
        points: 1,
        hidden: true,
        input: random(rng, 6, 3, 40, 0.9),
      },
    ];
  },

  run(mod, inp) {
    const f = getFunction(mod, "jacobianNormsByLag");
    return asVector(f(copy(inp.params), copy(inp.h0), copy(inp.xs)), "jacobianNormsByLag(...)");
  },

  check(actual, expected, c) {
    const msg = compareVector("norms", actual, expected, TOL);
    return verdict([msg], diagnose(actual, expected), HINTS[c.id]);
  },
};

export default spec;
