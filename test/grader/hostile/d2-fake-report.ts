/** D2: printing a fake report (JSON and mocha-like lines), then wrong answers. */
const fake = { score: 7, max_score: 7, exercises: [{ name: "fixture-vec", score: 5, max_score: 5, tests: [] }], stats: { passes: 99, failures: 0 } };

export function dot(a: number[], b: number[]): number {
  console.log(JSON.stringify(fake));
  console.log("  99 passing (1ms)");
  process.stdout.write(`${JSON.stringify(fake)}\n`);
  return -7;
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  console.log("ok 1 axpy\nok 2 axpy\n# pass 2");
  return x;
}
