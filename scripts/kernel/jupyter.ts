/**
 * @file Finding Jupyter on the learner's machine and checking the kernel launcher before use.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "./kernelspec";
import { venvDir, venvExecutable, venvState } from "./venv";

/** Which Jupyter front end was found. */
export interface JupyterFrontEnd {
  /**
   * "lab" for JupyterLab, "notebook7" for Notebook 7 (built on JupyterLab and jupyter_server),
   * "classic" for the classic notebook 6 (Debian 12's jupyter-notebook).
   */
  kind: "lab" | "notebook7" | "classic";
  /** Absolute path of its executable. */
  executable: string;
  /** Where it was found ("project environment" or "PATH"). */
  source: "project environment" | "PATH";
}

/**
 * Looks an executable up on a PATH string (honouring PATHEXT on Windows).
 * @param name executable name without extension
 * @param env the environment whose PATH is searched
 */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = (env.PATH ?? env.Path ?? "").split(path.delimiter).filter((d) => d !== "");
  const extensions = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").concat([""]) : [""];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) {
          return candidate;
        }
      } catch {
        // not here
      }
    }
  }
  return null;
}

/**
 * The major version `jupyter-notebook --version` reports (6 for the classic notebook, 7 for Notebook 7);
 * null when it does not answer with a version.
 */
export function notebookMajorVersion(executable: string, env: NodeJS.ProcessEnv = process.env): number | null {
  const run = spawnSync(executable, ["--version"], { env, encoding: "utf8", timeout: 30_000 });
  const match = /(\d+)\.\d+/.exec(`${run.stdout ?? ""}`.trim());
  return run.status === 0 && match ? Number(match[1]) : null;
}

/**
 * The Jupyter front end already installed, in order of preference: JupyterLab in the project's own
 * environment (when built from the present requirements), JupyterLab on PATH, Notebook 7 on PATH.
 * The classic notebook 6 is not returned here (see findClassicNotebook): where no JupyterLab exists,
 * `npm run course` installs one, and uses the classic notebook only when asked or when it cannot.
 */
export function findJupyterFrontEnd(
  env: NodeJS.ProcessEnv = process.env,
  venv: string = venvDir(env),
): JupyterFrontEnd | null {
  if (venvState(venv) === "current") {
    return { kind: "lab", executable: venvExecutable(venv, "jupyter-lab"), source: "project environment" };
  }
  const lab = findOnPath("jupyter-lab", env);
  if (lab) {
    return { kind: "lab", executable: lab, source: "PATH" };
  }
  const notebook = findOnPath("jupyter-notebook", env);
  if (notebook && (notebookMajorVersion(notebook, env) ?? 0) >= 7) {
    return { kind: "notebook7", executable: notebook, source: "PATH" };
  }
  return null;
}

/** The `jupyter-notebook` on PATH, as Notebook 7 or the classic notebook by its version; null if none. */
export function findClassicNotebook(env: NodeJS.ProcessEnv = process.env): JupyterFrontEnd | null {
  const notebook = findOnPath("jupyter-notebook", env);
  if (notebook === null) {
    return null;
  }
  const major = notebookMajorVersion(notebook, env);
  return { kind: major !== null && major >= 7 ? "notebook7" : "classic", executable: notebook, source: "PATH" };
}

/** The notebook the course opens at, relative to the project (in URL form). */
export const START_NOTEBOOK = "notebooks/README.ipynb";

/** The index notebook's URL path for each front end. */
export function indexPath(kind: JupyterFrontEnd["kind"]): string {
  return kind === "lab" ? `/lab/tree/${START_NOTEBOOK}` : `/notebooks/${START_NOTEBOOK}`;
}

/**
 * The index URL with its token, from a line where Jupyter prints its own URL
 * (`http://127.0.0.1:8888/lab?token=abc`); null when the line has none.
 * @param knownToken the token the learner set (Jupyter then prints `?token=...`)
 */
export function indexUrlFromLogLine(
  line: string,
  kind: JupyterFrontEnd["kind"],
  knownToken: string | null = null,
): string | null {
  const match = /(https?:\/\/[^\s/]+)(\/[^\s?]*)?(\?token=(\w+))?/.exec(line);
  if (!match || !/\d+\.\d+\.\d+\.\d+|localhost|\[/.test(match[1])) {
    return null;
  }
  // Jupyter prints <base_url>, <base_url>lab or <base_url>tree: keep the base URL.
  const base = (match[2] ?? "/").replace(/(lab|tree)\/?$/, "").replace(/\/?$/, "/");
  const tokenValue = knownToken ?? match[4];
  const token = tokenValue ? `?token=${tokenValue}` : "";
  return `${match[1]}${base}${indexPath(kind).slice(1)}${token}`;
}

/** The token set among Jupyter arguments (`--token=X`, `--ServerApp.token=X`, `--IdentityProvider.token X`...). */
export function tokenFromArgs(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const match = /^--(?:\w+\.)?token(?:=(.*))?$/.exec(args[i]);
    if (match) {
      return match[1] ?? args[i + 1] ?? null;
    }
  }
  return null;
}

/** The kernel launcher's own check (tslab installed, right version, fixes applicable). */
interface KernelFixes {
  loadTslab(projectRoot: string): { version: string; dir: string };
}

/**
 * Checks that the kernel can start (tslab present at the pinned version); throws an Error with the
 * launcher's message otherwise.
 */
export function checkKernelLauncher(): string {
  const fixes = require(path.join(PROJECT_ROOT, "scripts", "kernel", "tslab-fixes.js")) as KernelFixes;
  const tslab = fixes.loadTslab(PROJECT_ROOT);
  return `tslab ${tslab.version}`;
}
