/**
 * @file Every notebook under notebooks/ is valid nbformat 4, names the rnn-course kernel and is
 * committed clean (no outputs, null execution counts); every chapter folder links `rnn` to src.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { KERNEL_LANGUAGE, KERNEL_NAME, PROJECT_ROOT } from "../../scripts/kernel/kernelspec";
import { CHAPTERS, discoverNotebooks, findPython, NOTEBOOKS_DIR, readNotebook } from "../../scripts/notebook/notebooks";

const VALIDATOR = path.join(PROJECT_ROOT, "scripts", "notebook", "validate_notebooks.py");
const notebooks = discoverNotebooks();

describe("notebook files", function () {
  this.timeout(60_000);

  it("include the index notebook notebooks/README.ipynb", () => {
    assert.ok(notebooks.includes(path.join(NOTEBOOKS_DIR, "README.ipynb")), `found: ${notebooks.join(", ")}`);
  });

  it("each chapter folder links rnn to ../../src", () => {
    for (const { folder } of CHAPTERS) {
      const link = path.join(NOTEBOOKS_DIR, folder, "rnn");
      assert.ok(fs.lstatSync(link).isSymbolicLink(), `${link} is not a symlink`);
      assert.equal(fs.readlinkSync(link), "../../src");
      assert.ok(fs.existsSync(path.join(link, "notebook", "index.ts")), `${link}/notebook/index.ts does not resolve`);
    }
  });

  it("are valid nbformat 4 (nbformat's JSON schema)", () => {
    const run = spawnSync(findPython(), [VALIDATOR, ...notebooks], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const results = JSON.parse(run.stdout) as Record<string, string | null>;
    const invalid = Object.entries(results).filter(([, error]) => error !== null);
    assert.deepEqual(
      invalid,
      [],
      invalid.map(([file, error]) => `${path.relative(PROJECT_ROOT, file)}: ${error}`).join("\n"),
    );
    assert.equal(Object.keys(results).length, notebooks.length);
  });

  for (const file of notebooks) {
    const name = path.relative(PROJECT_ROOT, file);
    it(`${name}: names the rnn-course kernel and is committed without outputs`, () => {
      const notebook = readNotebook(file);
      assert.equal(notebook.nbformat, 4);
      assert.equal(notebook.metadata.kernelspec?.name, KERNEL_NAME, `${name}: metadata.kernelspec.name`);
      assert.equal(notebook.metadata.kernelspec?.language, KERNEL_LANGUAGE, `${name}: metadata.kernelspec.language`);
      const dirty = notebook.cells
        .map((cell, index) => ({ cell, index }))
        .filter(
          ({ cell }) => cell.cell_type === "code" && ((cell.outputs ?? []).length > 0 || cell.execution_count !== null),
        );
      assert.deepEqual(
        dirty.map(({ index }) => index),
        [],
        `${name}: code cells with outputs or execution counts (clear them before committing)`,
      );
    });
  }
});
