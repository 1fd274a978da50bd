/**
 * Grader of exercise 3 (clip-grad-norm): global-norm clipping of several gradient arrays.
 * Cases tell global from per-array clipping, check the no-clip branch, zero and empty gradients,
 * overflow-safe norms, invalid maxNorm, and that the input arrays are left untouched.
 */
import {
  asMatrix,
  asNumber,
  CaseRng,
  compareMatrix,
  compareNumber,
  copy,
  type ExerciseSpec,
  checkThrow,
  expectThrow,
  type ErrorExpectation,
  field,
  getFunction,
  type GradeCase,
  readField,
  round4,
  TIGHT,
  type Tolerance,
  type Value,
  verdict,
} from "../kit";

interface Input {
  grads: number[][];
  maxNorm: number;
  /** The case checks that an invalid maxNorm is rejected. */
  expectError?: boolean;
}

/** The norm is compared relatively (it spans 1e-200 … 1e200). */
const NORM_TOL: Tolerance = { rtol: 1e-6, atol: 0 };

const HINTS: Record<string, string> = {
  "global-not-per-array":
    "Hint: one array alone has norm 5 > maxNorm, the other 0.1 < maxNorm. Clipping " +
    "is global: one norm over ALL entries, one common factor for all arrays.\n" +
    "提示：全局裁剪只有一个范数（所有数组的所有元素）和一个共同的系数，不要逐个数组裁剪。",
  "no-clip":
    "Hint: the norm is below maxNorm: return the values unchanged (as new arrays).\n提示：范数小于 maxNorm 时不裁剪，原样返回（新的数组）。",
  zeros:
    "Hint: all gradients are zero: norm 0, nothing to clip, and no 0/0 = NaN.\n提示：梯度全为零：范数为 0，不裁剪，也不要出现 0/0 = NaN。",
  "empty-list": "Hint: no arrays at all: clipped = [], norm = 0.\n提示：没有任何数组：clipped = []，norm = 0。",
  huge:
    "Hint: squaring 1e200 overflows to Infinity. Divide by the largest |g_i| before " +
    "squaring, then multiply the root back (or use Math.hypot).\n" +
    "提示：1e200 的平方会溢出为 Infinity。先除以最大的 |g_i| 再平方求和、开方后乘回去（或用 Math.hypot）。",
  // BEGIN HIDDEN
  tiny: "Hint: squaring 1e-200 underflows to 0. Divide by the largest |g_i| before squaring.\n提示：1e-200 的平方会下溢为 0。先除以最大的 |g_i| 再平方。",
  // END HIDDEN
};

/** A clear error for a bad maxNorm names maxNorm and its value, not grads. */
function maxNormError(maxNorm: number): ErrorExpectation {
  return { argument: "maxNorm", shows: [String(maxNorm)], others: ["grads"] };
}

const spec: ExerciseSpec<Input> = {
  name: "clip-grad-norm",
  title: { zh: "按全局范数裁剪梯度", en: "Global-norm gradient clipping" },
  order: 3,
  exports: ["clipGradNorm"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(505);
    const randomGrads = (k: number, scale: number): number[][] =>
      Array.from({ length: k }, () => rng.vector(rng.int(1, 6), scale));
    return [
      {
        id: "worked-clip",
        title: "题目中的例子：需要裁剪 (norm 5 > 1)",
        points: 1,
        input: {
          grads: [
            [3, 0],
            [0, 4],
          ],
          maxNorm: 1,
        },
      },
      { id: "no-clip", title: "不需要裁剪 (norm 0.5 < 1)", points: 1, input: { grads: [[0.3], [0.4]], maxNorm: 1 } },
      {
        id: "global-not-per-array",
        title: "全局而非逐数组 (one big, one small array)",
        points: 2,
        input: { grads: [[3, 4], [0.1]], maxNorm: 1 },
      },
      { id: "zeros", title: "全零梯度 (all zeros)", points: 1, input: { grads: [[0, 0], [0]], maxNorm: 1 } },
      { id: "empty-list", title: "空列表 (no arrays)", points: 1, input: { grads: [], maxNorm: 1 } },
      {
        id: "empty-arrays",
        title: "含空数组 (some arrays empty)",
        points: 1,
        input: { grads: [[], [3, 4], []], maxNorm: 2.5 },
      },
      {
        id: "random-1",
        title: "随机 (random) 4 arrays, norm ≫ maxNorm",
        points: 1,
        input: { grads: randomGrads(4, 10), maxNorm: 5 },
      },
      {
        id: "invalid-max-norm",
        title: "maxNorm ≤ 0 时抛出错误 (throws)",
        points: 1,
        input: { grads: [[1, 2]], maxNorm: -1, expectError: true },
      },
      {
        id: "huge",
        title: "很大的元素 (1e200, no overflow)",
        points: 1,
        input: { grads: [[1e200, -1e200], [1e200]], maxNorm: 1 },
      },
      {
        id: "tiny",
        title: "很小的元素 (1e-200, no underflow)",
        points: 1,
        hidden: true,
        input: { grads: [[1e-200, 1e-200], [-1e-200]], maxNorm: 1 },
      },
      {
        id: "random-hidden",
        title: "随机 (random) 6 arrays",
        points: 1,
        hidden: true,
        input: { grads: randomGrads(6, 3), maxNorm: round4(rng.uniform(1, 4)) },
      },
      {
        id: "invalid-nan",
        title: "maxNorm = NaN 时抛出错误 (throws)",
        points: 1,
        hidden: true,
        input: { grads: [[1]], maxNorm: NaN, expectError: true },
      },
    ];
  },

  run(mod, inp) {
    const clipGradNorm = getFunction(mod, "clipGradNorm");
    const grads = copy(inp.grads);
    if (inp.expectError) return expectThrow(() => clipGradNorm(grads, inp.maxNorm), maxNormError(inp.maxNorm));
    const out = clipGradNorm(grads, inp.maxNorm);
    const clipped = asMatrix(readField(out, "clipped", "clipGradNorm"), "clipped");
    const norm = asNumber(readField(out, "norm", "clipGradNorm"), "norm");
    // The learner's arrays may alias `grads`: compare the arguments with the original input.
    const mutated = JSON.stringify(grads) !== JSON.stringify(inp.grads) || grads.length !== inp.grads.length;
    return { clipped, norm, mutated };
  },

  check(actual, expected, c) {
    const inp = c.input;
    if (inp.expectError) {
      const problem = checkThrow(actual, `clipGradNorm(grads, ${inp.maxNorm})`, maxNormError(inp.maxNorm));
      if (problem === null) return { ok: true };
      return verdict(
        [problem],
        `提示：maxNorm 不是正数时 throw new Error(...)，消息写出 maxNorm 和它的值，例如 "clipGradNorm: ` +
          `maxNorm must be a positive number, got ${inp.maxNorm}"。\n` +
          "Hint: throw an Error naming maxNorm and its value (and not grads).",
      );
    }
    const msgs = [
      compareNumber("norm", field(actual, "norm"), field(expected, "norm"), NORM_TOL),
      compareMatrix("clipped", field(actual, "clipped"), field(expected, "clipped"), TIGHT),
      field(actual, "mutated") === true
        ? "clipGradNorm modified its argument `grads`: return new arrays and leave the input as it was."
        : null,
    ];
    const hints: string[] = [];
    const an = field(actual, "norm");
    const en = field(expected, "norm");
    if (
      typeof an === "number" &&
      typeof en === "number" &&
      en * en > 0 &&
      Number.isFinite(en * en) &&
      Math.abs(an - en * en) <= 1e-6 * en * en &&
      Math.abs(en - 1) > 1e-3
    ) {
      hints.push(
        "Hint: your norm is the squared norm: take the square root.\n提示：你的 norm 是范数的平方，别忘了开方。",
      );
    }
    if (
      typeof an === "number" &&
      typeof en === "number" &&
      en > inp.maxNorm &&
      Math.abs(an - inp.maxNorm) <= 1e-6 * inp.maxNorm
    ) {
      hints.push("Hint: norm must be the norm BEFORE clipping.\n提示：norm 应是裁剪之前的范数。");
    }
    if (field(actual, "mutated") === true)
      hints.push("提示：不要原地修改 grads，返回新数组（例如 g.map(v => v * scale)）。");
    // Overflow and underflow hints fit only a norm that overflowed (non-finite) or underflowed (0);
    // a mutated argument is explained by its own hint.
    const overflowed = typeof an !== "number" || !Number.isFinite(an) || an === 0;
    const extreme = c.input.grads.some((g) => g.some((v) => v !== 0 && (Math.abs(v) > 1e150 || Math.abs(v) < 1e-150)));
    const fits = field(actual, "mutated") !== true && (extreme ? overflowed : true);
    if (HINTS[c.id] && fits) hints.push(HINTS[c.id]);
    return verdict(msgs, ...hints);
  },
};

export default spec;
