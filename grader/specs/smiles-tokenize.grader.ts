/**
 * Grader of exercise 15 (smiles-tokenize): SMILES tokens, the vocabulary, and padded batches with a
 * mask. Exact comparison. Cases: two-letter atoms (Cl, Br) versus pairs that are NOT one atom (Sc
 * outside brackets), bracket atoms, %nn ring bonds, empty strings, unknown tokens, ragged batches.
 */
import {
  asMatrix,
  asStringArray,
  asVector,
  caseOf,
  compareExact,
  copy,
  type ExerciseSpec,
  field,
  getFunction,
  type GradeCase,
  readField,
  type Value,
  verdict,
} from "../kit";

type Input =
  | { fn: "tokenizeSmiles"; smiles: string; expectError?: boolean }
  | { fn: "buildSmilesVocabulary"; tokenLists: string[][] }
  | { fn: "encodeBatch"; batch: string[]; vocab: string[] };

const HINTS: Record<string, string> = {
  chloroform:
    'Hint: "Cl" is one token (chlorine), not "C" followed by "l".\n提示："Cl" 是一个记号（氯），不是 "C" 加 "l"。',
  bromobenzene:
    'Hint: "Br" is one token (bromine); the lowercase c after it is an aromatic carbon.\n提示："Br" 是一个记号（溴）；其后的小写 c 是芳香碳。',
  "sulfur-aromatic":
    'Hint: only Cl and Br are two-letter tokens. Outside brackets, "Sc" is S (sulfur) followed by c (aromatic carbon): two tokens.\n' +
    '提示：只有 Cl 和 Br 是双字母记号。括号外的 "Sc" 是硫 S 加芳香碳 c，两个记号。',
  brackets:
    'Hint: everything from "[" to the first "]" is ONE token, e.g. "[NH4+]".\n提示：从 "[" 到第一个 "]" 的全部字符是一个记号，例如 "[NH4+]"。',
  chirality: 'Hint: "[C@@H]" is one token (a bracket atom).\n提示："[C@@H]" 是一个记号。',
  "ring-percent":
    'Hint: "%" followed by two digits is one ring-bond token, e.g. "%12".\n提示："%" 后跟两位数字是一个环编号记号，例如 "%12"。',
  empty: "Hint: the empty string has no tokens: [].\n提示：空字符串没有记号：[]。",
  "vocab-order":
    'Hint: vocab = ["<pad>", "<unk>", ...distinct tokens sorted with the default sort()] (code-unit order: "Br" < "C" < "Cl" < "c").\n' +
    '提示：词表 = ["<pad>", "<unk>", 所有不同记号按默认 sort() 排序]（码元顺序："Br" < "C" < "Cl" < "c"）。',
  "vocab-empty":
    'Hint: with no tokens, the vocabulary is just ["<pad>", "<unk>"].\n提示：没有记号时词表只有 ["<pad>", "<unk>"]。',
  "batch-ragged":
    "Hint: pad on the RIGHT with 0 up to the longest sequence of the batch; mask is 1 on real tokens, 0 on padding.\n" +
    "提示：在右侧用 0 填充到本批最长的长度；掩码在真实记号处为 1，填充处为 0。",
  "batch-unknown":
    'Hint: tokens missing from the vocabulary get id 1 ("<unk>").\n提示：不在词表中的记号编号为 1（"<unk>"）。',
  "batch-with-empty":
    "Hint: an empty string is a row of padding only (mask all 0, length 0).\n提示：空字符串对应一整行填充（掩码全 0，长度 0）。",
};

function intRows(x: unknown, what: string): number[][] {
  return asMatrix(x, what).map((row) => Array.from(row));
}

const spec: ExerciseSpec<Input> = {
  name: "smiles-tokenize",
  title: { zh: "SMILES 分词、词表与填充", en: "SMILES tokens, vocabulary and padding" },
  order: 15,
  exports: ["tokenizeSmiles", "buildSmilesVocabulary", "encodeBatch"],
  library: false,

  cases(): GradeCase<Input>[] {
    const c = caseOf<Input>;
    const vocab = ["<pad>", "<unk>", "(", ")", "1", "=", "C", "Cl", "N", "O", "[NH4+]", "c"];
    return [
      c("ethanol", "分词：乙醇 CCO", 1, { fn: "tokenizeSmiles", smiles: "CCO" }),
      c("chloroform", "分词：氯仿 ClC(Cl)Cl (two-letter atom)", 1, { fn: "tokenizeSmiles", smiles: "ClC(Cl)Cl" }),
      c("bromobenzene", "分词：溴苯 Brc1ccccc1", 1, { fn: "tokenizeSmiles", smiles: "Brc1ccccc1" }),
      c("sulfur-aromatic", "分词：CSc1ccccc1 (S 后面的 c 是另一个记号)", 1, {
        fn: "tokenizeSmiles",
        smiles: "CSc1ccccc1",
      }),
      c("brackets", "分词：[NH4+].[Cl-] (bracket atoms)", 1, { fn: "tokenizeSmiles", smiles: "[NH4+].[Cl-]" }),
      c("chirality", "分词：乳酸 C[C@@H](O)C(=O)O", 1, { fn: "tokenizeSmiles", smiles: "C[C@@H](O)C(=O)O" }),
      c("ring-percent", "分词：%12 环编号", 1, { fn: "tokenizeSmiles", smiles: "C%12CC%12C%1" }),
      c("empty", "分词：空字符串", 1, { fn: "tokenizeSmiles", smiles: "" }),
      c("unterminated", "分词：未闭合的 [ 抛出错误", 1, { fn: "tokenizeSmiles", smiles: "C[NH4", expectError: true }),
      c("vocab-order", "词表：特殊记号与排序", 1, {
        fn: "buildSmilesVocabulary",
        tokenLists: [
          ["c", "Cl", "C"],
          ["Br", "C", "="],
          ["(", "1", "[NH4+]"],
        ],
      }),
      c("vocab-empty", "词表：没有记号", 1, { fn: "buildSmilesVocabulary", tokenLists: [] }),
      c("batch-example", "编码：题目中的例子 (equal lengths)", 1, {
        fn: "encodeBatch",
        batch: ["CCO", "C=N"],
        vocab: ["<pad>", "<unk>", "=", "C", "O"],
      }),
      c("batch-ragged", "编码：长短不一，右侧填充", 2, {
        fn: "encodeBatch",
        batch: ["ClC(Cl)Cl", "CO", "c1ccccc1"],
        vocab,
      }),
      c("batch-unknown", "编码：未知记号 → <unk>", 1, { fn: "encodeBatch", batch: ["CBr", "[NH4+]S"], vocab }),
      c("batch-with-empty", "编码：批中有空字符串", 1, { fn: "encodeBatch", batch: ["", "N=O"], vocab }),
      c("batch-one", "编码：批大小为 1", 1, { fn: "encodeBatch", batch: ["CC(=O)O"], vocab }),
      c("aspirin-hidden", "分词：阿司匹林", 1, { fn: "tokenizeSmiles", smiles: "CC(=O)Oc1ccccc1C(=O)O" }, true),
      c(
        "mixed-hidden",
        "分词：混合 (Br, Cl, [nH], %10)",
        1,
        { fn: "tokenizeSmiles", smiles: "Brc1cc[nH]c1Cl.C%10CC%10" },
        true,
      ),
      c("batch-all-empty-hidden", "编码：全是空字符串", 1, { fn: "encodeBatch", batch: ["", ""], vocab }, true),
    ];
  },

  run(mod, inp) {
    const f = getFunction(mod, inp.fn);
    switch (inp.fn) {
      case "tokenizeSmiles":
        if (inp.expectError) {
          try {
            f(inp.smiles);
          } catch (e) {
            const message = e instanceof Error ? String(e.message) : "";
            return {
              threw: true,
              named: message.toLowerCase().includes("unterminated"),
              message: message.slice(0, 200),
            };
          }
          return { threw: false };
        }
        return asStringArray(f(inp.smiles), `tokenizeSmiles(${JSON.stringify(inp.smiles)})`);
      case "buildSmilesVocabulary":
        return asStringArray(f(copy(inp.tokenLists)), "buildSmilesVocabulary(...)");
      case "encodeBatch": {
        const out = f(copy(inp.batch), copy(inp.vocab));
        return {
          ids: intRows(readField(out, "ids", "encodeBatch"), "ids"),
          mask: intRows(readField(out, "mask", "encodeBatch"), "mask"),
          lengths: Array.from(asVector(readField(out, "lengths", "encodeBatch"), "lengths")),
        };
      }
    }
  },

  check(actual, expected, c) {
    const inp = c.input;
    let msgs: (string | null)[];
    if (inp.fn === "tokenizeSmiles" && inp.expectError) {
      if (field(actual, "threw") === true && field(actual, "named") === true) return { ok: true };
      msgs = [
        field(actual, "threw") === true
          ? `tokenizeSmiles(${JSON.stringify(inp.smiles)}) threw, but the message does not ` +
            `contain "unterminated": "${String(field(actual, "message"))}"`
          : `tokenizeSmiles(${JSON.stringify(inp.smiles)}) returned normally; an ` +
            `unterminated "[" must throw an Error containing "unterminated".`,
      ];
      return verdict(msgs, '提示：找不到与 "[" 配对的 "]" 时 throw new Error("... unterminated ...")。');
    }
    if (inp.fn === "encodeBatch") {
      msgs = ["ids", "mask", "lengths"].map((k) => compareExact(k, field(actual, k), field(expected, k)));
    } else {
      const name = inp.fn === "tokenizeSmiles" ? `tokenizeSmiles(${JSON.stringify(inp.smiles)})` : "vocab";
      msgs = [compareExact(name, actual, expected)];
      if (msgs[0] !== null) msgs.push(`got ${JSON.stringify(actual)}\nexpected ${JSON.stringify(expected)}`);
    }
    return verdict(msgs, HINTS[c.id]);
  },
};

export default spec;
