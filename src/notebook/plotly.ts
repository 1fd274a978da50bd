/**
 * @file Interactive Plotly charts in the notebook, without internet.
 */
import { displayBundle, newDisplayId } from "./output";
import {
  plotlyBundleInfo,
  plotlyBundleScript,
  plotlyBundleSource,
  plotlyMimeBundle,
  PlotlyFigure,
  PlotlyTrace,
  validatePlotlyFigure,
} from "./render/plotly";

// Kept on globalThis so that re-running the import cell (which reloads this module) does not send
// the 10 MB bundle again within one kernel session.
const BUNDLE_SENT = Symbol.for("rnn-course.notebook.plotlyBundleSent");

function bundleState(): Record<symbol, boolean | undefined> {
  return globalThis as unknown as Record<symbol, boolean | undefined>;
}

/** The inline bundle script if this kernel session has not sent it yet (and marks it sent). */
function takeBundle(): string | null {
  if (bundleState()[BUNDLE_SENT]) {
    return null;
  }
  bundleState()[BUNDLE_SENT] = true;
  return plotlyBundleScript(plotlyBundleSource(), plotlyBundleInfo().version);
}

/**
 * Shows an interactive Plotly chart, like plotly.js's `Plotly.newPlot(div, data, layout, config)`.
 * The first chart of a kernel session carries the plotly.js bundle (from node_modules, no CDN).
 * @param data traces, e.g. `[{ type: "scatter", x: steps, y: losses, name: "loss" }]`
 * @param layout Plotly layout (title, axes, height ...)
 * @param config Plotly config
 */
export function plotly(
  data: PlotlyTrace[],
  layout: Record<string, unknown> = {},
  config: Record<string, unknown> = {},
): void {
  const figure: PlotlyFigure = { data, layout, config };
  validatePlotlyFigure(figure, "show.plotly");
  const bundle = takeBundle();
  try {
    displayBundle(plotlyMimeBundle(figure, `plotly-${newDisplayId()}`, bundle), "show.plotly");
  } catch (e) {
    if (bundle !== null) {
      bundleState()[BUNDLE_SENT] = false;
    }
    throw e;
  }
}

/**
 * Sends the plotly.js bundle again (as its own output), for when charts report that the library
 * is not loaded, e.g. after the output holding it was cleared.
 */
export function plotlyInit(): void {
  bundleState()[BUNDLE_SENT] = false;
  const bundle = takeBundle() as string;
  displayBundle({ "text/html": bundle, "text/plain": "plotly.js loaded" }, "show.plotlyInit");
}
