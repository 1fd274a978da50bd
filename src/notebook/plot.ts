/**
 * @file Observable Plot charts in the notebook.
 */
import { displayBundle } from "./output";
import { renderPlot, PlotOptions } from "./render/plot";

/**
 * Shows an Observable Plot chart, rendered in the kernel to static HTML/SVG (no script needed, so
 * it also shows in exported pages and untrusted notebooks).
 * @param options Plot options, e.g. `{ marks: [show.Plot.lineY(losses)], y: { type: "log" } }`
 */
export function plot(options: PlotOptions): void {
  const html = renderPlot(options);
  displayBundle({ "text/html": html, "text/plain": "Observable Plot chart" }, "show.plot");
}
