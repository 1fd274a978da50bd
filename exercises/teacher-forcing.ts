/**
 * 练习 19：教师强制与自由运行（teacher-forcing）
 *
 * 解码器一次生成一个记号，每一步的输入是“上一个记号”。训练时上一个记号可以有两种来源：
 * - 教师强制（teacher forcing）：用训练数据里真实的上一个记号 targets[t−1]；
 * - 自由运行（free running）：用解码器自己在上一步的预测（就像推断时那样）。
 * 两者也可以逐步混合（计划采样 scheduled sampling 的做法）。第 0 步的输入总是起始记号 startToken。
 *
 * 解码器是一个简单 RNN 加嵌入层和输出层：
 *
 *   x_t = E[input_t]（嵌入表的第 input_t 行），   h_t = tanh(W_h h_{t−1} + W_x x_t + b)，
 *   logits_t = W_y h_t + b_y，   prediction_t = argmax logits_t（并列时取最小的编号），
 *
 * 损失是各步 softmax 交叉熵 −log softmax(logits_t)[targets[t]] 的平均值（T = 0 时为 0）。
 *
 * 写 decode(params, h0, targets, startToken, mode)，返回每步实际使用的输入记号 inputs、预测
 * predictions、logits 和 loss。mode 为 "teacher"（每步教师强制）、"free"（每步自由运行）或长 T
 * 的布尔数组（mode[t] 为 true 时第 t 步用真实记号，否则用自己的预测；mode[0] 不起作用）。
 * targets 中有不在 0..V−1 内的编号时抛出 Error，消息写明 targets、出错的位置和编号；mode 是长度
 * 不为 T 的数组时也抛出错误，写明 mode 和它的长度。
 * 只用普通数组，不要导入课程的库。不要修改输入。
 *
 * 形状：V 个记号，嵌入维数 D，隐藏维数 H；E 为 V×D，W_h 为 H×H，W_x 为 H×D，b 长 H，W_y 为 V×H，
 *       b_y 长 V，h0 长 H，targets 长 T；logits 为 T×V。
 *
 * 例：V = 3，D = H = 1，E = [[1], [0], [−1]]，W_h = [[0.5]]，W_x = [[1]]，b = [0]，
 *     W_y = [[1], [0], [−1]]，b_y = [0, 0.1, 0]，h0 = [0]，targets = [2, 0, 0]，startToken = 0：
 *     教师强制：inputs = [0, 2, 0]，predictions = [0, 2, 0]，loss ≈ 1.495386；
 *     自由运行：inputs = [0, 0, 0]，predictions = [0, 0, 0]，loss ≈ 1.014683。
 *     第 0 步两者相同：h_1 = tanh(1) ≈ 0.761594，logits_0 ≈ [0.761594, 0.1, −0.761594]。
 *
 * Exercise 19: teacher forcing versus free running (teacher-forcing)
 *
 * A decoder's input at step t is the previous token: the true one targets[t−1] (teacher forcing), its
 * own previous prediction (free running), or per step as a boolean array says; step 0 reads startToken.
 * x_t = E[input_t], h_t = tanh(W_h h_{t−1} + W_x x_t + b), logits_t = W_y h_t + b_y,
 * prediction_t = argmax (smallest id among ties), loss = mean softmax cross-entropy against targets.
 * Return inputs, predictions, logits and loss. Throw an Error naming targets, the position and the
 * id when a target is outside 0..V−1, and naming mode and its length when a mode array is not of
 * length T. Plain arrays, no course library. Example above.
 */

/** Decoder parameters: embedding E (V×D), Wh (H×H), Wx (H×D), b (H), Wy (V×H), by (V). */
export interface DecoderParams {
  E: number[][];
  Wh: number[][];
  Wx: number[][];
  b: number[];
  Wy: number[][];
  by: number[];
}

/** "teacher": always the true previous token; "free": always the own prediction; an array: per step. */
export type FeedMode = "teacher" | "free" | boolean[];

/** What the decoder did: the input it read at each step, its predictions, logits and mean loss. */
export interface DecodeResult {
  inputs: number[];
  predictions: number[];
  logits: number[][];
  loss: number;
}

/** Runs the decoder over targets.length steps, feeding the previous token as `mode` says. */
export function decode(
  params: DecoderParams,
  h0: number[],
  targets: number[],
  startToken: number,
  mode: FeedMode,
): DecodeResult {
  throw new Error("teacher-forcing: not implemented yet (尚未实现): write decode in exercises/teacher-forcing.ts");
}
