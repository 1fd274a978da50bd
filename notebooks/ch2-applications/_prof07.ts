import * as rnn from "./rnn";
import * as show from "./rnn/notebook";
(async () => {
const notebookStart = performance.now(); // the last cell reports the run time from here (imports included)
const notebookCpuStart = process.cpuUsage();
;
/** Formats a number with `d` decimals (for sentences rendered from computed values). */
const fmt = (x: number, d = 3) => x.toFixed(d);
/** Formats a fraction as a percentage. */
const pct = (x: number, d = 1) => `${(100 * x).toFixed(d)}%`;
/** Throws with `message` unless `condition` holds: the prose below relies on these checks. */
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}
;
const DIGIT_CHARS = "零一二三四五六七八九";
const PLACE_CHARS = ["", "十", "百", "千", "万"];
/** The Chinese numeral of an integer 1 ≤ n ≤ 99 999 (rules in the text above). */
function toChinese(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99999) throw new Error(`toChinese: n must be an integer in 1..99999, got ${n}`);
  const s = String(n);
  let out = "";
  let pendingZero = false;
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    const place = PLACE_CHARS[s.length - 1 - i];
    if (d === 0) { pendingZero = true; continue; }
    if (pendingZero) { out += "零"; pendingZero = false; }
    out += (d === 1 && place === "十" && i === 0 ? "" : DIGIT_CHARS[d]) + place;
  }
  return out;
}
const RULE_EXAMPLES: [number, string][] = [
  [1234, "一千二百三十四"], [7, "七"], [10, "十"], [12, "十二"], [110, "一百一十"], [3000, "三千"],
  [1001, "一千零一"], [20305, "二万零三百零五"], [10010, "一万零一十"], [11000, "一万一千"], [99999, "九万九千九百九十九"],
];
for (const [n, expected] of RULE_EXAMPLES) check(toChinese(n) === expected, `toChinese(${n}) = ${toChinese(n)}, expected ${expected}`);
show.table(RULE_EXAMPLES.map(([n, c]) => ({ 阿拉伯数字: String(n), 汉字数字: c, 字数: c.length })), { caption: "toChinese 通过了这些例子" });
;
interface Example { n: number; source: string; target: string }
const SPLIT_SIZES = { train: 2000, validation: 300, test: 300, long: 300 };
const MAX_TRAIN_LENGTH = 7;
/** A random integer: 1–5 digits (uniform), leading digit 1–9, every other digit 0 with probability 0.3. */
function randomNumber(rng: rnn.Rng): number {
  const digits = 1 + rng.int(5);
  let n = 1 + rng.int(9);
  for (let i = 1; i < digits; i++) n = n * 10 + (rng.next() < 0.3 ? 0 : 1 + rng.int(9));
  return n;
}
/** Disjoint splits: train / validation / test with inputs ≤ 7 characters, and a test set of longer inputs. */
function makeSplits(seed: number) {
  const rng = new rnn.Rng(seed);
  const seen = new Set<number>();
  const short: Example[] = [];
  const long: Example[] = [];
  const shortNeeded = SPLIT_SIZES.train + SPLIT_SIZES.validation + SPLIT_SIZES.test;
  while (short.length < shortNeeded || long.length < SPLIT_SIZES.long) {
    const n = randomNumber(rng);
    if (seen.has(n)) continue;
    seen.add(n);
    const e = { n, source: toChinese(n), target: String(n) };
    if (e.source.length <= MAX_TRAIN_LENGTH) { if (short.length < shortNeeded) short.push(e); }
    else if (long.length < SPLIT_SIZES.long) long.push(e);
  }
  const a = SPLIT_SIZES.train, b = a + SPLIT_SIZES.validation;
  return { train: short.slice(0, a), validation: short.slice(a, b), test: short.slice(b), long };
}
const data = makeSplits(1);
type SplitName = keyof typeof data;
const SPLIT_LABELS: Record<SplitName, string> = { train: "训练集", validation: "验证集", test: "测试集", long: "长输入测试集" };
/** How many examples of each input length a split holds (lengths 1..9). */
function lengthCounts(examples: Example[]): number[] {
  const counts = new Array(10).fill(0);
  for (const e of examples) counts[e.source.length]++;
  return counts;
}
function checkSplits(): void {
  const all = Object.values(data).flat();
  check(new Set(all.map((e) => e.n)).size === all.length, "the splits must be disjoint");
  for (const name of ["train", "validation", "test"] as SplitName[]) check(data[name].every((e) => e.source.length <= MAX_TRAIN_LENGTH), `${name} inputs must have ≤ 7 characters`);
  check(data.long.every((e) => e.source.length >= 8 && e.target.length === 5 && e.target.split("0").length - 1 <= 1), "long inputs: 8–9 characters, five-digit numbers with at most one 0");
  check(data.train.every((e) => e.target.length < 5 || e.target.split("0").length - 1 >= 2), "five-digit training numbers have at least two zeros");
}
/** How many integers 1..99 999 have a Chinese numeral of at most `maxLength` characters. */
function numbersUpTo(maxLength: number): number {
  let count = 0;
  for (let n = 1; n <= 99999; n++) if (toChinese(n).length <= maxLength) count++;
  return count;
}
checkSplits();
show.table((Object.keys(data) as SplitName[]).map((name) => {
  const counts = lengthCounts(data[name]);
  const row: Record<string, string | number> = { 集合: SPLIT_LABELS[name], 个数: data[name].length };
  for (let L = 1; L <= 9; L++) row[`${L} 字`] = counts[L];
  return row;
}), { caption: "各集合中输入字数的分布" });
const shortNumbers = numbersUpTo(3);
const shortInTrain = data.train.filter((e) => e.source.length <= 3).length;
check(shortInTrain / shortNumbers > 0.5, "most of the short numbers should be in the training set");
show.markdown(`输入不超过 3 个字的数一共只有 ${shortNumbers} 个，其中 ${shortInTrain} 个（${pct(shortInTrain / shortNumbers)}）最先被抽中，进了训练集，所以验证集和测试集里几乎没有这么短的输入。`);
show.table(data.train.slice(0, 6).map((e) => ({ 输入: e.source, 输出: e.target })).concat(data.long.slice(0, 3).map((e) => ({ 输入: e.source, 输出: e.target }))), { caption: "训练集的前 6 个样本和长输入测试集的前 3 个" });
;
const SOURCE_TOKENS = ["<pad>", ..."零一二三四五六七八九十百千万"];
const TARGET_TOKENS = ["<bos>", "<eos>", ..."0123456789"];
const BOS = 0, EOS = 1;
const V = TARGET_TOKENS.length;
const sourceId = new Map(SOURCE_TOKENS.map((c, i) => [c, i] as [string, number]));
/** A batch: padded source ids [B, Tk] with lengths, decoder inputs and targets [B, Tq] with a mask. */
interface Batch { B: number; Tk: number; sourceIds: Int32Array; sourceLengths: number[]; Tq: number; decoderInputs: Int32Array; targets: Int32Array; mask: Float64Array }
/** Target token ids of an example: its digits, then <eos>. */
const targetIds = (e: Example) => [...[...e.target].map((c) => 2 + Number(c)), EOS];
/** Decoded digits (target ids without <eos>) as a string. */
const digitsOf = (ids: number[]) => ids.filter((v) => v >= 2).map((v) => String(v - 2)).join("");
function makeBatch(examples: Example[]): Batch {
  const B = examples.length;
  const Tk = Math.max(...examples.map((e) => e.source.length));
  const Tq = Math.max(...examples.map((e) => e.target.length)) + 1;
  const sourceIds = new Int32Array(B * Tk), decoderInputs = new Int32Array(B * Tq), targets = new Int32Array(B * Tq), mask = new Float64Array(B * Tq);
  examples.forEach((e, b) => {
    [...e.source].forEach((c, t) => (sourceIds[b * Tk + t] = sourceId.get(c) as number));
    const y = targetIds(e);
    y.forEach((v, t) => {
      decoderInputs[b * Tq + t] = t === 0 ? BOS : y[t - 1];
      targets[b * Tq + t] = v;
      mask[b * Tq + t] = 1;
    });
  });
  return { B, Tk, sourceIds, sourceLengths: examples.map((e) => e.source.length), Tq, decoderInputs, targets, mask };
}
const example = makeBatch([data.test.find((e) => e.n === 20305) ?? { n: 20305, source: toChinese(20305), target: "20305" }]);
show.table([
  { 行: "输入词元", 内容: Array.from(example.sourceIds, (i) => SOURCE_TOKENS[i]).join(" ") },
  { 行: "解码器输入", 内容: Array.from(example.decoderInputs, (i) => TARGET_TOKENS[i]).join(" ") },
  { 行: "目标", 内容: Array.from(example.targets, (i) => TARGET_TOKENS[i]).join(" ") },
], { caption: "20305 的一个样本（教师强制）" });
;
const EMBED = 16, HIDDEN = 24, ATTENTION = 16;
interface Seq2Seq { attention: rnn.AdditiveAttention | null; sourceEmbed: rnn.Embedding; encoder: rnn.GRU; targetEmbed: rnn.Embedding; decoder: rnn.GRU; head: rnn.Linear }
function makeModel(withAttention: boolean, seed: number): Seq2Seq {
  const rng = new rnn.Rng(seed);
  return {
    sourceEmbed: new rnn.Embedding(SOURCE_TOKENS.length, EMBED, { rng, std: 0.5 }),
    encoder: new rnn.GRU(EMBED, HIDDEN, { rng }),
    targetEmbed: new rnn.Embedding(V, EMBED, { rng, std: 0.5 }),
    decoder: new rnn.GRU(EMBED, HIDDEN, { rng }),
    attention: withAttention ? new rnn.AdditiveAttention(HIDDEN, HIDDEN, ATTENTION, { rng }) : null,
    head: new rnn.Linear(withAttention ? 2 * HIDDEN : HIDDEN, V, { rng }),
  };
}
const modelParameters = (m: Seq2Seq) =>
  [m.sourceEmbed, m.encoder, m.targetEmbed, m.decoder, ...(m.attention ? [m.attention] : []), m.head].flatMap((x) => x.parameters());
/** The encoder's states at every step (the memory attention reads) and its final state. */
interface Memory { keys: rnn.Tensor; lengths: number[]; final: rnn.Tensor }
function encodeSource(m: Seq2Seq, ids: Int32Array, B: number, Tk: number, lengths: number[]): Memory {
  const r = m.encoder.forward(m.sourceEmbed.forward(ids, [B, Tk]), { lengths });
  return { keys: r.output, lengths, final: r.h };
}
/**
 * Runs the decoder over input tokens [B, T] from state h: logits [B, T, V], the final state and (with
 * attention) the weights [B, T, Tk]. Teacher forcing calls it once with the whole shifted target;
 * decoding calls it with T = 1 per step.
 */
function decodeTokens(m: Seq2Seq, memory: Memory, ids: Int32Array, B: number, T: number, h: rnn.Tensor) {
  const r = m.decoder.forward(m.targetEmbed.forward(ids, [B, T]), { h0: h });
  if (!m.attention) return { logits: m.head.forward(r.output), h: r.h, weights: null as rnn.Tensor | null };
  const a = rnn.additiveAttentionSteps(m.attention, r.output, memory.keys, { keyLengths: memory.lengths });
  return { logits: m.head.forward(rnn.concat([r.output, a.context], -1)), h: r.h, weights: a.weights as rnn.Tensor | null };
}
/** Teacher-forced logits [B, Tq, V] of a batch. */
function teacherForcedLogits(m: Seq2Seq, b: Batch): rnn.Tensor {
  const memory = encodeSource(m, b.sourceIds, b.B, b.Tk, b.sourceLengths);
  return decodeTokens(m, memory, b.decoderInputs, b.B, b.Tq, memory.final).logits;
}
show.table([false, true].map((att) => {
  const m = makeModel(att, 0);
  return { 模型: att ? "有注意力" : "无注意力", 编码器: rnn.countParameters(m.encoder.parameters()), 解码器: rnn.countParameters(m.decoder.parameters()), 注意力: m.attention ? rnn.countParameters(m.attention.parameters()) : 0, "总参数（含嵌入和输出层）": rnn.countParameters(modelParameters(m)) };
}));
;
const TRAIN = { steps: 300, batch: 32, clipNorm: 1, learningRates: [0.01, 0.03], seeds: [1, 2, 3] };
const epochs = (TRAIN.steps * TRAIN.batch) / data.train.length;
const cellTimes: Record<string, { wall: number; cpu: number }> = {};
/** Runs fn and records its wall and CPU seconds under `label` (CPU time is what a quiet machine would need). */
function timed<T>(label: string, fn: () => T): T {
  const w = performance.now(), c = process.cpuUsage();
  const out = fn();
  const used = process.cpuUsage(c);
  cellTimes[label] = { wall: (performance.now() - w) / 1000, cpu: (used.user + used.system) / 1e6 };
  return out;
}
/** Greedy decoding of a whole split at once (batched): the predicted digits of every example. */
function greedyBatch(m: Seq2Seq, examples: Example[], maxLength = 7): string[] {
  return rnn.noGrad(() => {
    const b = makeBatch(examples);
    const memory = encodeSource(m, b.sourceIds, b.B, b.Tk, b.sourceLengths);
    let h = memory.final;
    let prev = new Int32Array(b.B).fill(BOS);
    const out: number[][] = examples.map(() => []);
    const done = new Array(b.B).fill(false);
    for (let t = 0; t < maxLength; t++) {
      const o = decodeTokens(m, memory, prev, b.B, 1, h);
      h = o.h;
      prev = new Int32Array(b.B);
      for (let i = 0; i < b.B; i++) {
        let best = 0;
        for (let v = 1; v < V; v++) if (o.logits.data[i * V + v] > o.logits.data[i * V + best]) best = v;
        prev[i] = best;
        if (!done[i]) { out[i].push(best); if (best === EOS) done[i] = true; }
      }
    }
    return out.map(digitsOf);
  });
}
/** Fraction of examples whose greedy output is exactly the right number. */
const accuracy = (m: Seq2Seq, examples: Example[]) => {
  const predicted = greedyBatch(m, examples);
  return examples.filter((e, i) => predicted[i] === e.target).length / examples.length;
};
interface Run { attention: boolean; lr: number; seed: number; model: Seq2Seq; losses: Float64Array; validation: number }
function trainRun(attention: boolean, lr: number, seed: number): Run {
  const model = makeModel(attention, seed);
  const batches = new rnn.Rng(100 + seed); // same batches for both architectures at a given seed
  const losses = rnn.train({
    steps: TRAIN.steps,
    optimizer: new rnn.Adam(modelParameters(model), { lr }),
    clipNorm: TRAIN.clipNorm,
    loss: () => {
      const b = makeBatch(Array.from({ length: TRAIN.batch }, () => data.train[batches.int(data.train.length)]));
      return rnn.crossEntropy(teacherForcedLogits(model, b), b.targets, b.mask);
    },
  });
  return { attention, lr, seed, model, losses, validation: accuracy(model, data.validation) };
}
const ARCHS = [false, true];
const archName = (att: boolean) => (att ? "有注意力" : "无注意力");
function tuningRuns(): Run[] {
  return ARCHS.flatMap((att) => TRAIN.learningRates.map((lr) => trainRun(att, lr, TRAIN.seeds[0])));
}
const tuning = timed("调参（4 次训练）", tuningRuns);
const chosen = ARCHS.map((att) => tuning.filter((r) => r.attention === att).sort((a, b) => b.validation - a.validation)[0]);
show.table(tuning.map((r) => ({ 模型: archName(r.attention), 学习率: r.lr, "最后 20 步的平均损失": r.losses.slice(-20).reduce((s, v) => s + v, 0) / 20, 验证集整句准确率: pct(r.validation), 选中: chosen.includes(r) ? "✓" : "" })), { caption: `种子 ${TRAIN.seeds[0]}，各训练 ${TRAIN.steps} 步（约 ${fmt(epochs, 1)} 遍训练集）` });
;
function seedRuns(): Run[][] {
  return chosen.map((best) => [best, ...TRAIN.seeds.slice(1).map((seed) => trainRun(best.attention, best.lr, seed))]);
}
const runs = timed("另外两个种子（4 次训练）", seedRuns); // runs[0]: without attention, runs[1]: with attention; 3 seeds each
show.plot({
  width: 760, height: 260, grid: true, y: { type: "log", label: "教师强制损失（对数轴）" }, x: { label: "训练步数" },
  color: { legend: true, domain: ["无注意力", "有注意力"], range: ["#7f7f7f", "#1f77b4"] },
  marks: runs.flat().map((r) => show.Plot.lineY(Array.from(r.losses, (loss, step) => ({ step, loss, arch: archName(r.attention) })).filter((_, i) => i % 5 === 4), { x: "step", y: "loss", stroke: "arch", strokeOpacity: 0.8 })),
});
show.markdown(`每条线是一次训练（每 5 步取一点）。选中的学习率：无注意力 ${chosen[0].lr}，有注意力 ${chosen[1].lr}。`);
;
interface Fed { loss: number; tokenAccuracy: number; sequenceAccuracy: number }
/**
 * Cross-entropy of the right token and accuracy of the most probable token at every target position,
 * with the decoder fed the right previous token (teacher forcing) or its own previous choice (free running).
 */
function fedMetrics(m: Seq2Seq, examples: Example[], freeRunning: boolean): Fed {
  return rnn.noGrad(() => {
    const b = makeBatch(examples);
    const memory = encodeSource(m, b.sourceIds, b.B, b.Tk, b.sourceLengths);
    let h = memory.final;
    let prev = new Int32Array(b.B).fill(BOS);
    let nll = 0, right = 0, count = 0;
    const allRight = new Array(b.B).fill(true);
    for (let t = 0; t < b.Tq; t++) {
      const o = decodeTokens(m, memory, prev, b.B, 1, h);
      h = o.h;
      const logp = rnn.logSoftmax(o.logits, -1).data;
      prev = new Int32Array(b.B);
      for (let i = 0; i < b.B; i++) {
        let best = 0;
        for (let v = 1; v < V; v++) if (logp[i * V + v] > logp[i * V + best]) best = v;
        const target = b.targets[i * b.Tq + t];
        prev[i] = freeRunning ? best : target;
        if (b.mask[i * b.Tq + t] === 0) continue;
        nll -= logp[i * V + target];
        count++;
        if (best === target) right++; else allRight[i] = false;
      }
    }
    return { loss: nll / count, tokenAccuracy: right / count, sequenceAccuracy: allRight.filter((x) => x).length / b.B };
  });
}
const biasModel = runs[0][0].model;
const exposure = (["test", "long"] as SplitName[]).map((split) => ({ split, forced: fedMetrics(biasModel, data[split], false), free: fedMetrics(biasModel, data[split], true) }));
show.table(exposure.flatMap(({ split, forced, free }) => [
  { 集合: SPLIT_LABELS[split], 喂法: "教师强制", 交叉熵: forced.loss, 词元准确率: pct(forced.tokenAccuracy), 整句准确率: pct(forced.sequenceAccuracy) },
  { 集合: SPLIT_LABELS[split], 喂法: "自由运行", 交叉熵: free.loss, 词元准确率: pct(free.tokenAccuracy), 整句准确率: pct(free.sequenceAccuracy) },
]), { caption: "无注意力的模型（种子 1）" });
for (const { split, forced, free } of exposure) {
  check(forced.sequenceAccuracy === free.sequenceAccuracy, `${split}: whole-sequence accuracy must be the same under both feedings`);
  check(free.loss > forced.loss && free.tokenAccuracy < forced.tokenAccuracy, `${split}: free running should be worse per token`);
  const greedy = accuracy(biasModel, data[split]);
  check(Math.abs(greedy - free.sequenceAccuracy) < 1e-12, `${split}: free running is greedy decoding (${greedy} vs ${free.sequenceAccuracy})`);
}
const [ex0, ex1] = exposure;
check(exposure.every(({ forced, free }) => free.loss > 2 * forced.loss), "the summary says free running more than doubles the cross-entropy");
show.markdown(`自由运行时每个词元的交叉熵在测试集上是教师强制时的 ${fmt(ex0.free.loss / ex0.forced.loss, 1)} 倍，在长输入测试集上是 ${fmt(ex1.free.loss / ex1.forced.loss, 1)} 倍；词元准确率分别从 ${pct(ex0.forced.tokenAccuracy)} 降到 ${pct(ex0.free.tokenAccuracy)}、从 ${pct(ex1.forced.tokenAccuracy)} 降到 ${pct(ex1.free.tokenAccuracy)}。整句准确率两种方式完全相同（${pct(ex0.forced.sequenceAccuracy)} 和 ${pct(ex1.forced.sequenceAccuracy)}），和上面的推理一致。所以**教师强制下的损失会低估真正使用时的错误**：看训练曲线时要记住，训练损失是在"永远有人纠正"的条件下算的。`);
;
/** A step function for one example (decoder state = hidden state); `onWeights` receives each step's attention weights. */
function stepFunction(m: Seq2Seq, e: Example, onWeights?: (w: Float64Array) => void) {
  const b = makeBatch([e]);
  const memory = encodeSource(m, b.sourceIds, 1, b.Tk, b.sourceLengths);
  const step: rnn.DecodeStep<rnn.Tensor> = (prev, h) => {
    const o = decodeTokens(m, memory, Int32Array.of(prev), 1, 1, h);
    if (onWeights && o.weights) onWeights(Float64Array.from(o.weights.data));
    return { logProbs: rnn.logSoftmax(rnn.reshape(o.logits, [V]), -1), state: o.h };
  };
  return { step, options: { startToken: BOS, endToken: EOS, maxLength: 7, state: memory.final } };
}
const BEAM_WIDTHS = [1, 2, 4];
const BEAM_EXAMPLES = 100;
interface BeamRow { attention: boolean; split: SplitName; width: number; accuracy: number; meanLogProb: number; logProbs: number[]; outputs: string[]; targetLogProbs: number[] }
/** log p(right answer | input) of every example: the teacher-forced sum of the right tokens' log-probabilities. */
function targetLogProbs(m: Seq2Seq, examples: Example[]): number[] {
  return rnn.noGrad(() => {
    const b = makeBatch(examples);
    const logp = rnn.logSoftmax(teacherForcedLogits(m, b), -1).data;
    return examples.map((_, i) => {
      let s = 0;
      for (let t = 0; t < b.Tq; t++) if (b.mask[i * b.Tq + t] === 1) s += logp[(i * b.Tq + t) * V + b.targets[i * b.Tq + t]];
      return s;
    });
  });
}
function beamExperiment(): BeamRow[] {
  const rows: BeamRow[] = [];
  rnn.noGrad(() => {
    for (const modelRuns of runs) {
      const m = modelRuns[0].model;
      for (const split of ["test", "long"] as SplitName[]) {
        const examples = data[split].slice(0, BEAM_EXAMPLES);
        const batched = greedyBatch(m, examples);
        const rightLogProbs = targetLogProbs(m, examples);
        examples.forEach((e, i) => {
          const s = stepFunction(m, e);
          check(digitsOf(rnn.greedyDecode(s.step, s.options).tokens) === batched[i], `greedyDecode disagrees with the batched greedy decoder on ${e.source}`);
        });
        for (const width of BEAM_WIDTHS) {
          const best = examples.map((e) => {
            const s = stepFunction(m, e);
            return rnn.beamSearch(s.step, { ...s.options, beamWidth: width, k: 1 })[0];
          });
          if (width === 1) best.forEach((h, i) => check(digitsOf(h.tokens) === batched[i], "beam width 1 must be greedy decoding"));
          const logProbs = best.map((h) => h.logProb);
          rows.push({ attention: m.attention !== null, split, width, logProbs, outputs: best.map((h) => digitsOf(h.tokens)), targetLogProbs: rightLogProbs, meanLogProb: logProbs.reduce((a, v) => a + v, 0) / logProbs.length, accuracy: examples.filter((e, i) => digitsOf(best[i].tokens) === e.target).length / examples.length });
        }
      }
    }
  });
  return rows;
}
const beamRows = timed("束搜索", beamExperiment);
show.table(ARCHS.flatMap((att) => (["test", "long"] as SplitName[]).map((split) => {
  const row: Record<string, string | number> = { 模型: archName(att), 集合: SPLIT_LABELS[split] };
  for (const r of beamRows.filter((r) => r.attention === att && r.split === split)) row[`束宽 ${r.width}`] = `${pct(r.accuracy)}（log p ${fmt(r.meanLogProb, 2)}）`;
  return row;
})), { caption: `整句准确率和找到的序列的平均 log p（各集合前 ${BEAM_EXAMPLES} 个样本，种子 1）` });
;
/** How each beam width changes the result against greedy decoding, per model and split. */
function beamSummary() {
  return beamRows.filter((r) => r.width > 1).map((r) => {
    const greedy = beamRows.find((g) => g.attention === r.attention && g.split === r.split && g.width === 1) as BeamRow;
    const higher = r.logProbs.filter((lp, i) => lp > greedy.logProbs[i] + 1e-12).length;
    const lower = r.logProbs.filter((lp, i) => lp < greedy.logProbs[i] - 1e-12).length;
    const changed = r.outputs.filter((o, i) => o !== greedy.outputs[i]).length;
    const targets = data[r.split].slice(0, BEAM_EXAMPLES).map((e) => e.target);
    const fixed = r.outputs.filter((o, i) => o !== greedy.outputs[i] && o === targets[i]).length;
    const broken = r.outputs.filter((o, i) => o !== greedy.outputs[i] && greedy.outputs[i] === targets[i]).length;
    return { r, greedy, higher, lower, changed, fixed, broken };
  });
}
const beamChanges = beamSummary();
show.table(beamChanges.map(({ r, greedy, higher, lower, changed, fixed, broken }) => ({ 模型: archName(r.attention), 集合: SPLIT_LABELS[r.split], 束宽: r.width, "log p 更高的样本": higher, "log p 更低的样本": lower, 输出改变的样本: changed, 由错改对: fixed, 由对改错: broken, "准确率变化（百分点）": fmt(100 * (r.accuracy - greedy.accuracy), 0) })), { caption: "与贪心解码相比" });
const totalHigher = beamChanges.reduce((s, c) => s + c.higher, 0);
const maxGain = Math.max(...beamChanges.map((c) => c.r.accuracy - c.greedy.accuracy));
const meanGain = beamChanges.reduce((s, c) => s + c.r.meanLogProb - c.greedy.meanLogProb, 0) / beamChanges.length;
check(meanGain >= 0, "on average, a wider beam should find sequences the model scores at least as high as greedy decoding");
check(beamChanges.every((c) => Math.abs(c.r.accuracy - c.greedy.accuracy) <= 0.02), "the text says beam search barely changes the accuracy here");
/** Errors of the widest beam: model errors (the right answer is less probable than the answer found, so even exhaustive search fails) and search errors. */
function errorKinds() {
  let model = 0, search = 0;
  for (const r of beamRows.filter((r) => r.width === BEAM_WIDTHS[BEAM_WIDTHS.length - 1])) {
    const examples = data[r.split].slice(0, BEAM_EXAMPLES);
    examples.forEach((e, i) => {
      if (r.outputs[i] === e.target) return;
      if (r.targetLogProbs[i] < r.logProbs[i]) model++; else search++;
    });
  }
  return { model, search };
}
const errors = errorKinds();
check(errors.model > errors.search, "most errors left by the widest beam should be model errors");
const fixedTotal = beamChanges.reduce((s, c) => s + c.fixed, 0), brokenTotal = beamChanges.reduce((s, c) => s + c.broken, 0), changedTotal = beamChanges.reduce((s, c) => s + c.changed, 0);
const widest = BEAM_WIDTHS[BEAM_WIDTHS.length - 1];
show.markdown(`束搜索在找**模型认为**更可能的序列：在这 ${beamChanges.length} 组比较里，共有 ${totalHigher} 次束搜索找到了比贪心解码 log p 更高的序列，平均 log p 提高了 ${fmt(meanGain, 3)}；${maxGain === 0 ? "但整句准确率**一个百分点也没有提高**" : `但整句准确率最多只提高了 ${fmt(100 * maxGain, 0)} 个百分点`}。原因看束宽 ${widest} 剩下的 ${errors.model + errors.search} 个错误：其中 ${errors.model} 个是**模型的错误**——正确答案的 log p 比找到的错误答案还低，即使穷举所有序列也会选错；${errors.search === 0 ? "没有一个" : `只有 ${errors.search} 个`}是**搜索的错误**（正确答案更可能，只是没被找到）。束搜索只能修后一种。它改变了的 ${changedTotal} 个输出里，${fixedTotal} 个由错改对，${brokenTotal} 个由对改错（模型给错误答案的概率更高），其余是把一个错误答案换成另一个。`);
;
const MIN_GROUP = 10;
interface LengthPoint { arch: string; length: number; mean: number; min: number; max: number; count: number }
function accuracyByLength(): { points: LengthPoint[]; perSeed: { attention: boolean; seed: number; test: number; long: number }[] } {
  const points: LengthPoint[] = [];
  const perSeed: { attention: boolean; seed: number; test: number; long: number }[] = [];
  const examples = [...data.test, ...data.long];
  for (const modelRuns of runs) {
    const correct = modelRuns.map((r) => { const p = greedyBatch(r.model, examples); return examples.map((e, i) => p[i] === e.target); });
    modelRuns.forEach((r, s) => {
      const acc = (from: number, to: number) => correct[s].slice(from, to).filter((x) => x).length / (to - from);
      perSeed.push({ attention: r.attention, seed: r.seed, test: acc(0, data.test.length), long: acc(data.test.length, examples.length) });
    });
    for (let L = 1; L <= 9; L++) {
      const idx = examples.map((e, i) => (e.source.length === L ? i : -1)).filter((i) => i >= 0);
      if (idx.length < MIN_GROUP) continue;
      const accs = correct.map((c) => idx.filter((i) => c[i]).length / idx.length);
      points.push({ arch: archName(modelRuns[0].attention), length: L, mean: accs.reduce((a, v) => a + v, 0) / accs.length, min: Math.min(...accs), max: Math.max(...accs), count: idx.length });
    }
  }
  return { points, perSeed };
}
const byLength = timed("按长度评估", accuracyByLength);
show.plot({
  width: 760, height: 300, grid: true,
  x: { label: "输入字数", ticks: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, y: { label: "整句准确率", domain: [0, 1], percent: true },
  color: { legend: true, domain: ["无注意力", "有注意力"], range: ["#7f7f7f", "#1f77b4"] },
  marks: [
    show.Plot.ruleX([MAX_TRAIN_LENGTH + 0.5], { stroke: "#d62728", strokeDasharray: "4,3" }),
    show.Plot.text([{ x: MAX_TRAIN_LENGTH + 0.55, y: 0.95 }], { x: "x", y: "y", text: () => "右边：比训练时更长", textAnchor: "start", fill: "#d62728" }),
    show.Plot.ruleX(byLength.points, { x: "length", y1: "min", y2: "max", stroke: "arch", strokeWidth: 2 }),
    show.Plot.line(byLength.points, { x: "length", y: "mean", stroke: "arch" }),
    show.Plot.dot(byLength.points, { x: "length", y: "mean", fill: "arch", r: 4 }),
  ],
});
const seedTable = byLength.perSeed.map((p) => ({ 模型: archName(p.attention), 种子: p.seed, 测试集: pct(p.test), 长输入测试集: pct(p.long) }));
show.table(seedTable, { caption: "每个种子的整句准确率（贪心解码）" });
;
const seedsOf = (att: boolean) => byLength.perSeed.filter((p) => p.attention === att);
const range = (xs: number[]) => `${pct(Math.min(...xs))}–${pct(Math.max(...xs))}`;
const meanOf = (xs: number[]) => xs.reduce((a, v) => a + v, 0) / xs.length;
const plain = seedsOf(false), attended = seedsOf(true);
check(Math.min(...attended.map((p) => p.test)) > Math.max(...plain.map((p) => p.test)), "on the test set every attention seed should beat every seed without attention");
for (const p of byLength.perSeed) check(p.long < p.test && p.long < 0.5, `${archName(p.attention)} seed ${p.seed}: longer inputs should be much harder`);
show.markdown(`**测试集（输入 ≤ 7 个字）**：有注意力的 3 个种子是 ${range(attended.map((p) => p.test))}，无注意力的是 ${range(plain.map((p) => p.test))}——注意力的**每个**种子都比没有注意力的**每个**种子好。同样 300 步、同样的调参预算，靠一个 24 维向量传递整个输入的模型还远没学会这个任务。

**长输入测试集（8–9 个字）**：有注意力 ${range(attended.map((p) => p.long))}（平均 ${pct(meanOf(attended.map((p) => p.long)))}），无注意力 ${range(plain.map((p) => p.long))}（平均 ${pct(meanOf(plain.map((p) => p.long)))}）。两个模型的每个种子在长输入上都不到 50%，比短输入差得多。注意力让模型在训练见过的长度内学得又快又好，却**不保证**能推广到更长的输入：比训练时更长的序列，对循环网络和注意力都是新情况（思考题 3）。`);
;
/** Greedy decoding of one example with the attention weights of every step (rows) over the input (columns). */
function attentionMap(m: Seq2Seq, e: Example): { output: string[]; weights: number[][] } {
  const weights: number[][] = [];
  const s = stepFunction(m, e, (w) => weights.push(Array.from(w)));
  const h = rnn.noGrad(() => rnn.greedyDecode(s.step, s.options));
  return { output: h.tokens.map((t) => TARGET_TOKENS[t]), weights };
}
const heatModel = runs[1][0].model;
const heatExamples = [data.test.find((e) => /零/.test(e.source) && e.target.length === 5), data.test.find((e) => !/零/.test(e.source) && e.target.endsWith("00")), data.long[0]].filter((e): e is Example => e !== undefined);
function showHeatmap(e: Example): void {
  const { output, weights } = attentionMap(heatModel, e);
  const src = [...e.source];
  const text = weights.map((row, t) => row.map((w, j) => `写 ${output[t]} 时看第 ${j + 1} 个字「${src[j]}」：权重 ${w.toFixed(3)}`));
  show.plotly(
    [{ type: "heatmap", z: weights, x: src.map((_, j) => j), y: output.map((_, t) => t), text, hovertemplate: "%{text}<extra></extra>", colorscale: "Blues", zmin: 0, zmax: 1 }],
    {
      title: { text: `${e.source} → ${digitsOf(output.map((o) => TARGET_TOKENS.indexOf(o)))}（正确答案 ${e.target}）` },
      width: 120 + 50 * src.length, height: 110 + 40 * output.length, margin: { l: 60, r: 20, t: 50, b: 50 },
      xaxis: { tickvals: src.map((_, j) => j), ticktext: src, title: { text: "输入" } },
      yaxis: { tickvals: output.map((_, t) => t), ticktext: output, autorange: "reversed", title: { text: "输出" } },
    },
  );
}
for (const e of heatExamples) showHeatmap(e);
const longExample = heatExamples[heatExamples.length - 1];
const longOutput = greedyBatch(heatModel, [longExample])[0];
show.markdown(`最后一个是长输入样本：\`${longExample.source}\` 被写成了 **${longOutput}**（正确答案 ${longExample.target}，${longOutput === longExample.target ? "写对了" : "写错了"}）。把鼠标移到每一行上，看看写每个数字时权重落在哪个字上；特别留意那些不对应任何汉字数字的 0（如 \`零\` 代表的 0、末尾的 0），模型写它们时在看哪里？`);
;
/** Input position of the Chinese digit that writes each nonzero digit of n (in output order). */
function digitPositions(e: Example): Map<number, number> {
  const map = new Map<number, number>();
  const src = [...e.source];
  const s = e.target;
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "0") continue;
    const place = PLACE_CHARS[s.length - 1 - i];
    // Skip 零 markers; an omitted 一 in a leading 十 has no digit character (then the place character stands for it).
    while (src[j] === "零") j++;
    if (place === "十" && src[j] === "十") { map.set(i, j); j += 1; continue; }
    map.set(i, j);
    j += place === "" ? 1 : 2;
  }
  return map;
}
function alignmentRate(): { rate: number; chance: number; digits: number } {
  let hits = 0, digits = 0, chance = 0;
  for (const e of data.test) {
    const { output, weights } = attentionMap(heatModel, e);
    if (output.join("") !== [...e.target, "<eos>"].join("")) continue; // only correctly decoded examples
    for (const [i, j] of digitPositions(e)) {
      const row = weights[i];
      let top = 0;
      for (let k = 1; k < row.length; k++) if (row[k] > row[top]) top = k;
      if (top === j || top === j + 1) hits++;
      digits++;
      chance += Math.min(2, e.source.length - j) / e.source.length;
    }
  }
  return { rate: hits / digits, chance: chance / digits, digits };
}
check(digitPositions({ n: 20305, source: "二万零三百零五", target: "20305" }).get(2) === 3, "digitPositions: the 3 of 20305 is 三 at position 3");
check(digitPositions({ n: 12, source: "十二", target: "12" }).get(1) === 1, "digitPositions: the 2 of 12 is 二 at position 1");
const alignment = timed("对齐统计", alignmentRate);
check(alignment.rate > 2 * alignment.chance, `attention should find the digit more often than chance (${alignment.rate} vs ${alignment.chance})`);
show.markdown(`在测试集上被正确解码的样本中，共 ${alignment.digits} 个非零数字；写它们时，权重最大的输入字是对应的汉字数字或其位名的比例是 **${pct(alignment.rate)}**，机会水平是 ${pct(alignment.chance)}。没有人告诉模型哪个输出对应哪个输入，这种对齐完全是从"把答案写对"这一个目标里学出来的。`);
;
const cpuUsed = process.cpuUsage(notebookCpuStart);
const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
show.table(Object.entries(cellTimes).map(([label, t]) => ({ 步骤: label, "墙钟（秒）": t.wall, "CPU（秒）": t.cpu })), { caption: "主要步骤的用时" });
show.markdown(`本笔记本从第一个代码单元（包括编译导入的库）到这里共运行 ${fmt((performance.now() - notebookStart) / 1000, 1)} 秒（墙钟时间）；内核进程共占用 CPU ${fmt(cpuSeconds, 1)} 秒。机器同时忙别的事时，墙钟时间会明显长于 CPU 时间。`);
console.log(`kernel CPU seconds: ${cpuSeconds.toFixed(1)}`);
;
})().catch((e) => { console.error(e); process.exit(1); });
