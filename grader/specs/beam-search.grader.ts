/**
 * Grader of exercise 20 (beam-search): the k best sequences of a step function.
 * The model is a table of next-token log-probabilities keyed by the step and the previous token
 * ("t:prev", prev = -1 at the start). With a beam wide enough to keep every candidate, the answer
 * must be the brute-force one (every sequence enumerated, computed by the grader's own code in the
 * reference's run); with a narrow beam it must be the reference's (the algorithm of the statement).
 * Cases: the worked example (beam beats greedy), width 1 (= greedy), exact ties (uniform rows: the
 * lexicographic rule decides), end tokens (finished sequences kept while others grow), impossible
 * tokens (−Infinity), no end token, and invalid options.
 */
import {
  asList,
  asInteger,
  asNumber,
  CaseRng,
  checkThrow,
  compareExact,
  compareNumber,
  copy,
  type ErrorExpectation,
  type ExerciseSpec,
  expectThrow,
  field,
  getFunction,
  type GradeCase,
  readField,
  TIGHT,
  type Value,
  verdict,
} from "../kit";

interface Input {
  /** Vocabulary size. */
  V: number;
  /** Next-token log-probabilities by "t:prev" (t = number of tokens so far, prev = last token or -1). */
  table: Record<string, number[]>;
  beamWidth: number;
  maxLength: number;
  endToken?: number;
  k?: number;
  /** The beam keeps every candidate: compare with brute force. */
  exhaustive?: boolean;
  error?: ErrorExpectation;
}

type Seq = {
  tokens: number[];
  logProb: number;
};

function rowKey(prefix: number[]): string {
  return `${prefix.length}:${prefix.length === 0 ? -1 : prefix[prefix.length - 1]}`;
}

/** Every finished sequence of the model, best first (the statement's ranking). */
function bruteForce(inp: Input): Seq[] {
  const all: Seq[] = [];
  const walk = (tokens: number[], logProb: number): void => {
    const row = inp.table[rowKey(tokens)];
    for (let v = 0; v < inp.V; v++) {
      if (row[v] === -Infinity) continue;
      const next = { tokens: [...tokens, v], logProb: logProb + row[v] };
      if (v === inp.endToken || next.tokens.length === inp.maxLength) all.push(next);
      else walk(next.tokens, next.logProb);
    }
  };
  walk([], 0);
  all.sort((a, b) => {
    if (a.logProb !== b.logProb) return b.logProb - a.logProb;
    const n = Math.min(a.tokens.length, b.tokens.length);
    for (let i = 0; i < n; i++) if (a.tokens[i] !== b.tokens[i]) return a.tokens[i] - b.tokens[i];
    return a.tokens.length - b.tokens.length;
  });
  return all.slice(0, inp.k ?? inp.beamWidth);
}

/** A random table: log-softmax of normal logits (scale), optionally some impossible tokens. */
function randomTable(
  rng: CaseRng,
  V: number,
  maxLength: number,
  scale: number,
  impossible = 0,
): Record<string, number[]> {
  const table: Record<string, number[]> = {};
  for (let t = 0; t < maxLength; t++)
    for (let prev = t === 0 ? -1 : 0; prev < (t === 0 ? 0 : V); prev++) {
      const logits = rng.vector(V, scale);
      for (let i = 0; i < impossible; i++) logits[rng.int(0, V - 1)] = -Infinity;
      if (logits.every((x) => x === -Infinity)) logits[0] = 0;
      const top = Math.max(...logits);
      const z = logits.reduce((s, x) => s + Math.exp(x - top), 0);
      table[`${t}:${prev}`] = logits.map((x) => x - top - Math.log(z));
    }
  return table;
}

function uniformTable(V: number, maxLength: number): Record<string, number[]> {
  const table: Record<string, number[]> = {};
  for (let t = 0; t < maxLength; t++)
    for (let prev = t === 0 ? -1 : 0; prev < (t === 0 ? 0 : V); prev++)
      table[`${t}:${prev}`] = new Array<number>(V).fill(-Math.log(V));
  return table;
}

const L = Math.log;
const WORKED: Record<string, number[]> = {
  "0:-1": [L(0.5), L(0.4), L(0.1)],
  "1:0": [L(0.3), L(0.3), L(0.4)],
  "1:1": [L(0.9), L(0.05), L(0.05)],
  "1:2": [L(1 / 3), L(1 / 3), L(1 / 3)],
};

const HINTS: Record<string, string> = {
  worked:
    "Hint: greedy gives [0, 2] (0.2), but keeping two partial sequences after the " +
    "first step finds [1, 0] (0.36).\n提示：贪心得到 [0, 2]（0.2）；第一步后保留两个部分序列，才能找到 [1, " +
    "0]（0.36）。",
  "ties-uniform":
    "Hint: every token is equally likely: sequences of the same length tie, and the " +
    "lexicographically smaller one comes first; a shorter sequence (ended by the end " +
    "token) is more probable.\n" +
    "提示：所有记号等概率：同样长的序列概率相同，按字典序小的在前；被结束记号提前结束的短序列概率更大。",
};

const spec: ExerciseSpec<Input> = {
  name: "beam-search",
  title: { zh: "束搜索", en: "Beam search" },
  order: 20,
  exports: ["beamSearch"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(2001);
    const visible: GradeCase<Input>[] = [
      {
        id: "worked",
        title: "题目中的例子 (worked example, beam 2 beats greedy)",
        points: 1,
        input: { V: 3, table: WORKED, beamWidth: 2, maxLength: 2, endToken: 2 },
      },
      {
        id: "width-1-greedy",
        title: "beamWidth = 1 即贪心 (greedy)",
        points: 1,
        input: { V: 3, table: WORKED, beamWidth: 1, maxLength: 2, endToken: 2 },
      },
      {
        id: "exhaustive-3",
        title: "穷举对照 (brute force) V = 3, maxLength 3, k = 5",
        points: 2,
        input: {
          V: 3,
          table: randomTable(rng, 3, 3, 1),
          beamWidth: 27,
          maxLength: 3,
          endToken: 0,
          k: 5,
          exhaustive: true,
        },
      },
      {
        id: "ties-uniform",
        title: "并列 (ties): 均匀分布 V = 3, maxLength 3, k = 6",
        points: 2,
        input: {
          V: 3,
          table: uniformTable(3, 3),
          beamWidth: 27,
          maxLength: 3,
          endToken: 2,
          k: 6,
          exhaustive: true,
        },
      },
      {
        id: "narrow-4",
        title: "窄束 (narrow beam) V = 4, beamWidth 2, maxLength 4",
        points: 2,
        input: { V: 4, table: randomTable(rng, 4, 4, 1.5), beamWidth: 2, maxLength: 4, endToken: 3 },
      },
      {
        id: "bad-width",
        title: "beamWidth = 0 时抛出错误 (throws)",
        points: 1,
        input: {
          V: 3,
          table: WORKED,
          beamWidth: 0,
          maxLength: 2,
          endToken: 2,
          error: { argument: "beamWidth", shows: [0], others: ["maxLength", "endToken"] },
        },
      },
    ];
    // BEGIN HIDDEN
    visible.push(
      {
        id: "exhaustive-4",
        title: "穷举对照 (brute force) V = 4, maxLength 4, k = 7",
        points: 2,
        hidden: true,
        input: {
          V: 4,
          table: randomTable(rng, 4, 4, 1),
          beamWidth: 256,
          maxLength: 4,
          endToken: 1,
          k: 7,
          exhaustive: true,
        },
      },
      {
        id: "no-end-token",
        title: "没有结束记号 (no end token), brute force",
        points: 1,
        hidden: true,
        input: { V: 2, table: randomTable(rng, 2, 4, 1), beamWidth: 16, maxLength: 4, k: 4, exhaustive: true },
      },
      {
        id: "impossible-tokens",
        title: "不可能的记号 (−Infinity) V = 4, brute force",
        points: 1,
        hidden: true,
        input: {
          V: 4,
          table: randomTable(rng, 4, 3, 1, 1),
          beamWidth: 64,
          maxLength: 3,
          endToken: 2,
          k: 5,
          exhaustive: true,
        },
      },
      {
        id: "ties-narrow",
        title: "并列 + 窄束 (ties, beamWidth 3) V = 3",
        points: 1,
        hidden: true,
        input: { V: 3, table: uniformTable(3, 4), beamWidth: 3, maxLength: 4, endToken: 1 },
      },
      {
        id: "narrow-5",
        title: "窄束 (narrow beam) V = 5, beamWidth 3, maxLength 5, k = 2",
        points: 1,
        hidden: true,
        input: { V: 5, table: randomTable(rng, 5, 5, 2), beamWidth: 3, maxLength: 5, endToken: 4, k: 2 },
      },
      {
        id: "bad-max-length",
        title: "maxLength = -1 时抛出错误 (throws)",
        points: 1,
        hidden: true,
        input: {
          V: 3,
          table: WORKED,
          beamWidth: 2,
          maxLength: -1,
          error: { argument: "maxLength", shows: [-1], others: ["beamWidth", "endToken"] },
        },
      },
    );
    // END HIDDEN
    return visible;
  },

  run(mod, inp) {
    const beamSearch = getFunction(mod, "beamSearch");
    const table = copy(inp.table);
    const step = (prefix: number[]): number[] => {
      const key = rowKey(prefix);
      const row = table[key];
      if (!row) throw new Error(`step was called with a prefix the model does not know: [${prefix.join(", ")}]`);
      return row.slice();
    };
    const options = { beamWidth: inp.beamWidth, maxLength: inp.maxLength, endToken: inp.endToken, k: inp.k };
    if (inp.error) return expectThrow(() => beamSearch(step, options), inp.error);
    const out = beamSearch(step, options);
    const result = asList(out, "beamSearch(...)", (s, w) => ({
      tokens: asList(readField(s, "tokens", w), `${w}.tokens`, (v, ww) => asInteger(v, ww)),
      logProb: asNumber(readField(s, "logProb", w), `${w}.logProb`),
    }));
    return { result, brute: inp.exhaustive ? bruteForce(inp) : null };
  },

  check(actual, expected, c) {
    const inp = c.input;
    if (inp.error) {
      const call = `beamSearch(step, { beamWidth: ${inp.beamWidth}, maxLength: ${inp.maxLength} })`;
      return verdict(
        [checkThrow(actual, call, inp.error)],
        `提示：${inp.error.argument} 不是正整数时 throw new Error(...)，消息只写出这个参数和它的值。`,
      );
    }
    const want = (inp.exhaustive ? field(expected, "brute") : field(expected, "result")) as Value;
    const got = field(actual, "result");
    const wantSeqs = Array.isArray(want) ? (want as Value[]) : [];
    const gotSeqs = Array.isArray(got) ? (got as Value[]) : [];
    const msgs: (string | null)[] = [
      compareExact(
        "tokens of the returned sequences",
        gotSeqs.map((s) => field(s, "tokens")),
        wantSeqs.map((s) => field(s, "tokens")),
      ),
    ];
    if (msgs[0] === null)
      wantSeqs.forEach((s, i) =>
        msgs.push(compareNumber(`result[${i}].logProb`, field(gotSeqs[i], "logProb"), field(s, "logProb"), TIGHT)),
      );
    if (msgs.every((m) => m === null)) return { ok: true };
    const hints: string[] = [];
    const key = (s: Value): string => JSON.stringify(field(s, "tokens"));
    const sameSet =
      gotSeqs.length === wantSeqs.length && gotSeqs.map(key).sort().join() === wantSeqs.map(key).sort().join();
    if (sameSet)
      hints.push(
        "Hint: the right sequences in the wrong order: best first (higher logProb), ties " +
          "by the lexicographically smaller token list.\n提示：序列对了，顺序不对：对数概率大的在前，相等时字典序小的在前。",
      );
    if (gotSeqs.length !== wantSeqs.length)
      hints.push(
        `Hint: expected ${wantSeqs.length} sequences (k = ${inp.k ?? inp.beamWidth}), ` +
          `got ${gotSeqs.length}.\n提示：应返回 ${wantSeqs.length} 个序列。`,
      );
    if (
      inp.endToken !== undefined &&
      gotSeqs.some((s) => {
        const t = field(s, "tokens");
        return Array.isArray(t) && t.slice(0, -1).includes(inp.endToken as number);
      })
    )
      hints.push(
        "Hint: a sequence continues after the end token: once it emits endToken it is finished.\n提示：有序列在结束记号之后还在继续：生成 endToken 后它就完成了。",
      );
    if (HINTS[c.id]) hints.push(HINTS[c.id]);
    if (hints.length === 0)
      hints.push(
        "Hint: at every step extend EVERY live sequence by every token, rank all " +
          "candidates together and keep the best beamWidth; keep finished sequences aside " +
          "until the end.\n" +
          "提示：每一步把所有未完成的序列都用每个记号延长，所有候选一起排序，保留最好的 beamWidth 个；已完成的序列留到最后一起排序。",
      );
    return verdict(msgs, hints.join("\n"));
  },
};

export default spec;
