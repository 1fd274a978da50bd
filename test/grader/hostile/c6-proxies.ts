/** C6: throwing proxies as return values and as thrown values. */
const trap = () => {
  throw new Error("gotcha from a proxy trap");
};
const evil = new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap });

export function dot(a: number[], b: number[]): number {
  if (a.length === 0) throw evil;
  return evil as unknown as number;
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  const right = x.map((xi, i) => alpha * xi + y[i]);
  return new Proxy(right, { get: (t, k) => (k === "length" ? t.length : trap()) });
}
