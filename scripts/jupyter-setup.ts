/**
 * @file `npm run jupyter:setup`: creates or updates the project's Python environment (.venv/) with the
 * pinned JupyterLab 4 and test packages of requirements/jupyter.txt. Quick when it is current already.
 * Used by .ci/run; `npm run course` does the same on its own when it finds no JupyterLab.
 */
import { findSystemPython, pythonProblem, setUpVenv, venvDir, venvState } from "./kernel/venv";

function main(): number {
  const dir = venvDir();
  if (venvState(dir) === "current") {
    process.stdout.write(`jupyter:setup: ${dir} is current (requirements/jupyter.txt unchanged)\n`);
    return 0;
  }
  const python = findSystemPython();
  const problem = pythonProblem(python);
  if (problem !== null || python === null) {
    process.stderr.write(`${problem}\n`);
    return 1;
  }
  setUpVenv({ python: python.command, dir });
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
