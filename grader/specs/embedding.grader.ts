/**
 * Grader of exercise 15 (embedding): lookup (copies, not aliases of the table) and the
 * scatter-add backward pass (repeated ids accumulate). Out-of-range ids must throw.
 */
import {
  asMatrix,
  CaseRng,
  compareMatrix,
  copy,
  type ExerciseSpec,
  checkThrow,
  expectThrow,
  type ErrorExpectation,
  field,
  getFunction,
  type GradeCase,
  TIGHT,
  type Value,
  verdict,
} from "../kit";

type Input =
  | { fn: "embeddingLookup"; table: number[][]; ids: number[]; expectErrorId?: number }
  | { fn: "embeddingBackward"; ids: number[]; gradOut: number[][]; vocabSize: number; expectErrorId?: number };

const HINTS: Record<string, string> = {
  "lookup-aliasing":
    "Hint: return copies (table[id].slice()): the caller changed your result and the table changed with it.\n" +
    "提示：要返回副本（table[id].slice()）：调用者修改了你的返回值，表也跟着变了。",
  "backward-repeated":
    "Hint: an id used several times receives the SUM of the corresponding gradient rows (+=, not =).\n提示：出现多次的编号，梯度要累加（+=，不是 =）。",
  "backward-unused":
    "Hint: rows never looked up get zero gradient, and dE has vocabSize rows.\n提示：没被查到的行梯度为 0；dE 有 vocabSize 行。",
  "backward-empty": "Hint: no ids: vocabSize empty rows.\n提示：没有编号时返回 vocabSize 个空数组。",
};

/** A clear error for a bad id says "id", the id and "out of range", and names no other argument. */
function idError(fn: string, id: number): ErrorExpectation {
  return {
    argument: "id",
    shows: ["out of range", String(id)],
    others: fn === "embeddingLookup" ? ["table"] : ["gradOut", "vocabSize"],
  };
}

const spec: ExerciseSpec<Input> = {
  name: "embedding",
  title: { zh: "嵌入层的查表与反向传播", en: "Embedding lookup and backward" },
  order: 15,
  exports: ["embeddingLookup", "embeddingBackward"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(1515);
    const c = (id: string, title: string, points: number, input: Input, hidden = false): GradeCase<Input> => ({
      id,
      title,
      points,
      hidden,
      input,
    });
    const table = [
      [0, 0],
      [1, 2],
      [3, 4],
    ];
    // BEGIN HIDDEN
    const hiddenRng = new CaseRng(5151);
    const bigTable = hiddenRng.matrix(10, 4);
    const bigIds = Array.from({ length: 25 }, () => hiddenRng.int(0, 9));
    // END HIDDEN
    return [
      c("lookup-example", "查表：教材例子", 1, { fn: "embeddingLookup", table, ids: [2, 1, 2] }),
      c("lookup-empty", "查表：没有编号", 1, { fn: "embeddingLookup", table, ids: [] }),
      c("lookup-aliasing", "查表：返回副本而非表中的行", 1, {
        fn: "embeddingLookup",
        table: rng.matrix(4, 3),
        ids: [0, 3, 3],
      }),
      c("lookup-out-of-range", "查表：编号越界时抛出错误 (id = 3, V = 3)", 1, {
        fn: "embeddingLookup",
        table,
        ids: [0, 3],
        expectErrorId: 3,
      }),
      c("backward-example", "反向：教材例子", 1, {
        fn: "embeddingBackward",
        ids: [2, 1, 2],
        gradOut: [
          [1, 1],
          [0.5, 0],
          [2, -1],
        ],
        vocabSize: 3,
      }),
      c("backward-repeated", "反向：同一编号出现多次 (accumulate)", 2, {
        fn: "embeddingBackward",
        ids: [1, 1, 1, 0, 1],
        gradOut: rng.matrix(5, 3),
        vocabSize: 2,
      }),
      c("backward-unused", "反向：未出现的行为零 (V = 6)", 1, {
        fn: "embeddingBackward",
        ids: [4, 2],
        gradOut: rng.matrix(2, 2),
        vocabSize: 6,
      }),
      c("backward-empty", "反向：没有编号", 1, { fn: "embeddingBackward", ids: [], gradOut: [], vocabSize: 3 }),
      c("backward-out-of-range", "反向：编号越界时抛出错误 (id = -1)", 1, {
        fn: "embeddingBackward",
        ids: [0, -1],
        gradOut: [[1], [2]],
        vocabSize: 3,
        expectErrorId: -1,
      }),
      c(
        "lookup-random-hidden",
        "查表：随机 V = 10, k = 4",
        1,
        { fn: "embeddingLookup", table: bigTable, ids: bigIds },
        true,
      ),
      c(
        "backward-random-hidden",
        "反向：随机 V = 10, k = 4, 25 个编号",
        1,
        { fn: "embeddingBackward", ids: bigIds, gradOut: hiddenRng.matrix(25, 4), vocabSize: 10 },
        true,
      ),
    ];
  },

  run(mod, inp) {
    const f = getFunction(mod, inp.fn);
    const call = (): unknown =>
      inp.fn === "embeddingLookup"
        ? f(copy(inp.table), copy(inp.ids))
        : f(copy(inp.ids), copy(inp.gradOut), inp.vocabSize);
    if (inp.expectErrorId !== undefined) return expectThrow(call, idError(inp.fn, inp.expectErrorId));
    if (inp.fn === "embeddingLookup") {
      const table = copy(inp.table);
      const out = f(table, copy(inp.ids));
      const rows = asMatrix(out, "embeddingLookup(...)");
      // Write into the returned rows: a result that aliases the table changes the table.
      let aliased = false;
      if (Array.isArray(out)) {
        for (const row of out as unknown[]) {
          if (Array.isArray(row) && row.length > 0) row[0] = 12345.678;
        }
        aliased = JSON.stringify(table) !== JSON.stringify(inp.table);
      }
      return { rows, aliased };
    }
    return { rows: asMatrix(call(), "embeddingBackward(...)"), aliased: false };
  },

  check(actual, expected, c) {
    const inp = c.input;
    if (inp.expectErrorId !== undefined) {
      const problem = checkThrow(
        actual,
        `${inp.fn}(...) with id ${inp.expectErrorId}`,
        idError(inp.fn, inp.expectErrorId),
      );
      if (problem === null) return { ok: true };
      return verdict(
        [problem],
        "提示：编号不是 0 … V-1 的整数时 throw new Error(`... id ${id} is out of range ...`)。\nHint: throw an Error saying which id is out of range.",
      );
    }
    const msgs = [
      compareMatrix(
        inp.fn === "embeddingLookup" ? "rows" : "dE",
        field(actual, "rows"),
        field(expected, "rows"),
        TIGHT,
      ),
      field(actual, "aliased") === true
        ? "the rows you returned are the table's own arrays: changing them changed the table"
        : null,
    ];
    if (msgs.every((m) => m === null)) return { ok: true };
    return verdict(msgs, HINTS[c.id]);
  },
};

export default spec;
