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
 * Installed by `useProjectTypeScript(projectRoot, tslabDir)` before tslab's modules are loaded:
 * a require of `@tslab/typescript-for-tslab` from inside tslab then returns the patched project copy.
 */

const fs = require("fs");
const path = require("path");
const Module = require("module");

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
 * Adds the fork's functions to a TypeScript module (the project's). Returns the same module.
 * @param {typeof import("typescript")} ts
 */
function patchTypeScript(ts) {
  if (ts.__rnnCourseForTslab) {
    return ts;
  }
  function topLevelAwaitDiagnostics(program, sourceFile) {
    if (!program.getCompilerOptions().disableTopLevelAwait || !CELL_FILE_NAMES.has(path.basename(sourceFile.fileName))) {
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

  ts.getPreEmitDiagnosticsOfFiles = function getPreEmitDiagnosticsOfFiles(program, sourceFiles, cancellationToken) {
    const diagnostics = [
      ...program.getConfigFileParsingDiagnostics(),
      ...program.getOptionsDiagnostics(cancellationToken),
      ...program.getGlobalDiagnostics(cancellationToken),
    ];
    const declarations = ts.getEmitDeclarations(program.getCompilerOptions());
    for (const sourceFile of sourceFiles) {
      diagnostics.push(...program.getSyntacticDiagnostics(sourceFile, cancellationToken));
      diagnostics.push(...program.getSemanticDiagnostics(sourceFile, cancellationToken));
      if (declarations) {
        diagnostics.push(...program.getDeclarationDiagnostics(sourceFile, cancellationToken));
      }
      diagnostics.push(...topLevelAwaitDiagnostics(program, sourceFile));
    }
    return ts.sortAndDeduplicateDiagnostics(diagnostics);
  };

  ts.getNullTransformationContext = () => ts.nullTransformationContext;

  ts.getDefaultTypeRoots = function getDefaultTypeRoots(currentDirectory, host) {
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

  ts.getQuickInfoAtPosition = function getQuickInfoAtPosition(sourceFile, checker, cancellationToken, position) {
    const touching = ts.getTouchingPropertyName(sourceFile, position);
    if (touching === sourceFile) {
      return undefined;
    }
    const node =
      ts.isNewExpression(touching.parent) && touching.pos === touching.parent.pos ? touching.parent.expression : touching;
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

  ts.Completions.getCompletionsAtPositionForTslab = function getCompletionsAtPositionForTslab(
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
  Object.defineProperty(ts, "__rnnCourseForTslab", { value: true });
  return ts;
}

/**
 * Makes tslab (loaded later from `tslabDir`) use the project's TypeScript. Returns its version.
 * @param {string} projectRoot folder holding package.json and node_modules/typescript
 * @param {string} tslabDir tslab's package folder
 */
function useProjectTypeScript(projectRoot, tslabDir) {
  const projectRequire = Module.createRequire(path.join(projectRoot, "package.json"));
  const ts = patchTypeScript(projectRequire("typescript"));
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
