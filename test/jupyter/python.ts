/**
 * @file Running the Python helpers of the notebook tests (the project's .venv/ Python with the pinned
 * JupyterLab 4 stack: nbclient, jupyter_client, jupyter_kernel_test) against the project-local
 * rnn-course kernelspec.
 */
import { spawn } from "child_process";
import * as path from "path";
import { findPython, pythonEnv } from "../../scripts/notebook/notebooks";

/** The jupyter_client driver used by kernel.test.ts. */
export const KERNEL_PROBE = path.join(__dirname, "kernel_probe.py");

/** Output of a finished Python helper. */
export interface PythonRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Python script to completion and collects its output. The child runs in its own process
 * group, which is killed if `timeoutMs` passes, so a hang fails the test instead of blocking it.
 * `env` defaults to pythonEnv() (the project-local kernelspec on JUPYTER_PATH).
 */
export function runPython(
  script: string,
  args: string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = pythonEnv(),
): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(findPython(), ["-Xfrozen_modules=off", script, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        process.kill(-child.pid, "SIGKILL");
      }
      reject(
        new Error(`${path.basename(script)} ${args.join(" ")} did not finish in ${timeoutMs} ms\nstderr:\n${stderr}`),
      );
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a kernel_probe.py scenario and parses its JSON report. */
export async function probeKernel<T>(args: string[], timeoutMs = 120_000): Promise<T> {
  const run = await runPython(KERNEL_PROBE, args, timeoutMs);
  if (run.code !== 0) {
    throw new Error(`kernel_probe.py ${args.join(" ")} exited with ${run.code}\nstderr:\n${run.stderr}`);
  }
  try {
    return JSON.parse(run.stdout) as T;
  } catch (e) {
    throw new Error(
      `kernel_probe.py ${args.join(" ")} printed no valid JSON (${(e as Error).message}):\n${run.stdout}`,
    );
  }
}
