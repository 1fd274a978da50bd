/**
 * @file Turns a notebook cell (TypeScript) into an async function whose top-level names live on the
 * worker's global object, so later cells see them and a cell can be run again (as in Jupyter).
 *
 * sucrase strips the types (line numbers kept); acorn finds the top-level statements, which are
 * rewritten in place without adding or removing line breaks:
 * - `const/let/var a = 1, { b } = o;` becomes `;(a = 1), ({ b } = o);`
 * - `import * as rnn from "./rnn/index";` becomes `;rnn = require("./rnn/index");` (named and
 *   default imports likewise), so imports are names like any other;
 * - `class A {}` becomes `;A = class A {};`; a `function f` stays (hoisted) and is copied to the
 *   global at the start of the cell;
 * - a final expression statement becomes `return (expr);`, the value the notebook shows.
 * The body runs inside `async function`, so top-level `await` works.
 */
import { parse } from "acorn";
import type { Node as AcornNode } from "acorn";
import { transform } from "sucrase";

/** A compiled cell: `code` evaluates (indirect eval) to an async function; `names` are the cell's top-level names. */
export interface CompiledCell {
  code: string;
  names: string[];
}

/** A syntax error with the cell's own (1-based) line number. */
export class CellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "SyntaxError";
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type N = AcornNode & Record<string, any>;

interface Edit {
  at: number;
  end: number;
  text: string;
}

function patternNames(p: N | null, out: string[]): void {
  if (!p) return;
  switch (p.type) {
    case "Identifier":
      out.push(p.name);
      break;
    case "ObjectPattern":
      for (const prop of p.properties) patternNames(prop.type === "RestElement" ? prop.argument : prop.value, out);
      break;
    case "ArrayPattern":
      for (const el of p.elements) patternNames(el, out);
      break;
    case "RestElement":
      patternNames(p.argument, out);
      break;
    case "AssignmentPattern":
      patternNames(p.left, out);
      break;
  }
}

/** Keeps the line breaks of a replaced span, so the lines after it keep their numbers. */
function keepLines(original: string): string {
  return original.replace(/[^\n]/g, "");
}

/** Strips TypeScript from a cell (line numbers kept); throws CellSyntaxError. */
export function stripTypes(source: string): string {
  try {
    return transform(source, {
      transforms: ["typescript"],
      disableESTransforms: true,
      keepUnusedImports: true,
      production: true,
    }).code;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /\((\d+):(\d+)\)/.exec(message);
    throw new CellSyntaxError(message, at ? Number(at[1]) : 1, at ? Number(at[2]) + 1 : 1);
  }
}

/**
 * Compiles one cell.
 * @param source the cell's TypeScript
 * @param sourceUrl name of the cell in stack traces, e.g. "cell-3"
 */
export function compileCell(source: string, sourceUrl: string): CompiledCell {
  const js = stripTypes(source);
  let program: N;
  try {
    program = parse(js, {
      ecmaVersion: "latest",
      sourceType: "module",
      allowAwaitOutsideFunction: true,
      allowHashBang: true,
    }) as N;
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    throw new CellSyntaxError((e as Error).message, loc ? loc.line : 1, loc ? loc.column + 1 : 1);
  }
  const edits: Edit[] = [];
  const names: string[] = [];
  const functions: string[] = [];
  const body: N[] = program.body;
  body.forEach((node, index) => {
    const text = js.slice(node.start, node.end);
    if (node.type === "ImportDeclaration") {
      const from = `require(${JSON.stringify(node.source.value)})`;
      const named: string[] = [];
      const parts: string[] = [];
      for (const s of node.specifiers as N[]) {
        names.push(s.local.name);
        if (s.type === "ImportNamespaceSpecifier") parts.push(`(${s.local.name} = ${from})`);
        else if (s.type === "ImportDefaultSpecifier") parts.push(`(${s.local.name} = __importDefault(${from}))`);
        else {
          const imported = s.imported.type === "Identifier" ? s.imported.name : JSON.stringify(s.imported.value);
          named.push(imported === s.local.name ? imported : `${imported}: ${s.local.name}`);
        }
      }
      if (named.length > 0) parts.push(`({ ${named.join(", ")} } = ${from})`);
      if (parts.length === 0) parts.push(from);
      edits.push({ at: node.start, end: node.end, text: `;${parts.join(", ")};${keepLines(text)}` });
    } else if (node.type === "VariableDeclaration") {
      for (const d of node.declarations as N[]) patternNames(d.id, names);
      edits.push({ at: node.start, end: node.start + node.kind.length, text: ";" });
      for (const d of node.declarations as N[]) {
        if (d.init) {
          edits.push({ at: d.start, end: d.start, text: "(" });
          edits.push({ at: d.end, end: d.end, text: ")" });
        } else {
          edits.push({ at: d.end, end: d.end, text: " = void 0" });
          edits.push({ at: d.start, end: d.start, text: "(" });
          edits.push({ at: d.end, end: d.end, text: ")" });
        }
      }
    } else if (node.type === "FunctionDeclaration") {
      names.push(node.id.name);
      functions.push(node.id.name);
    } else if (node.type === "ClassDeclaration") {
      names.push(node.id.name);
      edits.push({ at: node.start, end: node.start, text: `;${node.id.name} = ` });
      edits.push({ at: node.end, end: node.end, text: ";" });
    } else if (node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration") {
      throw new CellSyntaxError(
        "export is not available in a notebook cell: declare the name without export",
        js.slice(0, node.start).split("\n").length,
        1,
      );
    } else if (node.type === "ExpressionStatement" && index === body.length - 1 && !node.directive) {
      edits.push({ at: node.expression.start, end: node.expression.start, text: "return (" });
      edits.push({ at: node.expression.end, end: node.expression.end, text: ")" });
    }
  });
  // Insertions at the same position keep their order: sort by position, stable, then apply from the end.
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  let out = "";
  let pos = 0;
  for (const e of ordered) {
    out += js.slice(pos, e.at) + e.text;
    pos = Math.max(pos, e.end);
  }
  out += js.slice(pos);
  const prologue = functions.map((f) => `globalThis[${JSON.stringify(f)}] = ${f};`).join(" ");
  return {
    code: `(async function () { ${prologue}\n${out}\n})\n//# sourceURL=${sourceUrl}`,
    names: [...new Set(names)],
  };
}
