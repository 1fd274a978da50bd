/**
 * Grader of exercise 6 (time-constant): τ = -Δt / ln f⋆, its inverse, and steps to decay.
 * Each case is a list of calls to one function; the first differing call is reported with its
 * arguments. stepsToDecay cases avoid f⋆^n within 1e-6 of the fraction, so rounding cannot matter.
 */
import {
  asNumber,
  caseOf,
  type ExerciseSpec,
  checkThrow,
  expectThrow,
  type ErrorExpectation,
  formatNumber,
  getFunction,
  type GradeCase,
  type Value,
  verdict,
} from "../kit";

type Fn = "timeConstant" | "forgetForTimeConstant" | "stepsToDecay";

interface Input {
  fn: Fn;
  /** Argument pairs, one call each. */
  calls: [number, number][];
  /** When set, every call must throw an Error whose message names this argument. */
  expectErrorAbout?: string[];
}

const TOL = { rtol: 1e-9, atol: 0 };

function stepsCall(forget: number, fraction: number): [number, number] {
  const ratio = Math.log(fraction) / Math.log(forget);
  if (Math.abs(ratio - Math.round(ratio)) < 1e-6)
    throw new Error(`time-constant grader: ambiguous case (${forget}, ${fraction})`);
  return [forget, fraction];
}

const HINTS: Record<string, string> = {
  "tau-example":
    "Hint: τ = -Δt / ln(f⋆) with the natural logarithm (Math.log, not Math.log10); τ is positive because ln f⋆ < 0.\n" +
    "提示：τ = -Δt / ln(f⋆)，用自然对数 Math.log（不是 Math.log10）；因为 ln f⋆ < 0，τ 为正。",
  "tau-several":
    "Hint: use the exact formula τ = -Δt / ln f⋆, not the approximation Δt / (1 - f⋆) (it is only close when f⋆ ≈ 1).\n" +
    "提示：用精确公式 τ = -Δt / ln f⋆，而不是近似 Δt / (1 - f⋆)（只在 f⋆ ≈ 1 时接近）。",
  "tau-one":
    "Hint: f⋆ = 1 means no decay: return +Infinity (-Δt / 0 is -Infinity in " +
    "JavaScript).\n提示：f⋆ = 1 表示不衰减，返回 +Infinity（JavaScript 中 -Δt/0 是 -Infinity）。",
  "steps-several":
    "Hint: the smallest n with f⋆^n ≤ fraction is ⌈ln(fraction) / ln(f⋆)⌉ (round up: " +
    "Math.ceil).\n提示：满足 f⋆^n ≤ fraction 的最小 n 是 ⌈ln(fraction)/ln(f⋆)⌉（向上取整 " +
    "Math.ceil）。",
  "steps-edge":
    "Hint: fraction ≥ 1 → 0 steps; f⋆ = 1 and fraction < 1 → Infinity.\n提示：fraction ≥ 1 时为 0 步；f⋆ = 1 且 fraction < 1 时为 Infinity。",
};

/** Argument names of each function, in order. */
const ARGUMENTS: Record<string, readonly string[]> = {
  timeConstant: ["forget", "dt"],
  forgetForTimeConstant: ["tau", "dt"],
  stepsToDecay: ["forget", "fraction"],
};

/** A clear error for argument `about` of `fn` names it, shows its value and names no other argument. */
function errorAbout(fn: string, about: string, args: number[]): ErrorExpectation {
  const names = ARGUMENTS[fn];
  return { argument: about, shows: [String(args[names.indexOf(about)])], others: names.filter((n) => n !== about) };
}

const spec: ExerciseSpec<Input> = {
  name: "time-constant",
  title: { zh: "遗忘门与时间常数", en: "Forget gate and time constant" },
  order: 6,
  exports: ["timeConstant", "forgetForTimeConstant", "stepsToDecay"],
  library: false,

  cases(): GradeCase<Input>[] {
    const c = caseOf<Input>;
    return [
      c("tau-example", "题目中的例子：f⋆ = 0.95, Δt = 0.02 s", 1, { fn: "timeConstant", calls: [[0.95, 0.02]] }),
      c("tau-several", "多个 f⋆ 与 Δt (several values)", 1, {
        fn: "timeConstant",
        calls: [
          [0.5, 1],
          [0.9, 1],
          [0.99, 0.001],
          [0.999, 0.01],
          [1e-6, 1],
        ],
      }),
      c("tau-one", "f⋆ = 1 (τ = Infinity)", 1, { fn: "timeConstant", calls: [[1, 0.1]] }),
      c("forget-inverse", "由 τ 求 f⋆ (inverse)", 1, {
        fn: "forgetForTimeConstant",
        calls: [
          [0.389915, 0.02],
          [1, 1],
          [100, 0.5],
          [0.01, 1],
          [Infinity, 0.1],
        ],
      }),
      c("steps-half", "题目中的例子：半衰步数 (f⋆ = 0.95, fraction = 0.5)", 1, {
        fn: "stepsToDecay",
        calls: [stepsCall(0.95, 0.5)],
      }),
      c("steps-several", "多个衰减步数 (several values)", 1, {
        fn: "stepsToDecay",
        calls: [stepsCall(0.9, 0.1), stepsCall(0.99, Math.exp(-1)), stepsCall(0.5, 0.01), stepsCall(0.999, 0.5)],
      }),
      c("steps-edge", "边界：fraction ≥ 1, f⋆ = 1, f⋆ 很小", 1, {
        fn: "stepsToDecay",
        calls: [[0.9, 1], [0.9, 2], [1, 0.5], stepsCall(1e-9, 0.5)],
      }),
      c("invalid-forget", "f⋆ ∉ (0, 1] 时抛出错误", 1, {
        fn: "timeConstant",
        calls: [
          [1.2, 0.1],
          [0, 0.1],
          [-0.5, 0.1],
        ],
        expectErrorAbout: ["forget", "forget", "forget"],
      }),
      c("invalid-others", "dt、tau、fraction 不是正数时抛出错误", 1, {
        fn: "forgetForTimeConstant",
        calls: [
          [-1, 0.1],
          [1, 0],
        ],
        expectErrorAbout: ["tau", "dt"],
      }),
      c(
        "tau-hidden",
        "更多 f⋆ (more values)",
        1,
        {
          fn: "timeConstant",
          calls: [
            [0.3, 0.5],
            [0.9999, 0.02],
            [0.75, 3],
          ],
        },
        true,
      ),
      c(
        "steps-hidden",
        "更多衰减步数 (more values)",
        1,
        { fn: "stepsToDecay", calls: [stepsCall(0.97, 0.05), stepsCall(0.8, 0.3), stepsCall(0.6, 1e-6)] },
        true,
      ),
      c(
        "invalid-fraction-hidden",
        "fraction ≤ 0 时抛出错误",
        1,
        {
          fn: "stepsToDecay",
          calls: [
            [0.9, 0],
            [0.9, -0.5],
          ],
          expectErrorAbout: ["fraction", "fraction"],
        },
        true,
      ),
    ];
  },

  run(mod, inp) {
    const f = getFunction(mod, inp.fn);
    return inp.calls.map(([a, b], k) => {
      const about = inp.expectErrorAbout?.[k];
      return about === undefined
        ? asNumber(f(a, b), `${inp.fn}(${a}, ${b})`)
        : expectThrow(() => f(a, b), errorAbout(inp.fn, about, [a, b]));
    });
  },

  check(actual, expected, c) {
    const inp = c.input;
    if (!Array.isArray(actual) || !Array.isArray(expected) || actual.length !== expected.length) {
      return { ok: false, message: "internal grader error: unexpected result shape" };
    }
    const msgs: string[] = [];
    for (let k = 0; k < inp.calls.length; k++) {
      const [a, b] = inp.calls[k];
      const call = `${inp.fn}(${formatNumber(a)}, ${formatNumber(b)})`;
      const about = inp.expectErrorAbout?.[k];
      const got = actual[k];
      const want = expected[k];
      if (about !== undefined) {
        const problem = checkThrow(got, call, errorAbout(inp.fn, about, [a, b]));
        if (problem !== null) msgs.push(problem);
        continue;
      }
      if (typeof got !== "number" || typeof want !== "number") {
        msgs.push(`${call}: not a number`);
        continue;
      }
      const ok = Number.isFinite(want) ? Math.abs(got - want) <= TOL.atol + TOL.rtol * Math.abs(want) : got === want;
      if (!ok) msgs.push(`${call}: got ${formatNumber(got)}, expected ${formatNumber(want)}`);
    }
    if (msgs.length === 0) return { ok: true };
    const hints: string[] = [];
    if (inp.expectErrorAbout)
      hints.push(
        "提示：参数不合法时 throw new Error(...)，消息只写出出错的那个参数名（forget、dt、tau 或 " +
          "fraction）和它的值。\nHint: throw an Error naming only the argument at fault and its " +
          "value.",
      );
    if (HINTS[c.id]) hints.push(HINTS[c.id]);
    return verdict(msgs, ...hints);
  },
};

export default spec;
