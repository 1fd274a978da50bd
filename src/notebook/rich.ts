/**
 * @file Rich text outputs: HTML, Markdown, LaTeX and tables.
 */
import { displayBundle } from "./output";
import { tableHtml, tableText, TableOptions, TableRows } from "./render/table";

function requireString(value: unknown, caller: string, name: string): string {
  if (typeof value !== "string") {
    throw new Error(`${caller}: ${name} must be a string, got ${value === null ? "null" : typeof value}`);
  }
  return value;
}

/**
 * Shows HTML.
 * @param html markup; scripts run only where the notebook is trusted
 */
export function html(html: string): void {
  displayBundle({ "text/html": requireString(html, "show.html", "html") }, "show.html");
}

/**
 * Shows Markdown (math between `$...$` / `$$...$$` is typeset).
 * @param markdown Markdown text
 */
export function markdown(markdown: string): void {
  const text = requireString(markdown, "show.markdown", "markdown");
  displayBundle({ "text/markdown": text, "text/plain": text }, "show.markdown");
}

/**
 * Wraps bare LaTeX in `$$ ... $$`; text already delimited (`$`, `\[`, `\(` or `\begin{...}`) is kept.
 * @param tex LaTeX source
 */
export function latexSource(tex: string): string {
  const trimmed = requireString(tex, "latexSource", "tex").trim();
  if (trimmed === "") {
    throw new Error("latexSource: tex is empty");
  }
  return /^(\$|\\\[|\\\(|\\begin\{)/.test(trimmed) ? trimmed : `$$${trimmed}$$`;
}

/**
 * Shows a formula, typeset by MathJax; e.g. `show.latex("h_t = \\tanh(W_h h_{t-1} + W_x x_t + b)")`.
 * @param tex LaTeX source, with or without `$$` delimiters
 */
export function latex(tex: string): void {
  const source = latexSource(tex);
  displayBundle({ "text/latex": source, "text/plain": tex.trim() }, "show.latex");
}

/**
 * Shows rows as a table; e.g. `show.table([{ 模型: "LSTM", 参数量: 4 * (h * (h + x) + h) }])`.
 * @param rows objects (columns from their keys) or arrays (with options.columns)
 * @param options columns, caption, significant digits
 */
export function table(rows: TableRows, options: TableOptions = {}): void {
  displayBundle({ "text/html": tableHtml(rows, options), "text/plain": tableText(rows, options) }, "show.table");
}
