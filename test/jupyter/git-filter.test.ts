/**
 * @file Saved work never fights the course: the notebook clean filter (scripts/git/notebook-filter.cjs,
 * installed by scripts/git/install-filter.cjs) keeps outputs out of `git status`, `git diff` and
 * `git pull`, and `npm run reset` (scripts/reset.ts) puts a notebook back to the course's version.
 * Each test works in a scratch git repository holding copies of those scripts and .gitattributes.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/kernel/kernelspec";

const TSX = path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const filter = require(path.join(PROJECT_ROOT, "scripts", "git", "notebook-filter.cjs")) as {
  cleanNotebookText(text: string, committed: string | null): string;
};

const NOTEBOOK = "notebooks/ch1/01-demo.ipynb";

function run(cwd: string, command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  assert.equal(result.status, 0, `${command} ${args.join(" ")} in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}
const git = (cwd: string, ...args: string[]) =>
  run(cwd, "git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args]);

/** A notebook as the course commits it: no outputs, keys in the course's (unsorted) order, indent 1. */
function courseNotebook(sources: string[]): string {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "rnn-course", display_name: "TypeScript (rnn-course)", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts" },
    },
    cells: [
      { cell_type: "markdown", id: "m0", metadata: {}, source: ["# 演示\n"] },
      ...sources.map((source, i) => ({
        cell_type: "code",
        id: `c${i}`,
        metadata: {},
        execution_count: null,
        outputs: [],
        source: [source],
      })),
    ],
  };
  return JSON.stringify(notebook, null, 1) + "\n";
}

/** What JupyterLab writes after Run All and save: outputs, counts, view state, kernel language_info, sorted keys. */
function savedByJupyter(text: string, edit: (source: string, i: number) => string = (s) => s): string {
  const notebook = JSON.parse(text);
  let count = 0;
  for (const cell of notebook.cells) {
    if (cell.cell_type === "code") {
      const source = edit(Array.isArray(cell.source) ? cell.source.join("") : cell.source, count);
      cell.source = source.split(/(?<=\n)/);
      cell.execution_count = ++count;
      cell.outputs = [
        { name: "stdout", output_type: "stream", text: ["42\n"] },
        { data: { "text/html": ["<svg/>"] }, metadata: {}, output_type: "display_data" },
      ];
      cell.metadata = { scrolled: true, jupyter: { outputs_hidden: false }, execution: { "iopub.status.idle": "x" } };
    }
  }
  notebook.metadata.language_info = {
    name: "typescript",
    file_extension: ".ts",
    mimetype: "text/typescript",
    version: "5.0.4",
    codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
  };
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(notebook), null, 1) + "\n";
}

/** What Jupyter's post-save hook (scripts/git/jupyter_config.py) runs after a save. */
function afterSave(root: string, file: string): void {
  run(root, process.execPath, ["scripts/git/notebook-filter.cjs", "--after-save", file]);
}

/** A scratch course repository with the filter scripts, reset command and one committed notebook. */
function scratchCourse(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-git-"));
  for (const file of [
    ".gitattributes",
    "scripts/git/notebook-filter.cjs",
    "scripts/git/install-filter.cjs",
    "scripts/reset.ts",
    "scripts/kernel/kernelspec.ts",
  ]) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.copyFileSync(path.join(PROJECT_ROOT, file), path.join(root, file));
  }
  fs.mkdirSync(path.join(root, "notebooks", "ch1"), { recursive: true });
  fs.writeFileSync(path.join(root, NOTEBOOK), courseNotebook(["const a = 1;\n", "console.log(a + 41);\n"]));
  git(root, "init", "-q", "-b", "main");
  assert.match(run(root, process.execPath, ["scripts/git/install-filter.cjs"]), /Installed the git filter/);
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", "course");
  return root;
}

describe("saved notebooks and git (notebook filter, npm run reset)", function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => {
    root = scratchCourse();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("installs the filter once, into the repository's config", () => {
    assert.equal(
      git(root, "config", "filter.rnn-course-notebook.clean").trim(),
      "node scripts/git/notebook-filter.cjs %f",
    );
    assert.equal(run(root, process.execPath, ["scripts/git/install-filter.cjs"]), "");
    assert.equal(git(root, "check-attr", "filter", NOTEBOOK).trim(), `${NOTEBOOK}: filter: rnn-course-notebook`);
  });

  it("a notebook run and saved in Jupyter leaves git status and git diff empty", () => {
    const file = path.join(root, NOTEBOOK);
    fs.writeFileSync(file, savedByJupyter(fs.readFileSync(file, "utf8")));
    assert.match(fs.readFileSync(file, "utf8"), /"execution_count": 1/);
    assert.equal(git(root, "diff"), "");
    // git status compares sizes before filtering: the post-save hook refreshes git's index entry.
    afterSave(root, NOTEBOOK);
    assert.equal(git(root, "status", "--porcelain"), "");
    assert.equal(git(root, "diff"), "");
  });

  it("a learner's edit shows as exactly that edit, without outputs", () => {
    const file = path.join(root, NOTEBOOK);
    fs.writeFileSync(
      file,
      savedByJupyter(fs.readFileSync(file, "utf8"), (s, i) => (i === 0 ? "const a = 2;\n" : s)),
    );
    afterSave(root, NOTEBOOK);
    assert.equal(git(root, "diff", "--cached"), "", "the hook must not stage a learner's edits");
    assert.equal(git(root, "status", "--porcelain"), ` M ${NOTEBOOK}\n`);
    const diff = git(root, "diff", "--numstat").trim().split("\t");
    git(root, "add", NOTEBOOK);
    const staged = JSON.parse(git(root, "show", `:${NOTEBOOK}`));
    assert.equal(staged.cells[1].source.join(""), "const a = 2;\n");
    assert.deepEqual(
      staged.cells
        .filter((c: { cell_type: string }) => c.cell_type === "code")
        .map((c: { outputs: unknown[] }) => c.outputs),
      [[], []],
    );
    assert.deepEqual(staged.metadata.language_info, { name: "typescript", file_extension: ".ts" });
    assert.deepEqual(staged.cells[1].metadata, {});
    assert.ok(Number(diff[0]) > 0, `diff --numstat: ${diff.join(" ")}`);
  });

  it("git pull of a course update over a run notebook succeeds without conflict", () => {
    const learner = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-learner-"));
    try {
      git(learner, "clone", "-q", root, ".");
      run(learner, process.execPath, ["scripts/git/install-filter.cjs"]);
      const file = path.join(learner, NOTEBOOK);
      fs.writeFileSync(file, savedByJupyter(fs.readFileSync(file, "utf8")));
      afterSave(learner, NOTEBOOK);
      assert.equal(git(learner, "status", "--porcelain"), "");
      // The course changes the notebook upstream.
      fs.writeFileSync(path.join(root, NOTEBOOK), courseNotebook(["const a = 1;\n", "console.log(a + 99);\n"]));
      git(root, "commit", "-q", "-am", "course update");
      git(learner, "pull", "-q", "--no-rebase", "origin", "main");
      assert.equal(fs.readFileSync(file, "utf8"), git(root, "show", `HEAD:${NOTEBOOK}`));
      assert.equal(git(learner, "status", "--porcelain"), "");
    } finally {
      fs.rmSync(learner, { recursive: true, force: true });
    }
  });

  it("npm run reset puts a run and edited notebook back to the course's version", () => {
    const file = path.join(root, NOTEBOOK);
    const course = git(root, "show", `HEAD:${NOTEBOOK}`);
    fs.writeFileSync(
      file,
      savedByJupyter(course, (s) => s + "// mine\n"),
    );
    git(root, "add", NOTEBOOK);
    const reset = spawnSync(process.execPath, [TSX, "scripts/reset.ts", NOTEBOOK], {
      cwd: root,
      env: { ...process.env, INIT_CWD: root },
      encoding: "utf8",
    });
    assert.equal(reset.status, 0, reset.stderr);
    assert.match(reset.stdout, new RegExp(`${NOTEBOOK}: reset to the course's version`));
    assert.equal(fs.readFileSync(file, "utf8"), course);
    assert.equal(git(root, "status", "--porcelain"), "");
    // Outputs alone (git sees no change) are reset too.
    fs.writeFileSync(file, savedByJupyter(course));
    afterSave(root, NOTEBOOK);
    assert.equal(git(root, "status", "--porcelain"), "");
    const again = spawnSync(process.execPath, [TSX, "scripts/reset.ts", "--all"], {
      cwd: root,
      env: { ...process.env, INIT_CWD: root },
      encoding: "utf8",
    });
    assert.equal(again.status, 0, again.stderr);
    assert.equal(fs.readFileSync(file, "utf8"), course);
    assert.equal(git(root, "status", "--porcelain"), "");
    const bad = spawnSync(process.execPath, [TSX, "scripts/reset.ts", "notebooks/none.ipynb"], {
      cwd: root,
      env: { ...process.env, INIT_CWD: root },
      encoding: "utf8",
    });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /notebooks\/none\.ipynb is not a file of the course/);
  });

  it("the filter passes text that is not notebook JSON through unchanged", () => {
    assert.equal(filter.cleanNotebookText("{ not json", null), "{ not json");
    assert.equal(filter.cleanNotebookText('{"a": 1}', null), '{"a": 1}');
  });

  it("every course notebook, run and saved by Jupyter, cleans back to its committed bytes", () => {
    const out = spawnSync("git", ["-C", PROJECT_ROOT, "ls-files", "notebooks"], { encoding: "utf8" });
    const notebooks = out.stdout.split("\n").filter((f) => f.endsWith(".ipynb"));
    assert.ok(notebooks.length > 0);
    for (const file of notebooks) {
      const committed = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
      const saved = savedByJupyter(committed);
      assert.notEqual(saved, committed);
      assert.equal(filter.cleanNotebookText(saved, committed), committed, file);
    }
  });
});
