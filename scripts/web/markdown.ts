/**
 * @file Markdown cells to HTML at build time (marked), with math left intact for MathJax in the page
 * and links to notebooks pointed at their pages.
 */
import { Marked } from "marked";

const marked = new Marked({ gfm: true });

/** Renders one Markdown cell; `$…$`, `$$…$$`, `\(…\)`, `\[…\]` and environments reach MathJax unchanged. */
export function renderMarkdown(source: string): string {
  const math: string[] = [];
  const protect = (m: string) => {
    math.push(m);
    return `@@MATH${math.length - 1}@@`;
  };
  const guarded = source
    .replace(/\$\$[\s\S]+?\$\$/g, protect)
    .replace(/\\\[[\s\S]+?\\\]/g, protect)
    .replace(/\\begin\{(\w+\*?)\}[\s\S]+?\\end\{\1\}/g, protect)
    .replace(/\\\([\s\S]+?\\\)/g, protect)
    .replace(/(^|[^\\$])\$(?!\s)((?:\\\$|[^$\n])+?)\$/g, (_m, pre: string, body: string) => pre + protect(`$${body}$`));
  const html = marked.parse(guarded, { async: false }) as string;
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return html
    .replace(/@@MATH(\d+)@@/g, (_m, i: string) => escape(math[Number(i)]))
    .replace(/href="([^"#:]+)\.ipynb(#[^"]*)?"/g, (_m, file: string, hash = "") => `href="${file}.html${hash}"`);
}
