/** Assertions shared by the library's tests. */
import { strict as assert } from "node:assert";
import { Tensor, gradCheck } from "../../src/index";

/** Asserts that `fn` passes a numeric gradient check at `inputs`. */
export function check(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], tolerance = 1e-6, floor?: number): void {
  const report = gradCheck(fn, inputs, floor === undefined ? { tolerance } : { tolerance, floor });
  assert.ok(report.ok, report.summary);
  assert.ok(report.checked > 0, "the check compared at least one partial derivative");
}

/** The largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
