/**
 * 练习 20：束搜索（beam-search）
 *
 * 自回归模型一次生成一个记号：给定已经生成的记号 prefix，step(prefix) 返回下一个记号的对数概率
 * logProbs（长 V，logProbs[v] = log p(v | prefix)；−Infinity 表示不可能）。一个序列在生成 endToken
 * 时结束（endToken 算作它的最后一个记号），或者长度到达 maxLength 时被截断。序列的对数概率是各步
 * 对数概率之和。
 *
 * 贪心解码每步只留一个最好的记号，可能错过整体概率更大的序列。束搜索每一步保留 beamWidth 个最好的
 * 未完成序列（“束”）：
 * - 把每个未完成的序列用每个可能的记号各延长一步，得到候选；
 * - 按对数概率从大到小排，只留前 beamWidth 个候选；其中以 endToken 结尾的、或已到 maxLength 的，
 *   放入“已完成”列表，其余成为下一步的束；
 * - 没有未完成的序列或到达 maxLength 时停止，返回已完成列表中最好的 k 个（默认 k = beamWidth）。
 * 排序规则（全文通用）：对数概率大的在前；相等时记号序列按字典序小的在前（逐个比较记号编号，
 * 一个是另一个的前缀时短的在前）。这样结果是唯一的。
 *
 * beamWidth = 1 时就是贪心解码；beamWidth 大到能保留所有候选时，结果就是穷举所有序列的精确答案
 * （评分器用穷举检查这种情况）。
 *
 * beamWidth、maxLength 或 k 不是正整数时抛出 Error，消息写明是哪个参数和它的值。
 * 只用普通数组，不要导入课程的库（库里有一个完成的版本）。不要修改 step 返回的数组。
 *
 * 例：V = 3，endToken = 2，maxLength = 2；第一步 logProbs = ln[0.5, 0.4, 0.1]；上一个记号是 0 时
 *     ln[0.3, 0.3, 0.4]，是 1 时 ln[0.9, 0.05, 0.05]。
 *     贪心：0（0.5），然后 2（0.4）→ [0, 2]，概率 0.2。
 *     beamWidth = 2：第一步留下 [0]（ln 0.5）和 [1]（ln 0.4）；第二步候选中最好的两个是
 *     [1, 0]（0.36）和 [0, 2]（0.2）→ 返回 [{ tokens: [1, 0], logProb: ln 0.36 ≈ −1.021651 },
 *     { tokens: [0, 2], logProb: ln 0.2 ≈ −1.609438 }]。
 *
 * Exercise 20: beam search (beam-search)
 *
 * step(prefix) returns the log-probabilities of the next token (length V; −Infinity = impossible). A
 * sequence ends when it emits endToken (included) or reaches maxLength; its log-probability is the sum
 * over its steps. Keep the beamWidth best unfinished sequences at every step: extend each by every
 * possible token, rank the candidates, keep the best beamWidth; kept candidates ending with endToken,
 * or of length maxLength, are finished, the others form the next beam. Return the k best finished
 * sequences (default k = beamWidth). Ranking everywhere: higher log-probability first; ties: the
 * lexicographically smaller token sequence first (a prefix before its extensions). With a beam wide
 * enough to keep every candidate the answer is exact (the grader checks it against brute force).
 * Throw an Error naming beamWidth, maxLength or k and its value when one is not a positive integer.
 * Plain arrays only (no course library). Example above.
 */

/** The model: log-probabilities of the next token given the tokens generated so far. */
export type StepFunction = (prefix: number[]) => number[];

/** Options of `beamSearch`. */
export interface BeamOptions {
  beamWidth: number;
  maxLength: number;
  /** Token that ends a sequence (kept as its last token); none: every sequence has maxLength tokens. */
  endToken?: number;
  /** How many sequences to return (default beamWidth). */
  k?: number;
}

/** A generated sequence and its log-probability. */
export interface Scored {
  tokens: number[];
  logProb: number;
}

/** The k best sequences found by beam search, best first. */
export function beamSearch(step: StepFunction, options: BeamOptions): Scored[] {
  throw new Error("beam-search: not implemented yet (尚未实现): write beamSearch in exercises/beam-search.ts");
}
