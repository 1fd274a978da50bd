/**
 * 练习 14：SMILES 字符串的分词、词表与填充（smiles-tokenize）
 *
 * 教材用 SMILES 字符串（如乙醇 "CCO"）举例说明 RNN 能处理变长序列。送进 RNN 之前，要把字符串
 * 切成记号（token），建立词表，再把一批长短不一的序列填充到同样的长度并给出掩码。
 *
 * 1. tokenizeSmiles(smiles)：从左到右扫描，每次取一个记号，规则按顺序判断：
 *    (a) 当前字符是 '['：一直取到第一个 ']'（含两端）作为一个记号，如 "[NH4+]"、"[C@@H]"、"[Na+]"；
 *        找不到 ']' 时抛出 Error，消息中包含 "unterminated"（未闭合）。
 *    (b) 接下来两个字符是 "Cl" 或 "Br"：作为一个记号（氯、溴）。只有这两个双字母原子；
 *        例如 "Sc" 在括号外是硫 S 加芳香碳 c，是两个记号。
 *    (c) 当前字符是 '%' 且后面紧跟两位数字：三个字符作为一个记号（两位数的环编号，如 "%12"）。
 *    (d) 否则单个字符就是一个记号（C, c, O, (, ), =, #, 1, 2, ., / … 都是）。
 *    空字符串得到 []。
 * 2. buildSmilesVocabulary(tokenLists)：返回词表（字符串数组，下标就是编号）：
 *    第 0 个是 "<pad>"，第 1 个是 "<unk>"，其后是所有出现过的不同记号，按 JavaScript 默认的
 *    sort() 顺序（UTF-16 码元顺序，例如 "(" < "1" < "=" < "Br" < "C" < "Cl" < "[NH4+]" < "c"）排列。
 * 3. encodeBatch(batch, vocab)：对一批 SMILES 字符串分词并编码：
 *    - ids[b][t]：第 b 个字符串的第 t 个记号在 vocab 中的下标；不在词表里的记号用 1（"<unk>"）；
 *      短于本批最长序列的部分在右侧用 0（"<pad>"）填充。所有行的长度都等于本批最长的记号数 L。
 *    - mask[b][t]：真实记号处为 1，填充处为 0。
 *    - lengths[b]：第 b 个字符串的记号数。
 *
 * 例：tokenizeSmiles("ClC(Cl)Cl") = ["Cl", "C", "(", "Cl", ")", "Cl"]；
 *     tokenizeSmiles("[NH4+].[Cl-]") = ["[NH4+]", ".", "[Cl-]"]；
 *     vocab = buildSmilesVocabulary([["C", "C", "O"], ["C", "="]]) = ["<pad>", "<unk>", "=", "C", "O"]；
 *     encodeBatch(["CCO", "C=N"], vocab) → ids = [[3, 3, 4], [3, 2, 1]]，mask = [[1, 1, 1], [1, 1, 1]]，lengths = [3, 3]；
 *     encodeBatch(["CO", "C"], vocab) → ids = [[3, 4], [3, 0]]，mask = [[1, 1], [1, 0]]，lengths = [2, 1]。
 *
 * Exercise 14: tokenising SMILES, vocabulary and padding (smiles-tokenize)
 *
 * Tokens, scanning left to right: a bracket atom "[...]" up to the first "]" (an Error containing
 * "unterminated" when there is none); then "Cl" or "Br" as one token; then "%" followed by two digits;
 * otherwise one character. The vocabulary is ["<pad>", "<unk>", ...distinct tokens in JavaScript's
 * default sort order]. encodeBatch returns ids padded on the right with 0 to the batch's longest
 * sequence (unknown tokens → 1), a 0/1 mask and the lengths.
 */

/** An encoded batch: ids and mask are B rows of L numbers (L = longest sequence in the batch). */
export interface EncodedBatch {
  ids: number[][];
  mask: number[][];
  lengths: number[];
}

/**
 * Splits a SMILES string into tokens (bracket atoms, Cl, Br, %nn ring bonds, single characters).
 * @param smiles the SMILES string
 */
export function tokenizeSmiles(smiles: string): string[] {
  throw new Error(
    "smiles-tokenize: not implemented yet (尚未实现): write tokenizeSmiles in exercises/smiles-tokenize.ts",
  );
}

/**
 * Vocabulary: "<pad>", "<unk>", then the distinct tokens in default sort order.
 * @param tokenLists tokenised sequences
 */
export function buildSmilesVocabulary(tokenLists: string[][]): string[] {
  throw new Error(
    "smiles-tokenize: not implemented yet (尚未实现): write buildSmilesVocabulary in exercises/smiles-tokenize.ts",
  );
}

/**
 * Tokenises and encodes a batch, padding on the right to the longest sequence.
 * @param batch SMILES strings
 * @param vocab a vocabulary from buildSmilesVocabulary
 */
export function encodeBatch(batch: string[], vocab: string[]): EncodedBatch {
  throw new Error("smiles-tokenize: not implemented yet (尚未实现): write encodeBatch in exercises/smiles-tokenize.ts");
}
