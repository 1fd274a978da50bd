/** Writing garbage and forged frames straight into the grader's data channel (fd 3). */
import * as fs from "node:fs";

export function dot(a: number[], b: number[]): number {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(0x7fffffff, 0); // announces a 2 GB frame
  fs.writeSync(3, header);
  return 0;
}

export function axpy(alpha: number, x: number[], y: number[]): number[] {
  fs.writeSync(3, Buffer.from([0, 0, 0, 5, 1, 2, 3, 4, 5])); // undecodable body
  return x;
}
