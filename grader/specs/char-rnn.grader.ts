/**
 * Grader of exercise 22 (char-rnn): a character-level RNN from scratch with plain arrays.
 * (a) lossAndGrads on small cases: the loss, the last state and the five gradients against the
 *     reference, and the gradients against central differences of the learner's own loss (which
 *     tells a wrong backward pass from a wrong forward pass);
 * (b) clipGrads, sample (fixed uniform draws, so the sampled ids are exact), bad input;
 * (c) training: the learner's train() runs a fixed number of steps on a short text, and the grader's
 *     own forward pass measures the mean cross-entropy per character of the returned parameters over
 *     the whole text; it must be below THRESHOLD. Calibration (400 steps, H = 24, seqLength 12,
 *     Adagrad 0.1, seeds 1–3, both texts): the reference ends at 0.04–0.11; a backward pass without
 *     tanh' at 0.53–2.3, one with the output gradient's sign flipped at 2.5–3.6, Adagrad without its
 *     memory at 0.36–2.5; the best model that looks only at the previous character (bigram entropy)
 *     scores 0.65–0.71. Each training takes 0.3–2.6 s here (2 cores under load).
 */
import {
  asMatrix,
  asNumber,
  asStringArray,
  asVector,
  asList,
  asInteger,
  CaseRng,
  checkThrow,
  compareExact,
  compareMatrix,
  compareNumber,
  compareVector,
  copy,
  type ErrorExpectation,
  type ExerciseSpec,
  expectThrow,
  field,
  formatNumber,
  getFunction,
  type GradeCase,
  readField,
  type Tolerance,
  type Value,
  verdict,
} from "../kit";

interface Params {
  Wxh: number[][];
  Whh: number[][];
  Why: number[][];
  bh: number[];
  by: number[];
}

type Input =
  | { kind: "grads"; params: Params; inputs: number[]; targets: number[]; hPrev: number[] }
  | { kind: "clip"; grads: Params; limit: number }
  | { kind: "sample"; params: Params; h: number[]; seedId: number; n: number; temperature: number; draws: number[] }
  | { kind: "bad"; params: Params; inputs: number[]; targets: number[]; hPrev: number[]; error: ErrorExpectation }
  | { kind: "train"; text: string; steps: number; hiddenSize: number; seqLength: number; seed: number };

const KEYS = ["Wxh", "Whh", "Why", "bh", "by"] as const;
const MATRICES = new Set(["Wxh", "Whh", "Why"]);
/** Mean cross-entropy per character that the trained model must reach. */
const THRESHOLD = 0.3;
const TRAIN_TIMEOUT_MS = 60_000;
const GRAD_TOL: Tolerance = { rtol: 1e-5, atol: 1e-7 };
/** Numeric differences of the learner's own loss agree with a correct backward pass to this. */
const NUMERIC_TOL: Tolerance = { rtol: 1e-3, atol: 1e-5 };

function randomParams(rng: CaseRng, H: number, V: number, scale: number): Params {
  return {
    Wxh: rng.matrix(H, V, scale),
    Whh: rng.matrix(H, H, scale),
    Why: rng.matrix(V, H, scale),
    bh: rng.vector(H, 0.3),
    by: rng.vector(V, 0.3),
  };
}

function ids(rng: CaseRng, n: number, V: number): number[] {
  return Array.from({ length: n }, () => rng.int(0, V - 1));
}

function gradCase(
  rng: CaseRng,
  id: string,
  title: string,
  H: number,
  V: number,
  T: number,
  hidden: boolean,
): GradeCase<Input> {
  return {
    id,
    title,
    points: 2,
    hidden,
    input: {
      kind: "grads",
      params: randomParams(rng, H, V, 0.8),
      inputs: ids(rng, T, V),
      targets: ids(rng, T, V),
      hPrev: rng.vector(H, 0.5),
    },
  };
}

/** Reads a learner's parameter record with the shapes of `like`. */
function asParams(
  x: unknown,
  what: string,
  like: { H: number; V: number },
): Record<string, Float64Array[] | Float64Array> {
  const shapes: Record<string, [number, number] | number> = {
    Wxh: [like.H, like.V],
    Whh: [like.H, like.H],
    Why: [like.V, like.H],
    bh: like.H,
    by: like.V,
  };
  const out: Record<string, Float64Array[] | Float64Array> = {};
  for (const key of KEYS) {
    const shape = shapes[key];
    const v = readField(x, key, what);
    out[key] =
      typeof shape === "number"
        ? asVector(v, `${what}.${key}`, { length: shape })
        : asList(v, `${what}.${key}`, (row, w) => asVector(row, w, { length: shape[1] }), { length: shape[0] });
  }
  return out;
}

/** The grader's own forward pass: mean cross-entropy per character over the whole text from h = 0. */
function meanLoss(p: Record<string, Float64Array[] | Float64Array>, vocab: string[], text: string): number {
  const Wxh = p.Wxh as Float64Array[];
  const Whh = p.Whh as Float64Array[];
  const Why = p.Why as Float64Array[];
  const bh = p.bh as Float64Array;
  const by = p.by as Float64Array;
  const H = Whh.length;
  const V = Why.length;
  const chars = [...text];
  const x = chars.map((c) => vocab.indexOf(c));
  let h = new Float64Array(H);
  let loss = 0;
  for (let t = 0; t + 1 < x.length; t++) {
    const next = new Float64Array(H);
    for (let i = 0; i < H; i++) {
      let a = Wxh[i][x[t]] + bh[i];
      for (let j = 0; j < H; j++) a += Whh[i][j] * h[j];
      next[i] = Math.tanh(a);
    }
    h = next;
    const y = new Float64Array(V);
    let top = -Infinity;
    for (let k = 0; k < V; k++) {
      let s = by[k];
      for (let i = 0; i < H; i++) s += Why[k][i] * h[i];
      y[k] = s;
      top = Math.max(top, s);
    }
    let z = 0;
    for (let k = 0; k < V; k++) z += Math.exp(y[k] - top);
    loss += top + Math.log(z) - y[x[t + 1]];
  }
  return loss / (x.length - 1);
}

/** Central differences of `f` over every entry of the parameters (a copy is perturbed). */
function numericGrads(params: Params, f: (p: Params) => number): Record<string, number[][] | number[]> {
  const eps = 1e-5;
  const out: Record<string, number[][] | number[]> = {};
  for (const key of KEYS) {
    if (MATRICES.has(key)) {
      const m = params[key] as number[][];
      out[key] = m.map((row, i) =>
        row.map((_, j) => {
          const plus = copy(params);
          (plus[key] as number[][])[i][j] += eps;
          const minus = copy(params);
          (minus[key] as number[][])[i][j] -= eps;
          return (f(plus) - f(minus)) / (2 * eps);
        }),
      );
    } else {
      const v = params[key] as number[];
      out[key] = v.map((_, i) => {
        const plus = copy(params);
        (plus[key] as number[])[i] += eps;
        const minus = copy(params);
        (minus[key] as number[])[i] -= eps;
        return (f(plus) - f(minus)) / (2 * eps);
      });
    }
  }
  return out;
}

function compareParam(name: string, key: string, a: Value, e: Value, tol: Tolerance): string | null {
  return MATRICES.has(key) ? compareMatrix(`${name}.${key}`, a, e, tol) : compareVector(`${name}.${key}`, a, e, tol);
}

const HINT_OUTPUT =
  "Hint: the output layer: ∂L/∂y_t = p_t − e_{target}; the gradients of W_hy and b_y add up over the steps.\n" +
  "提示：输出层 ∂L/∂y_t = p_t − e_target（独热）；W_hy、b_y 的梯度要把每一步的贡献加起来。";
const HINT_RECURRENT =
  "Hint: the output-layer gradients are right but the others are not. The gradient " +
  "reaching h_t comes from y_t AND from h_{t+1}; walk the steps backwards and pass " +
  "it through tanh' = 1 − h_t² and W_hhᵀ.\n" +
  "提示：输出层的梯度对了，其余不对。到达 h_t 的梯度既来自 y_t，也来自 h_{t+1}；要从后往前逐步传递，并经过 tanh' = 1 − h_t² 与 W_hh 的转置。";
const HINT_FORWARD =
  "Hint: the loss itself differs: check the forward pass (tanh, softmax) and that " +
  "the loss is a SUM of −log p over the steps, starting from hPrev.\n" +
  "提示：损失本身就不对：检查前向传播（tanh、softmax），损失是各步 −log p 之和（不是平均），从 hPrev 出发。";

const spec: ExerciseSpec<Input> = {
  name: "char-rnn",
  title: { zh: "从零写字符级 RNN", en: "A character-level RNN from scratch" },
  order: 22,
  exports: ["lossAndGrads", "clipGrads", "sample", "train"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(2201);
    const worked: Params = { Wxh: [[1, 0]], Whh: [[0]], Why: [[1], [-1]], bh: [0], by: [0, 0] };
    const sampleParams = randomParams(rng, 3, 4, 1.5);
    const draws = Array.from({ length: 8 }, () => Math.round(rng.uniform(0, 1) * 1e4) / 1e4);
    const badParams = randomParams(rng, 2, 3, 0.5);
    const visible: GradeCase<Input>[] = [
      {
        id: "worked",
        title: "题目中的例子 (worked example, H = 1, V = 2, T = 1)",
        points: 1,
        input: { kind: "grads", params: worked, inputs: [0], targets: [1], hPrev: [0] },
      },
      gradCase(rng, "grads-small", "梯度 (gradients) H = 3, V = 4, T = 4", 3, 4, 4, false),
      {
        id: "clip",
        title: "逐元素截断 (clip each entry to ±limit)",
        points: 1,
        input: { kind: "clip", grads: randomParams(rng, 2, 3, 8), limit: 5 },
      },
      {
        id: "sample-t1",
        title: "采样 (sampling) temperature 1",
        points: 1,
        input: { kind: "sample", params: sampleParams, h: [0, 0, 0], seedId: 1, n: 8, temperature: 1, draws },
      },
      {
        id: "bad-targets",
        title: "inputs 与 targets 长度不同时抛出错误 (throws)",
        points: 1,
        input: {
          kind: "bad",
          params: badParams,
          inputs: [0, 1, 2],
          targets: [1, 2],
          hPrev: [0, 0],
          error: { argument: "targets", shows: [2], others: ["params", "hPrev"] },
        },
      },
      {
        id: "train-visible",
        title: `训练 (train) 400 步后平均损失 < ${THRESHOLD}`,
        points: 3,
        timeoutMs: TRAIN_TIMEOUT_MS,
        input: {
          kind: "train",
          text: "the cat sat on the mat. the dog sat on the log. t",
          steps: 400,
          hiddenSize: 24,
          seqLength: 12,
          seed: 1,
        },
      },
    ];
    // BEGIN HIDDEN
    visible.push(
      gradCase(rng, "grads-hidden-1", "梯度 (gradients) H = 4, V = 5, T = 6", 4, 5, 6, true),
      gradCase(rng, "grads-hidden-2", "梯度 (gradients) H = 2, V = 3, T = 9", 2, 3, 9, true),
      {
        id: "sample-cold",
        title: "采样 (sampling) temperature 0.5",
        points: 1,
        hidden: true,
        input: { kind: "sample", params: sampleParams, h: [0.2, -0.1, 0.3], seedId: 2, n: 8, temperature: 0.5, draws },
      },
      {
        id: "bad-id",
        title: "编号越界时抛出错误 (an id out of range throws)",
        points: 1,
        hidden: true,
        input: {
          kind: "bad",
          params: badParams,
          inputs: [0, 7],
          targets: [1, 2],
          hPrev: [0, 0],
          error: { argument: "inputs", shows: [7], others: ["params", "hPrev", "targets"] },
        },
      },
      {
        id: "train-hidden",
        title: `训练 (train) 隐藏文本 (hidden text), 400 步后平均损失 < ${THRESHOLD}`,
        points: 3,
        hidden: true,
        timeoutMs: TRAIN_TIMEOUT_MS,
        input: {
          kind: "train",
          text: "a rose is a rose is a rose; a pen is a pen; a ros",
          steps: 400,
          hiddenSize: 24,
          seqLength: 12,
          seed: 7,
        },
      },
    );
    // END HIDDEN
    return visible;
  },

  run(mod, inp) {
    if (inp.kind === "grads") {
      const lossAndGrads = getFunction(mod, "lossAndGrads");
      const H = inp.params.Whh.length;
      const V = inp.params.Why.length;
      const call = (p: Params): { loss: number; grads: Value; h: Float64Array } => {
        const out = lossAndGrads(copy(p), copy(inp.inputs), copy(inp.targets), copy(inp.hPrev));
        return {
          loss: asNumber(readField(out, "loss", "lossAndGrads(...)"), "loss"),
          grads: asParams(readField(out, "grads", "lossAndGrads(...)"), "grads", { H, V }) as unknown as Value,
          h: asVector(readField(out, "h", "lossAndGrads(...)"), "h", { length: H }),
        };
      };
      const r = call(inp.params);
      const numeric = numericGrads(inp.params, (p) => call(p).loss);
      return { ...r, numeric };
    }
    if (inp.kind === "clip") {
      const clipGrads = getFunction(mod, "clipGrads");
      const H = inp.grads.Whh.length;
      const V = inp.grads.Why.length;
      return asParams(clipGrads(copy(inp.grads), inp.limit), "clipGrads(...)", { H, V }) as unknown as Value;
    }
    if (inp.kind === "sample") {
      const sample = getFunction(mod, "sample");
      let k = 0;
      const rng = (): number => {
        if (k >= inp.draws.length)
          throw new Error(`sample called rng() more than ${inp.draws.length} times for n = ${inp.n}`);
        return inp.draws[k++];
      };
      const ids = asList(
        sample(copy(inp.params), copy(inp.h), inp.seedId, inp.n, inp.temperature, rng),
        "sample(...)",
        (v, w) => asInteger(v, w),
      );
      return { ids, draws: k };
    }
    if (inp.kind === "bad") {
      const lossAndGrads = getFunction(mod, "lossAndGrads");
      return expectThrow(
        () => lossAndGrads(copy(inp.params), copy(inp.inputs), copy(inp.targets), copy(inp.hPrev)),
        inp.error,
      );
    }
    const train = getFunction(mod, "train");
    const out = train(inp.text, {
      steps: inp.steps,
      hiddenSize: inp.hiddenSize,
      seqLength: inp.seqLength,
      learningRate: 0.1,
      seed: inp.seed,
    });
    const vocab = asStringArray(readField(out, "vocab", "train(...)"), "vocab");
    const expectedVocab = [...new Set(inp.text)].sort();
    if (vocab.join("\u0000") !== expectedVocab.join("\u0000"))
      return { vocabError: `vocab is ${JSON.stringify(vocab)}, expected ${JSON.stringify(expectedVocab)}` };
    const params = asParams(readField(out, "params", "train(...)"), "params", {
      H: inp.hiddenSize,
      V: vocab.length,
    });
    const loss = meanLoss(params, vocab, inp.text);
    return { loss };
  },

  check(actual, expected, c) {
    const inp = c.input;
    if (inp.kind === "grads") {
      const lossMsg = compareNumber("loss", field(actual, "loss"), field(expected, "loss"), GRAD_TOL);
      const hMsg = compareVector("h", field(actual, "h"), field(expected, "h"), GRAD_TOL);
      const gradMsgs = KEYS.map((key) =>
        compareParam("grads", key, field(field(actual, "grads"), key), field(field(expected, "grads"), key), GRAD_TOL),
      );
      const msgs = [lossMsg, hMsg, ...gradMsgs];
      if (msgs.every((m) => m === null)) return { ok: true };
      const hints: string[] = [];
      if (lossMsg !== null || hMsg !== null) hints.push(HINT_FORWARD);
      else {
        // The loss is right: the learner's own numeric differences are the true gradient.
        const numericMsgs = KEYS.map((key) =>
          compareParam(
            "numeric differences of your own loss disagree with your grads",
            key,
            field(field(actual, "grads"), key),
            field(field(actual, "numeric"), key),
            NUMERIC_TOL,
          ),
        ).filter((m): m is string => m !== null);
        hints.push(...numericMsgs.slice(0, 2));
        if (gradMsgs[3] !== null || gradMsgs[4] !== null || gradMsgs[2] !== null) {
          if (gradMsgs[2] !== null || gradMsgs[4] !== null) hints.push(HINT_OUTPUT);
          else hints.push(HINT_RECURRENT);
        } else hints.push(HINT_RECURRENT);
      }
      return verdict(msgs, hints.join("\n"));
    }
    if (inp.kind === "clip") {
      const msgs = KEYS.map((key) => compareParam("clipped", key, field(actual, key), field(expected, key), GRAD_TOL));
      return verdict(
        msgs,
        `Hint: clip every entry to [−${inp.limit}, ${inp.limit}] (entries inside stay as ` +
          `they are); this is not norm clipping.\n提示：每个元素单独截断到 [−${inp.limit}, ` +
          `${inp.limit}]，区间内的元素不变；这里不是按范数缩放。`,
      );
    }
    if (inp.kind === "sample") {
      const msgs = [
        compareExact("sampled ids", field(actual, "ids"), field(expected, "ids")),
        compareExact("number of rng() calls", field(actual, "draws"), field(expected, "draws")),
      ];
      return verdict(
        msgs,
        "Hint: one rng() call per character; p = softmax(y / temperature); the chosen id " +
          "is the first whose cumulative probability (ids 0, 1, 2, …) exceeds u. The first " +
          "step reads seedId from h, each next step reads the id just sampled.\n" +
          "提示：每个字符调用一次 rng()；p = softmax(y / temperature)；按编号 0,1,2,… 累加概率，取第一个累积和超过 u 的编号。第一步输入 seedId，之后输入刚采到的编号。",
      );
    }
    if (inp.kind === "bad") {
      const call = `lossAndGrads(params, ${JSON.stringify(inp.inputs)}, ${JSON.stringify(inp.targets)}, hPrev)`;
      return verdict(
        [checkThrow(actual, call, inp.error)],
        `提示：错误消息写出出错的参数 ${inp.error.argument} 和它的${inp.error.argument === "targets" ? "长度" : "出错的编号"}，不要笼统地列出所有参数。`,
      );
    }
    const vocabError = field(actual, "vocabError");
    if (typeof vocabError === "string")
      return {
        ok: false,
        message:
          `${vocabError}\nHint: the vocabulary is the distinct characters of the text, in ` +
          `the order of the default sort().\n提示：词表是文本中不同的字符，按默认 sort() 排序。`,
      };
    const loss = field(actual, "loss");
    const ref = field(expected, "loss");
    if (typeof loss === "number" && loss < THRESHOLD) return { ok: true };
    const shown = typeof loss === "number" ? formatNumber(loss) : String(loss);
    return {
      ok: false,
      message:
        `after ${inp.steps} steps the mean loss per character of your trained model is ` +
        `${shown}; it must be below ${THRESHOLD} (the reference reaches ` +
        `${typeof ref === "number" ? formatNumber(ref) : "?"}).\n` +
        "Hint: if the gradient cases pass, check the training loop: h carried from chunk " +
        "to chunk, targets shifted by one, clipping at 5, and the Adagrad memory kept " +
        "across steps (not reset). If they fail, fix the gradients first. A loss near 2 " +
        "or above: the gradient has the wrong sign or is wrong altogether.\n" +
        "提示：如果梯度用例都通过，检查训练循环：h 在段与段之间传递，目标比输入后移一位，截断到 5，Adagrad 的平方和在各步之间累积（不要清零）。如果梯度用例失败，先把梯度改对。损失在 2 左右或更高：梯度符号反了或完全不对。",
    };
  },
};

export default spec;
