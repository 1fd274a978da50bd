/**
 * 练习 17：用本课程的库训练 LSTM 解决“加法问题”（adding-problem）
 *
 * 加法问题：每个序列有 T 步，每步两个输入特征：特征 0 是 [0, 1) 上均匀分布的数 u_t；特征 1 是标记，
 * 恰好有两个位置为 1（一个在前半段，一个在后半段），其余为 0。读完整个序列后，要输出两个被标记的数
 * 之和 y = u_{p1} + u_{p2}。总是输出 1 的模型，均方误差（MSE）是 Var(u_{p1} + u_{p2}) = 1/6 ≈ 0.167；
 * 只记住后一个被标记的数的模型是 Var(u_{p1}) = 1/12 ≈ 0.083。要做得更好，模型必须把第一个被标记的数
 * 记住十几步以上，这正是 LSTM 的细胞状态擅长的。
 *
 * 任务：写 trainAdding(options)，用本课程的库（import * as rnn from "../src"）训练一个单层 LSTM 加一个
 * 线性输出层，返回训练好的参数（普通数组，不是函数）：
 *   - options.seed：随机种子。所有随机性（参数初始化、训练数据）都要来自 new rnn.Rng(options.seed)，
 *     不要用 Math.random，这样同样的种子得到同样的模型。
 *   - options.length：序列长度 T（评分用 T = 30）。
 *   - options.steps：训练预算，最多做这么多次参数更新（评分用 400 步）。
 *   - 返回 { weightIh, weightHh, bias, headWeight, headBias }：H 个隐藏单元的 LSTM 的参数，按库里的
 *     布局，四个块的顺序为 f、i、o、c̃（见 src/nn/lstm.ts）：weightIh 是 4H×2，weightHh 是 4H×H，
 *     bias 有 4H 个数；输出层 headWeight 有 H 个数，headBias 是一个数。预测 = headWeight · h_T + headBias，
 *     h_0 = c_0 = 0。1 ≤ H ≤ 64。
 * 评分程序用它自己的 LSTM 前向传播，在你的代码看不到的 200 个新序列上计算 MSE：MSE < 0.06 得一部分分，
 * MSE < 0.03 得全部分。返回预测函数（例如直接把两个被标记的数相加的规则）不得分：要得分，模型必须真的
 * 训练出来。
 * 时间限制：每次 trainAdding 必须在 60 秒内完成；参考解在繁忙的机器上约需 8 秒。
 *
 * 库里用得上的部分：rnn.addingProblem(rng, batch, T) 生成一批训练数据 { x: [batch, T, 2], y: [batch, 1] }；
 * rnn.LSTM、rnn.Linear、rnn.select、rnn.mseLoss、rnn.Adam、rnn.train（参数 clipNorm 做梯度裁剪）；
 * 张量的 toArray() 和 data 把参数变回普通数组。学习率、批大小、隐藏单元数由你来选。
 *
 * Exercise 17: train an LSTM on the adding problem with the course library (adding-problem)
 *
 * Write trainAdding({ seed, length, steps }) that trains one LSTM layer and a linear head with the
 * course library (all randomness from new rnn.Rng(seed), at most `steps` parameter updates) and
 * returns the trained parameters as plain arrays: { weightIh (4H×2), weightHh (4H×H), bias (4H),
 * headWeight (H), headBias }, blocks in the library's order f, i, o, c̃, 1 <= H <= 64; prediction =
 * headWeight · h_T + headBias from h_0 = c_0 = 0. The grader runs its own forward pass on 200 hidden
 * sequences of length 30 (400 steps): MSE < 0.06 earns part of the points, MSE < 0.03 all of them
 * (constant baseline 1/6 ≈ 0.167; remembering one marked value 1/12 ≈ 0.083). A prediction function
 * (a hand-written rule) earns nothing. Each call must finish within 60 s (the reference takes about
 * 8 s on a busy machine).
 */
import * as rnn from "../src";

/** Options of trainAdding. */
export interface AddingOptions {
  /** Seed of every random choice (parameters and training data). */
  seed: number;
  /** Sequence length T. */
  length: number;
  /** Training budget: at most this many parameter updates. */
  steps: number;
}

/** Trained parameters: one LSTM layer (2 inputs, H units, blocks f, i, o, c̃) and a linear head. */
export interface AddingModel {
  /** [W_f; W_i; W_o; W_c]: 4H rows of 2. */
  weightIh: number[][];
  /** [U_f; U_i; U_o; U_c]: 4H rows of H. */
  weightHh: number[][];
  /** [b_f; b_i; b_o; b_c]: 4H numbers. */
  bias: number[];
  /** Weights of the head: H numbers (prediction = headWeight · h_T + headBias). */
  headWeight: number[];
  headBias: number;
}

/**
 * Trains an LSTM on the adding problem and returns its parameters.
 * @param options seed, sequence length and step budget
 */
export function trainAdding(options: AddingOptions): AddingModel {
  throw new Error("adding-problem: not implemented yet (尚未实现): write trainAdding in exercises/adding-problem.ts");
}
