/** A8: megabytes of output on stdout and stderr, then a wrong answer (dot) or an endless flood (axpy). */
export function dot(a: number[], b: number[]): number {
  const line = "flood ".repeat(200_000); // 1.2 MB
  for (let i = 0; i < 8; i++) {
    console.log(line);
    console.error(line);
  }
  return -1;
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  const line = "y".repeat(1 << 20);
  for (;;) process.stdout.write(line);
}
