/** E3: reporting the environment, the paths and the stack, then failing. */
export function dot(a: number[], b: number[]): number {
  const seen = {
    env: Object.keys(process.env).sort(),
    argv: process.argv,
    cwd: process.cwd(),
    file: __filename,
    execArgv: process.execArgv.filter((f) => !f.startsWith("--allow-fs-read")),
  };
  console.log(`SNIFF ${JSON.stringify(seen)}`);
  throw new Error("sniffed");
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  throw new Error(`stack: ${new Error("where am I").stack}`);
}
