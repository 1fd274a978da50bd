#!/usr/bin/env node
/**
 * @file Installs the notebook output-stripping filter (scripts/git/notebook-filter.cjs, named by
 * .gitattributes) into this repository's .git/config. Run by `npm ci`/`npm install` (the `prepare`
 * script) and by `npm run course`. Does nothing outside a git checkout (e.g. the student edition as a
 * tarball) and when git is not installed; never fails the install.
 */
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");

const FILTER = "rnn-course-notebook";
/** The clean command as git runs it (from the top of the working tree; %f is the file's path). */
const CLEAN = "node scripts/git/notebook-filter.cjs %f";

/**
 * Writes filter.rnn-course-notebook.clean/smudge into the repository's config when they differ.
 * @param {string} root the project folder
 * @returns {"installed" | "present" | "no-git"}
 */
function installFilter(root = path.resolve(__dirname, "..", "..")) {
  const git = (args) => spawnSync("git", ["-C", root, ...args], { encoding: "utf8" });
  const inside = git(["rev-parse", "--show-toplevel"]);
  if (inside.error || inside.status !== 0 || path.resolve(inside.stdout.trim()) !== path.resolve(root)) {
    return "no-git";
  }
  const current = git(["config", "--get", `filter.${FILTER}.clean`]).stdout.trim();
  if (current === CLEAN) {
    return "present";
  }
  git(["config", `filter.${FILTER}.clean`, CLEAN]);
  git(["config", `filter.${FILTER}.smudge`, "cat"]);
  return "installed";
}

module.exports = { installFilter, FILTER, CLEAN };

if (require.main === module) {
  try {
    if (installFilter() === "installed") {
      process.stdout.write(
        "Installed the git filter that keeps notebook outputs out of git (see README: Your work and course updates).\n",
      );
    }
  } catch (e) {
    process.stderr.write(`install-filter: skipped (${e && e.message ? e.message : e})\n`);
  }
}
