/** Thrown non-Error values (a string; an object with a throwing toString; undefined). */
export function dot(a: number[], b: number[]): number {
  if (a.length === 0) throw undefined;
  throw "just a string";
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  throw {
    toString() {
      throw new Error("no");
    },
  };
}
