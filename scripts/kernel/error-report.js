"use strict";
/**
 * @file Errors a learner can read. tslab prints a runtime error with `console.error(error)`: the
 * compiled JavaScript line, then a stack of compiled-JavaScript positions and of the kernel's own
 * frames (node:vm, tslab/dist/executor.js, this launcher). ErrorReporter formats it instead as the
 * message, then one entry per frame in a notebook cell or in a local TypeScript file (src/*.ts), at
 * its TypeScript line (through the source maps of typescript-for-tslab.js), with that line's code:
 *
 *     Error: matmul: inner sizes (3) and (2) of tensors with shapes [2,3] and [2,3] must match
 *         at matmul (src/ops/matmul.ts:37)
 *             if (k !== kb) throw innerError(a, b);
 *         at cell [4], line 4
 *             const C = rnn.matmul(A, B);
 *
 * Cells run under the file name `cell[N]` (N is the execution count Jupyter shows as `[N]`), which
 * the kernel gives them (see tslab-fixes.js), so frames of functions defined in earlier cells map too.
 */

const fs = require("fs");
const path = require("path");
const util = require("util");
const { extractInlineMap, originalPosition } = require("./source-map");

/** One V8 stack frame line: `at name (file:line:col)` or `at file:line:col`. */
const FRAME = /^\s+at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;
/** The name cells run under. */
const CELL_FILE = /^cell\[(\d+)\]$/;
/** How many cells' compiled code is kept to map frames of functions they define. */
const MAX_CELLS = 1000;

/** The file name a cell with execution count `count` runs under. */
function cellFileName(count) {
  return `cell[${count}]`;
}

/** Parses the frames of an error's stack. */
function parseFrames(stack) {
  const frames = [];
  for (const line of String(stack).split("\n")) {
    const match = FRAME.exec(line);
    if (match) {
      frames.push({ name: match[1] || null, file: match[2], line: Number(match[3]), column: Number(match[4]) });
    }
  }
  return frames;
}

class ErrorReporter {
  /**
   * @param {object} options
   * @param {string} options.projectRoot shown paths are relative to it when inside it
   * @param {string} options.cwd the notebook's folder (the kernel's working directory)
   * @param {(file: string) => string | undefined} options.moduleCode compiled code of a local module
   * @param {string[]} options.hiddenDirs frames in these folders are the kernel's own
   */
  constructor({ projectRoot, cwd, moduleCode, hiddenDirs }) {
    this.projectRoot = projectRoot;
    this.cwd = cwd;
    this.moduleCode = moduleCode;
    this.hiddenDirs = hiddenDirs;
    this.cells = new Map();
    this.maps = new Map();
  }

  /**
   * Records a cell about to run. `prefixLength` is the length of what tslab puts before the
   * compiled code on its first line.
   */
  registerCell(count, source, compiled, prefixLength) {
    const { map } = extractInlineMap(compiled);
    this.cells.set(cellFileName(count), { count, lines: source.split("\n"), map, prefixLength });
    if (this.cells.size > MAX_CELLS) {
      this.cells.delete(this.cells.keys().next().value);
    }
  }

  /**
   * Where a frame is in TypeScript, or null for frames outside cells and local modules:
   * {label, line (1-based), code, cell (the cell's count or null)}.
   */
  locate(frame) {
    const cell = this.cells.get(frame.file);
    if (cell) {
      if (!cell.map) {
        return null;
      }
      const column = frame.line === 1 ? frame.column - 1 - cell.prefixLength : frame.column - 1;
      const position = originalPosition(cell.map, frame.line - 1, Math.max(0, column));
      // The cell's TypeScript file starts with one added line ("export {};"); the export list
      // tslab appends after the cell maps past its last line.
      if (!position || position.line < 1 || position.line > cell.lines.length) {
        return null;
      }
      return { cell: cell.count, line: position.line, code: cell.lines[position.line - 1] };
    }
    const source = this.localSource(frame.file);
    if (!source) {
      return null;
    }
    const position = originalPosition(source.map, frame.line - 1, frame.column - 1);
    if (!position) {
      return null;
    }
    return { cell: null, label: source.label, line: position.line + 1, code: source.lines[position.line] };
  }

  /** The TypeScript source and map of a local module compiled by tslab (cached). */
  localSource(file) {
    if (this.maps.has(file)) {
      return this.maps.get(file);
    }
    let found = null;
    const code = this.moduleCode(file);
    if (code !== undefined) {
      const { map } = extractInlineMap(code);
      const base = file.replace(/\.js$/, "");
      const tsFile = [".ts", ".tsx", ".js"].map((ext) => base + ext).find((f) => fs.existsSync(f));
      if (map && tsFile) {
        found = { map, label: this.label(tsFile), lines: fs.readFileSync(tsFile, "utf8").split("\n") };
      }
    }
    this.maps.set(file, found);
    return found;
  }

  /** Forgets cached sources of local modules (after they were recompiled). */
  forgetModules() {
    this.maps.clear();
  }

  /** A path as a learner finds it: relative to the project (src/ops/matmul.ts) or the notebook. */
  label(file) {
    let real = file;
    try {
      real = fs.realpathSync(file);
    } catch (e) {
      // keep the path as given
    }
    const inProject = path.relative(this.projectRoot, real);
    if (!inProject.startsWith("..") && !path.isAbsolute(inProject)) {
      return inProject.split(path.sep).join("/");
    }
    return path.relative(this.cwd, file).split(path.sep).join("/");
  }

  /** Whether a frame belongs to Node, tslab or the launcher. */
  isKernelFrame(frame) {
    return (
      frame.file.startsWith("node:") ||
      frame.file.startsWith("evalmachine") ||
      this.hiddenDirs.some((dir) => frame.file.startsWith(dir + path.sep))
    );
  }

  /** The first line of the report: the error's name and message, or the thrown value. */
  headline(thrown) {
    if (thrown instanceof Error || (thrown && typeof thrown === "object" && typeof thrown.stack === "string")) {
      const name = thrown.name || "Error";
      return thrown.message ? `${name}: ${thrown.message}` : name;
    }
    return `Uncaught ${util.inspect(thrown)}`;
  }

  /** The whole report for a value thrown by a cell. */
  format(thrown) {
    const lines = [this.headline(thrown)];
    const frames = thrown && typeof thrown.stack === "string" ? parseFrames(thrown.stack) : [];
    let shown = 0;
    for (const frame of frames) {
      const where = this.locate(frame);
      if (!where) {
        continue;
      }
      const name = frame.name ? frame.name.replace(/^async /, "").replace(/^(Object|Module|Proxy)\./, "") : null;
      let place;
      if (where.cell !== null) {
        place = name
          ? `${name} (cell [${where.cell}], line ${where.line})`
          : `cell [${where.cell}], line ${where.line}`;
      } else {
        place = `${name || "<anonymous>"} (${where.label}:${where.line})`;
      }
      lines.push(`    at ${place}`);
      if (where.code !== undefined && where.code.trim() !== "") {
        lines.push(`        ${where.code.trim()}`);
      }
      shown++;
    }
    if (shown === 0) {
      // Nothing in the notebook or its TypeScript files: show where it happened outside them.
      const outside = frames.find((frame) => !this.isKernelFrame(frame));
      if (outside) {
        lines.push(
          `    at ${outside.name ? `${outside.name} (` : ""}${this.label(outside.file)}:${outside.line}${outside.name ? ")" : ""}`,
        );
      }
    }
    return lines.join("\n");
  }

  /**
   * The line (1-based) of cell `count` at which the thrown value left its top-level code: the
   * outermost frame of that cell. Null when the stack does not show it.
   */
  throwingLine(thrown, count) {
    const frames = thrown && typeof thrown.stack === "string" ? parseFrames(thrown.stack) : [];
    const file = cellFileName(count);
    let line = null;
    for (const frame of frames) {
      if (frame.file === file) {
        const where = this.locate(frame);
        if (where) {
          line = where.line;
        }
      }
    }
    return line;
  }
}

module.exports = { ErrorReporter, parseFrames, cellFileName, CELL_FILE };
