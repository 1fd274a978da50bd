/**
 * @file Finding Jupyter on the learner's machine and checking the kernel launcher before use.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "./kernelspec";

/** Which Jupyter front end was found. */
export interface JupyterFrontEnd {
  /** "lab" for JupyterLab, "notebook" for the classic notebook (or Notebook 7). */
  kind: "lab" | "notebook";
  /** Absolute path of its executable. */
  executable: string;
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
 * JupyterLab when installed (`jupyter-lab`), the classic notebook otherwise (`jupyter-notebook`),
 * null when neither is on PATH.
 */
export function findJupyterFrontEnd(env: NodeJS.ProcessEnv = process.env): JupyterFrontEnd | null {
  const lab = findOnPath("jupyter-lab", env);
  if (lab) {
    return { kind: "lab", executable: lab };
  }
  const notebook = findOnPath("jupyter-notebook", env);
  if (notebook) {
    return { kind: "notebook", executable: notebook };
  }
  return null;
}

/** What to tell a learner who has no Jupyter. */
export const NO_JUPYTER_MESSAGE = [
  "No Jupyter found on PATH (looked for jupyter-lab and jupyter-notebook).",
  "未找到 Jupyter。请先安装其中一个，再运行 `npm run course`：",
  "  pip install jupyterlab                        # JupyterLab, any system with Python 3",
  "  sudo apt-get install jupyter-notebook         # Debian/Ubuntu: the classic notebook",
  "If Jupyter is installed in a virtual environment, activate it first.",
  "To use a JupyterLab you already run elsewhere, register the kernel with `npm run kernel:install`.",
].join("\n");

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
