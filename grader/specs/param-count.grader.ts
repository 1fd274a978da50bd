/**
 * Grader of exercise 7 (param-count): parameter counts of recurrent layer stacks.
 * Exact integer comparison. Cases isolate the per-unit count d(m + d + 1), the number of units
 * (1, 3, 4), the input size of upper layers (d, or 2d when bidirectional), and argument checks.
 */
import {
  asNumber,
  checkThrow,
  type ErrorExpectation,
  type ExerciseSpec,
  expectThrow,
  getFunction,
  type GradeCase,
  verdict,
} from "../kit";

interface Input {
  kind: string;
  inputSize: number;
  hiddenSize: number;
  options?: { layers?: number; bidirectional?: boolean };
  /** The case checks that the call throws an Error naming this argument and its value (and no other). */
  expectErrorAbout?: string;
}

const HINTS: Record<string, string> = {
  "rnn-1-1":
    "Hint: one unit with d(m + d + 1) parameters: W_x (d×m), W_h (d×d), b (d).\n提示：一个单元，d(m + d + 1) 个参数：W_x (d×m)、W_h (d×d)、b (d)。",
  "stacked-2":
    "Hint: the second layer reads the first layer's h_t, so its input size is d, not m.\n提示：第 2 层的输入是第 1 层的 h_t，维度是 d 而不是 m。",
  "bidirectional-2":
    "Hint: with two directions, layer 2 reads the concatenation [h_fwd; h_bwd] of size 2d, and every layer has two sets of parameters.\n" +
    "提示：双向时第 2 层的输入是拼接 [h_前向; h_后向]，维度 2d；每层有两套参数。",
  "lstm-single":
    "Hint: LSTM has 4 units (f, i, o, c̃), each d(m + d + 1); one bias per unit (not " +
    "PyTorch's two).\n提示：LSTM 有 4 个单元，每个 d(m + d + 1)；每个单元只有一个偏置（不是 PyTorch 的两个）。",
  "gru-single": "Hint: GRU has 3 units (r, z, h̃), each d(m + d + 1).\n提示：GRU 有 3 个单元，每个 d(m + d + 1)。",
};

const ARGUMENTS = ["kind", "inputSize", "hiddenSize", "layers"] as const;

function describeArgs(inp: Input): string {
  return `${JSON.stringify(inp.kind)}, ${inp.inputSize}, ${inp.hiddenSize}${inp.options ? ", " + JSON.stringify(inp.options) : ""}`;
}

/** A clear error names the argument at fault and its value, and no other argument. */
function errorAbout(inp: Input): ErrorExpectation {
  const about = inp.expectErrorAbout ?? "";
  const values: Record<string, unknown> = {
    kind: inp.kind,
    inputSize: inp.inputSize,
    hiddenSize: inp.hiddenSize,
    layers: inp.options?.layers,
  };
  return { argument: about, shows: [String(values[about])], others: ARGUMENTS.filter((a) => a !== about) };
}

function expected(kind: string, m: number, d: number, layers = 1, bidirectional = false): string {
  return `${kind}, m=${m}, d=${d}${layers > 1 ? `, ${layers} layers` : ""}${bidirectional ? ", bidirectional" : ""}`;
}

const spec: ExerciseSpec<Input> = {
  name: "param-count",
  title: { zh: "参数数量", en: "Parameter counts" },
  order: 7,
  exports: ["paramCount"],
  library: false,

  cases(): GradeCase<Input>[] {
    const c = (
      id: string,
      points: number,
      kind: string,
      m: number,
      d: number,
      options?: { layers?: number; bidirectional?: boolean },
      hidden = false,
    ): GradeCase<Input> => ({
      id,
      title: expected(kind, m, d, options?.layers, options?.bidirectional),
      points,
      hidden,
      input:
        options === undefined ? { kind, inputSize: m, hiddenSize: d } : { kind, inputSize: m, hiddenSize: d, options },
    });
    const bad = (id: string, title: string, input: Input, hidden = false): GradeCase<Input> => ({
      id,
      title,
      points: 1,
      hidden,
      input: { ...input },
    });
    return [
      c("rnn-1-1", 1, "rnn", 1, 1),
      c("rnn-single", 1, "rnn", 10, 4),
      c("lstm-single", 1, "lstm", 2, 3),
      c("gru-single", 1, "gru", 2, 3),
      c("stacked-2", 1, "gru", 10, 4, { layers: 2 }),
      c("bidirectional-1", 1, "lstm", 5, 8, { bidirectional: true }),
      c("bidirectional-2", 2, "rnn", 10, 4, { layers: 2, bidirectional: true }),
      bad("bad-kind", 'kind 不合法时抛出错误 (kind = "transformer")', {
        kind: "transformer",
        inputSize: 3,
        hiddenSize: 4,
        expectErrorAbout: "kind",
      }),
      bad("bad-layers", "layers 不是正整数时抛出错误 (layers = 1.5)", {
        kind: "rnn",
        inputSize: 3,
        hiddenSize: 4,
        options: { layers: 1.5 },
        expectErrorAbout: "layers",
      }),
      c("large-hidden", 1, "lstm", 300, 512, { layers: 3, bidirectional: true }, true),
      c("gru-deep-hidden", 1, "gru", 7, 5, { layers: 4 }, true),
      bad(
        "bad-hidden-size",
        "hiddenSize = 0 时抛出错误",
        { kind: "gru", inputSize: 3, hiddenSize: 0, expectErrorAbout: "hiddenSize" },
        true,
      ),
    ];
  },

  run(mod, inp) {
    const paramCount = getFunction(mod, "paramCount");
    const args: unknown[] = [inp.kind, inp.inputSize, inp.hiddenSize];
    if (inp.options !== undefined) args.push({ ...inp.options });
    if (inp.expectErrorAbout !== undefined) return expectThrow(() => paramCount(...args), errorAbout(inp));
    return asNumber(paramCount(...args), "paramCount(...)");
  },

  check(actual, expectedValue, c) {
    const inp = c.input;
    if (inp.expectErrorAbout !== undefined) {
      const problem = checkThrow(actual, `paramCount(${describeArgs(inp)})`, errorAbout(inp));
      if (problem === null) return { ok: true };
      return verdict(
        [problem],
        `提示：参数不合法时 throw new Error(...)，消息只写出出错的参数名 ${inp.expectErrorAbout} 和它的值。\n` +
          `Hint: throw an Error naming only the argument at fault (${inp.expectErrorAbout}) and its value.`,
      );
    }
    if (actual === expectedValue) return { ok: true };
    let message =
      `paramCount(${JSON.stringify(inp.kind)}, ${inp.inputSize}, ` +
      `${inp.hiddenSize}${inp.options ? ", " + JSON.stringify(inp.options) : ""}): got ` +
      `${String(actual)}, expected ${String(expectedValue)}`;
    if (typeof actual === "number" && typeof expectedValue === "number") {
      const ratio = actual / expectedValue;
      if (Math.abs(ratio - 2) < 1e-12)
        message +=
          "\nHint: exactly twice the expected count: bidirectional only when options.bidirectional is true? / 提示：恰好是两倍。";
    }
    const hint = HINTS[c.id];
    return { ok: false, message: hint ? `${message}\n${hint}` : message };
  },
};

export default spec;
