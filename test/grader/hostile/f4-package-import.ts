// @ts-nocheck (deliberately imports what does not exist for the type checker)
/** F4: importing a package shipped in the submission's node_modules (or mapped by its tsconfig). */
import { dot as cheatDot, axpy as cheatAxpy } from "cheat";

export const dot = cheatDot;
export const axpy = cheatAxpy;
