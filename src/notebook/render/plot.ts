/**
 * @file Observable Plot charts rendered on the server (in the kernel) to an HTML string.
 */
import * as Plot from "@observablehq/plot";

// Loaded without its type declarations (99 files the kernel would otherwise parse in every notebook
// that imports the display helpers): only parseHTML is used, and its result is cast below anyway.
const { parseHTML } = require("linkedom") as { parseHTML: (html: string) => unknown };

/** Options accepted by Observable Plot's `Plot.plot` (marks, scales, width, title ...). */
export type PlotOptions = Plot.PlotOptions;

const SVG_NS = "http://www.w3.org/2000/svg";

/** The few DOM members used here (the project compiles without the DOM library). */
interface RenderedNode {
  tagName: string;
  outerHTML: string;
  innerHTML: string;
  setAttribute(name: string, value: string): void;
  hasAttribute(name: string): boolean;
  querySelectorAll(selector: string): ArrayLike<RenderedNode>;
  replaceWith(node: RenderedNode): void;
}

/** The document members used here. */
interface RenderDocument {
  createElement(tag: string): RenderedNode;
}

/**
 * Tick labels of logarithmic axes: plain decimals (0.2, 0.002) and, for very small or large values,
 * scientific notation (2e-5), instead of d3's SI prefixes ("200m", "2m", "20µ"), which read as
 * metres or minutes. A format string keeps Plot's choice of which log ticks get a label.
 */
export const LOG_TICK_FORMAT = "~g";

/** Plot's title and subtitle become modest captions instead of notebook section headings. */
const CAPTION_STYLES: Record<string, { className: string; style: string }> = {
  h2: { className: "rnn-course-plot-title", style: "font-size:14px;font-weight:600;line-height:1.3;margin:0 0 2px 0" },
  h3: { className: "rnn-course-plot-subtitle", style: "font-size:12px;font-weight:400;color:#555;margin:0 0 6px 0" },
};

/** Position scales whose axes get tick labels. */
const AXIS_SCALES = ["x", "y", "fx", "fy"] as const;

/**
 * Plot options with the course's defaults: a logarithmic axis without its own tickFormat gets
 * LOG_TICK_FORMAT.
 */
export function withPlotDefaults(options: PlotOptions): PlotOptions {
  const out: PlotOptions = { ...options };
  for (const key of AXIS_SCALES) {
    const scale = options[key];
    if (scale && typeof scale === "object" && scale.type === "log" && scale.tickFormat === undefined) {
      out[key] = { ...scale, tickFormat: LOG_TICK_FORMAT };
    }
  }
  return out;
}

/**
 * Renders an Observable Plot chart to HTML with linkedom as the document, so no browser is needed.
 * Plot returns an `<svg>`, or a `<figure>` holding one when there is a title, subtitle, caption or
 * legend; every `<svg>` gets the `xmlns` attribute Plot leaves out, so the markup also works as a
 * standalone SVG file. Plot's title and subtitle (`<h2>`, `<h3>`, which notebooks style as section
 * headings) become small captions, and logarithmic axes label their ticks in decimals (withPlotDefaults).
 * @param options Plot options, e.g. `{ marks: [Plot.lineY(values)] }`; `document` is supplied here
 * @returns the chart's outer HTML
 */
export function renderPlot(options: PlotOptions): string {
  if (options === null || typeof options !== "object") {
    throw new Error(
      `renderPlot: options must be a Plot options object, got ${options === null ? "null" : typeof options}`,
    );
  }
  const page = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>") as unknown as {
    document: PlotOptions["document"];
  };
  const node = Plot.plot({ ...withPlotDefaults(options), document: page.document }) as unknown as RenderedNode;
  if (node.tagName.toLowerCase() === "figure") {
    const document = page.document as unknown as RenderDocument;
    for (const [tag, caption] of Object.entries(CAPTION_STYLES)) {
      const headings = Array.from(node.querySelectorAll(`:scope > ${tag}`));
      for (const heading of headings) {
        const div = document.createElement("div");
        div.setAttribute("class", caption.className);
        div.setAttribute("style", caption.style);
        div.innerHTML = heading.innerHTML;
        heading.replaceWith(div);
      }
    }
  }
  const svgs: RenderedNode[] = node.tagName.toLowerCase() === "svg" ? [node] : [];
  const nested = node.querySelectorAll("svg");
  for (let i = 0; i < nested.length; i++) {
    svgs.push(nested[i]);
  }
  for (const svg of svgs) {
    if (!svg.hasAttribute("xmlns")) {
      svg.setAttribute("xmlns", SVG_NS);
    }
  }
  return node.outerHTML;
}
