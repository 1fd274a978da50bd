/**
 * Grader of exercise 18 (inverted-dropout): forward with a seeded mask (the grader supplies the
 * uniform draws, so masks are exact), inference mode, the backward pass, and an invalid p.
 */
import {
  asMatrix,
  CaseRng,
  checkThrow,
  compareExact,
  compareMatrix,
  copy,
  type ErrorExpectation,
  type ExerciseSpec,
  expectThrow,
  field,
  getFunction,
  type GradeCase,
  readField,
  round4,
  TIGHT,
  verdict,
} from "../kit";

type Input =
  | { kind: "forward"; x: number[][]; p: number; training: boolean; draws: number[] }
  | { kind: "backward"; dy: number[][]; mask: number[][] }
  | { kind: "bad"; x: number[][]; p: number; error: ErrorExpectation };

function draws(rng: CaseRng, n: number): number[] {
  return Array.from({ length: n }, () => round4(rng.uniform(0, 1)));
}

function forwardCase(
  rng: CaseRng,
  id: string,
  title: string,
  n: number,
  f: number,
  p: number,
  hidden: boolean,
  points = 1,
): GradeCase<Input> {
  return {
    id,
    title,
    points,
    hidden,
    input: { kind: "forward", x: rng.matrix(n, f), p, training: true, draws: draws(rng, n * f) },
  };
}

const spec: ExerciseSpec<Input> = {
  name: "inverted-dropout",
  title: { zh: "反向缩放的暂退法", en: "Inverted dropout" },
  order: 18,
  exports: ["dropoutForward", "dropoutBackward"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(1801);
    const visible: GradeCase<Input>[] = [
      {
        id: "worked",
        title: "题目中的例子 (worked example, p = 0.5)",
        points: 1,
        input: {
          kind: "forward",
          x: [
            [1, 2],
            [3, 4],
          ],
          p: 0.5,
          training: true,
          draws: [0.7, 0.2, 0.5, 0.9],
        },
      },
      forwardCase(rng, "p-0.2", "训练 (training) p = 0.2, 3×4", 3, 4, 0.2, false),
      {
        id: "inference",
        title: "推断 (inference): y = x, no rng call",
        points: 1,
        input: { kind: "forward", x: rng.matrix(2, 3), p: 0.5, training: false, draws: [] },
      },
      {
        id: "backward",
        title: "反向 (backward)",
        points: 1,
        input: {
          kind: "backward",
          dy: rng.matrix(2, 3),
          mask: [
            [2, 0, 2],
            [0, 2, 2],
          ],
        },
      },
      {
        id: "bad-p",
        title: "p = 1 时抛出错误 (throws)",
        points: 1,
        input: { kind: "bad", x: [[1]], p: 1, error: { argument: "p", shows: [1], others: ["x", "training", "rng"] } },
      },
    ];
    // BEGIN HIDDEN
    visible.push(
      forwardCase(rng, "p-0.9", "训练 (training) p = 0.9, 4×5", 4, 5, 0.9, true),
      forwardCase(rng, "large", "训练 (training) p = 0.3, 20×30", 20, 30, 0.3, true),
      {
        id: "boundary",
        title: "u 恰好等于 p (u = p keeps the entry)",
        points: 1,
        hidden: true,
        input: { kind: "forward", x: [[5, -5, 7]], p: 0.25, training: true, draws: [0.25, 0.2499, 0.75] },
      },
      {
        id: "backward-hidden",
        title: "反向 (backward) p = 0.75 mask",
        points: 1,
        hidden: true,
        input: {
          kind: "backward",
          dy: rng.matrix(3, 2),
          mask: [
            [4, 0],
            [0, 0],
            [4, 4],
          ],
        },
      },
      {
        id: "bad-p-negative",
        title: "p = -0.1 时抛出错误 (throws)",
        points: 1,
        hidden: true,
        input: {
          kind: "bad",
          x: [[1]],
          p: -0.1,
          error: { argument: "p", shows: [-0.1], others: ["x", "training", "rng"] },
        },
      },
    );
    // END HIDDEN
    return visible;
  },

  run(mod, inp) {
    if (inp.kind === "backward") {
      const back = getFunction(mod, "dropoutBackward");
      return { dx: asMatrix(back(copy(inp.dy), copy(inp.mask)), "dropoutBackward(...)") };
    }
    const forward = getFunction(mod, "dropoutForward");
    if (inp.kind === "bad") return expectThrow(() => forward(copy(inp.x), inp.p, true, () => 0.5), inp.error);
    let calls = 0;
    const rng = (): number => {
      calls++;
      return calls <= inp.draws.length ? inp.draws[calls - 1] : 0.5;
    };
    const out = forward(copy(inp.x), inp.p, inp.training, rng);
    return {
      y: asMatrix(readField(out, "y", "dropoutForward(...)"), "y"),
      mask: asMatrix(readField(out, "mask", "dropoutForward(...)"), "mask"),
      calls,
    };
  },

  check(actual, expected, c) {
    const inp = c.input;
    if (inp.kind === "bad")
      return verdict(
        [checkThrow(actual, `dropoutForward(x, ${inp.p}, true, rng)`, inp.error)],
        "提示：p 不在 [0, 1) 内时 throw new Error(...)，消息只写出 p 和它的值。",
      );
    if (inp.kind === "backward") {
      return verdict(
        [compareMatrix("dx", field(actual, "dx"), field(expected, "dx"), TIGHT)],
        "Hint: y = x ⊙ mask, so each entry of dx is the entry of dy times the same factor.\n提示：y = x ⊙ mask，所以 dx 的每个元素是 dy 的对应元素乘以同一个系数。",
      );
    }
    const msgs = [
      compareExact("number of rng() calls", field(actual, "calls"), field(expected, "calls")),
      compareMatrix("mask", field(actual, "mask"), field(expected, "mask"), TIGHT),
      compareMatrix("y", field(actual, "y"), field(expected, "y"), TIGHT),
    ];
    if (msgs.every((m) => m === null)) return { ok: true };
    const hints: string[] = [];
    if (!inp.training)
      hints.push(
        "Hint: at inference dropout does nothing: y is a copy of x, the mask is all ones " +
          "and rng is not called.\n提示：推断时暂退法什么也不做：y 是 x 的副本，mask 全为 1，不调用 rng。",
      );
    else {
      const m = field(actual, "mask");
      const kept = Array.isArray(m)
        ? m.flatMap((row) => (row instanceof Float64Array ? Array.from(row) : [])).filter((v) => v !== 0)
        : [];
      if (kept.length > 0 && kept.every((v) => v === 1))
        hints.push(
          "Hint: kept entries must be scaled so that E[y] = x: a value kept with " +
            "probability 1 − p must be divided by 1 − p.\n提示：保留的元素要放大，使 E[y] = x：以概率 1 − p " +
            "保留的值要除以 1 − p。",
        );
      else if (kept.length > 0 && kept.every((v) => Math.abs(v - (1 - inp.p)) < 1e-12))
        hints.push(
          "Hint: multiplying by 1 − p shrinks the expectation to (1 − p)² x; inverted " +
            "dropout divides by 1 − p.\n提示：乘以 1 − p 会让期望变成 (1 − p)² x；反向缩放的暂退法是除以 1 − p。",
        );
      hints.push(
        "Hint: one rng() call per entry, row by row; u < p drops the entry (u = p keeps it).\n提示：每个元素按行优先各调用一次 rng()；u < p 时丢弃（u = p 时保留）。",
      );
    }
    return verdict(msgs, hints.join("\n"));
  },
};

export default spec;
