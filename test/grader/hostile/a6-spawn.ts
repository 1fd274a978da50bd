/** A6: starting processes and threads (each attempt's error is rethrown). */
import * as childProcess from "node:child_process";
import { Worker } from "node:worker_threads";

export function dot(a: number[], b: number[]): number {
  const r = childProcess.spawnSync("/bin/sh", ["-c", "echo escaped"]);
  if (r.error) throw r.error;
  return a.reduce((s, ai, i) => s + ai * b[i], 0);
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  if (alpha < 0) childProcess.fork(__filename);
  else new Worker("process.exit(0)", { eval: true });
  return x.map((xi, i) => alpha * xi + y[i]);
}
