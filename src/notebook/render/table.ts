/**
 * @file Tables of plain data rendered as HTML and as aligned text.
 */
import { escapeHtml } from "./escape";

/** Table rows: objects (columns are their keys) or arrays (columns given in the options). */
export type TableRows = ReadonlyArray<Readonly<Record<string, unknown>>> | ReadonlyArray<ReadonlyArray<unknown>>;

/** Options for tableHtml and tableText. */
export interface TableOptions {
  /** Column headers; required for array rows, and for object rows selects and orders the columns. */
  columns?: string[];
  /** A caption shown above the table. */
  caption?: string;
  /** Significant digits for non-integer numbers (default 4). */
  digits?: number;
}

/** A normalised table: header and cell strings. */
export interface TableCells {
  columns: string[];
  rows: string[][];
  /** Per column: true when every non-empty cell is a number (right-aligned). */
  numeric: boolean[];
}

/**
 * Formats one cell: integers as they are, other finite numbers with `digits` significant digits,
 * NaN and infinities by name, null/undefined as empty, arrays and objects as JSON.
 */
export function formatCell(value: unknown, digits = 4): string {
  if (value === null || value === undefined) {
    return "";
  }
  if (typeof value === "number") {
    if (Number.isInteger(value)) {
      return String(value);
    }
    if (!Number.isFinite(value)) {
      return String(value);
    }
    return String(Number(value.toPrecision(digits)));
  }
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return `[${Array.from(value as unknown as ArrayLike<number>, (v) => formatCell(v, digits)).join(", ")}]`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Normalises rows into header and formatted cells, checking the input's shape.
 * @param rows objects or arrays
 * @param options columns, digits
 */
export function tableCells(rows: TableRows, options: TableOptions = {}): TableCells {
  if (!Array.isArray(rows)) {
    throw new Error(`table: rows must be an array of objects or arrays, got ${rows === null ? "null" : typeof rows}`);
  }
  const digits = options.digits ?? 4;
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new Error(`table: options.digits must be an integer from 1 to 21, got ${digits}`);
  }
  const arrayRows = rows.length > 0 && rows.every((row) => Array.isArray(row));
  const objectRows = rows.every((row) => row !== null && typeof row === "object" && !Array.isArray(row));
  let columns: string[];
  let raw: unknown[][];
  if (arrayRows) {
    const list = rows as ReadonlyArray<ReadonlyArray<unknown>>;
    const width = Math.max(...list.map((row) => row.length));
    if (options.columns && options.columns.length !== width) {
      throw new Error(`table: ${options.columns.length} column names given for rows of up to ${width} cells`);
    }
    columns = options.columns ?? Array.from({ length: width }, (_, i) => String(i));
    raw = list.map((row) => Array.from({ length: width }, (_, i) => row[i]));
  } else if (objectRows) {
    const list = rows as ReadonlyArray<Readonly<Record<string, unknown>>>;
    if (options.columns) {
      columns = options.columns;
    } else {
      const seen = new Set<string>();
      for (const row of list) {
        for (const key of Object.keys(row)) {
          seen.add(key);
        }
      }
      columns = Array.from(seen);
    }
    raw = list.map((row) => columns.map((column) => row[column]));
  } else {
    const bad = rows.findIndex((row) => row === null || typeof row !== "object");
    throw new Error(
      bad >= 0
        ? `table: rows[${bad}] must be an object or an array, got ${rows[bad] === null ? "null" : typeof rows[bad]}`
        : "table: rows must be all objects or all arrays, not a mix",
    );
  }
  const numeric = columns.map((_, c) => {
    const values = raw.map((row) => row[c]).filter((v) => v !== null && v !== undefined);
    return values.length > 0 && values.every((v) => typeof v === "number");
  });
  return { columns, rows: raw.map((row) => row.map((v) => formatCell(v, digits))), numeric };
}

/**
 * A math-like name: a one- or two-letter (or Greek) symbol with a subscript and/or superscript in TeX
 * style, e.g. `c_{t-1}`, `W_h`, `h_t^2`, `W_{hh}^T`. Longer words with underscores (`hidden_size`)
 * are not math.
 */
const MATH_NAME = new RegExp(
  [
    String.raw`(?<![\p{L}\p{N}_])(\p{Script=Greek}|[A-Za-z]{1,2})`, // the name
    String.raw`(?:_(\{[^{}]*\}|[A-Za-z0-9]{1,3}))?`, // subscript
    String.raw`(?:\^(\{[^{}]*\}|[A-Za-z0-9]{1,3}|[*'+-]))?`, // superscript
    String.raw`(?![\p{L}\p{N}_{])`,
  ].join(""),
  "gu",
);

/** A sub- or superscript's text without its braces, with a true minus sign. */
function scriptHtml(script: string): string {
  const inner = script.startsWith("{") ? script.slice(1, -1) : script;
  return escapeHtml(inner.replace(/-/g, "\u2212"));
}

/**
 * Escapes text for HTML and renders the math-like names in it (`c_{t-1}`, `W_h`, `x^2`) as italic
 * symbols with `<sub>`/`<sup>`, as they read in formulas; `$...$` delimiters around the text are
 * dropped. Other text, including words with underscores such as `hidden_size`, stays as it is.
 * @param text a header or cell
 */
export function mathLikeHtml(text: string): string {
  const source = /^\$[^$]+\$$/.test(text) ? text.slice(1, -1) : text;
  let out = "";
  let last = 0;
  for (const match of source.matchAll(MATH_NAME)) {
    const [whole, symbol, sub, sup] = match;
    if (sub === undefined && sup === undefined) {
      continue;
    }
    out += escapeHtml(source.slice(last, match.index));
    out += `<i>${escapeHtml(symbol)}</i>`;
    if (sub !== undefined) {
      out += `<sub>${scriptHtml(sub)}</sub>`;
    }
    if (sup !== undefined) {
      out += `<sup>${scriptHtml(sup)}</sup>`;
    }
    last = match.index + whole.length;
  }
  return out + escapeHtml(source.slice(last));
}

/**
 * Renders rows as an HTML `<table>` (numbers right-aligned, cell text escaped; math-like names in
 * headers and text cells, such as `c_{t-1}`, typeset with mathLikeHtml).
 * @param rows objects or arrays
 * @param options columns, caption, digits
 */
export function tableHtml(rows: TableRows, options: TableOptions = {}): string {
  const cells = tableCells(rows, options);
  const align = (c: number) => (cells.numeric[c] ? ' style="text-align:right"' : ' style="text-align:left"');
  const head = cells.columns.map((name, c) => `<th${align(c)}>${mathLikeHtml(name)}</th>`).join("");
  const cellHtml = (text: string, c: number) => (cells.numeric[c] ? escapeHtml(text) : mathLikeHtml(text));
  const body = cells.rows
    .map((row) => `<tr>${row.map((text, c) => `<td${align(c)}>${cellHtml(text, c)}</td>`).join("")}</tr>`)
    .join("\n");
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : "";
  return `<table class="rnn-course-table">${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/**
 * Renders rows as aligned plain text (the `text/plain` form of a table).
 * @param rows objects or arrays
 * @param options columns, caption, digits
 */
export function tableText(rows: TableRows, options: TableOptions = {}): string {
  const cells = tableCells(rows, options);
  const widths = cells.columns.map((name, c) => Math.max(name.length, ...cells.rows.map((row) => row[c].length)));
  const pad = (text: string, c: number) => (cells.numeric[c] ? text.padStart(widths[c]) : text.padEnd(widths[c]));
  const lines = [cells.columns.map(pad).join("  "), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const row of cells.rows) {
    lines.push(row.map(pad).join("  ").trimEnd());
  }
  return (options.caption ? options.caption + "\n" : "") + lines.join("\n");
}
