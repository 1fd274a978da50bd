/** C5: objects that pretend to be the answer through valueOf / toJSON / Symbol.toPrimitive. */
const fake = (n: number) => ({
  valueOf: () => n,
  toJSON: () => n,
  toString: () => String(n),
  [Symbol.toPrimitive]: () => n,
});

export function dot(a: number[], b: number[]): number {
  return fake(a.reduce((s, ai, i) => s + ai * b[i], 0)) as unknown as number;
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  const right = x.map((xi, i) => alpha * xi + y[i]);
  // an array whose elements are fake numbers
  return right.map(fake) as unknown as number[];
}
