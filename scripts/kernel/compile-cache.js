"use strict";
/**
 * @file A disk cache for what tslab recomputes in every new kernel: the type check and the compiled
 * JavaScript of the local modules a cell imports (the course library under src/, about 50 files).
 * Without it the first `import * as rnn from "./rnn/index"` of every notebook spends about 1.5 s
 * checking and emitting the same unchanged files (measured: check 0.6 s, emit 0.35 s, tslab's second
 * pass to CommonJS 0.45 s, out of 1.8 s).
 *
 * What is cached, and under which key (SHA-256):
 * - "the modules a cell imports have no diagnostics": keyed by the salt (TypeScript and tslab
 *   versions, these kernel files) and the compiler options, then every imported file's path and
 *   full text. The cell itself is always checked.
 * - each imported module's emitted files: keyed by that same closure key and the module's path, so
 *   an output is reused only in a program where every imported file is byte for byte the same
 *   (emitting can depend on other files, e.g. an import used only as a type is dropped).
 * - tslab's second pass (`ts.transpileModule`, ES module to CommonJS): keyed by its input and options.
 * An edit to any file of the library changes the key, so it is checked and compiled again, and the
 * errors it may have are reported as before. Entries are JSON files written atomically (temporary
 * file, then rename), so kernels running side by side never read half an entry; a cache that
 * cannot be read or written is simply not used. RNN_COURSE_COMPILE_CACHE=0 turns it off; an absolute
 * folder there puts the entries in that folder instead (the tests use it).
 */

const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

class CompileCache {
  /**
   * @param {string} dir folder of the entries (created when first written)
   * @param {string} salt what else the entries depend on (versions, the kernel's own files)
   */
  constructor(dir, salt) {
    this.dir = dir;
    this.salt = salt;
  }

  /** The key of the given parts (strings), with the salt. */
  key(...parts) {
    const hash = crypto.createHash("sha256").update(this.salt);
    for (const part of parts) {
      hash.update("\0");
      hash.update(part);
    }
    return hash.digest("hex");
  }

  file(kind, key) {
    return path.join(this.dir, `${kind}-${key}.json`);
  }

  /** The stored value, or undefined. */
  get(kind, key) {
    try {
      return JSON.parse(fs.readFileSync(this.file(kind, key), "utf8"));
    } catch (e) {
      return undefined;
    }
  }

  /** Stores a JSON value; failures (read-only folder, full disk) are ignored. */
  put(kind, key, value) {
    const target = this.file(kind, key);
    const temporary = `${target}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(temporary, JSON.stringify(value));
      fs.renameSync(temporary, target);
    } catch (e) {
      try {
        fs.rmSync(temporary, { force: true });
      } catch (ignored) {
        // nothing to clean up
      }
    }
  }
}

/**
 * The cache the kernel uses: node_modules/.cache/rnn-course-kernel in the project (or the absolute
 * folder in RNN_COURSE_COMPILE_CACHE), salted with the TypeScript and tslab versions and the content
 * of the kernel's files that shape the compiled code. Null when RNN_COURSE_COMPILE_CACHE=0.
 * @param {string} projectRoot
 * @param {string} typescriptVersion
 * @param {string} tslabDir
 */
function kernelCompileCache(projectRoot, typescriptVersion, tslabDir) {
  const setting = process.env.RNN_COURSE_COMPILE_CACHE;
  if (setting === "0") {
    return null;
  }
  const dir =
    setting && path.isAbsolute(setting)
      ? setting
      : path.join(projectRoot, "node_modules", ".cache", "rnn-course-kernel");
  const salt = crypto.createHash("sha256");
  salt.update(`typescript ${typescriptVersion}\0`);
  for (const file of [
    path.join(tslabDir, "package.json"),
    path.join(tslabDir, "dist", "converter.js"),
    path.join(__dirname, "typescript-for-tslab.js"),
    path.join(__dirname, "source-map.js"),
    path.join(__dirname, "cell-program.js"),
    __filename,
  ]) {
    try {
      salt.update(fs.readFileSync(file));
    } catch (e) {
      salt.update(`missing ${file}`);
    }
    salt.update("\0");
  }
  return new CompileCache(dir, salt.digest("hex"));
}

module.exports = { CompileCache, kernelCompileCache };
