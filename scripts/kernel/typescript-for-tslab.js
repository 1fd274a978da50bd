"use strict";
/**
 * @file One TypeScript for the project and its notebooks. tslab 1.0.22 compiles cells with its own
 * fork of TypeScript 5.0.4 (`@tslab/typescript-for-tslab`); the project builds with the TypeScript in
 * its package.json. This module gives tslab the project's TypeScript instead, with the few functions
 * the fork added (see docs/kernel.md, "TypeScript version"):
 *
 * - `getPreEmitDiagnosticsOfFiles(program, files)`: the diagnostics of several files at once.
 * - `getQuickInfoAtPosition(sourceFile, checker, token, position)`: hover information (inspect).
 * - `getNullTransformationContext()` and `getDefaultTypeRoots(dir, host)`.
 * - `Completions.getCompletionsAtPositionForTslab(...)`: completion without a language service.
 * - the compiler option `disableTopLevelAwait`: the fork reports every top-level `await` as error
 *   1308, which tslab takes as the sign that a cell must run as an async function. Stock TypeScript
 *   allows top-level await in modules and reports nothing, so the same diagnostic is made here for
 *   each top-level `await` of the cell file (tslab drops it again).
 *
 * It also gives tslab a plain builder program (an abstract builder whose getAllDependencies follows
 * the program's resolved imports) instead of TypeScript's EmitAndSemanticDiagnostics builder, whose
 * change tracking cost a third of every cell's compile and which tslab does not use; builds one
 * program per cell where tslab built two (cell-program.js); and keeps the imported modules' check and
 * compiled code between kernels (compile-cache.js).
 *
 * It also makes the compiled code carry source maps, so errors can be reported at TypeScript lines
 * (error-report.js): tslab's compiler host gets `inlineSourceMap`, and tslab's second pass (ES module
 * to CommonJS through `transpileModule`) composes its own map with the first one.
 *
 * Installed by `useProjectTypeScript(projectRoot, tslabDir)` before tslab's modules are loaded:
 * a require of `@tslab/typescript-for-tslab` from inside tslab then returns the patched project copy.
 */

const fs = require("fs");
const path = require("path");
const Module = require("module");
const { composeMaps, decodeMap, extractInlineMap, inlineMapComment } = require("./source-map");
const { kernelCompileCache } = require("./compile-cache");
const { createCellProgramControl } = require("./cell-program");

/** The module id tslab requires its TypeScript by. */
const TSLAB_TYPESCRIPT = "@tslab/typescript-for-tslab";
/** The file name tslab gives the cell being compiled (see tslab's converter.js). */
const CELL_FILE_NAMES = new Set(["__tslab__.ts", "__tslab__.js"]);
/** "'await' expressions are only allowed within async functions..." (what the fork reports). */
const TOP_LEVEL_AWAIT_CODE = 1308;

/** Collects the `await` expressions of a cell that are not inside a function, class or namespace. */
function topLevelAwaits(ts, sourceFile) {
  const found = [];
  function visit(node) {
    if (ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isModuleDeclaration(node)) {
      return;
    }
    if (ts.isAwaitExpression(node)) {
      found.push(node);
    }
    ts.forEachChild(node, visit);
  }
  ts.forEachChild(sourceFile, visit);
  return found;
}

/**
 * A view of a TypeScript module with every export read through from it, with own properties for the
 * given overrides (the module's exports are getters, so they cannot be replaced in place).
 */
function overlay(target, overrides) {
  const view = {};
  for (const key of Object.keys(target)) {
    Object.defineProperty(view, key, { enumerable: true, configurable: true, get: () => target[key] });
  }
  for (const [key, value] of Object.entries(overrides)) {
    Object.defineProperty(view, key, { enumerable: true, configurable: true, writable: true, value });
  }
  return view;
}

const shims = new WeakMap();

/**
 * The project's TypeScript module as tslab expects its fork to be: the fork's functions added, source
 * maps turned on. The module itself is left unchanged.
 * @param {typeof import("typescript")} ts
 * @param {import("./compile-cache").CompileCache | null} [cache] where the imported modules' check
 *   and compiled code are kept between kernels (compile-cache.js); none when null
 * @param {{fastCompile?: boolean}} [options] fastCompile (default true): one program per cell
 *   (cell-program.js) and no type checker made only to bind the cell; false compiles as before, to
 *   compare (RNN_COURSE_FAST_COMPILE=0)
 */
function patchTypeScript(ts, cache = null, { fastCompile = true } = {}) {
  if (shims.has(ts)) {
    return shims.get(ts);
  }
  const added = {};
  /** The key of the modules imported by the cell being converted (set by the diagnostics step). */
  let closureKey = null;
  /** True while an imported module's compiled files are handed to tslab (its second pass runs then). */
  let inModuleEmit = false;
  const isCell = (sourceFile) => CELL_FILE_NAMES.has(path.basename(sourceFile.fileName));
  function topLevelAwaitDiagnostics(program, sourceFile) {
    if (
      !program.getCompilerOptions().disableTopLevelAwait ||
      !CELL_FILE_NAMES.has(path.basename(sourceFile.fileName))
    ) {
      return [];
    }
    return topLevelAwaits(ts, sourceFile).map((node) => {
      const start = node.getStart(sourceFile);
      return {
        file: sourceFile,
        start,
        length: "await".length,
        messageText: "'await' expressions are only allowed within async functions and at the top levels of modules.",
        category: ts.DiagnosticCategory.Error,
        code: TOP_LEVEL_AWAIT_CODE,
      };
    });
  }

  added.getPreEmitDiagnosticsOfFiles = function getPreEmitDiagnosticsOfFiles(program, sourceFiles, cancellationToken) {
    const diagnostics = [
      ...program.getConfigFileParsingDiagnostics(),
      ...program.getOptionsDiagnostics(cancellationToken),
      ...program.getGlobalDiagnostics(cancellationToken),
    ];
    // The imported modules (all but the cell): checked once per content, then remembered as clean.
    const modules = sourceFiles.filter((f) => !isCell(f));
    closureKey = null;
    let modulesClean = false;
    if (cache && modules.length > 0) {
      const parts = [JSON.stringify(program.getCompilerOptions())];
      for (const f of [...modules].sort((a, b) => (a.fileName < b.fileName ? -1 : 1))) parts.push(f.fileName, f.text);
      closureKey = cache.key(...parts);
      modulesClean = cache.get("clean", closureKey) === true;
    }
    const declarations = ts.getEmitDeclarations(program.getCompilerOptions());
    let moduleDiagnostics = 0;
    for (const sourceFile of sourceFiles) {
      if (modulesClean && !isCell(sourceFile)) {
        continue;
      }
      const before = diagnostics.length;
      diagnostics.push(...program.getSyntacticDiagnostics(sourceFile, cancellationToken));
      diagnostics.push(...program.getSemanticDiagnostics(sourceFile, cancellationToken));
      if (declarations) {
        diagnostics.push(...program.getDeclarationDiagnostics(sourceFile, cancellationToken));
      }
      diagnostics.push(...topLevelAwaitDiagnostics(program, sourceFile));
      if (!isCell(sourceFile)) {
        moduleDiagnostics += diagnostics.length - before;
      }
    }
    if (closureKey && !modulesClean && moduleDiagnostics === 0) {
      cache.put("clean", closureKey, true);
    }
    return ts.sortAndDeduplicateDiagnostics(diagnostics);
  };

  /**
   * The builder program tslab gets, with `emit` of an imported module served from the cache when the
   * same modules were compiled before (and stored after compiling them otherwise).
   */
  function withCachedEmit(builder) {
    function emit(sourceFile, writeFile, cancellationToken, emitOnlyDts, customTransformers) {
      const key = closureKey;
      if (!cache || !key || !sourceFile || isCell(sourceFile) || typeof writeFile !== "function" || emitOnlyDts) {
        return builder.emit(sourceFile, writeFile, cancellationToken, emitOnlyDts, customTransformers);
      }
      const entry = cache.key(key, sourceFile.fileName);
      const cached = cache.get("emit", entry);
      inModuleEmit = true;
      try {
        if (Array.isArray(cached)) {
          for (const [fileName, text] of cached) {
            writeFile(fileName, text, false);
          }
          return { emitSkipped: false, diagnostics: [] };
        }
        const written = [];
        const result = builder.emit(
          sourceFile,
          (fileName, text, ...rest) => {
            written.push([fileName, text]);
            return writeFile(fileName, text, ...rest);
          },
          cancellationToken,
          emitOnlyDts,
          customTransformers,
        );
        if (!result.emitSkipped && result.diagnostics.length === 0) {
          cache.put("emit", entry, written);
        }
        return result;
      } finally {
        inModuleEmit = false;
      }
    }
    return new Proxy(builder, {
      get(target, property) {
        if (property === "emit") {
          return emit;
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  added.getNullTransformationContext = () => ts.nullTransformationContext;

  added.getDefaultTypeRoots = function getDefaultTypeRoots(currentDirectory, host) {
    const roots = [];
    let dir = path.resolve(currentDirectory);
    for (;;) {
      const atTypes = path.join(dir, "node_modules", "@types").replace(/\\/g, "/");
      if (host.directoryExists(atTypes)) {
        roots.push(atTypes);
      }
      const parent = path.dirname(dir);
      if (parent === dir) {
        return roots.length > 0 ? roots : undefined;
      }
      dir = parent;
    }
  };

  added.getQuickInfoAtPosition = function getQuickInfoAtPosition(sourceFile, checker, cancellationToken, position) {
    const touching = ts.getTouchingPropertyName(sourceFile, position);
    if (touching === sourceFile) {
      return undefined;
    }
    const node =
      ts.isNewExpression(touching.parent) && touching.pos === touching.parent.pos
        ? touching.parent.expression
        : touching;
    const symbol = checker.getSymbolAtLocation(node);
    if (!symbol || checker.isUnknownSymbol(symbol)) {
      if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) {
        return undefined;
      }
      const type = checker.getTypeAtLocation(node);
      return (
        type && {
          kind: "",
          kindModifiers: "",
          textSpan: ts.createTextSpanFromNode(node, sourceFile),
          displayParts: ts.typeToDisplayParts(checker, type, ts.getContainerNode(node)),
          documentation: type.symbol ? type.symbol.getDocumentationComment(checker) : undefined,
          tags: type.symbol ? type.symbol.getJsDocTags(checker) : undefined,
        }
      );
    }
    const { symbolKind, displayParts, documentation, tags } =
      ts.SymbolDisplay.getSymbolDisplayPartsDocumentationAndSymbolKind(
        checker,
        symbol,
        sourceFile,
        ts.getContainerNode(node),
        node,
      );
    return {
      kind: symbolKind,
      kindModifiers: ts.SymbolDisplay.getSymbolModifiers(checker, symbol),
      textSpan: ts.createTextSpanFromNode(node, sourceFile),
      displayParts,
      documentation,
      tags,
    };
  };

  const getCompletionsAtPositionForTslab = function getCompletionsAtPositionForTslab(
    host,
    program,
    log,
    sourceFile,
    position,
    preferences,
    triggerCharacter,
    completionKind,
    cancellationToken,
  ) {
    return ts.Completions.getCompletionsAtPosition(
      host,
      program,
      log,
      sourceFile,
      position,
      preferences,
      triggerCharacter,
      completionKind,
      cancellationToken,
      undefined,
    );
  };
  /**
   * The files `sourceFile` depends on through its imports and re-exports (resolved by the program),
   * transitively, itself included: what a builder's getAllDependencies gives tslab.
   */
  function importedFiles(program, sourceFile) {
    const found = new Set([sourceFile.fileName]);
    const queue = [sourceFile];
    while (queue.length > 0) {
      const file = queue.pop();
      for (const specifier of file.imports || []) {
        const resolved = program.getResolvedModuleFromModuleSpecifier(specifier, file);
        const target =
          resolved && resolved.resolvedModule && program.getSourceFile(resolved.resolvedModule.resolvedFileName);
        if (target && !found.has(target.fileName)) {
          found.add(target.fileName);
          queue.push(target);
        }
      }
    }
    return Array.from(found);
  }
  /** An abstract builder program (no change tracking) with getAllDependencies from importedFiles. */
  function createPlainBuilder(...args) {
    const builder = ts.createAbstractBuilder(...args);
    builder.getAllDependencies = (sourceFile) => importedFiles(builder.getProgram(), sourceFile);
    const program = builder.getProgram();
    // tslab reads the cell's `locals`, which the binder sets, right after the update (the full
    // builder bound every file while tracking changes). Binding the cell file is enough: the type
    // checker, made when tslab first asks for diagnostics, binds the others (the binder skips a file
    // already bound). The first program (no old one) is made when tslab warms its converter as the
    // kernel starts: its checker is made there as before, binding the standard library's files
    // then rather than in the first cell.
    const oldProgram = args[3];
    if (fastCompile && oldProgram) {
      for (const fileName of program.getRootFileNames()) {
        const sourceFile = CELL_FILE_NAMES.has(path.basename(fileName)) && program.getSourceFile(fileName);
        if (sourceFile) {
          ts.bindSourceFile(sourceFile, program.getCompilerOptions());
        }
      }
    } else {
      program.getTypeChecker();
    }
    return builder;
  }

  const originalCreateWatchCompilerHost = ts.createWatchCompilerHost;
  added.createWatchCompilerHost = function createWatchCompilerHost(rootFiles, options, ...rest) {
    // tslab's converter is the only caller passing disableTopLevelAwait.
    const withMaps =
      options && options.disableTopLevelAwait ? { ...options, inlineSourceMap: true, inlineSources: false } : options;
    // tslab passes no createProgram, so TypeScript would build an EmitAndSemanticDiagnostics builder,
    // which for every cell also re-derives the shape of each changed file (a declaration emit) to
    // track what a change affects. tslab asks the builder only for its program, emit and each file's
    // dependencies, so a plain builder with those dependencies read from the program does.
    const [system, createProgram, ...others] = rest;
    const forTslab = options && options.disableTopLevelAwait && !createProgram;
    // tslab's first program update of a cell is answered without a program (cell-program.js).
    const control = forTslab && fastCompile ? createCellProgramControl(ts, rootFiles, withMaps) : null;
    const host = forTslab
      ? originalCreateWatchCompilerHost.call(
          this,
          rootFiles,
          withMaps,
          control ? control.system(system) : system,
          createPlainBuilder,
          ...others,
        )
      : originalCreateWatchCompilerHost.call(this, rootFiles, withMaps, ...rest);
    if ((cache || control) && options && options.disableTopLevelAwait) {
      // tslab sets afterProgramCreate to keep the builder program; it gets the caching view instead,
      // and the control sees every program built.
      let hook = host.afterProgramCreate;
      Object.defineProperty(host, "afterProgramCreate", {
        configurable: true,
        enumerable: true,
        get: () =>
          hook &&
          ((builder) => {
            if (control) {
              control.programCreated(builder);
            }
            hook.call(host, cache ? withCachedEmit(builder) : builder);
          }),
        set: (value) => {
          hook = value;
        },
      });
      if (control) {
        control.announce = (standIn) => hook.call(host, standIn);
      }
    }
    return host;
  };

  const originalTranspileModule = ts.transpileModule;
  added.transpileModule = function transpileModule(input, transpileOptions) {
    // tslab's second pass over an imported module's compiled code: the same input gives the same output.
    if (cache && inModuleEmit && typeof input === "string") {
      const key = cache.key(input, JSON.stringify(transpileOptions));
      const cached = cache.get("cjs", key);
      if (typeof cached === "string") {
        return { outputText: cached, diagnostics: [], sourceMapText: undefined };
      }
      const result = transpileWithMaps.call(this, input, transpileOptions);
      cache.put("cjs", key, result.outputText);
      return result;
    }
    return transpileWithMaps.call(this, input, transpileOptions);
  };
  function transpileWithMaps(input, transpileOptions) {
    const { code, map: inner } = typeof input === "string" ? extractInlineMap(input) : { map: null };
    if (!inner) {
      return originalTranspileModule.call(this, input, transpileOptions);
    }
    const options = { ...transpileOptions.compilerOptions, sourceMap: true, inlineSourceMap: false };
    const result = originalTranspileModule.call(this, code, { ...transpileOptions, compilerOptions: options });
    const outer = decodeMap(result.sourceMapText);
    const text = result.outputText.replace(/\/\/# sourceMappingURL=\S*\s*$/, "");
    return { ...result, outputText: `${text}${inlineMapComment(composeMaps(outer, inner))}\n` };
  }
  added.Completions = overlay(ts.Completions, { getCompletionsAtPositionForTslab });
  const shim = overlay(ts, added);
  shims.set(ts, shim);
  return shim;
}

/**
 * Makes tslab (loaded later from `tslabDir`) use the project's TypeScript. Returns its version.
 * @param {string} projectRoot folder holding package.json and node_modules/typescript
 * @param {string} tslabDir tslab's package folder
 */
function useProjectTypeScript(projectRoot, tslabDir) {
  const projectRequire = Module.createRequire(path.join(projectRoot, "package.json"));
  let projectTypeScript;
  try {
    projectTypeScript = projectRequire("typescript");
  } catch (e) {
    // An install without the project's TypeScript (e.g. `npm ci --omit=dev` while it is a
    // devDependency): tslab keeps its own fork, which the kernel works with too.
    process.emitWarning(
      `rnn-course kernel: the project's TypeScript is not installed under ${projectRoot}/node_modules; ` +
        "cells are compiled with tslab's own TypeScript 5.0.4. Run `npm ci` to use the project's.",
    );
    return Module.createRequire(path.join(tslabDir, "package.json"))(TSLAB_TYPESCRIPT).version;
  }
  const ts = patchTypeScript(projectTypeScript, kernelCompileCache(projectRoot, projectTypeScript.version, tslabDir), {
    fastCompile: process.env.RNN_COURSE_FAST_COMPILE !== "0",
  });
  const tslabRequire = Module.createRequire(path.join(tslabDir, "package.json"));
  let forkPath = null;
  try {
    forkPath = tslabRequire.resolve(TSLAB_TYPESCRIPT);
  } catch (e) {
    // The fork is not installed (e.g. pruned): the hook below still answers tslab's require.
  }
  const originalResolve = Module._resolveFilename;
  const shimPath = path.join(__dirname, "typescript-for-tslab.project.js");
  Module._resolveFilename = function resolveFilename(request, parent, ...rest) {
    if (request === TSLAB_TYPESCRIPT) {
      return shimPath;
    }
    return originalResolve.call(this, request, parent, ...rest);
  };
  // The shim path needs no file: its module is placed in the cache, fully loaded.
  const shim = new Module(shimPath, module);
  shim.filename = shimPath;
  shim.loaded = true;
  shim.exports = ts;
  require.cache[shimPath] = shim;
  if (forkPath && fs.existsSync(forkPath)) {
    delete require.cache[forkPath];
  }
  return ts.version;
}

module.exports = { patchTypeScript, useProjectTypeScript, topLevelAwaits, TSLAB_TYPESCRIPT };
