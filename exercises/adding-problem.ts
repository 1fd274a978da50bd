/**
 * 练习 17：用本课程的库训练 LSTM 解决“加法问题”（adding-problem）
 *
 * 加法问题（“长短时记忆网络”一节）：每个序列有 T 步，每步两个输入特征：
 *   特征 0 是 [0, 1) 上均匀分布的数 u_t；特征 1 是标记，恰好有两个位置为 1（一个在前半段，
 *   一个在后半段），其余为 0。读完整个序列后，要输出两个被标记的数之和 y = u_{p1} + u_{p2}。
 * 总是输出 1 的模型，均方误差（MSE）是 Var(u_{p1} + u_{p2}) = 1/6 ≈ 0.167（基线）。要做得更好，
 * 模型必须把第一个被标记的数记住几十步——简单 RNN 在这里很吃力，LSTM 的细胞状态能做到。
 *
 * 任务：写 trainAdding(options)，用本课程的库（import * as rnn from "../src"）训练一个模型，
 * 返回一个预测函数 predict(x)：
 *   - options.seed：随机数的 seed。所有随机性（参数初始化、训练数据）都要来自 new rnn.Rng(options.seed)，
 *     不要用 Math.random，这样同样的 seed 得到同样的模型。
 *   - options.length：序列长度 T（评分用 T = 30）。
 *   - predict(x)：x 是 N 个序列，形状 N×T×2 的 number[][][]（x[n][t] = [u_t, 标记]），返回长度为 N
 *     的 number[]，第 n 个是对 y 的预测。
 * 评分：在 200 个新生成的序列上计算 MSE。MSE < 0.1 得一部分分，MSE < 0.05 得全部分。
 * 时间限制：每次 trainAdding（训练加预测）必须在 60 秒内完成；参考解在这台机器上约需 5 秒。
 *
 * 建议（不是要求）：
 *   - 训练数据：rnn.addingProblem(rng, batch, T) 返回 { x: [batch, T, 2], y: [batch, 1] } 张量。
 *   - 模型：new rnn.LSTM(2, 16, { rng })，取最后的隐藏状态 rnn.select(lstm.forward(x).h, 0, 0)
 *     （形状 [batch, 16]），再接 new rnn.Linear(16, 1, { rng })。
 *   - 训练：new rnn.Adam([...lstm.parameters(), ...head.parameters()], { lr: 0.01 })，批大小 32，
 *     用 rnn.train({ steps, optimizer, loss, clipNorm: 1 }) 跑几百步，损失用 rnn.mseLoss。
 *   - 预测时用 rnn.noGrad(() => ...) 关闭求导；rnn.tensor(x) 把嵌套数组变成张量。
 *
 * Exercise 17: train an LSTM on the adding problem with the course library (adding-problem)
 *
 * Write trainAdding({ seed, length }) that trains a model with the course library (all randomness
 * from new rnn.Rng(seed)) and returns predict(x), mapping N sequences (N×T×2, x[n][t] = [value,
 * marker]) to N predictions of the sum of the two marked values. Graded on 200 fresh sequences of
 * length 30: MSE < 0.1 earns part of the points, MSE < 0.05 all of them (the constant baseline is
 * 1/6 ≈ 0.167). Each call must finish within 60 s (the reference takes about 5 s here).
 */
import * as rnn from "../src";

/** Options of trainAdding. */
export interface AddingOptions {
  /** Seed of every random choice (parameters and training data). */
  seed: number;
  /** Sequence length T. */
  length: number;
}

/** Maps N sequences (N×T×2) to N predictions. */
export type AddingPredictor = (x: number[][][]) => number[];

/**
 * Trains a model on the adding problem and returns its prediction function.
 * @param options seed and sequence length
 */
export function trainAdding(options: AddingOptions): AddingPredictor {
  throw new Error("adding-problem: not implemented yet (尚未实现): write trainAdding in exercises/adding-problem.ts");
}
