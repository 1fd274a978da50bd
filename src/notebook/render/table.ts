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
 * Renders rows as an HTML `<table>` (numbers right-aligned, cell text escaped).
 * @param rows objects or arrays
 * @param options columns, caption, digits
 */
export function tableHtml(rows: TableRows, options: TableOptions = {}): string {
  const cells = tableCells(rows, options);
  const align = (c: number) => (cells.numeric[c] ? ' style="text-align:right"' : ' style="text-align:left"');
  const head = cells.columns.map((name, c) => `<th${align(c)}>${escapeHtml(name)}</th>`).join("");
  const body = cells.rows
    .map((row) => `<tr>${row.map((text, c) => `<td${align(c)}>${escapeHtml(text)}</td>`).join("")}</tr>`)
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
