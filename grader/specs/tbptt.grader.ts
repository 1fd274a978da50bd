/**
 * Grader of exercise 23 (tbptt): truncated BPTT with the course library.
 * (a) carryState on an LSTM built by the grader: every window's output and final state against the
 *     reference, and the gradient of the last window's summed output with respect to x, which must
 *     be exactly 0 before that window (the state was cut) and equal to the reference's inside it;
 * (b) trainTbptt on a stream made of one motif repeated (the motif is longer than the window, and a
 *     token does not determine the next one): the grader runs the returned embedding → LSTM → head
 *     over a longer stream of the same motif from the zero state and requires a mean cross-entropy
 *     below THRESHOLD. Calibration (reference, 10 epochs, seeds 1–3): 0.002–0.003 on both motifs
 *     (0.2–0.9 s per training here); the best model looking at the previous token only (bigram)
 *     scores 0.73 on the visible motif and 1.0 on the hidden one; an untrained model about ln 5 ≈ 1.6.
 *     Training that restarts every window from the zero state still reaches 0.005 (a few tokens of a
 *     window tell the position in the motif): that mistake is caught by the carryState cases.
 */
import * as rnn from "../../src";
import {
  CaseRng,
  checkThrow,
  compareMatrix,
  compareExact,
  type ErrorExpectation,
  type ExerciseSpec,
  expectThrow,
  field,
  formatNumber,
  getFunction,
  type GradeCase,
  readField,
  round4,
  TIGHT,
  type Value,
  verdict,
} from "../kit";

type Input =
  | {
      kind: "carry";
      B: number;
      N: number;
      F: number;
      H: number;
      window: number;
      seed: number;
      x: number[];
      error?: ErrorExpectation;
    }
  | {
      kind: "train";
      motif: number[];
      trainLength: number;
      evalLength: number;
      window: number;
      epochs: number;
      seed: number;
    };

/** Mean cross-entropy per token the trained model must reach. */
const THRESHOLD = 0.2;
const TRAIN_TIMEOUT_MS = 60_000;

function motifStream(motif: number[], n: number): number[] {
  return Array.from({ length: n }, (_, i) => motif[i % motif.length]);
}

function asTensor(x: unknown, what: string): rnn.Tensor {
  if (!(x instanceof rnn.Tensor)) throw new Error(`${what} must be a Tensor of the course library`);
  return x;
}

function rows(t: rnn.Tensor, what: string, shape: number[]): Float64Array[] {
  if (t.shape.length !== shape.length || t.shape.some((s, i) => s !== shape[i]))
    throw new Error(`${what} has shape [${t.shape.join(", ")}], expected [${shape.join(", ")}]`);
  const last = shape[shape.length - 1];
  const out: Float64Array[] = [];
  for (let i = 0; i < t.size; i += last) out.push(Float64Array.from(t.data.subarray(i, i + last)));
  return out;
}

function carryCase(
  rng: CaseRng,
  id: string,
  title: string,
  d: { B: number; N: number; window: number },
  hidden: boolean,
): GradeCase<Input> {
  const F = 2;
  const x = Array.from({ length: d.B * d.N * F }, () => round4(rng.normal()));
  return { id, title, points: 2, hidden, input: { kind: "carry", ...d, F, H: 3, seed: rng.int(1, 1000), x } };
}

const spec: ExerciseSpec<Input> = {
  name: "tbptt",
  title: { zh: "截断的随时间反向传播", en: "Truncated BPTT" },
  order: 23,
  exports: ["carryState", "trainTbptt"],

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(2301);
    const visible: GradeCase<Input>[] = [
      carryCase(
        rng,
        "carry-12-5",
        "带状态 (carry) N = 12, window 5 (last window shorter)",
        { B: 1, N: 12, window: 5 },
        false,
      ),
      carryCase(rng, "carry-12-4", "带状态 (carry) B = 2, N = 12, window 4", { B: 2, N: 12, window: 4 }, false),
      {
        id: "bad-window",
        title: "window = 0 时抛出错误 (throws)",
        points: 1,
        input: {
          kind: "carry",
          B: 1,
          N: 3,
          F: 2,
          H: 3,
          window: 0,
          seed: 1,
          x: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
          error: { argument: "window", shows: [0], others: ["lstm", "x"] },
        },
      },
      {
        id: "train-visible",
        title: `训练 (train) 片段长 11 (motif of 11), window 10, 平均损失 < ${THRESHOLD}`,
        points: 3,
        timeoutMs: TRAIN_TIMEOUT_MS,
        input: {
          kind: "train",
          motif: [0, 1, 0, 2, 1, 3, 4, 2, 0, 3, 1],
          trainLength: 200,
          evalLength: 400,
          window: 10,
          epochs: 10,
          seed: 1,
        },
      },
    ];
    // BEGIN HIDDEN
    visible.push(
      carryCase(rng, "carry-hidden-17-3", "带状态 (carry) B = 2, N = 17, window 3", { B: 2, N: 17, window: 3 }, true),
      carryCase(
        rng,
        "carry-hidden-one-window",
        "带状态 (carry) window ≥ N (one window)",
        { B: 1, N: 6, window: 9 },
        true,
      ),
      carryCase(rng, "carry-hidden-window-1", "带状态 (carry) window 1", { B: 3, N: 5, window: 1 }, true),
      {
        id: "train-hidden",
        title: `训练 (train) 隐藏片段 (hidden motif), 平均损失 < ${THRESHOLD}`,
        points: 3,
        hidden: true,
        timeoutMs: TRAIN_TIMEOUT_MS,
        input: {
          kind: "train",
          motif: [2, 0, 1, 2, 3, 0, 4, 1, 3, 2, 4, 0, 0],
          trainLength: 260,
          evalLength: 500,
          window: 8,
          epochs: 10,
          seed: 5,
        },
      },
    );
    // END HIDDEN
    return visible;
  },

  run(mod, inp) {
    if (inp.kind === "carry") {
      const carryState = getFunction(mod, "carryState");
      const lstm = new rnn.LSTM(inp.F, inp.H, { rng: new rnn.Rng(inp.seed) });
      const x = new rnn.Tensor(Float64Array.from(inp.x), [inp.B, inp.N, inp.F], { requiresGrad: true });
      if (inp.error) return expectThrow(() => carryState(lstm, x, inp.window), inp.error);
      const out = carryState(lstm, x, inp.window);
      const outputsRaw = readField(out, "outputs", "carryState(...)");
      const statesRaw = readField(out, "states", "carryState(...)");
      if (!Array.isArray(outputsRaw) || !Array.isArray(statesRaw))
        throw new Error("carryState(...).outputs and .states must be arrays (one entry per window)");
      const windows = Math.ceil(inp.N / inp.window);
      if (outputsRaw.length !== windows || statesRaw.length !== windows)
        return { windows: [outputsRaw.length, statesRaw.length] };
      const outputs = outputsRaw.map((o, w) =>
        rows(asTensor(o, `outputs[${w}]`), `outputs[${w}]`, [
          inp.B,
          Math.min(inp.N, (w + 1) * inp.window) - w * inp.window,
          inp.H,
        ]),
      );
      const states = statesRaw.map((s, w) => ({
        h: rows(asTensor(readField(s, "h", `states[${w}]`), `states[${w}].h`), `states[${w}].h`, [1, inp.B, inp.H]),
        c: rows(asTensor(readField(s, "c", `states[${w}]`), `states[${w}].c`), `states[${w}].c`, [1, inp.B, inp.H]),
      }));
      rnn.sum(asTensor(outputsRaw[windows - 1], "the last output")).backward();
      const grad = x.grad ?? new Float64Array(x.size);
      const start = (windows - 1) * inp.window;
      let leak = 0;
      for (let b = 0; b < inp.B; b++)
        for (let t = 0; t < start; t++)
          for (let f = 0; f < inp.F; f++) leak = Math.max(leak, Math.abs(grad[(b * inp.N + t) * inp.F + f]));
      return {
        windows: [windows, windows],
        outputs: outputs as unknown as Value,
        states: states as unknown as Value,
        grad: rows(new rnn.Tensor(Float64Array.from(grad), [inp.B * inp.N, inp.F]), "grad", [inp.B * inp.N, inp.F]),
        leak,
      };
    }
    const trainTbptt = getFunction(mod, "trainTbptt");
    const V = Math.max(...inp.motif) + 1;
    const model = trainTbptt(motifStream(inp.motif, inp.trainLength), V, {
      window: inp.window,
      epochs: inp.epochs,
      seed: inp.seed,
    });
    const embedding = readField(model, "embedding", "trainTbptt(...)");
    const lstm = readField(model, "lstm", "trainTbptt(...)");
    const head = readField(model, "head", "trainTbptt(...)");
    if (!(embedding instanceof rnn.Embedding) || !(lstm instanceof rnn.LSTM) || !(head instanceof rnn.Linear))
      throw new Error("trainTbptt must return { embedding: rnn.Embedding, lstm: rnn.LSTM, head: rnn.Linear }");
    const stream = motifStream(inp.motif, inp.evalLength);
    const loss = rnn.noGrad(() => {
      const r = lstm.forward(embedding.forward(stream.slice(0, -1), [1, stream.length - 1]));
      return rnn.crossEntropy(head.forward(r.output), stream.slice(1)).item();
    });
    return { loss };
  },

  check(actual, expected, c) {
    const inp = c.input;
    if (inp.kind === "train") {
      const loss = field(actual, "loss");
      if (typeof loss === "number" && loss < THRESHOLD) return { ok: true };
      const ref = field(expected, "loss");
      return {
        ok: false,
        message:
          `the trained model's mean loss per token is ` +
          `${typeof loss === "number" ? formatNumber(loss) : String(loss)}; it must be ` +
          `below ${THRESHOLD} (the reference reaches ` +
          `${typeof ref === "number" ? formatNumber(ref) : "?"}).\n` +
          "Hint: a model that looks at the previous token only stays near 0.73–1.0: the " +
          "next token depends on the position in the motif, so the state must be carried " +
          "from window to window during training (and the targets are the inputs shifted " +
          "by one). Check also zeroGrad before each update.\n" +
          "提示：只看上一个记号的模型停在 0.73–1.0 左右：下一个记号取决于在片段中的位置，所以训练时状态要从一个窗口带到下一个窗口（目标是输入后移一位）。也检查每次更新前是否 zeroGrad。",
      };
    }
    if (inp.error)
      return verdict(
        [checkThrow(actual, `carryState(lstm, x, ${inp.window})`, inp.error)],
        "提示：window 不是正整数时 throw new Error(...)，消息只写出 window 和它的值。",
      );
    const count = compareExact(
      "number of windows [outputs, states]",
      field(actual, "windows"),
      field(expected, "windows"),
    );
    if (count !== null)
      return verdict(
        [count],
        `Hint: ${Math.ceil(inp.N / inp.window)} windows of ${inp.window} steps cover N = ` +
          `${inp.N} (the last one shorter); one output and one state per ` +
          `window.\n提示：每个窗口一个输出、一个状态；最后一个窗口可以更短。`,
      );
    const outMsgs: (string | null)[] = [];
    const a = field(actual, "outputs");
    const e = field(expected, "outputs");
    const as = field(actual, "states");
    const es = field(expected, "states");
    const n = Array.isArray(e) ? e.length : 0;
    for (let w = 0; w < n; w++) {
      outMsgs.push(compareMatrix(`outputs[${w}]`, (a as Value[])[w], (e as Value[])[w], TIGHT));
      outMsgs.push(
        compareMatrix(`states[${w}].h`, field((as as Value[])[w], "h"), field((es as Value[])[w], "h"), TIGHT),
      );
      outMsgs.push(
        compareMatrix(`states[${w}].c`, field((as as Value[])[w], "c"), field((es as Value[])[w], "c"), TIGHT),
      );
    }
    const leak = field(actual, "leak");
    const cut =
      typeof leak === "number" && leak > 0
        ? `the gradient of the last window's output reaches x before that window (largest ` +
          `|∂/∂x| there ${formatNumber(leak)}): the carried state was not cut.`
        : null;
    const gradMsg =
      cut === null
        ? compareMatrix("∂(sum of the last window's output)/∂x", field(actual, "grad"), field(expected, "grad"), TIGHT)
        : null;
    const msgs = [...outMsgs, cut, gradMsg];
    if (msgs.every((m) => m === null)) return { ok: true };
    const hints: string[] = [];
    if (cut !== null)
      hints.push(
        "Hint: pass the NEXT window a detached copy of the state (h.detach(), " +
          "c.detach()): same values, no history, so backward stops at the window's start.\n" +
          "提示：传给下一个窗口的是状态的 detach() 副本：值相同、没有历史，反向传播就停在窗口开头。",
      );
    if (outMsgs.some((m) => m !== null))
      hints.push(
        "Hint: the outputs or states differ: the first window starts from the zero " +
          "state, every next window from the previous window's final h AND c " +
          "(lstm.forward(slice, { h0, c0 })).\n" +
          "提示：输出或状态不对：第一个窗口从零状态出发，之后每个窗口都从上一个窗口最终的 h 和 c 出发（lstm.forward(片段, { h0, c0 })）。",
      );
    if (hints.length === 0)
      hints.push(
        "Hint: inside the last window the gradient must flow as in a normal forward pass.\n提示：最后一个窗口内部的梯度应与普通的反向传播相同。",
      );
    return verdict(msgs, hints.join("\n"));
  },
};

export default spec;
