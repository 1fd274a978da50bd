/**
 * Grader of exercise 16 (masked-cross-entropy): masked mean softmax cross-entropy and its gradient.
 * Cases: no padding, ragged padding with huge garbage logits on padded positions, huge logits on
 * real positions (log-sum-exp), an all-padding batch, a single token.
 */
import {
  asMatrixList,
  asNumber,
  CaseRng,
  compareMatrix,
  compareNumber,
  copy,
  type ExerciseSpec,
  field,
  getFunction,
  type GradeCase,
  readField,
  round4,
  TIGHT,
  type Value,
  verdict,
} from "../kit";

interface Input {
  logits: number[][][];
  targets: number[][];
  mask: number[][];
}

function batch(rng: CaseRng, lengths: number[], T: number, V: number, scale: number, padValue?: number): Input {
  const logits = lengths.map((len) =>
    Array.from({ length: T }, (_, t) =>
      t < len || padValue === undefined
        ? rng.vector(V, scale)
        : Array.from({ length: V }, (_, v) => (v % 2 === 0 ? padValue : -padValue)),
    ),
  );
  const targets = lengths.map((len) => Array.from({ length: T }, (_, t) => (t < len ? rng.int(0, V - 1) : 0)));
  const mask = lengths.map((len) => Array.from({ length: T }, (_, t) => (t < len ? 1 : 0)));
  return { logits, targets, mask };
}

const HINTS: Record<string, string> = {
  padded:
    "Hint: padded positions (mask 0) hold huge garbage logits here: skip them " +
    "entirely (no loss, zero gradient, no NaN), and divide by Σ mask.\n" +
    "提示：这里填充位置的 logits 是很大的垃圾值：直接跳过（不计损失、梯度为 0、不出现 NaN），并除以 Σ mask。",
  "large-logits":
    "Hint: logits around ±1000: e^{1000} overflows. Use log-sum-exp: log Σ e^{z} = M + log Σ e^{z - M}, M = max z.\n" +
    "提示：logits 约为 ±1000，e^{1000} 会溢出。用 log-sum-exp：log Σ e^z = M + log Σ e^{z-M}。",
  "all-padding":
    "Hint: Σ mask = 0: loss 0 and an all-zero gradient (no 0/0).\n提示：Σ mask = 0 时 loss = 0，梯度全为 0（不要 0/0）。",
};

/** Whether a result holds NaN or ±Infinity anywhere (an overflow hint fits only then). */
function hasNonFinite(v: Value): boolean {
  if (typeof v === "number") return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(hasNonFinite);
  if (ArrayBuffer.isView(v)) return Array.from(v as Float64Array).some((x) => !Number.isFinite(x));
  if (v !== null && typeof v === "object") return Object.values(v as Record<string, Value>).some(hasNonFinite);
  return false;
}

function diagnose(actual: Value, expected: Value, c: GradeCase<Input>): string {
  const inp = c.input;
  const a = field(actual, "loss");
  const e = field(expected, "loss");
  if (typeof a !== "number" || typeof e !== "number") return "";
  if (Number.isNaN(a))
    return (
      "Hint: NaN loss: an overflow in exp (use log-sum-exp), or 0·Infinity on a padded " +
      "position.\n提示：损失为 NaN：exp 溢出（用 log-sum-exp），或填充位置出现了 0·Infinity。"
    );
  const count = inp.mask.flat().reduce((s, m) => s + m, 0);
  const cells = inp.mask.flat().length;
  const B = inp.mask.length;
  const near = (x: number, y: number) => Math.abs(x - y) <= 1e-9 + 1e-6 * Math.abs(y);
  if (count > 0 && count !== cells && near(a, (e * count) / cells))
    return (
      "Hint: you averaged over all B·T positions; average over the real tokens only (Σ " +
      "mask).\n提示：你对所有 B·T 个位置取了平均；应只对真实记号（Σ mask）取平均。"
    );
  if (count > 1 && near(a, e * count))
    return (
      "Hint: your loss is the sum; the task asks for the mean over real tokens (divide " +
      "by Σ mask).\n提示：你的损失是总和；题目要求对真实记号取平均（除以 Σ mask）。"
    );
  if (count > 0 && count !== B && near(a, (e * count) / B))
    return "Hint: you divided by the batch size B; divide by the number of real tokens Σ mask.\n提示：你除以了批大小 B；应除以真实记号数 Σ mask。";
  if (near(a, e))
    return (
      "Hint: the loss is right, the gradient is not: grad = mask·(softmax - onehot) / " +
      "Σ mask (the same 1/Σ mask as the loss).\n提示：损失正确、梯度错误：grad = mask·(softmax - " +
      "onehot)/Σ mask。"
    );
  return "";
}

const spec: ExerciseSpec<Input> = {
  name: "masked-cross-entropy",
  title: { zh: "带掩码的 softmax 交叉熵", en: "Masked softmax cross-entropy" },
  order: 16,
  exports: ["maskedCrossEntropy"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(1616);
    const big = (): number[] => [round4(1000 + rng.normal()), round4(999 + rng.normal()), round4(-1000 + rng.normal())];
    return [
      {
        id: "worked-example",
        title: "题目中的例子 (B=1, T=2, V=2)",
        points: 1,
        input: {
          logits: [
            [
              [0, 0],
              [5, 5],
            ],
          ],
          targets: [[1, 0]],
          mask: [[1, 0]],
        },
      },
      { id: "single-token", title: "只有一个记号 (B = T = 1)", points: 1, input: batch(rng, [1], 1, 5, 1) },
      { id: "no-padding", title: "没有填充 (B=2, T=3, V=4)", points: 1, input: batch(rng, [3, 3], 3, 4, 1) },
      {
        id: "padded",
        title: "长短不一 + 填充位置的垃圾 logits (B=3, T=4, V=3)",
        points: 2,
        input: batch(rng, [4, 2, 1], 4, 3, 1.5, 1e4),
      },
      {
        id: "large-logits",
        title: "很大的 logits (±1000)",
        points: 2,
        input: {
          logits: [
            [big(), big()],
            [big(), big()],
          ],
          targets: [
            [0, 1],
            [2, 0],
          ],
          mask: [
            [1, 1],
            [1, 0],
          ],
        },
      },
      {
        id: "all-padding",
        title: "整批都是填充 (Σ mask = 0)",
        points: 1,
        input: {
          logits: [
            [
              [1, 2],
              [3, 4],
            ],
          ],
          targets: [[0, 0]],
          mask: [[0, 0]],
        },
      },
      {
        id: "random-hidden",
        title: "随机 (B=4, T=6, V=7, 有填充)",
        points: 2,
        hidden: true,
        input: batch(rng, [6, 3, 5, 1], 6, 7, 2, 500),
      },
    ];
  },

  run(mod, inp) {
    const f = getFunction(mod, "maskedCrossEntropy");
    const out = f(copy(inp.logits), copy(inp.targets), copy(inp.mask));
    return {
      loss: asNumber(readField(out, "loss", "maskedCrossEntropy"), "loss"),
      grad: asMatrixList(readField(out, "grad", "maskedCrossEntropy"), "grad"),
    };
  },

  check(actual, expected, c) {
    const msgs: (string | null)[] = [compareNumber("loss", field(actual, "loss"), field(expected, "loss"), TIGHT)];
    const ga = field(actual, "grad");
    const ge = field(expected, "grad");
    if (!Array.isArray(ga) || !Array.isArray(ge) || ga.length !== ge.length) {
      msgs.push(`grad must have B = ${Array.isArray(ge) ? ge.length : "?"} blocks of T×V`);
    } else {
      for (let b = 0; b < ge.length; b++) {
        const m = compareMatrix(`grad[${b}]`, ga[b], ge[b], TIGHT);
        if (m !== null) {
          msgs.push(m);
          break;
        }
      }
    }
    // Padding and large-logit hints are about garbage or overflowing logits: only when the output
    // shows non-finite values (a wrong mean or gradient scale has its own diagnosis).
    const whole = diagnose(actual, expected, c);
    const fits = !(c.id === "padded" || c.id === "large-logits") || hasNonFinite(actual);
    return verdict(msgs, whole, fits ? HINTS[c.id] : "");
  },
};

export default spec;
