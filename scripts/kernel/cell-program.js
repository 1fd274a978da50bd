"use strict";
/**
 * @file One TypeScript program per notebook cell. tslab's converter (`convert(prevDecl, src)` in
 * tslab's dist/converter.js) updates its program twice for every cell that declares a name: first
 * with the cell as typed, only to read the names the binder put in the cell file's `locals`, then
 * with `export {<those names>}` appended, which is the program the cell is checked and compiled in.
 * Building the first program (re-reading and parsing the previous cells' declarations and the cell,
 * reusing the last program's structure, resolving the cell's imports, and the type checker the
 * builder made to bind the files) cost as much as the second and was thrown away.
 *
 * Here that first update is answered without a program. tslab notifies TypeScript's watch of the
 * new content, then runs the update the watch scheduled through tslab's own timer; that run is held
 * back, and tslab gets instead a stand-in builder whose only file is the cell: the text TypeScript
 * would read, parsed with the options of the last program's cell file (as TypeScript's language
 * service re-parses a file) and bound as the program's binder binds it, so `locals` holds the same
 * names in the same order. TypeScript still has both notifications pending, and tslab's second update
 * builds the one program, from exactly the content it built before: the compiled code and the
 * diagnostics are unchanged.
 *
 * Not held back, so tslab updates as before:
 * - a cell that declares nothing (tslab then updates only once);
 * - a cell whose second program could equal the last one (same declarations before it, and the last
 *   cell file starting with this cell's text: the same cell run again). TypeScript would then keep its
 *   last program, whose declaration file tslab has already edited (it prunes the statements of the
 *   previous cells' declarations in place), instead of building a new one;
 * - updates outside `convert` (hover, completion, `addModule`).
 *
 * RNN_COURSE_FAST_COMPILE=0 turns this off (typescript-for-tslab.js), to compare.
 */

const path = require("path");

/** The file name tslab gives the cell being compiled (see tslab's converter.js). */
const CELL_FILE_NAMES = new Set(["__tslab__.ts", "__tslab__.js"]);
/** The file tslab keeps the previous cells' declarations in. */
const DECLARATIONS_FILE_NAME = "__prev__.d.ts";
/** The label TypeScript's watch gives the timer of a program update. */
const UPDATE_TIMER = "timerToUpdateProgram";

/** The control created last by createCellProgramControl (read by oneProgramPerCell's createConverter). */
let latestControl = null;

/**
 * The state shared by a converter and its watch: whether a `convert` is running, the last program
 * TypeScript built, and the update held back.
 */
class CellProgramControl {
  /**
   * @param {typeof import("typescript")} ts
   * @param {string[]} rootFiles the watch's root files (tslab's declarations file and cell file)
   * @param {import("typescript").CompilerOptions} options the watch's compiler options
   */
  constructor(ts, rootFiles, options) {
    this.ts = ts;
    this.options = options;
    this.cellFileName = rootFiles.find((file) => CELL_FILE_NAMES.has(path.basename(file)));
    this.declarationsFileName = rootFiles.find((file) => path.basename(file) === DECLARATIONS_FILE_NAME);
    /** The system given to TypeScript (see system()). */
    this.base = null;
    /** tslab's afterProgramCreate, which takes the builder tslab works with. */
    this.announce = null;
    /** The last builder program TypeScript built. */
    this.lastBuilder = null;
    /** True inside convert, until its first program update ran or was held back. */
    this.armed = false;
    /** The timer whose update was held back; TypeScript clears it when it schedules the next. */
    this.heldBack = null;
  }

  /** Whether this watch is tslab's (it has a cell file and a declarations file). */
  get usable() {
    return this.cellFileName !== undefined && this.declarationsFileName !== undefined;
  }

  /**
   * The system TypeScript's watch is given: tslab's, with its timers wrapped so that the first
   * program update of a `convert` can be held back.
   * @param {import("typescript").System} base tslab's system
   */
  system(base) {
    this.base = base;
    const system = Object.create(base);
    system.setTimeout = (callback, ms, label, ...args) => {
      if (label !== UPDATE_TIMER) {
        return base.setTimeout(callback, ms, label, ...args);
      }
      const handle = base.setTimeout(
        (...callbackArgs) => {
          if (this.armed) {
            this.armed = false;
            if (this.tryHoldBack()) {
              this.heldBack = handle;
              return;
            }
          }
          callback(...callbackArgs);
        },
        ms,
        label,
        ...args,
      );
      return handle;
    };
    system.clearTimeout = (handle) => {
      // The held-back update's timer has already fired as far as tslab knows.
      if (handle !== null && handle === this.heldBack) {
        this.heldBack = null;
        return;
      }
      base.clearTimeout(handle);
    };
    return system;
  }

  /** Notes a builder program TypeScript built (called from the watch's afterProgramCreate). */
  programCreated(builder) {
    this.lastBuilder = builder;
  }

  /** holdBack(), or false if it failed (the update then runs as it would have). */
  tryHoldBack() {
    try {
      return this.holdBack();
    } catch (e) {
      return false;
    }
  }

  /**
   * Answers the pending program update with a stand-in builder holding the cell file alone, unless
   * the cell declares nothing or its program could equal the last one. Returns whether it did.
   */
  holdBack() {
    const last = this.lastBuilder && this.lastBuilder.getProgram().getSourceFile(this.cellFileName);
    const lastDeclarations = this.lastBuilder && this.lastBuilder.getProgram().getSourceFile(this.declarationsFileName);
    if (!last || !lastDeclarations) {
      return false;
    }
    const text = this.base.readFile(this.cellFileName);
    const declarations = this.base.readFile(this.declarationsFileName);
    if (typeof text !== "string" || (declarations === lastDeclarations.text && last.text.startsWith(text))) {
      return false;
    }
    const cell = this.ts.createSourceFile(this.cellFileName, text, {
      languageVersion: last.languageVersion,
      impliedNodeFormat: last.impliedNodeFormat,
      setExternalModuleIndicator: last.setExternalModuleIndicator,
      jsDocParsingMode: last.jsDocParsingMode,
    });
    this.ts.bindSourceFile(cell, this.options);
    if (!cell.locals || cell.locals.size === 0) {
      return false;
    }
    const cellFileName = this.cellFileName;
    this.announce({
      // All tslab reads from the first update's builder: the cell file, for its locals (and the
      // declarations file, which it reads again after the second update).
      getSourceFile: (fileName) => (fileName === cellFileName ? cell : undefined),
    });
    return true;
  }
}

/**
 * A control for the watch TypeScript is asked to create, or null when it is not tslab's converter
 * watch. The caller wraps the watch's system with control.system(), sets control.announce to tslab's
 * afterProgramCreate and calls control.programCreated() for each builder TypeScript makes.
 */
function createCellProgramControl(ts, rootFiles, options) {
  const control = new CellProgramControl(ts, rootFiles, options);
  if (!control.usable) {
    return null;
  }
  latestControl = control;
  return control;
}

/**
 * Makes the converters tslab creates from now on (converter.js's createConverter) run each `convert`
 * with its first program update held back when possible (see the file comment). A converter whose
 * watch has no control (RNN_COURSE_FAST_COMPILE=0, or tslab's own TypeScript) is left as it is.
 * @param {{createConverter: Function}} converterModule tslab's dist/converter.js
 */
function oneProgramPerCell(converterModule) {
  const originalCreateConverter = converterModule.createConverter;
  converterModule.createConverter = function createConverter(...args) {
    const before = latestControl;
    const converter = originalCreateConverter.apply(this, args);
    const control = latestControl !== before ? latestControl : null;
    if (!control) {
      return converter;
    }
    const originalConvert = converter.convert;
    converter.convert = function convert(...convertArgs) {
      control.armed = true;
      try {
        return originalConvert.apply(this, convertArgs);
      } finally {
        control.armed = false;
      }
    };
    return converter;
  };
}

module.exports = { createCellProgramControl, oneProgramPerCell };
