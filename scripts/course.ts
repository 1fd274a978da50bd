/**
 * @file `npm run course`: opens the course index (notebooks/README.ipynb) in Jupyter with the
 * TypeScript kernel ready.
 *
 * Which Jupyter: JupyterLab from the project's own environment (.venv/) when it is there, else a
 * JupyterLab (or Notebook 7) on PATH; where there is none, it creates .venv/ and installs the pinned
 * JupyterLab 4 of requirements/jupyter.txt into it (once), falling back to the classic notebook on
 * PATH only when that cannot be done. `--classic` asks for the classic notebook (`jupyter-notebook`).
 *
 * The rnn-course kernelspec is written to .jupyter-local/ (git-ignored) and put first on
 * JUPYTER_PATH, so this works right after `npm ci` without touching the learner's Jupyter set-up;
 * the git filter that keeps notebook outputs out of git is installed too.
 *
 * Options of its own: --classic, --dry-run (print the launch plan as JSON and exit). Every other
 * argument goes to Jupyter (`npm run course -- --no-browser --port 8899 --ip 0.0.0.0`); a bare `--`
 * is skipped. As root it adds --allow-root. It prints the index's URL with its token once the
 * server is up.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { localJupyterEnv, LOCAL_JUPYTER_DIR, PROJECT_ROOT } from "./kernel/kernelspec";
import {
  checkKernelLauncher,
  findClassicNotebook,
  findJupyterFrontEnd,
  indexPath,
  indexUrlFromLogLine,
  JupyterFrontEnd,
  START_NOTEBOOK,
  tokenFromArgs,
} from "./kernel/jupyter";
import { findSystemPython, pythonProblem, setUpVenv, venvDir, venvExecutable, venvState } from "./kernel/venv";

/** What `npm run course` would run. */
export interface LaunchPlan {
  kind: JupyterFrontEnd["kind"];
  source: JupyterFrontEnd["source"];
  command: string;
  args: string[];
  cwd: string;
  jupyterPath: string;
  kernelspecDir: string;
  /** The index notebook's path on the server (append to http://host:port). */
  indexPath: string;
}

interface Options {
  dryRun: boolean;
  classic: boolean;
  jupyterArgs: string[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = { dryRun: false, classic: false, jupyterArgs: [] };
  for (const arg of argv) {
    if (arg === "--dry-run") {
      options.dryRun = true;
    } else if (arg === "--classic") {
      options.classic = true;
    } else if (arg !== "--") {
      options.jupyterArgs.push(arg);
    }
  }
  return options;
}

/** Whether the Jupyter arguments already set `--name` (as `--name`, `--name=x` or `--Class.name=x`). */
function hasFlag(args: string[], name: string): boolean {
  return args.some((a) => a === `--${name}` || a.startsWith(`--${name}=`) || new RegExp(`^--\\w+\\.${name}=`).test(a));
}

/**
 * Jupyter's arguments: the project as root folder (the file browser shows exercises/ too), the index
 * notebook to open, then the learner's arguments. JupyterLab and Notebook 7 take the notebook as a
 * file argument; the classic notebook 6 gets it as its default URL, because given a file it opens a
 * browser even with --no-browser.
 */
function jupyterArgs(kind: JupyterFrontEnd["kind"], learnerArgs: string[], asRoot: boolean): string[] {
  const args =
    kind === "classic"
      ? [`--NotebookApp.notebook_dir=${PROJECT_ROOT}`, `--NotebookApp.default_url=${indexPath(kind)}`]
      : [`--ServerApp.root_dir=${PROJECT_ROOT}`, START_NOTEBOOK];
  if (asRoot && !hasFlag(learnerArgs, "allow-root") && !hasFlag(learnerArgs, "allow_root")) {
    args.push("--allow-root");
  }
  return [...args, ...learnerArgs];
}

/**
 * Writes Jupyter config files (.jupyter-local/config/) that load scripts/git/jupyter_config.py (a
 * post-save hook keeping git's view of saved notebooks clean) and returns the environment that puts
 * them on JUPYTER_CONFIG_PATH, after any the learner set.
 */
function withCourseConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dir = path.join(LOCAL_JUPYTER_DIR, "config");
  fs.mkdirSync(dir, { recursive: true });
  const hook = path.join(PROJECT_ROOT, "scripts", "git", "jupyter_config.py");
  const loader =
    "# Written by `npm run course`: the course's post-save hook (see scripts/git/jupyter_config.py).\n" +
    `import runpy\nrunpy.run_path(${JSON.stringify(hook)}, init_globals={"c": c})\n`;
  for (const name of ["jupyter_server_config.py", "jupyter_notebook_config.py"]) {
    fs.writeFileSync(path.join(dir, name), loader);
  }
  const previous = env.JUPYTER_CONFIG_PATH;
  return {
    ...env,
    JUPYTER_CONFIG_PATH: previous ? `${previous}${path.delimiter}${dir}` : dir,
    RNN_COURSE_NODE: process.execPath,
  };
}

/** Chooses the front end, setting up the project's JupyterLab when needed; null when there is none. */
function chooseFrontEnd(options: Options, log: (line: string) => void): JupyterFrontEnd | null {
  if (options.classic) {
    const classic = findClassicNotebook();
    if (classic === null) {
      log("npm run course: --classic asks for the classic notebook, but jupyter-notebook is not on PATH.");
      log("  Debian/Ubuntu: sudo apt-get install jupyter-notebook   (or drop --classic to use JupyterLab)");
    }
    return classic;
  }
  const found = findJupyterFrontEnd();
  if (found !== null || options.dryRun) {
    return found ?? findClassicNotebook();
  }
  const venv = venvDir();
  const python = findSystemPython();
  const problem = pythonProblem(python);
  const classic = findClassicNotebook();
  if (problem === null && python !== null) {
    if (venvState(venv) === "stale") {
      log("The course's JupyterLab requirements changed since its environment was built: updating it.");
    } else {
      log("No JupyterLab found (on PATH or in this project): installing the course's pinned JupyterLab 4.");
    }
    try {
      setUpVenv({ python: python.command, dir: venv, log });
      return { kind: "lab", executable: venvExecutable(venv, "jupyter-lab"), source: "project environment" };
    } catch (e) {
      log(e instanceof Error ? e.message : String(e));
    }
  } else {
    log(problem ?? "");
  }
  if (classic !== null) {
    log(`Using the classic notebook found on PATH instead (${classic.executable}).`);
  }
  return classic;
}

function main(): number {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(line + "\n");
  try {
    checkKernelLauncher();
  } catch (e) {
    log(e instanceof Error ? e.message : String(e));
    return 2;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { installFilter } = require("./git/install-filter.cjs") as { installFilter: () => string };
  installFilter();
  const frontEnd = chooseFrontEnd(options, log);
  if (frontEnd === null) {
    log("No Jupyter to open the course with (see above). 没有可用的 Jupyter（见上文）。");
    return 1;
  }
  const asRoot = process.getuid?.() === 0;
  const env = withCourseConfig(localJupyterEnv(process.env));
  const plan: LaunchPlan = {
    kind: frontEnd.kind,
    source: frontEnd.source,
    command: frontEnd.executable,
    args: jupyterArgs(frontEnd.kind, options.jupyterArgs, asRoot),
    cwd: PROJECT_ROOT,
    jupyterPath: env.JUPYTER_PATH ?? "",
    kernelspecDir: path.join(LOCAL_JUPYTER_DIR, "kernels", "rnn-course"),
    indexPath: indexPath(frontEnd.kind),
  };
  if (options.dryRun) {
    process.stdout.write(JSON.stringify(plan, null, 2) + "\n");
    return 0;
  }
  const name = { lab: "JupyterLab", notebook7: "Notebook 7", classic: "the classic Jupyter notebook" }[frontEnd.kind];
  const where = frontEnd.source === "project environment" ? ` from ${path.relative(PROJECT_ROOT, venvDir())}/` : "";
  process.stdout.write(
    `Opening the course in ${name}${where} (kernel "TypeScript (rnn-course)"); stop it with Ctrl+C.\n`,
  );
  if (asRoot && !hasFlag(options.jupyterArgs, "allow-root")) {
    process.stdout.write("Running as root: passing --allow-root to Jupyter, which refuses root otherwise.\n");
  }
  const child = spawn(plan.command, plan.args, { cwd: plan.cwd, env, stdio: ["inherit", "pipe", "pipe"] });
  const token = tokenFromArgs(options.jupyterArgs);
  let announced = false;
  let pending = "";
  const watch = (chunk: Buffer, out: NodeJS.WriteStream) => {
    out.write(chunk);
    if (announced) {
      return;
    }
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const url = /\bhttps?:\/\//.test(line) ? indexUrlFromLogLine(line, frontEnd.kind, token) : null;
      if (url !== null) {
        announced = true;
        process.stdout.write(`\n    Course index / 课程目录: ${url}\n\n`);
        break;
      }
    }
  };
  child.stdout?.on("data", (chunk: Buffer) => watch(chunk, process.stdout));
  child.stderr?.on("data", (chunk: Buffer) => watch(chunk, process.stderr));
  // Ctrl+C reaches Jupyter through the terminal's process group; wait for it to shut down.
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on("error", (e) => {
    log(`npm run course: could not start ${plan.command}: ${e.message}`);
    process.exit(1);
  });
  return -1;
}

try {
  const code = main();
  if (code >= 0) {
    process.exitCode = code;
  }
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
