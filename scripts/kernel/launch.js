#!/usr/bin/env node
"use strict";
/**
 * @file The rnn-course Jupyter kernel: tslab's TypeScript kernel, started in this process after
 * scripts/kernel/tslab-fixes.js has patched its output and error handling.
 *
 * Usage (from kernel.json): node scripts/kernel/launch.js --config-path {connection_file}
 *        node scripts/kernel/launch.js --check   (verify tslab and the fixes, then exit)
 */

const path = require("path");
const { loadTslab, applyFixes, KernelLaunchError } = require("./tslab-fixes");

const projectRoot = path.resolve(__dirname, "..", "..");
const realStderrWrite = process.stderr.write.bind(process.stderr);

function usage() {
  return "usage: launch.js --config-path <connection file> | --check";
}

/**
 * Exits when the process that started the kernel (Jupyter passes its pid in JPY_PARENT_PID) is gone,
 * as ipykernel does, so a crashed or killed client leaves no kernel behind.
 */
function watchParent(parentPid) {
  const pid = Number(parentPid);
  if (!Number.isInteger(pid) || pid <= 1) {
    return;
  }
  const timer = setInterval(() => {
    try {
      process.kill(pid, 0);
    } catch (e) {
      if (e && e.code === "ESRCH") {
        process.exit(0);
      }
    }
  }, 1000);
  timer.unref();
}

function main(argv) {
  let configPath = null;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--config-path" && i + 1 < argv.length) {
      configPath = argv[++i];
    } else if (arg.startsWith("--config-path=")) {
      configPath = arg.slice("--config-path=".length);
    } else if (arg === "--check") {
      check = true;
    } else if (arg === "kernel") {
      // Accept tslab's own `tslab kernel --config-path ...` form too.
    } else {
      throw new KernelLaunchError(`rnn-course kernel: unknown argument ${JSON.stringify(arg)}. ${usage()}`);
    }
  }
  const tslab = loadTslab(projectRoot);
  applyFixes(tslab, realStderrWrite);
  if (check) {
    process.stdout.write(
      `rnn-course kernel OK: tslab ${tslab.version} at ${tslab.dir}, TypeScript ${tslab.typescriptVersion}, fixes applied\n`,
    );
    return;
  }
  if (!configPath) {
    throw new KernelLaunchError(`rnn-course kernel: missing --config-path. ${usage()}`);
  }
  watchParent(process.env.JPY_PARENT_PID);
  // enableFindLocal: false keeps the patched copy even if the notebook's folder has another tslab.
  tslab.main.startKernel({ configPath, enableFindLocal: false, jsKernel: false, globalVersion: tslab.version });
}

try {
  main(process.argv.slice(2));
} catch (e) {
  if (e instanceof KernelLaunchError) {
    realStderrWrite(`${e.message}\n`);
    process.exit(2);
  }
  throw e;
}
