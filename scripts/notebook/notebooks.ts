/**
 * @file Finding, describing and running the course notebooks. Shared by the notebook tests
 * (test/jupyter/*.test.ts) and the book (scripts/book.ts). Notebooks run through
 * scripts/notebook/run_notebook.py (nbclient) on the project-local rnn-course kernelspec.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { localJupyterEnv, PROJECT_ROOT } from "../kernel/kernelspec";
import { venvDir, venvExecutable } from "../kernel/venv";

/** The course's notebook folder. */
export const NOTEBOOKS_DIR = path.join(PROJECT_ROOT, "notebooks");

/** The Python runner that executes one notebook. */
export const RUNNER_SCRIPT = path.join(PROJECT_ROOT, "scripts", "notebook", "run_notebook.py");

/** Chapter folders and their titles, in course order. */
export const CHAPTERS: ReadonlyArray<{ folder: string; title: string }> = [
  { folder: "ch1-principles", title: "第一章 原理与机制" },
  { folder: "ch2-applications", title: "第二章 应用与跨学科连接" },
  { folder: "ch3-practice", title: "第三章 动手实践" },
];

const cachedPython = new Map<boolean, string>();

/**
 * The Python interpreter that runs notebooks and the Jupyter test helpers (it has nbclient and
 * nbconvert): $RNN_COURSE_PYTHON, else the project's environment (.venv/, with the pinned
 * JupyterLab 4 stack of requirements/jupyter.txt), else the first of /usr/bin/python3 (Debian's, which
 * sees Debian's Jupyter packages), python3, python that imports both.
 * @param options.venv whether the project's environment may be used (default true); the book's HTML
 *   export passes false, since its template is written for Debian's nbconvert 6.5
 */
export function findPython(options: { venv?: boolean } = {}): string {
  const useVenv = options.venv ?? true;
  const cached = cachedPython.get(useVenv);
  if (cached !== undefined) {
    return cached;
  }
  const venvPython = venvExecutable(venvDir(), "python");
  const candidates = process.env.RNN_COURSE_PYTHON
    ? [process.env.RNN_COURSE_PYTHON]
    : [...(useVenv && fs.existsSync(venvPython) ? [venvPython] : []), "/usr/bin/python3", "python3", "python"];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["-c", "import nbclient, nbconvert, nbformat"], { stdio: "ignore" });
    if (probe.status === 0) {
      cachedPython.set(useVenv, candidate);
      return candidate;
    }
  }
  throw new Error(
    `findPython: none of ${candidates.join(", ")} can import nbclient and nbconvert. Run ` +
      "`npm run jupyter:setup` (installs them into the project's .venv/), or set RNN_COURSE_PYTHON to a Python that has them.",
  );
}

/** The environment for Python helpers: the project-local kernelspec on JUPYTER_PATH, quiet debugger. */
export function pythonEnv(): NodeJS.ProcessEnv {
  return { ...localJupyterEnv(process.env), PYDEVD_DISABLE_FILE_VALIDATION: "1", PYTHONIOENCODING: "utf-8" };
}

/**
 * Every notebook under `root`, found recursively, sorted by path; checkpoint folders, hidden folders,
 * node_modules and symlinked folders (rnn -> src) are skipped.
 * @param root folder to search (default notebooks/)
 */
export function discoverNotebooks(root: string = NOTEBOOKS_DIR): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".") && entry.name !== "node_modules") {
          walk(full);
        }
      } else if (entry.isFile() && entry.name.endsWith(".ipynb")) {
        found.push(full);
      }
    }
  };
  walk(root);
  return found.sort();
}

/** A notebook cell as stored in .ipynb JSON. */
export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata?: Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
}

/** The parts of an .ipynb file used here. */
export interface NotebookJson {
  nbformat: number;
  nbformat_minor: number;
  metadata: {
    kernelspec?: { name?: string; display_name?: string; language?: string };
    language_info?: { name?: string };
    [key: string]: unknown;
  };
  cells: NotebookCell[];
}

/** Reads a notebook's JSON. */
export function readNotebook(file: string): NotebookJson {
  return JSON.parse(fs.readFileSync(file, "utf8")) as NotebookJson;
}

/** A cell's source as one string. */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/**
 * The notebook's title: the text of the first Markdown heading (any level), without markup;
 * the file name when there is none.
 */
export function notebookTitle(file: string, notebook: NotebookJson = readNotebook(file)): string {
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "markdown") {
      continue;
    }
    const match = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/m.exec(cellSource(cell));
    if (match) {
      return match[1]
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/[*_`]/g, "")
        .trim();
    }
  }
  return path.basename(file, ".ipynb");
}

/** The failure of one notebook, as run_notebook.py reports it. */
export interface RunError {
  kind: string;
  cellIndex: number | null;
  sourceHead: string;
  stderr: string;
  message: string;
}

/** One code cell's record. */
export interface CellRecord {
  index: number;
  status: string;
  seconds: number;
  stderr: string;
}

/** The outcome of running one notebook. */
export interface RunResult {
  notebook: string;
  ok: boolean;
  seconds: number;
  startupSeconds: number;
  /** How many kernel starts it took (a kernel that dies before the first cell is started again). */
  startupAttempts: number;
  budgetSeconds: number;
  cells: CellRecord[];
  error: RunError | null;
  /** The runner's own stderr (kernel start-up problems show here). */
  runnerStderr: string;
  exitCode: number | null;
}

/** Options of runNotebook. */
export interface RunOptions {
  /** Seconds allowed for running all cells (default 60). */
  budgetSeconds?: number;
  /** Write the executed notebook here. */
  outputPath?: string;
  /** Keep going after a failing cell. */
  allowErrors?: boolean;
}

/**
 * Executes one notebook top to bottom in the rnn-course kernel (in the notebook's folder).
 * Resolves with the runner's summary; never rejects for a failing notebook.
 */
export function runNotebook(file: string, options: RunOptions = {}): Promise<RunResult> {
  const python = findPython();
  const summaryDir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-run-"));
  const summaryPath = path.join(summaryDir, "summary.json");
  const args = [
    "-Xfrozen_modules=off",
    RUNNER_SCRIPT,
    file,
    "--summary",
    summaryPath,
    "--budget",
    String(options.budgetSeconds ?? 60),
  ];
  if (options.outputPath) {
    args.push("--output", options.outputPath);
  }
  if (options.allowErrors) {
    args.push("--allow-errors");
  }
  return new Promise((resolve) => {
    const child = spawn(python, args, { env: pythonEnv(), stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("close", (code) => {
      let result: RunResult;
      try {
        const summary = JSON.parse(fs.readFileSync(summaryPath, "utf8")) as Omit<
          RunResult,
          "runnerStderr" | "exitCode"
        >;
        result = { ...summary, notebook: file, runnerStderr: stderr, exitCode: code };
      } catch {
        result = {
          notebook: file,
          ok: false,
          seconds: 0,
          startupSeconds: 0,
          startupAttempts: 0,
          budgetSeconds: options.budgetSeconds ?? 60,
          cells: [],
          error: {
            kind: "runner",
            cellIndex: null,
            sourceHead: "",
            stderr: "",
            message: `run_notebook.py exited with ${code} and wrote no summary`,
          },
          runnerStderr: stderr,
          exitCode: code,
        };
      }
      fs.rmSync(summaryDir, { recursive: true, force: true });
      resolve(result);
    });
  });
}

/**
 * Runs `task` over `items` with at most `concurrency` at once; results keep the items' order.
 */
export async function mapWithConcurrency<T, R>(
  items: ReadonlyArray<T>,
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`mapWithConcurrency: concurrency must be a positive integer, got ${concurrency}`);
  }
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** A failure report naming the notebook, the cell index, its source head and its stderr. */
export function describeFailure(result: RunResult, root: string = PROJECT_ROOT): string {
  const name = path.relative(root, result.notebook);
  const error = result.error;
  if (error === null) {
    return `${name}: ok`;
  }
  const lines = [`${name}: ${error.kind} — ${error.message}`];
  if (error.cellIndex !== null) {
    lines.push(`  cell ${error.cellIndex}:`, ...error.sourceHead.split("\n").map((l) => `    | ${l}`));
  }
  if (error.stderr.trim()) {
    lines.push(
      "  stderr:",
      ...error.stderr
        .trimEnd()
        .split("\n")
        .map((l) => `    ${l}`),
    );
  }
  const runner = result.runnerStderr.trim();
  if (runner && (error.kind === "runner" || error.kind === "kernel" || error.kind === "dead-kernel")) {
    lines.push(
      "  runner stderr:",
      ...runner
        .split("\n")
        .slice(-20)
        .map((l) => `    ${l}`),
    );
  }
  return lines.join("\n");
}
