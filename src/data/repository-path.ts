/**
 * Where the repository's files are, for the loaders of the data sets it ships (data/) or installs
 * (node_modules/). Resolved from this source file, not the working directory: tests run from the
 * repository root, notebooks from their chapter folder. The real path matters: a notebook loads src
 * through the chapter's `rnn -> ../../src` link, and tslab then reports __dirname inside the link
 * (notebooks/<chapter>/rnn/data).
 */
import * as fs from "fs";
import * as path from "path";

/** The absolute path of `parts` below the repository root, e.g. repositoryPath("data", "poetry"). */
export function repositoryPath(...parts: string[]): string {
  let here = __dirname;
  try {
    here = fs.realpathSync(__dirname);
  } catch {
    // keep __dirname as given
  }
  return path.resolve(here, "..", "..", ...parts);
}
