/**
 * @file No line of product or test code runs past {@link MAX_LINE}. Prettier (print width 120) breaks
 * code but leaves long strings and comments alone; this check catches those. Length counts Unicode
 * code points, so a line of Chinese hint text is measured in characters, not UTF-8 bytes.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/kernel/kernelspec";

/** The longest line allowed, in code points. */
const MAX_LINE = 140;

/** Directories holding product and test code, relative to the project root. */
const CODE_DIRS = ["src", "grader", "scripts", "test", "bench", "exercises", "solutions"];

/** Source file extensions that are checked. */
const CODE_FILE = /\.(ts|js|cjs|mjs)$/;

/**
 * Paths (relative, "/"-separated) that are not checked: deliberately odd submissions for the grader
 * tests, and generated output. Dot directories and node_modules are skipped while walking.
 */
const SKIPPED = [/^test\/grader\/hostile\//, /(^|\/)(build|book)\//];

interface LongLine {
  file: string;
  line: number;
  length: number;
}

/** Lines of `text` longer than `max` code points, numbered from 1. */
function longLines(file: string, text: string, max: number): LongLine[] {
  return text.split(/\r?\n/).flatMap((content, index) => {
    const length = [...content].length;
    return length > max ? [{ file, line: index + 1, length }] : [];
  });
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink() || entry.name.startsWith(".") || entry.name === "node_modules") {
      return [];
    }
    return entry.isDirectory() ? walk(full) : CODE_FILE.test(entry.name) ? [full] : [];
  });
}

/** Every checked code file, as a path relative to the project root with "/" separators. */
function codeFiles(): string[] {
  return CODE_DIRS.flatMap((dir) => walk(path.join(PROJECT_ROOT, dir)))
    .map((full) => path.relative(PROJECT_ROOT, full).split(path.sep).join("/"))
    .filter((rel) => !SKIPPED.some((pattern) => pattern.test(rel)))
    .sort();
}

describe("line length", () => {
  it("the detector reports a planted long line by file, line and code-point length", () => {
    const chinese = "提示".repeat(60); // 120 code points, 360 UTF-8 bytes
    const text = [
      "const ok = 1;",
      `const hint = "${chinese}";`,
      `// ${"x".repeat(MAX_LINE - 3)}`,
      "x".repeat(141),
    ].join("\n");
    assert.deepEqual(longLines("planted.ts", text, MAX_LINE), [{ file: "planted.ts", line: 4, length: 141 }]);
    assert.deepEqual(longLines("planted.ts", `${"字".repeat(MAX_LINE + 1)}\r\nshort`, MAX_LINE), [
      { file: "planted.ts", line: 1, length: MAX_LINE + 1 },
    ]);
  });

  it("walks the code directories and skips hostile submissions", () => {
    const files = codeFiles();
    assert.ok(files.includes("test/course/line-length.test.ts"), "this file should be checked");
    assert.ok(files.some((f) => f.startsWith("src/")) && files.some((f) => f.startsWith("grader/")));
    assert.ok(!files.some((f) => f.startsWith("test/grader/hostile/")), "hostile submissions are skipped");
    assert.ok(!files.some((f) => f.includes("node_modules/")));
  });

  it(`no line of code under ${CODE_DIRS.join(", ")} is longer than ${MAX_LINE} characters`, () => {
    const long = codeFiles().flatMap((rel) =>
      longLines(rel, fs.readFileSync(path.join(PROJECT_ROOT, rel), "utf8"), MAX_LINE),
    );
    assert.deepEqual(
      long.map((l) => `${l.file}:${l.line}: ${l.length} characters`),
      [],
      `${long.length} line(s) longer than ${MAX_LINE} characters; split long strings with + or join an array`,
    );
  });
});
