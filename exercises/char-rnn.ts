/**
 * 练习 22：从零写一个字符级 RNN（char-rnn）
 *
 * 只用普通数组（不要导入课程的库），写一个读字符、预测下一个字符的简单 RNN，并亲手训练它。
 * 字符先按词表编号（vocab[k] 是编号 k 的字符），编号 k 的输入是长 V 的独热向量 e_k。
 *
 *   h_t = tanh(W_xh e_{x_t} + W_hh h_{t-1} + b_h),   y_t = W_hy h_t + b_y,   p_t = softmax(y_t)
 *
 * 一段（chunk）的损失是各步交叉熵之和 L = Σ_t −log p_t[targets[t]]（求和，不是平均）。
 *
 * 要写四个函数：
 * 1. lossAndGrads(params, inputs, targets, hPrev)：从 hPrev 出发前向读完 inputs，返回损失 loss、
 *    五个参数的梯度 grads（与 params 同形状）和最后的状态 h。梯度要穿过整段（随时间反向传播），
 *    包括通过 h_{t-1} 流回去的部分。inputs 与 targets 长度不同、或编号不在 0..V-1 时抛出 Error，
 *    消息写明是哪个参数和它的长度（或出错的编号）。hPrev 长度不是 H 时同样抛出错误。
 * 2. clipGrads(grads, limit)：把每个梯度元素截断到 [−limit, limit]，返回新的数组。
 * 3. sample(params, h, seedId, n, temperature, rng)：从状态 h 出发，先输入 seedId，之后每步输入上一步
 *    采到的字符，共采 n 个编号。每步的分布是 softmax(y_t / temperature)；每步恰好调用一次 rng()
 *    得到 u ∈ [0,1)，取累积概率第一次超过 u 的编号（p 按编号 0,1,2,… 累加）。
 * 4. train(text, options)：词表是 text 中出现的不同字符按默认 sort() 排序；参数初始化为很小的随机数
 *    （如 ±0.01 的均匀分布，偏置为 0，用 options.seed 播种你自己的随机数生成器）。沿着 text 每次取
 *    seqLength 个字符做输入、后移一位做目标，状态 h 从上一段带过来；剩下的字符不够一段时回到开头并
 *    把 h 清零。每一步：lossAndGrads → clipGrads(·, 5) → Adagrad 更新（每个参数元素记住它历来梯度的
 *    平方和，步长 learningRate 除以该和的平方根（加 1e-8）），共 options.steps 步。返回 params、vocab
 *    和每步的平均损失 losses（loss / seqLength）。
 *
 * 评分：(a) 在隐藏的小例子上，把你的梯度与参考答案、以及与你的损失的数值差分比较；(b) 用你的 train
 *    在一段隐藏的短文本上训练固定步数，再用评分器自己的前向传播在整段文本上算每个字符的平均交叉熵，
 *    要低于 0.3；梯度写错的实现达不到。
 *
 * 形状：V 个字符，H 个隐藏单元；W_xh 为 H×V，W_hh 为 H×H，W_hy 为 V×H，b_h 长 H，b_y 长 V；
 *       矩阵按行存放（number[][]）。不要修改传入的参数。
 *
 * 例：H = 1，V = 2，W_xh = [[1, 0]]，W_hh = [[0]]，W_hy = [[1], [−1]]，b_h = [0]，b_y = [0, 0]，
 *     inputs = [0]，targets = [1]，hPrev = [0]：
 *     h_1 = tanh(1) ≈ 0.761594，y = [0.761594, −0.761594]，p ≈ [0.821007, 0.178993]，
 *     loss = −ln 0.178993 ≈ 1.720411，grads.by ≈ [0.821007, −0.821007]，
 *     grads.Why ≈ [[0.625275], [−0.625275]]，grads.bh ≈ [0.689604]，grads.Wxh ≈ [[0.689604, 0]]，
 *     grads.Whh = [[0]]（h_0 = 0），h ≈ [0.761594]。
 *
 * Exercise 22: a character-level RNN from scratch (char-rnn)
 *
 * With plain arrays only (no course library): h_t = tanh(W_xh e_{x_t} + W_hh h_{t-1} + b_h),
 * y_t = W_hy h_t + b_y, p_t = softmax(y_t), loss of a chunk L = Σ_t −log p_t[targets[t]] (a sum).
 * 1. lossAndGrads: forward from hPrev, the loss, the gradients of all five parameters by
 *    backpropagation through the whole chunk (including the path through h_{t-1}), and the last state.
 *    Throw an Error naming the argument and its length (or the bad id) when inputs and targets differ
 *    in length, an id is outside 0..V-1, or hPrev is not of length H.
 * 2. clipGrads: every gradient entry clipped to [−limit, limit], new arrays.
 * 3. sample: from h, feed seedId and then each sampled id; distribution softmax(y / temperature); one
 *    rng() call per step, pick the first id whose cumulative probability exceeds u.
 * 4. train: vocabulary = the distinct characters of text, sorted; small random init seeded by
 *    options.seed; chunks of seqLength characters along the text (targets shifted by one), h carried
 *    between chunks, back to the start with h = 0 when fewer characters are left than a chunk needs;
 *    each step lossAndGrads → clipGrads(·, 5) → an Adagrad update (each entry's step is learningRate
 *    divided by the square root of the sum of its squared past gradients, plus 1e-8). Return params,
 *    vocab and the per-step mean losses.
 * Graded on gradients (against the reference and numeric differences of your own loss, hidden cases)
 * and by training on a hidden short text: the grader's own forward pass must find a mean loss per
 * character below 0.3, which a broken gradient does not reach. Example above.
 */

/** Parameters: Wxh (H×V), Whh (H×H), Why (V×H), bh (H), by (V). */
export interface CharRnnParams {
  Wxh: number[][];
  Whh: number[][];
  Why: number[][];
  bh: number[];
  by: number[];
}

/** The loss of one chunk, the gradients of every parameter and the last hidden state. */
export interface LossAndGrads {
  loss: number;
  grads: CharRnnParams;
  h: number[];
}

/** Options of `train`. */
export interface TrainOptions {
  steps: number;
  hiddenSize: number;
  seqLength: number;
  learningRate: number;
  seed: number;
}

const TODO = "char-rnn: not implemented yet (尚未实现): write it in exercises/char-rnn.ts";

/** Forward over the chunk from hPrev, the summed cross-entropy, BPTT gradients and the last state. */
export function lossAndGrads(
  params: CharRnnParams,
  inputs: number[],
  targets: number[],
  hPrev: number[],
): LossAndGrads {
  throw new Error(TODO);
}

/** Every gradient entry clipped to [-limit, limit] (new arrays). */
export function clipGrads(grads: CharRnnParams, limit: number): CharRnnParams {
  throw new Error(TODO);
}

/** n sampled character ids after seedId, from softmax(y / temperature), one rng() draw per id. */
export function sample(
  params: CharRnnParams,
  h: number[],
  seedId: number,
  n: number,
  temperature: number,
  rng: () => number,
): number[] {
  throw new Error(TODO);
}

/** Trains with Adagrad on `text` for options.steps chunks; returns the parameters, vocabulary and losses. */
export function train(
  text: string,
  options: TrainOptions,
): { params: CharRnnParams; vocab: string[]; losses: number[] } {
  throw new Error(TODO);
}
