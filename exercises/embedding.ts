/**
 * 练习 14：嵌入层的查表与反向传播（embedding）
 *
 * 嵌入层把记号编号变成向量：词表大小 V、嵌入维度 k 的表 E（V×k，第 i 行是编号 i 的向量）。
 *
 * 1. embeddingLookup(table, ids)：返回 ids.length 行，第 t 行是 table[ids[t]] 的一个副本
 *    （新的数组：调用者修改返回值时，表本身不能跟着变）。
 * 2. embeddingBackward(ids, gradOut, vocabSize)：已知损失对查表结果的梯度 gradOut
 *    （ids.length 行 × k），返回损失对整张表的梯度 dE（vocabSize 行 × k）。想一想：表的第 i 行
 *    影响了哪些输出行（一个编号可能出现好几次）。k 取 gradOut 第一行的长度；
 *    ids 为空时（gradOut 也为空）返回 vocabSize 个空数组 []。
 * 两个函数在编号越界（不是 0 … V-1 的整数）时都抛出 Error，消息中包含 "out of range" 和该编号。
 * embeddingLookup 的 V 是 table.length。
 *
 * 例：table = [[0, 0], [1, 2], [3, 4]]，ids = [2, 1, 2] → [[3, 4], [1, 2], [3, 4]]
 *     embeddingBackward([2, 1, 2], [[1, 1], [0.5, 0], [2, -1]], 3) → [[0, 0], [0.5, 0], [3, 0]]
 *
 * Exercise 14: embedding lookup and its backward pass (embedding)
 *
 * embeddingLookup returns copies of the table rows table[ids[t]]; embeddingBackward returns the gradient
 * of the loss with respect to the whole table (vocabSize rows; derive which output rows each table row
 * affects, an id may occur several times; with no ids, return vocabSize empty rows). Both throw an Error containing
 * "out of range" and the id for an id that is not an integer in 0 … V-1.
 */

/**
 * Looks up rows of the embedding table (copies).
 * @param table V×k embedding table
 * @param ids token ids in 0 … V-1
 */
export function embeddingLookup(table: number[][], ids: number[]): number[][] {
  throw new Error("embedding: not implemented yet (尚未实现): write embeddingLookup in exercises/embedding.ts");
}

/**
 * Gradient of the loss with respect to the table, from the gradient of the looked-up rows.
 * @param ids token ids used in the lookup
 * @param gradOut ∂L/∂(lookup result), ids.length rows of k numbers
 * @param vocabSize V
 */
export function embeddingBackward(ids: number[], gradOut: number[][], vocabSize: number): number[][] {
  throw new Error("embedding: not implemented yet (尚未实现): write embeddingBackward in exercises/embedding.ts");
}
