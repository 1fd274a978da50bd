/**
 * @file `npm run course`: opens the course in Jupyter with the TypeScript kernel ready.
 *
 * JupyterLab where installed, the classic notebook otherwise, at notebooks/README.ipynb. The
 * rnn-course kernelspec is written to .jupyter-local/ (git-ignored) and put first on JUPYTER_PATH,
 * so this works right after `npm ci` without touching the learner's Jupyter set-up.
 *
 * Options: --no-browser (passed to Jupyter), --dry-run (print the launch plan as JSON and exit);
 * arguments after a bare `--` are passed to Jupyter unchanged (e.g. `-- --port=8889`).
 */
import { spawn } from "child_process";
import * as path from "path";
import { localJupyterEnv, LOCAL_JUPYTER_DIR, PROJECT_ROOT } from "./kernel/kernelspec";
import { checkKernelLauncher, findJupyterFrontEnd, NO_JUPYTER_MESSAGE } from "./kernel/jupyter";

/** The notebook the course opens at. */
const START_NOTEBOOK = path.join("notebooks", "README.ipynb");

/** What `npm run course` would run. */
export interface LaunchPlan {
  kind: "lab" | "notebook";
  command: string;
  args: string[];
  cwd: string;
  jupyterPath: string;
  kernelspecDir: string;
}

function parseArgs(argv: string[]): { dryRun: boolean; noBrowser: boolean; passThrough: string[] } {
  const options = { dryRun: false, noBrowser: false, passThrough: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      options.passThrough = argv.slice(i + 1);
      break;
    } else if (arg === "--dry-run") {
      options.dryRun = true;
    } else if (arg === "--no-browser") {
      options.noBrowser = true;
    } else {
      throw new Error(
        `npm run course: unknown option ${JSON.stringify(arg)} (known: --no-browser, --dry-run, -- <Jupyter arguments>)`,
      );
    }
  }
  return options;
}

/**
 * Jupyter's root folder set to the project: `ServerApp.root_dir` for JupyterLab and Notebook 7
 * (jupyter_server), plus `NotebookApp.notebook_dir` for the classic notebook 6 (each ignores the other).
 */
function rootDirArgs(kind: "lab" | "notebook"): string[] {
  const server = `--ServerApp.root_dir=${PROJECT_ROOT}`;
  return kind === "lab" ? [server] : [server, `--NotebookApp.notebook_dir=${PROJECT_ROOT}`];
}

function main(): number {
  const options = parseArgs(process.argv.slice(2));
  try {
    checkKernelLauncher();
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const frontEnd = findJupyterFrontEnd();
  if (frontEnd === null) {
    process.stderr.write(NO_JUPYTER_MESSAGE + "\n");
    return 1;
  }
  const env = localJupyterEnv(process.env);
  const plan: LaunchPlan = {
    kind: frontEnd.kind,
    command: frontEnd.executable,
    // The file browser shows the whole project (exercises/ included), not only notebooks/, which
    // Jupyter would otherwise take as its root when given a notebook to open.
    args: [
      ...rootDirArgs(frontEnd.kind),
      START_NOTEBOOK,
      ...(options.noBrowser ? ["--no-browser"] : []),
      ...options.passThrough,
    ],
    cwd: PROJECT_ROOT,
    jupyterPath: env.JUPYTER_PATH ?? "",
    kernelspecDir: path.join(LOCAL_JUPYTER_DIR, "kernels", "rnn-course"),
  };
  if (options.dryRun) {
    process.stdout.write(JSON.stringify(plan, null, 2) + "\n");
    return 0;
  }
  const name = frontEnd.kind === "lab" ? "JupyterLab" : "the classic Jupyter notebook";
  process.stdout.write(`Opening the course in ${name} (kernel "TypeScript (rnn-course)"); stop it with Ctrl+C.\n`);
  const child = spawn(plan.command, plan.args, { cwd: plan.cwd, env, stdio: "inherit" });
  // Ctrl+C reaches Jupyter through the terminal's process group; wait for it to shut down.
  process.on("SIGINT", () => undefined);
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on("error", (e) => {
    process.stderr.write(`npm run course: could not start ${plan.command}: ${e.message}\n`);
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
