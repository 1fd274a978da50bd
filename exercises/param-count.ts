/**
 * 练习 8：参数数量（param-count）
 *
 * “定量比较：参数数量与复杂度”一节：输入维度 m、隐藏维度 d 时，每个门或候选状态都是一个从
 * R^m 和 R^d 到 R^d 的仿射变换，需要 d(m + d + 1) 个参数（W: d×m，U: d×d，b: d）。
 *   - 简单 RNN 有 1 个这样的单元；GRU 有 3 个（重置门、更新门、候选状态）；LSTM 有 4 个
 *     （遗忘门、输入门、输出门、候选细胞状态）。所以 N_LSTM / N_GRU = 4/3。
 *   - 本课程每个单元只有一个偏置。（PyTorch 每个单元有两个偏置 b_ih 和 b_hh，
 *     所以它的计数是 d(m + d + 2)，与这里不同。）
 *
 * 请写 paramCount(kind, inputSize, hiddenSize, options)，返回一个循环层（不含输出层）的参数总数：
 *   - options.layers（默认 1）：堆叠的层数。第 1 层的输入维度是 inputSize；第 2 层起，
 *     输入是下面一层的输出，维度为 hiddenSize（双向时为 2·hiddenSize，因为两个方向拼接）。
 *   - options.bidirectional（默认 false）：每层有前向、后向两套独立参数（参数数量翻倍）。
 *   - 参数不合法时抛出 Error，消息要包含出错参数的名字（kind、inputSize、hiddenSize 或 layers）：
 *     kind 不是 "rnn" | "lstm" | "gru"；inputSize、hiddenSize、layers 不是正整数。
 *
 * 例：paramCount("lstm", 2, 3) = 4·3·(2 + 3 + 1) = 72；paramCount("gru", 2, 3) = 54；72/54 = 4/3。
 *     paramCount("rnn", 10, 4, { layers: 2 }) = 4·(10+4+1) + 4·(4+4+1) = 60 + 36 = 96。
 *     paramCount("rnn", 10, 4, { layers: 2, bidirectional: true }) = 2·60 + 2·4·(8+4+1) = 120 + 104 = 224。
 *
 * Exercise 8: parameter counts (param-count)
 *
 * Each gate or candidate is an affine map from R^m and R^d to R^d with d(m + d + 1) parameters (one
 * bias per unit here; PyTorch keeps two biases, d(m + d + 2)). RNN has 1 unit, GRU 3, LSTM 4. Return
 * the total for a recurrent layer stack: layer 1 reads inputSize, later layers read hiddenSize
 * (2·hiddenSize when bidirectional); bidirectional doubles each layer's parameters. Throw an Error
 * naming the bad argument (kind, inputSize, hiddenSize or layers) for invalid input.
 */

/** The recurrent cell types of the course. */
export type CellKind = "rnn" | "lstm" | "gru";

/** Stacking options. */
export interface LayerOptions {
  /** Number of stacked layers (default 1). */
  layers?: number;
  /** Two directions per layer (default false). */
  bidirectional?: boolean;
}

/**
 * Number of trainable parameters of a recurrent layer stack (no output layer).
 * @param kind "rnn", "lstm" or "gru"
 * @param inputSize m, the size of x_t
 * @param hiddenSize d, the size of h_t
 * @param options layers (default 1) and bidirectional (default false)
 */
export function paramCount(kind: CellKind, inputSize: number, hiddenSize: number, options: LayerOptions = {}): number {
  throw new Error("param-count: not implemented yet (尚未实现): write paramCount in exercises/param-count.ts");
}
