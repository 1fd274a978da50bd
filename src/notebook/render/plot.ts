/**
 * @file Observable Plot charts rendered on the server (in the kernel) to an HTML string.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

/** Options accepted by Observable Plot's `Plot.plot` (marks, scales, width, title ...). */
export type PlotOptions = Plot.PlotOptions;

const SVG_NS = "http://www.w3.org/2000/svg";

/** The few DOM members used here (the project compiles without the DOM library). */
interface RenderedNode {
  tagName: string;
  outerHTML: string;
  setAttribute(name: string, value: string): void;
  hasAttribute(name: string): boolean;
  querySelectorAll(selector: string): ArrayLike<RenderedNode>;
}

/**
 * Renders an Observable Plot chart to HTML with linkedom as the document, so no browser is needed.
 * Plot returns an `<svg>`, or a `<figure>` holding one when there is a title, subtitle, caption or
 * legend; every `<svg>` gets the `xmlns` attribute Plot leaves out, so the markup also works as a
 * standalone SVG file.
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
  const node = Plot.plot({ ...options, document: page.document }) as unknown as RenderedNode;
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
