/** B2: trying to kill the grader (the parent process) and its process group. */
export function dot(a: number[], b: number[]): number {
  process.kill(process.ppid, "SIGKILL");
  return a.reduce((s, ai, i) => s + ai * b[i], 0);
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  process.kill(-process.ppid, "SIGKILL");
  return x.map((xi, i) => alpha * xi + y[i]);
}
