/**
 * 练习 23：截断的随时间反向传播（tbptt）
 *
 * 一条很长的序列（例如一整本书的字符）不能一次做完随时间反向传播：内存和计算都与长度成正比。
 * 截断的 BPTT 把它切成长 k 的窗口，按顺序处理：
 * - 前向时，每个窗口从上一个窗口结束时的状态出发（状态“带过去”），所以整条序列的前向计算与
 *   一次读完完全相同；
 * - 反向时，梯度只在窗口内部传播，到窗口开头就停止（把带过去的状态“切断”：同样的值，但没有
 *   计算图的历史）。
 * 本练习使用本课程的库（import * as rnn from "../src"）：LSTM 的 forward 接受初始状态
 * { h0, c0 }，张量的 detach() 返回同值、无历史的副本，rnn.slice(x, 1, start, end) 取出时间轴上的
 * 一段。库里的 rnn.truncatedBptt 和 rnn.detachState 已经做好了这件事——本练习请不要用它们，
 * 用上面这些基本部件自己写循环。
 *
 * 要写两个函数：
 * 1. carryState(lstm, x, window)：x 形状为 [B, N, F]，按长 window 的窗口（最后一个可以更短）依次
 *    运行 lstm，第一个窗口从零状态出发（不传 h0、c0），之后每个窗口从上一个窗口的最终状态出发，
 *    且梯度在窗口之间切断。返回每个窗口的输出 outputs（[B, 窗口长, H] 的张量列表）和每个窗口
 *    结束时的状态 states（{ h, c }，形状与 lstm.forward 返回的 h、c 相同）。
 *    window 不是正整数时抛出 Error，消息写明 window 和它的值。
 * 2. trainTbptt(stream, vocabSize, { window, epochs, seed })：在记号序列 stream 上训练一个预测
 *    下一个记号的模型，返回 { embedding: rnn.Embedding, lstm: rnn.LSTM, head: rnn.Linear }（评分器
 *    用 head(lstm(embedding(记号)).output) 得到 logits）。每个 epoch 从零状态出发走完整条序列，
 *    窗口内的目标是输入后移一位，每个窗口做一次更新，状态按上面的方式带过去并切断。
 *    建议：嵌入维数 8，隐藏维数 24，rnn.Adam 学习率 0.01，每次更新前 rnn.clipGradNorm(参数, 1)，
 *    用 options.seed 构造 rnn.Rng。
 *
 * 评分：(a) carryState 的输出和每个窗口结束时的状态与参考答案比较（隐藏用例），并对最后一个窗口
 *    的输出之和做反向传播：x 在最后一个窗口之前的梯度必须恰好为 0（切断了），窗口内与参考相同；
 *    (b) trainTbptt 在一条由一个循环出现的片段组成的序列上训练（片段比窗口长），评分器在一条更长
 *    的同类序列上从零状态算平均交叉熵，要低于阈值（只看上一个记号的模型达不到）；评分器还记录训练
 *    中对返回的 lstm 的每次 forward 调用（开着梯度时）：窗口不长于 window，每个 epoch 只有第一个
 *    窗口从零状态出发，其余窗口的 h0、c0 等于上一个窗口最终的 h、c，且已经 detach。每个窗口都从
 *    零状态重新开始的训练也能把损失降下来，但它跳过了本练习要练的东西，所以不得分。
 *
 * 例：window = 5，N = 12 → 窗口覆盖第 0–4、5–9、10–11 步，outputs 有 3 个，形状 [B, 5, H]、
 *     [B, 5, H]、[B, 2, H]；把 outputs 沿时间轴接起来等于 lstm.forward(x).output，最后一个状态等于
 *     lstm.forward(x) 的 h、c。
 *
 * Exercise 23: truncated backpropagation through time (tbptt)
 *
 * With the course library (not its truncatedBptt/detachState: write the loop from LSTM.forward with
 * h0/c0, Tensor.detach() and rnn.slice). carryState(lstm, x, window) runs x [B, N, F] window by window,
 * the first from the zero state, each next one from the previous window's final state with the
 * gradient cut between windows; it returns the outputs of every window and the state { h, c } at the
 * end of every window, and throws an Error naming window and its value when window is not a positive
 * integer. trainTbptt(stream, vocabSize, { window, epochs, seed }) trains embedding → LSTM → linear
 * head to predict the next token, one update per window, the state carried and cut; it returns
 * { embedding, lstm, head }. Graded on the carried states and outputs (hidden cases), on the gradient
 * being cut (zero before the last window), on the trained model's mean loss on a longer stream, and
 * on how training ran its windows: the grader records every lstm.forward call of the returned LSTM
 * made with gradients on, and requires windows no longer than `window`, a zero-state start only for
 * an epoch's first window, and every other window starting from the previous window's final h and c,
 * detached (restarting every window from zero also lowers the loss, but skips the skill).
 */
import * as rnn from "../src";

/** The state of an LSTM: h and c, each [numLayers, batch, hidden]. */
export interface LstmState {
  h: rnn.Tensor;
  c: rnn.Tensor;
}

/** Runs `lstm` over x [B, N, F] window by window, carrying the state and cutting the gradient. */
export function carryState(
  lstm: rnn.LSTM,
  x: rnn.Tensor,
  window: number,
): { outputs: rnn.Tensor[]; states: LstmState[] } {
  throw new Error("tbptt: not implemented yet (尚未实现): write carryState in exercises/tbptt.ts");
}

/** The model trainTbptt returns. */
export interface StreamModel {
  embedding: rnn.Embedding;
  lstm: rnn.LSTM;
  head: rnn.Linear;
}

/** Trains a next-token model on `stream` with truncated BPTT. */
export function trainTbptt(
  stream: number[],
  vocabSize: number,
  options: { window: number; epochs: number; seed: number },
): StreamModel {
  throw new Error("tbptt: not implemented yet (尚未实现): write trainTbptt in exercises/tbptt.ts");
}
