/**
 * The project root this grader belongs to (where `src/`, `grader/` and `package.json` are).
 *
 * Run as TypeScript (tsx), this file is in grader/engine/, two folders below the root. Run from
 * the command line's cached bundle (../cli/command-bundle.cjs), its code is in the cache folder
 * instead, so `__dirname` is that folder: the bundle then defines `RNN_COURSE_BUNDLE_ROOT`, the
 * path from the cache folder to the root.
 */
import * as path from "node:path";

// Replaced by a string literal when bundled (esbuild `define`); undeclared, so typeof gives "undefined", otherwise.
declare const RNN_COURSE_BUNDLE_ROOT: string | undefined;

/** The project root. */
export const PROJECT_ROOT =
  typeof RNN_COURSE_BUNDLE_ROOT === "string"
    ? path.resolve(__dirname, RNN_COURSE_BUNDLE_ROOT)
    : path.resolve(__dirname, "..", "..");
