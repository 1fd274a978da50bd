/**
 * @file The rnn-course kernelspec: what kernel.json says and where it is written.
 */
import * as fs from "fs";
import * as path from "path";

/** The kernel name every course notebook names in its metadata. */
export const KERNEL_NAME = "rnn-course";
/** The name Jupyter shows in its kernel menu. */
export const KERNEL_DISPLAY_NAME = "TypeScript (rnn-course)";
/** The kernel's language, as notebooks record it in metadata.kernelspec.language. */
export const KERNEL_LANGUAGE = "typescript";

/** The project root (the folder holding package.json). */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** The project-local Jupyter data dir (git-ignored) that `npm run course` and the tests use. */
export const LOCAL_JUPYTER_DIR = path.join(PROJECT_ROOT, ".jupyter-local");

/** The content of a kernel.json file. */
export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "signal" | "message";
  metadata: Record<string, string>;
}

/**
 * Builds the kernelspec: absolute paths to the node binary and to the launcher, so the kernel starts
 * whatever PATH the Jupyter server was given.
 * @param nodePath the node binary; defaults to the one running this script
 */
export function kernelSpec(nodePath: string = process.execPath): KernelSpec {
  if (!path.isAbsolute(nodePath)) {
    throw new Error(`kernelSpec: nodePath must be absolute, got ${JSON.stringify(nodePath)}`);
  }
  return {
    argv: [nodePath, path.join(PROJECT_ROOT, "scripts", "kernel", "launch.js"), "--config-path", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: KERNEL_LANGUAGE,
    // The launcher runs tslab in its own process, so SIGINT reaches the code being run.
    interrupt_mode: "signal",
    metadata: { project: PROJECT_ROOT },
  };
}

/**
 * Writes `<kernelsDir>/rnn-course/kernel.json` (replacing an older one) and returns that folder.
 * @param kernelsDir a Jupyter "kernels" folder, e.g. `.jupyter-local/kernels`
 */
export function writeKernelSpec(kernelsDir: string, spec: KernelSpec = kernelSpec()): string {
  const dir = path.join(kernelsDir, KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  return dir;
}

/**
 * Writes the project-local kernelspec into `.jupyter-local/kernels` and returns the environment to
 * give Jupyter (JUPYTER_PATH with the local dir first, so it wins over a user-installed copy).
 * @param baseEnv the environment to extend
 */
export function localJupyterEnv(baseEnv: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  writeKernelSpec(path.join(LOCAL_JUPYTER_DIR, "kernels"));
  const previous = baseEnv.JUPYTER_PATH;
  const jupyterPath = previous ? `${LOCAL_JUPYTER_DIR}${path.delimiter}${previous}` : LOCAL_JUPYTER_DIR;
  return { ...baseEnv, JUPYTER_PATH: jupyterPath };
}
