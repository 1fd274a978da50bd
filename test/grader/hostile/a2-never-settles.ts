/** A2: async functions whose promises never settle. */
export function dot(a: number[], b: number[]): Promise<number> {
  return new Promise(() => undefined);
}

export async function axpy(alpha: number, x: number[], y: number[]): Promise<number[]> {
  await new Promise(() => undefined);
  return x;
}
