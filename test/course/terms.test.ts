/**
 * @file The course's words: one term per concept (notebooks/glossary.ipynb), no reference to an
 * outside text, and the shape every chapter 1 notebook ends with (小结, 3-5 思考题, exercise links
 * that resolve to a section of a chapter 3 notebook).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/kernel/kernelspec";

/** Wrong variants that cannot mean anything else, with the term to use instead. */
const BANNED: ReadonlyArray<{ pattern: RegExp; use: string }> = [
  { pattern: /简单RNN/, use: "简单 RNN (with a space)" },
  { pattern: /朴素 ?RNN|普通 ?RNN/, use: "简单 RNN" },
  { pattern: /莫纳罗亚|茂纳洛亚/, use: "冒纳罗亚" },
  { pattern: /令牌/, use: "词元" },
  { pattern: /集束搜索/, use: "束搜索" },
  { pattern: /隐状态|隐层状态/, use: "隐藏状态" },
  { pattern: /单元状态|记忆细胞状态/, use: "细胞状态" },
  // 伴随矩阵 is the adjugate; a line that uses it must say so.
  { pattern: /伴随矩阵(?!.*adjugate)/, use: "友矩阵 (companion matrix); 伴随矩阵 only for the adjugate" },
];

/** References to a text the learner never sees. */
const OUTSIDE_TEXT = /教材|种子文本|seed text|the textbook|the source text/i;

/** Where the outside-text check applies: everything a learner reads. */
const STANDALONE_SCOPE = ["notebooks/", "exercises/", "docs/", "README.md"];

/** The glossary lists the wrong variants on purpose. */
const GLOSSARY = "notebooks/glossary.ipynb";

interface Cell {
  cell_type: string;
  source: string | string[];
}

/** One searchable unit: a notebook cell or a whole text file. */
interface Unit {
  file: string;
  where: string;
  text: string;
  markdown: boolean;
}

function walk(dir: string, keep: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink() || entry.name.startsWith(".") || entry.name === "node_modules") {
      return [];
    }
    return entry.isDirectory() ? walk(full, keep) : keep(full) ? [full] : [];
  });
}

function cellsOf(file: string): Cell[] {
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Cell[] }).cells;
}

const sourceOf = (cell: Cell): string => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

function units(): Unit[] {
  const files = [
    ...walk(path.join(PROJECT_ROOT, "notebooks"), (f) => f.endsWith(".ipynb")),
    ...walk(path.join(PROJECT_ROOT, "exercises"), (f) => /\.(ts|md)$/.test(f)),
    ...walk(path.join(PROJECT_ROOT, "docs"), (f) => f.endsWith(".md")),
    path.join(PROJECT_ROOT, "README.md"),
  ];
  return files.flatMap((full) => {
    const file = path.relative(PROJECT_ROOT, full).split(path.sep).join("/");
    if (file.endsWith(".ipynb")) {
      return cellsOf(full).map((cell, i) => ({
        file,
        where: `cell ${i}`,
        text: sourceOf(cell),
        markdown: cell.cell_type === "markdown",
      }));
    }
    return [{ file, where: "file", text: fs.readFileSync(full, "utf8"), markdown: file.endsWith(".md") }];
  });
}

/** Each occurrence as "file, cell i, line n: ...line...". */
function occurrences(pattern: RegExp, among: Unit[]): string[] {
  return among.flatMap((u) =>
    u.text
      .split("\n")
      .map((line, n) => ({ line, n }))
      .filter(({ line }) => pattern.test(line))
      .map(({ line, n }) => `${u.file}, ${u.where}, line ${n + 1}: ${line.trim().slice(0, 120)}`),
  );
}

/**
 * The id JupyterLab and nbconvert give a Markdown heading: its text as rendered (inline code marks
 * and emphasis removed), spaces replaced by '-'.
 */
function headingAnchor(heading: string): string {
  return heading
    .replace(/^#+\s*/, "")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\*\*([^*]*)\*\*/g, "$1")
    .trim()
    .replace(/ /g, "-");
}

function headingsOf(file: string): string[] {
  return cellsOf(file)
    .filter((c) => c.cell_type === "markdown")
    .flatMap((c) => sourceOf(c).split("\n"))
    .filter((line) => /^#{1,6} /.test(line));
}

/** Unicode punctuation or symbol, as CommonMark's flanking rules count it. */
const PUNCTUATION = /[\p{P}\p{S}]/u;

/**
 * Bold runs (**...**) that a CommonMark renderer (JupyterLab, the book) would print with literal
 * asterisks: the closing ** after punctuation must be followed by space or punctuation, and the
 * opening ** before punctuation must follow space or punctuation, e.g. **门控循环单元（GRU）**是 fails.
 */
function unclosedBold(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\*\*([^*\n]+?)\*\*/g)) {
    const inner = m[1];
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const before = start > 0 ? text[start - 1] : " ";
    const after = end < text.length ? text[end] : " ";
    const loose = (ch: string) => /\s/.test(ch) || PUNCTUATION.test(ch);
    const opens = !/\s/.test(inner[0]) && (!PUNCTUATION.test(inner[0]) || loose(before));
    const closes = !/\s/.test(inner[inner.length - 1]) && (!PUNCTUATION.test(inner[inner.length - 1]) || loose(after));
    if (!opens || !closes) found.push(text.slice(Math.max(0, start - 4), end + 4));
  }
  return found;
}

describe("course terms and structure", () => {
  const all = units();

  it("finds the notebooks, exercises and README it scans", () => {
    const files = new Set(all.map((u) => u.file));
    for (const expected of [
      "README.md",
      "notebooks/README.ipynb",
      GLOSSARY,
      "notebooks/ch1-principles/02-bptt.ipynb",
    ]) {
      assert.ok(files.has(expected), `${expected} was not scanned`);
    }
    assert.ok(
      [...files].some((f) => f.startsWith("exercises/")),
      "no exercise file was scanned",
    );
  });

  for (const { pattern, use } of BANNED) {
    it(`never writes ${pattern.source} (use ${use})`, () => {
      const found = occurrences(
        pattern,
        all.filter((u) => u.file !== GLOSSARY),
      );
      assert.deepEqual(found, [], `use ${use}:\n${found.join("\n")}`);
    });
  }

  it("bold text renders as bold (CommonMark flanking rules) in every markdown cell", () => {
    assert.deepEqual(unclosedBold("是**门控循环单元（GRU）**是"), ["是**门控循环单元（GRU）**是"]);
    assert.deepEqual(unclosedBold("**门控循环单元**（GRU）是"), []);
    const found = all
      .filter((u) => u.markdown)
      .flatMap((u) => unclosedBold(u.text).map((snippet) => `${u.file}, ${u.where}: ${snippet}`));
    assert.deepEqual(found, [], `move the punctuation outside the ** marks:\n${found.join("\n")}`);
  });

  it("the banned-variant check catches a planted occurrence (and names the cell)", () => {
    const planted: Unit = { file: "x.ipynb", where: "cell 3", text: "第一行\n这是简单RNN的例子", markdown: true };
    assert.deepEqual(occurrences(BANNED[0].pattern, [planted]), ["x.ipynb, cell 3, line 2: 这是简单RNN的例子"]);
    assert.deepEqual(occurrences(BANNED[7].pattern, [{ ...planted, text: "伴随矩阵（adjugate）" }]), []);
    assert.equal(occurrences(BANNED[7].pattern, [{ ...planted, text: "伴随矩阵形式" }]).length, 1);
  });

  it("the glossary lists every fixed term and is linked from the index notebook", () => {
    const glossary = cellsOf(path.join(PROJECT_ROOT, GLOSSARY)).map(sourceOf).join("\n");
    const fixed = [
      "词元",
      "简单 RNN",
      "冒纳罗亚",
      "隐藏状态",
      "细胞状态",
      "友矩阵",
      "教师强制",
      "束搜索",
      "暂退法（dropout）",
    ];
    const more = ["随时间反向传播（BPTT）", "截断 BPTT", "梯度消失", "遗忘门", "更新门", "重置门", "谱半径", "谱范数"];
    const rest = ["编码器", "注意力权重", "困惑度", "暴露偏差", "嵌入", "时间常数", "自测"];
    for (const term of [...fixed, ...more, ...rest]) {
      assert.ok(glossary.includes(`| ${term}`), `the glossary has no row for ${term}`);
    }
    const index = cellsOf(path.join(PROJECT_ROOT, "notebooks", "README.ipynb"))
      .map(sourceOf)
      .join("\n");
    assert.ok(index.includes("](glossary.ipynb)"), "notebooks/README.ipynb does not link glossary.ipynb");
  });

  it("the course stands on its own: no reference to an outside text", () => {
    const scoped = all.filter((u) => STANDALONE_SCOPE.some((s) => u.file === s || u.file.startsWith(s)));
    assert.ok(scoped.length > 50, `only ${scoped.length} units in scope`);
    const found = occurrences(OUTSIDE_TEXT, scoped);
    assert.deepEqual(found, [], found.join("\n"));
  });

  const chapter1 = walk(path.join(PROJECT_ROOT, "notebooks", "ch1-principles"), (f) => f.endsWith(".ipynb")).sort();

  for (const file of chapter1) {
    const name = path.relative(PROJECT_ROOT, file);

    it(`${name} ends with 小结 and 3-5 思考题`, () => {
      const h2 = headingsOf(file).filter((h) => h.startsWith("## "));
      assert.deepEqual(h2.slice(-2), ["## 小结", "## 思考题"], `last sections of ${name}: ${h2.slice(-3).join(" | ")}`);
      const cells = cellsOf(file).map(sourceOf);
      const text = cells.join("\n");
      const questions = text
        .slice(text.lastIndexOf("## 思考题"))
        .split("\n")
        .filter((line) => /^\d+\. /.test(line));
      assert.ok(questions.length >= 3 && questions.length <= 5, `${name} has ${questions.length} questions`);
    });

    it(`${name}: exercise links point at an existing section of a chapter 3 notebook`, () => {
      const text = cellsOf(file)
        .filter((c) => c.cell_type === "markdown")
        .map(sourceOf)
        .join("\n");
      const links = [...text.matchAll(/\]\((\.\.\/ch3-practice\/[^)#\s]+\.ipynb)#([^)\s]+)\)/g)];
      assert.ok(links.length > 0, `${name} links no chapter 3 exercise`);
      for (const [, target, anchor] of links) {
        const targetFile = path.join(path.dirname(file), target);
        assert.ok(fs.existsSync(targetFile), `${name}: ${target} does not exist`);
        const anchors = headingsOf(targetFile).map(headingAnchor);
        assert.ok(anchors.includes(anchor), `${name}: no heading with anchor ${anchor} in ${target}`);
      }
      const bareMentions = text
        .split("\n")
        .filter((l) => /`exercises\/[\w-]+\.ts`/.test(l) && !l.includes("](../ch3-practice/"));
      assert.deepEqual(bareMentions, [], `${name}: exercise mentioned without a link`);
    });
  }
});
