"use strict";
/**
 * @file Names survive a cell that throws, as in Jupyter's Python kernel. tslab records a cell's
 * declarations (the types later cells are checked against) only when the cell runs to its end, and
 * its compiled code first sets every name the cell declares to `undefined`. So after
 *
 *     const A = rnn.zeros([2, 3]);
 *     const C = rnn.matmul(A, A);   // throws
 *
 * the next cell fails with "Cannot find name 'A'". The kernel (tslab-fixes.js) instead keeps what
 * ran: it finds the top-level statement that threw (from the error's stack, error-report.js), has
 * tslab compile the cell cut just before that statement to get the declarations of the statements
 * that completed, and gives names declared from the throwing statement on their values from before
 * the cell (or removes them when they are new).
 */

/** Top-level names a statement declares (variables with destructuring, functions, classes, enums, imports...). */
function declaredNames(ts, statement) {
  const names = [];
  const addBinding = (name) => {
    if (ts.isIdentifier(name)) {
      names.push(name.text);
    } else {
      for (const element of name.elements) {
        if (!ts.isOmittedExpression(element)) {
          addBinding(element.name);
        }
      }
    }
  };
  if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      addBinding(declaration.name);
    }
  } else if (
    (ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isModuleDeclaration(statement)) &&
    statement.name &&
    ts.isIdentifier(statement.name)
  ) {
    names.push(statement.name.text);
  } else if (ts.isImportDeclaration(statement) && statement.importClause) {
    const clause = statement.importClause;
    if (clause.name) {
      names.push(clause.name.text);
    }
    if (clause.namedBindings) {
      if (ts.isNamespaceImport(clause.namedBindings)) {
        names.push(clause.namedBindings.name.text);
      } else {
        for (const element of clause.namedBindings.elements) {
          names.push(element.name.text);
        }
      }
    }
  } else if (ts.isImportEqualsDeclaration(statement)) {
    names.push(statement.name.text);
  }
  return names;
}

/**
 * Splits a cell at the top-level statement containing `line` (1-based).
 * @returns {{completed: string, throwingLine: number, kept: string[], lost: string[]} | null}
 *   `completed` is the source of the statements before it; `kept` the names they declare; `lost`
 *   the names declared from that statement on. Null when no top-level statement holds the line.
 */
function splitAtThrow(ts, source, line) {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const statements = file.statements;
  const index = statements.findIndex((statement) => {
    const start = file.getLineAndCharacterOfPosition(statement.getStart(file)).line + 1;
    const end = file.getLineAndCharacterOfPosition(statement.getEnd()).line + 1;
    return start <= line && line <= end;
  });
  if (index < 0) {
    return null;
  }
  const kept = statements.slice(0, index).flatMap((statement) => declaredNames(ts, statement));
  const keptSet = new Set(kept);
  const lost = [...new Set(statements.slice(index).flatMap((statement) => declaredNames(ts, statement)))].filter(
    (name) => !keptSet.has(name),
  );
  const statementLine = file.getLineAndCharacterOfPosition(statements[index].getStart(file)).line + 1;
  return { completed: source.slice(0, statements[index].pos), throwingLine: statementLine, kept, lost };
}

/**
 * The note printed under the error, saying which names the cell left defined.
 * @param {number} count the cell's execution count
 * @param {{throwingLine: number, kept: string[], lost: string[]}} split from splitAtThrow
 * @param {(name: string) => boolean} existedBefore whether a name was defined before the cell
 */
function survivalNote(count, split, existedBefore) {
  const parts = [`Cell [${count}] stopped at line ${split.throwingLine}.`];
  if (split.kept.length > 0) {
    parts.push(`Names declared before that line keep their new values: ${split.kept.join(", ")}.`);
  }
  const restored = split.lost.filter(existedBefore);
  const undefinedNames = split.lost.filter((name) => !existedBefore(name));
  if (restored.length > 0) {
    parts.push(`Unchanged from before this cell: ${restored.join(", ")}.`);
  }
  if (undefinedNames.length > 0) {
    parts.push(`Not defined (not reached): ${undefinedNames.join(", ")}.`);
  }
  return parts.join(" ");
}

/** Whether a cell declares any top-level name. */
function declaresNames(ts, source) {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return file.statements.some((statement) => declaredNames(ts, statement).length > 0);
}

/** The hint printed when the kept names cannot be worked out (no usable stack). */
const LOST_NAMES_HINT =
  "The names this cell declares are not defined in later cells, because the kernel could not tell " +
  "where the cell stopped. Fix the error and run the cell again; keeping set-up (data, models) in " +
  "its own cell avoids re-running it.";

module.exports = { declaredNames, declaresNames, splitAtThrow, survivalNote, LOST_NAMES_HINT };
