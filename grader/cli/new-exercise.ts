/**
 * `npm run new-exercise -- NAME [--zh TITLE] [--en TITLE] [--root DIR]` (also `rnn-course new-exercise`):
 * scaffolds a new exercise that grades from the first minute, for the teacher to rewrite:
 *
 *   exercises/NAME.ts              the learner's stub: bilingual statement template, a function that
 *                                  throws "not implemented yet"
 *   solutions/NAME.ts              the reference solution
 *   grader/specs/NAME.grader.ts    the grader spec (grader/kit): visible and hidden cases, a
 *                                  "bad input must throw a clear error" case, bilingual hints
 *   test/mutants/NAME.ts           named wrong variants of the solution (test/mutants/mutant.ts)
 *
 * and prints the chapter 3 notebook cells to paste (statement, try-it cell, self-check cell).
 * The template exercise is a real one (an exponential moving average, h_t = d·h_{t-1} + (1-d)·x_t),
 * so the scaffold can be graded at once: the stub scores 0 and the solution full marks.
 * Refuses a name that is not kebab-case or that any of the four files already uses.
 * Exit code 0 when the files were written, 2 otherwise.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseCommand } from "./command";
import { PROJECT_ROOT } from "../engine/options";

/** What {@link scaffoldExercise} wrote. */
export interface Scaffold {
  /** Absolute paths of the files written. */
  files: string[];
  /** The function the learner writes (camelCase of the name). */
  functionName: string;
  /** Position in the course given to the spec (after every existing spec). */
  order: number;
  /** The notebook cells to paste, as text. */
  notebookCells: string;
}

/** Bad scaffolding request (invalid or taken name); its message is for the teacher. */
export class ScaffoldError extends Error {}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Checks an exercise name: kebab-case ASCII, 2 to 40 characters. */
export function checkExerciseName(name: string): void {
  if (!NAME.test(name) || name.length < 2 || name.length > 40) {
    throw new ScaffoldError(
      `new-exercise: invalid exercise name ${JSON.stringify(name)}: use 2 to 40 characters of kebab-case ` +
        `(lowercase letters and digits, words joined by single hyphens, starting with a letter), e.g. "leaky-average"`,
    );
  }
}

function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
}

/** The paths of an exercise's four files under `root`. */
export function exerciseFiles(root: string, name: string) {
  return {
    stub: path.join(root, "exercises", `${name}.ts`),
    solution: path.join(root, "solutions", `${name}.ts`),
    spec: path.join(root, "grader", "specs", `${name}.grader.ts`),
    mutants: path.join(root, "test", "mutants", `${name}.ts`),
  };
}

/** The next course position: one after the largest `order:` of the specs in `specsDir`. */
function nextOrder(specsDir: string): number {
  let max = 0;
  if (fs.existsSync(specsDir)) {
    for (const f of fs.readdirSync(specsDir)) {
      if (!f.endsWith(".grader.ts")) continue;
      const m = /^\s*order:\s*(\d+)\s*,/m.exec(fs.readFileSync(path.join(specsDir, f), "utf8"));
      if (m) max = Math.max(max, Number(m[1]));
    }
  }
  return max + 1;
}

function statement(name: string, fn: string, n: number, zh: string, en: string): string {
  return `/**
 * 练习 ${n}：${zh}（${name}）
 *
 * TODO（教师）：把下面的模板换成你的题目。保留一个算好的例子和各参数的形状，不要把解法写出来。
 *
 * 指数滑动平均是最简单的循环：状态 h 记住过去的输入，并以因子 decay 逐步遗忘，
 *
 *   h_t = decay · h_{t-1} + (1 - decay) · x_t，  h_0 = 0。
 *
 * 请实现 ${fn}(xs, decay)：返回 [h_1, …, h_T]（与 xs 等长；xs 为空时返回空数组）。
 * decay 不在 [0, 1) 内时抛出 Error，消息中写出参数名 decay 和它的值。
 *
 * 例：${fn}([1, 1, 0], 0.5) = [0.5, 0.75, 0.375]。
 *
 * Exercise ${n}: ${en} (${name})
 *
 * TODO (teacher): replace this template with your statement. Keep a worked example and the shapes;
 * do not give the solution away.
 *
 * The exponential moving average is the simplest recurrence: the state h remembers past inputs and
 * forgets them by the factor decay, h_t = decay · h_{t-1} + (1 - decay) · x_t with h_0 = 0.
 * Implement ${fn}(xs, decay): return [h_1, …, h_T] (as long as xs; empty for an empty xs). Throw an
 * Error naming decay and its value when decay is not in [0, 1).
 * Example: ${fn}([1, 1, 0], 0.5) = [0.5, 0.75, 0.375].
 */
`;
}

function stubSource(name: string, fn: string, n: number, zh: string, en: string): string {
  return `${statement(name, fn, n, zh, en)}
/**
 * The states h_1 … h_T of the exponential moving average of xs.
 * @param xs inputs x_1 … x_T
 * @param decay forgetting factor in [0, 1)
 */
export function ${fn}(xs: number[], decay: number): number[] {
  throw new Error("${name}: not implemented yet (尚未实现): write ${fn} in exercises/${name}.ts");
}
`;
}

function solutionSource(name: string, fn: string, n: number): string {
  return `/**
 * Reference solution of exercise ${n} (${name}). Statement and conventions: exercises/${name}.ts.
 */

/** The states h_1 … h_T of the exponential moving average of xs. */
export function ${fn}(xs: number[], decay: number): number[] {
  if (!(decay >= 0 && decay < 1)) throw new Error(\`${fn}: decay must lie in [0, 1), got \${decay}\`);
  const states: number[] = [];
  let h = 0;
  for (const x of xs) {
    h = decay * h + (1 - decay) * x;
    states.push(h);
  }
  return states;
}
`;
}

function specSource(name: string, fn: string, n: number, zh: string, en: string): string {
  return `/**
 * Grader of exercise ${n} (${name}). TODO (teacher): adapt the cases, the run and the hints to your
 * exercise; keep visible cases first, hidden ones (literal ids, inputs drawn after the visible ones)
 * last, so that \`npm run release\` can strip them (docs/grading.md, "Writing a grader spec").
 */
import {
  CaseRng,
  asVector,
  caseOf,
  compareVector,
  checkThrow,
  copy,
  expectThrow,
  getFunction,
  type ErrorExpectation,
  type ExerciseSpec,
  type GradeCase,
  type Value,
  verdict,
} from "../kit";

interface Input {
  xs: number[];
  decay: number;
  /** When set, the call must throw a clear error about decay (see decayError). */
  expectError?: boolean;
}

/** A clear error for a bad decay names decay and its value, and not the other argument. */
function decayError(decay: number): ErrorExpectation {
  return { argument: "decay", shows: [String(decay)], others: ["xs"] };
}

const HINTS: Record<string, string> = {
  example:
    "Hint: start from h_0 = 0 and push h after every input: h = decay * h + (1 - decay) * x.\\n" +
    "提示：从 h_0 = 0 出发，每读入一个输入就记下 h = decay * h + (1 - decay) * x。",
  empty: "Hint: an empty xs gives an empty array of states.\\n提示：xs 为空时返回空数组。",
  "bad-decay":
    "Hint: throw new Error(...) when decay is not in [0, 1), with decay and its value in the message.\\n" +
    "提示：decay 不在 [0, 1) 内时 throw new Error(...)，消息中写出 decay 和它的值。",
};

const spec: ExerciseSpec<Input> = {
  name: "${name}",
  title: { zh: ${JSON.stringify(zh)}, en: ${JSON.stringify(en)} },
  order: ${n},
  exports: ["${fn}"],
  // The learner writes this by hand: imports of the course library are refused. Set true (or
  // remove) when the exercise builds on the library.
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(${1000 + n});
    const c = caseOf<Input>;
    return [
      c("example", "题目中的例子 (the worked example)", 1, { xs: [1, 1, 0], decay: 0.5 }),
      c("several", "较长的序列 (a longer sequence)", 1, { xs: rng.vector(8), decay: 0.9 }),
      c("empty", "空序列 (empty input)", 1, { xs: [], decay: 0.3 }),
      c("no-memory", "decay = 0：只看当前输入 (no memory)", 1, { xs: rng.vector(4), decay: 0 }),
      c("bad-decay", "decay ∉ [0, 1) 时抛出错误 (bad decay)", 1, {
        xs: [1, 2],
        decay: 1.5,
        expectError: true,
      }),
      c("random-hidden", "随机序列 (random sequence)", 2, { xs: rng.vector(12), decay: 0.75 }, true),
    ];
  },

  run(mod, inp): Value {
    const f = getFunction(mod, "${fn}");
    if (inp.expectError) return expectThrow(() => f(copy(inp.xs), inp.decay), decayError(inp.decay));
    return asVector(f(copy(inp.xs), inp.decay), "${fn}(xs, decay)");
  },

  check(actual, expected, c) {
    if (c.input.expectError) {
      const problem = checkThrow(actual, \`${fn}(xs, \${c.input.decay})\`, decayError(c.input.decay));
      return verdict([problem], HINTS[c.id]);
    }
    return verdict([compareVector("states", actual, expected)], HINTS[c.id] ?? HINTS.example);
  },
};

export default spec;
`;
}

function mutantsSource(name: string, fn: string): string {
  return `/**
 * Wrong variants of solutions/${name}.ts (format and checks: ./mutant.ts). TODO (teacher): list the
 * mistakes learners really make; each must lose points with a failing test that explains it.
 */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "no-one-minus",
    reason: "adds the whole input instead of (1 - decay) times it.",
    search: "h = decay * h + (1 - decay) * x;",
    replace: "h = decay * h + x;",
  },
  {
    name: "h0-is-first-input",
    reason: "starts from the first input instead of h_0 = 0.",
    search: "let h = 0;",
    replace: "let h = xs.length > 0 ? xs[0] : 0;",
  },
  {
    name: "no-validation",
    reason: "accepts a decay outside [0, 1) instead of throwing a clear error.",
    search: "  if (!(decay >= 0 && decay < 1)) throw new Error(\`${fn}: decay must lie in [0, 1), got \${decay}\`);\\n",
    replace: "",
  },
];
`;
}

function notebookCells(name: string, fn: string, n: number, zh: string): string {
  return [
    "--- markdown cell ---",
    `## 练习 ${n}：${zh}（\`${name}\`）`,
    "",
    "TODO：题目的要点、形状和一个算好的例子（完整题目见 exercises/" + name + ".ts）。",
    "",
    "--- code cell ---",
    `import { ${fn} } from "./exercises/${name}";`,
    "",
    "// The worked example of the statement: expect [0.5, 0.75, 0.375].",
    `tryIt(() => ${fn}([1, 1, 0], 0.5))`,
    "",
    "--- code cell ---",
    `await check("${name}");`,
    "",
    '(The notebook\'s first code cell imports the self-check: import { check, tryIt } from "./rnn/notebook/selfcheck";)',
  ].join("\n");
}

/**
 * Formats the written files with the project's Prettier settings (long names make long lines), so
 * they pass `npm run format:check`. Prettier is a development dependency: without it (a production
 * install) the files stay as generated.
 */
async function formatFiles(files: string[], root: string): Promise<void> {
  let prettier: typeof import("prettier");
  try {
    prettier = await import("prettier");
  } catch {
    return;
  }
  const config = (await prettier.resolveConfig(path.join(PROJECT_ROOT, "package.json"))) ?? {};
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, await prettier.format(text, { ...config, filepath: path.relative(root, file) }));
  }
}

/**
 * Writes the four files of a new exercise under `root`. Throws {@link ScaffoldError} (nothing
 * written) for an invalid name or when any of the files exists.
 */
export async function scaffoldExercise(opts: {
  root: string;
  name: string;
  zh?: string;
  en?: string;
}): Promise<Scaffold> {
  const { root, name } = opts;
  checkExerciseName(name);
  const files = exerciseFiles(root, name);
  const taken = Object.values(files).filter((f) => fs.existsSync(f));
  if (taken.length > 0) {
    throw new ScaffoldError(
      `new-exercise: the exercise "${name}" already exists (${taken.map((f) => path.relative(root, f)).join(", ")}); ` +
        "choose another name, or delete these files first",
    );
  }
  const fn = camelCase(name);
  const order = nextOrder(path.join(root, "grader", "specs"));
  const zh = opts.zh ?? `新练习 ${name}`;
  const en = opts.en ?? `New exercise ${name}`;
  const contents: [string, string][] = [
    [files.stub, stubSource(name, fn, order, zh, en)],
    [files.solution, solutionSource(name, fn, order)],
    [files.spec, specSource(name, fn, order, zh, en)],
    [files.mutants, mutantsSource(name, fn)],
  ];
  for (const [file, text] of contents) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { flag: "wx" });
  }
  await formatFiles(
    contents.map(([f]) => f),
    root,
  );
  return {
    files: contents.map(([f]) => f),
    functionName: fn,
    order,
    notebookCells: notebookCells(name, fn, order, zh),
  };
}

/** Runs the command; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommand("new-exercise", argv, {
    help: { type: "boolean", short: "h" },
    zh: { type: "string" },
    en: { type: "string" },
    root: { type: "string" },
  });
  if (parsed === null) return 2;
  const { values, positionals } = parsed;
  if (values.help || positionals.length !== 1) {
    process.stdout.write('usage: npm run new-exercise -- NAME [--zh "中文标题"] [--en "English title"] [--root DIR]\n');
    return values.help ? 0 : 2;
  }
  const root = path.resolve(values.root ?? PROJECT_ROOT);
  try {
    const made = await scaffoldExercise({ root, name: positionals[0], zh: values.zh, en: values.en });
    const name = positionals[0];
    process.stdout.write(
      [
        `Created exercise ${made.order} "${name}" (function ${made.functionName}):`,
        ...made.files.map((f) => `  ${path.relative(process.cwd(), f) || f}`),
        "",
        "Check that it grades (the stub scores 0, the solution full marks):",
        `  npm run grade -- --exercise ${name}`,
        `  npm run grade -- solutions --exercise ${name}`,
        "Then rewrite the statement, the solution, the cases and the mutants, and paste these cells into a",
        "chapter 3 notebook (notebooks/ch3-practice/), in order of difficulty:",
        "",
        made.notebookCells,
        "",
      ].join("\n"),
    );
    return 0;
  } catch (e) {
    if (e instanceof ScaffoldError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
