/**
 * @file The project-local Python environment (.venv/, git-ignored) holding the pinned JupyterLab 4 and
 * the Python packages of the notebook tests, installed from requirements/jupyter.txt.
 *
 * `npm run course` creates it when it finds no JupyterLab (or Notebook 7); `npm run jupyter:setup`
 * (used by .ci/run) creates or updates it on its own. A stamp file inside the environment records
 * the requirements it was built from, so a second run reuses it at once and a changed requirements
 * file (a course update) triggers a reinstall. RNN_COURSE_VENV names another folder (tests use it).
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "./kernelspec";

/** The pinned requirements of the environment. */
export const REQUIREMENTS_FILE = path.join(PROJECT_ROOT, "requirements", "jupyter.txt");
/** Oldest Python the pinned requirements install on (IPython 9 needs 3.11). */
export const MIN_PYTHON: readonly [number, number] = [3, 11];
/** File inside the environment that records the requirements it was built from. */
const STAMP_NAME = ".rnn-course-requirements.sha256";

/** The environment folder: $RNN_COURSE_VENV, else `.venv/` in the project. */
export function venvDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RNN_COURSE_VENV ? path.resolve(env.RNN_COURSE_VENV) : path.join(PROJECT_ROOT, ".venv");
}

/** An executable inside a venv (`bin/NAME` on Unix, `Scripts/NAME.exe` on Windows). */
export function venvExecutable(dir: string, name: string): string {
  return process.platform === "win32" ? path.join(dir, "Scripts", `${name}.exe`) : path.join(dir, "bin", name);
}

function requirementsHash(requirements: string): string {
  return createHash("sha256").update(fs.readFileSync(requirements)).digest("hex");
}

/**
 * "missing" (no Python in it), "stale" (built from other requirements, or never finished), or
 * "current" (ready: JupyterLab installed from the present requirements).
 */
export function venvState(dir: string, requirements: string = REQUIREMENTS_FILE): "missing" | "stale" | "current" {
  if (!fs.existsSync(venvExecutable(dir, "python"))) {
    return "missing";
  }
  let stamp = "";
  try {
    stamp = fs.readFileSync(path.join(dir, STAMP_NAME), "utf8").trim();
  } catch {
    return "stale";
  }
  return stamp === requirementsHash(requirements) && fs.existsSync(venvExecutable(dir, "jupyter-lab"))
    ? "current"
    : "stale";
}

/** A Python found on PATH. */
export interface SystemPython {
  command: string;
  version: [number, number];
  /** Whether it can create environments (the venv and ensurepip modules are present). */
  canCreateVenv: boolean;
}

/**
 * The first of `python3`, `python` on PATH (Windows: also the `py` launcher) that runs, with its
 * version and whether it can create a venv; null when there is none.
 */
export function findSystemPython(env: NodeJS.ProcessEnv = process.env): SystemPython | null {
  const candidates = process.platform === "win32" ? ["python3", "python", "py"] : ["python3", "python"];
  const probe =
    "import sys\ntry:\n import venv, ensurepip\n ok = 1\nexcept ImportError:\n ok = 0\n" +
    "print(sys.version_info[0], sys.version_info[1], ok)";
  for (const command of candidates) {
    const run = spawnSync(command, ["-c", probe], { env, encoding: "utf8" });
    const match = /^(\d+) (\d+) ([01])\s*$/.exec(run.stdout ?? "");
    if (run.status === 0 && match) {
      return { command, version: [Number(match[1]), Number(match[2])], canCreateVenv: match[3] === "1" };
    }
  }
  return null;
}

/** Whether a Python version is at least MIN_PYTHON. */
export function pythonIsRecentEnough(version: readonly [number, number]): boolean {
  return version[0] > MIN_PYTHON[0] || (version[0] === MIN_PYTHON[0] && version[1] >= MIN_PYTHON[1]);
}

/** What to tell a learner whose Python cannot build the environment (null when it can). */
export function pythonProblem(python: SystemPython | null): string | null {
  const min = MIN_PYTHON.join(".");
  if (python === null) {
    return [
      `Python 3 (>= ${min}) is needed to install JupyterLab, and none was found on PATH (looked for python3, python).`,
      `需要 Python 3（>= ${min}）来安装 JupyterLab，但在 PATH 上没有找到。安装方法：`,
      "  Debian/Ubuntu: sudo apt-get install python3 python3-venv",
      "  macOS:         brew install python   (or the installer from https://www.python.org/downloads/)",
      "  Windows:       the installer from https://www.python.org/downloads/ (tick 'Add python.exe to PATH')",
      "Then run `npm run course` again.",
    ].join("\n");
  }
  const found = `${python.command} is Python ${python.version.join(".")}`;
  if (!pythonIsRecentEnough(python.version)) {
    return [
      `${found}; the pinned JupyterLab needs Python >= ${min}.`,
      `${python.command} 的版本是 ${python.version.join(".")}，固定版本的 JupyterLab 需要 Python >= ${min}。`,
      "Install a newer Python, or install JupyterLab yourself (`pip install jupyterlab`) so that",
      "`jupyter-lab` is on PATH: `npm run course` then uses it.",
    ].join("\n");
  }
  if (!python.canCreateVenv) {
    return [
      `${found} but cannot create virtual environments (the venv/ensurepip modules are missing).`,
      `${python.command} 无法创建虚拟环境（缺少 venv 模块）。`,
      "  Debian/Ubuntu: sudo apt-get install python3-venv",
      "Then run `npm run course` again.",
    ].join("\n");
  }
  return null;
}

/** Options of setUpVenv. */
export interface SetUpOptions {
  python: string;
  dir?: string;
  requirements?: string;
  env?: NodeJS.ProcessEnv;
  /** Progress lines (default: stdout). */
  log?: (line: string) => void;
}

/**
 * Creates the environment (when missing) and installs the pinned requirements into it, printing
 * what it does and how long it took. Throws an Error naming the failing step.
 */
export function setUpVenv(options: SetUpOptions): void {
  const dir = options.dir ?? venvDir(options.env);
  const requirements = options.requirements ?? REQUIREMENTS_FILE;
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stdout.write(line + "\n"));
  const started = Date.now();
  const run = (command: string, args: string[], what: string) => {
    const result = spawnSync(command, args, { env, stdio: "inherit" });
    if (result.error || result.status !== 0) {
      throw new Error(
        `setUpVenv: ${what} failed (${command} ${args.join(" ")}: ` +
          `${result.error ? result.error.message : `exit status ${result.status}`}). ` +
          `Delete ${dir} and try again, or install JupyterLab yourself (pip install jupyterlab).`,
      );
    }
  };
  const rel = path.relative(process.cwd(), dir) || dir;
  if (venvState(dir, requirements) === "missing") {
    log(`Creating a Python environment for JupyterLab in ${rel}/ (only this project uses it; git ignores it).`);
    run(options.python, ["-m", "venv", dir], "creating the environment");
  }
  log(
    `Installing JupyterLab and its packages, pinned in ${path.relative(PROJECT_ROOT, requirements)}, ` +
      `into ${rel}/ (about 100 MB; typically 30 s to 2 min, once).`,
  );
  fs.rmSync(path.join(dir, STAMP_NAME), { force: true });
  run(
    venvExecutable(dir, "python"),
    ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-r", requirements],
    "installing the pinned packages",
  );
  if (!fs.existsSync(venvExecutable(dir, "jupyter-lab"))) {
    throw new Error(
      `setUpVenv: pip finished but ${venvExecutable(dir, "jupyter-lab")} is missing; delete ${dir} and try again`,
    );
  }
  fs.writeFileSync(path.join(dir, STAMP_NAME), requirementsHash(requirements) + "\n");
  log(`JupyterLab is ready in ${rel}/ (${((Date.now() - started) / 1000).toFixed(0)} s); later runs reuse it.`);
}
