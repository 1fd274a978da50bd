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
 *     window tell the position in the motif), so the loss alone cannot tell truncated BPTT from it:
 *     the grader also records every LSTM.forward call of the returned LSTM made while gradients are
 *     on during training, and requires what the exercise teaches: no window longer than `window`,
 *     each window after an epoch's first starting from the previous window's final h and c (equal
 *     values), passed detached (no graph history), and at most one zero-state start per epoch (and
 *     one more, for a final pass with gradients on). Left open: the statement asks learners not to
 *     call rnn.truncatedBptt / rnn.detachState, and the grader does not check it.
 */
import * as rnn from "../../src";
import { isGradEnabled } from "../../src/tensor";
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

/** What one LSTM.forward call during training looked like. */
interface ForwardCall {
  layer: rnn.LSTM;
  steps: number;
  /** The initial state passed (null: none, i.e. the zero state). */
  h0: Float64Array | null;
  c0: Float64Array | null;
  /** Whether h0 or c0 still had graph history (not detached). */
  history: boolean;
  h: Float64Array;
  c: Float64Array;
}

/** How the training loop ran its windows, summarised from the recorded forward calls. */
interface TbpttRecord {
  /** Training calls of the returned LSTM (gradients on). */
  calls: number;
  /** The longest window run in one call. */
  longest: number;
  /** Calls that started from the zero state (no h0/c0, or all zeros). */
  zeroStarts: number;
  /** Calls whose h0/c0 were given but were not the previous call's final h/c. */
  notCarried: number;
  /** Calls whose h0/c0 still had graph history. */
  notCut: number;
}

/**
 * Runs `body` while recording every LSTM.forward call made with gradients on (training, not
 * evaluation under rnn.noGrad); the original method is restored afterwards, whatever happens.
 */
function recordLstmForward<T>(body: () => T): { result: T; calls: ForwardCall[] } {
  const proto = rnn.LSTM.prototype;
  const original = proto.forward;
  const calls: ForwardCall[] = [];
  const copy = (t: unknown): Float64Array | null => (t instanceof rnn.Tensor ? Float64Array.from(t.data) : null);
  const hasHistory = (t: unknown): boolean => t instanceof rnn.Tensor && (t.parents.length > 0 || t.requiresGrad);
  proto.forward = function forward(this: rnn.LSTM, x: rnn.Tensor, options?: rnn.LSTMForwardOptions) {
    const out = original.call(this, x, options);
    if (isGradEnabled() && x instanceof rnn.Tensor && x.shape.length === 3) {
      calls.push({
        layer: this,
        steps: x.shape[1],
        h0: copy(options?.h0),
        c0: copy(options?.c0),
        history: hasHistory(options?.h0) || hasHistory(options?.c0),
        h: Float64Array.from(out.h.data),
        c: Float64Array.from(out.c.data),
      });
    }
    return out;
  } as typeof original;
  try {
    return { result: body(), calls };
  } finally {
    proto.forward = original;
  }
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Summarises the training calls of `lstm` (see TbpttRecord). */
function summarise(calls: ForwardCall[], lstm: rnn.LSTM): TbpttRecord {
  const own = calls.filter((c) => c.layer === lstm);
  const record: TbpttRecord = { calls: own.length, longest: 0, zeroStarts: 0, notCarried: 0, notCut: 0 };
  own.forEach((call, i) => {
    record.longest = Math.max(record.longest, call.steps);
    const zero = (a: Float64Array | null) => a === null || a.every((v) => v === 0);
    if (zero(call.h0) && zero(call.c0)) {
      record.zeroStarts++;
      return;
    }
    const previous = own[i - 1];
    const carried =
      previous !== undefined &&
      call.h0 !== null &&
      call.c0 !== null &&
      sameValues(call.h0, previous.h) &&
      sameValues(call.c0, previous.c);
    if (!carried) record.notCarried++;
    if (call.history) record.notCut++;
  });
  return record;
}

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

/**
 * What is wrong with how trainTbptt ran its windows (from the recorded forward calls), or null.
 * A loss below the threshold does not show it: restarting every window from zero also learns.
 */
function trainingProcedure(actual: Value, inp: Extract<Input, { kind: "train" }>): string | null {
  const num = (key: string) => {
    const v = field(actual, key);
    return typeof v === "number" ? v : NaN;
  };
  const [calls, longest, zeroStarts, notCarried, notCut] = [
    num("calls"),
    num("longest"),
    num("zeroStarts"),
    num("notCarried"),
    num("notCut"),
  ];
  if (!(calls > 0))
    return (
      "trainTbptt never ran the returned LSTM with gradients on (lstm.forward on each window).\n" +
      "Hint: train the returned embedding → lstm → head themselves, one lstm.forward per window.\n" +
      "提示：训练的应是返回的 embedding → lstm → head 本身，每个窗口调用一次 lstm.forward。"
    );
  if (longest > inp.window)
    return (
      `trainTbptt ran a window of ${longest} steps; with window = ${inp.window} no window may be longer.\n` +
      "Hint: cut the stream into windows of at most `window` steps, one update per window.\n" +
      "提示：把序列切成最长 window 步的窗口，每个窗口更新一次。"
    );
  if (zeroStarts > inp.epochs + 1)
    return (
      `${zeroStarts} of trainTbptt's ${calls} windows started from the zero state (${inp.epochs} epochs): ` +
      "the state must be carried from window to window.\n" +
      "Hint: pass each window the previous window's final state, lstm.forward(x, { h0: h, c0: c }); " +
      "only an epoch's first window starts from zero.\n" +
      "提示：每个窗口都要从上一个窗口的最终状态出发，lstm.forward(x, { h0: h, c0: c })；只有每个 epoch 的第一个窗口从零状态出发。"
    );
  if (notCarried > 0)
    return (
      `${notCarried} of trainTbptt's windows started from a state that is not the previous window's final h and c.\n` +
      "Hint: carry both h and c of the window just run (their values unchanged).\n" +
      "提示：带过去的是刚跑完的窗口的 h 和 c（值不变）。"
    );
  if (notCut > 0)
    return (
      `${notCut} of trainTbptt's windows started from a state that still has its graph history: ` +
      "the gradient then flows back through every earlier window (full BPTT, not truncated).\n" +
      "Hint: pass h.detach() and c.detach() to the next window.\n" +
      "提示：传给下一个窗口的是 h.detach() 和 c.detach()。"
    );
  return null;
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
    const { result: model, calls } = recordLstmForward(() =>
      trainTbptt(motifStream(inp.motif, inp.trainLength), V, {
        window: inp.window,
        epochs: inp.epochs,
        seed: inp.seed,
      }),
    );
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
    return { loss, ...summarise(calls, lstm) };
  },

  check(actual, expected, c) {
    const inp = c.input;
    if (inp.kind === "train") {
      const loss = field(actual, "loss");
      const procedure = trainingProcedure(actual, inp);
      if (procedure !== null) return { ok: false, message: procedure };
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
