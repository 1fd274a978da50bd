#!/usr/bin/env node
/**
 * The package's command `rnn-course <command> [args]` (package.json "bin").
 * Runs one of the TypeScript commands of this folder, from a cached bundle of it or through the
 * tsx loader (./command-bundle.cjs).
 * Commands: grade, grade-batch, release, autograder-zip, new-exercise (each has --help), gradescope
 * (inside the Gradescope autograder).
 */
"use strict";
const { loadCommand } = require("./command-bundle.cjs");

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
  loadCommand(COMMANDS[command])
    .then((script) => script.main(args))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e) => {
        process.stderr.write(`rnn-course ${command}: ${(e && e.stack) || e}\n`);
        process.exitCode = 2;
      },
    );
}
