#!/usr/bin/env node
/**
 * The package's command `rnn-course <command> [args]` (package.json "bin").
 * Registers the TypeScript loader (tsx) and runs one of the TypeScript commands of this folder.
 * Commands: grade, grade-batch, release, autograder-zip, new-exercise (each has --help), gradescope
 * (inside the Gradescope autograder).
 */
"use strict";
const path = require("node:path");

const COMMANDS = {
  grade: "grade.ts",
  "grade-batch": "grade-batch.ts",
  release: "release.ts",
  "autograder-zip": "autograder-zip.ts",
  gradescope: "gradescope.ts",
  "new-exercise": "new-exercise.ts",
};

const [command, ...args] = process.argv.slice(2);
if (!command || !Object.prototype.hasOwnProperty.call(COMMANDS, command)) {
  process.stderr.write(`usage: rnn-course <${Object.keys(COMMANDS).join("|")}> [args]\n`);
  process.exitCode = 2;
} else {
  // The project's own tsconfig, whatever the current folder holds (a submission may ship one).
  process.env.TSX_TSCONFIG_PATH = path.join(__dirname, "..", "..", "tsconfig.json");
  require("tsx/cjs/api").register();
  const script = require(path.join(__dirname, COMMANDS[command]));
  script.main(args).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`rnn-course ${command}: ${(e && e.stack) || e}\n`);
      process.exitCode = 2;
    },
  );
}
