/**
 * Axis helpers shared by the ops that work along one axis (slicing, joining, reductions, softmax).
 * Negative axes count from the end, as in NumPy: -1 is the last axis.
 */
import { Shape, fmtShape, sizeOf } from "../tensor";

/**
 * The axis as an index in 0..rank-1, or a clear error naming the op and the shape. `rank` defaults
 * to the shape's rank (`stack` passes rank + 1: its axis is a new one).
 */
export function normalizeAxis(op: string, axis: number, shape: Shape, rank = shape.length): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank)
    throw new Error(`${op}: axis ${axis} is out of range for a tensor of shape ${fmtShape(shape)}`);
  return a;
}

/** Sizes before, along and after an axis: the view used by slice, concat, reductions and softmax. */
export function splitAt(shape: Shape, axis: number): { outer: number; len: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), len: shape[axis], inner: sizeOf(shape.slice(axis + 1)) };
}
