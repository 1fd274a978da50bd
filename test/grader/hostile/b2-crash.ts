/** B2: exit(1), abort and SIGKILL of itself, depending on the case; dot-small is correct. */
export function dot(a: number[], b: number[]): number {
  if (a.length === 0) process.exit(1);
  return a.reduce((s, ai, i) => s + ai * b[i], 0);
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  if (alpha < 0) process.kill(process.pid, "SIGKILL");
  process.abort();
}
