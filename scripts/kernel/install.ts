/**
 * @file `npm run kernel:install`: registers the rnn-course kernel in the learner's own Jupyter (the
 * per-user kernels folder, as `jupyter kernelspec install --user` would), so the course notebooks
 * also run when opened from a JupyterLab started elsewhere.
 *
 * The folder is `$JUPYTER_DATA_DIR/kernels` when that is set, else `jupyter --data-dir`/kernels when
 * a `jupyter` command is on PATH, else the platform's default user data dir. The kernelspec holds
 * absolute paths (node binary and launcher): run this again after moving the project or changing
 * Node versions. Options: --dry-run (print what would be written, write nothing).
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { checkKernelLauncher, findOnPath } from "./jupyter";
import { KERNEL_DISPLAY_NAME, KERNEL_NAME, kernelSpec, writeKernelSpec } from "./kernelspec";

/**
 * Jupyter's per-user data dir, following jupyter_core's rules.
 * @param env environment (JUPYTER_DATA_DIR, XDG_DATA_HOME, APPDATA, PATH)
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): { dir: string; source: string } {
  if (env.JUPYTER_DATA_DIR) {
    return { dir: env.JUPYTER_DATA_DIR, source: "JUPYTER_DATA_DIR" };
  }
  const jupyter = findOnPath("jupyter", env);
  if (jupyter) {
    const asked = spawnSync(jupyter, ["--data-dir"], { env, encoding: "utf8" });
    const dir = (asked.stdout ?? "").trim();
    if (asked.status === 0 && dir !== "") {
      return { dir, source: `${jupyter} --data-dir` };
    }
  }
  const home = os.homedir();
  if (process.platform === "darwin") {
    return { dir: path.join(home, "Library", "Jupyter"), source: "macOS default" };
  }
  if (process.platform === "win32") {
    return {
      dir: path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "jupyter"),
      source: "Windows default",
    };
  }
  return { dir: path.join(env.XDG_DATA_HOME ?? path.join(home, ".local", "share"), "jupyter"), source: "XDG default" };
}

function main(argv: string[]): number {
  const dryRun = argv.includes("--dry-run");
  const unknown = argv.filter((a) => a !== "--dry-run");
  if (unknown.length > 0) {
    process.stderr.write(`npm run kernel:install: unknown option ${JSON.stringify(unknown[0])} (known: --dry-run)\n`);
    return 2;
  }
  try {
    checkKernelLauncher();
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const { dir, source } = userDataDir();
  const kernelsDir = path.join(dir, "kernels");
  const spec = kernelSpec();
  if (dryRun) {
    process.stdout.write(
      JSON.stringify({ kernelDir: path.join(kernelsDir, KERNEL_NAME), source, spec }, null, 2) + "\n",
    );
    return 0;
  }
  const written = writeKernelSpec(kernelsDir, spec);
  process.stdout.write(
    `Installed kernel "${KERNEL_DISPLAY_NAME}" (name ${KERNEL_NAME}) in ${written}\n` +
      `(user data dir from ${source}). Reload JupyterLab's page to see it in the kernel list.\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
