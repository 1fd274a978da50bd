/** C2-C4: patching mocha, registering extra/only tests, skipping tests, then wrong answers. */
type Fn = (...args: unknown[]) => unknown;
const g = globalThis as unknown as Record<string, Fn & { only?: Fn }>;

try {
  const moduleName = ["mo", "cha"].join(""); // a dynamic require: not resolved when bundling
  const Mocha = require(moduleName) as { Runnable: { prototype: { run: Fn } } };
  Mocha.Runnable.prototype.run = function (this: unknown, fn: unknown) {
    (fn as Fn)();
  };
} catch {
  /* mocha is not reachable from here */
}
try {
  g.it?.only?.("bonus", () => undefined);
  g.it?.("extra passing test", () => undefined);
  g.beforeEach?.(function (this: { skip(): void }) {
    this.skip();
  });
  g.describe?.("fixture-vec", () => g.it?.("dot-small", () => undefined));
} catch {
  /* no test framework globals here */
}

export function dot(a: number[], b: number[]): number {
  return -1;
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  return x;
}
