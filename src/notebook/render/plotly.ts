/**
 * @file Plotly charts without internet: the plotly.js bundle from node_modules is inlined into the
 * first chart of a kernel session, later charts draw with `window.Plotly`. Each chart is one
 * output carrying `application/vnd.plotly.v1+json` (drawn by JupyterLab's Plotly renderer when
 * installed) and a `text/html` fallback (drawn by the bundle everywhere else).
 */
import * as fs from "fs";
import { escapeHtml, scriptJson } from "./escape";

/** One Plotly trace, e.g. `{ type: "scatter", x: [1, 2], y: [3, 4], name: "loss" }`. */
export interface PlotlyTrace {
  type?: string;
  x?: ArrayLike<number | string | Date>;
  y?: ArrayLike<number | string | Date>;
  z?: ArrayLike<unknown>;
  name?: string;
  mode?: string;
  [key: string]: unknown;
}

/** A Plotly figure: traces, layout and config, as plotly.js's `newPlot` takes them. */
export interface PlotlyFigure {
  data: PlotlyTrace[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** The attribute that marks the inline plotly.js bundle; the book export swaps it for a shared file. */
export const PLOTLY_BUNDLE_ATTRIBUTE = "data-rnn-course-plotly-bundle";

/** The MIME type of JupyterLab's Plotly renderer. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Where plotly.js-dist's bundle lives and its version. */
export function plotlyBundleInfo(): { path: string; version: string } {
  const packageJson = require.resolve("plotly.js-dist/package.json");
  const version = (JSON.parse(fs.readFileSync(packageJson, "utf8")) as { version: string }).version;
  return { path: require.resolve("plotly.js-dist/plotly.js"), version };
}

let cachedBundle: string | null = null;

/** Reads the plotly.js bundle (about 10 MB) from node_modules once per process. */
export function plotlyBundleSource(): string {
  if (cachedBundle === null) {
    cachedBundle = fs.readFileSync(plotlyBundleInfo().path, "utf8");
  }
  return cachedBundle;
}

/**
 * Wraps the plotly.js source in an inline `<script>` marked with PLOTLY_BUNDLE_ATTRIBUTE.
 * @param source the bundle's JavaScript source
 * @param version recorded in the marker attribute
 */
export function plotlyBundleScript(source: string, version: string): string {
  // "</script" inside the source would end the element early; "<\/script" means the same in JS.
  const safe = source.replace(/<\/script/gi, "<\\/script");
  return `<script type="text/javascript" ${PLOTLY_BUNDLE_ATTRIBUTE}="${escapeHtml(version)}">${safe}</script>`;
}

/**
 * Copies a value for JSON: typed arrays (e.g. a tensor's Float64Array) become plain arrays, which
 * JSON.stringify would otherwise write as {"0": ..., "1": ...} objects.
 */
function toPlain(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  if (Array.isArray(value)) {
    return value.map(toPlain);
  }
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = toPlain(item);
    }
    return out;
  }
  return value;
}

/** Default layout: compact margins; the figure's own layout wins. */
function withDefaults(figure: PlotlyFigure): Required<PlotlyFigure> {
  return {
    data: figure.data.map((trace) => toPlain(trace) as PlotlyTrace),
    layout: { margin: { l: 50, r: 20, t: 40, b: 45 }, ...(figure.layout ?? {}) },
    config: { responsive: true, displaylogo: false, ...(figure.config ?? {}) },
  };
}

/** Checks the figure's shape and names the offending argument. */
export function validatePlotlyFigure(figure: PlotlyFigure, caller: string): void {
  if (figure === null || typeof figure !== "object" || !Array.isArray(figure.data)) {
    throw new Error(
      `${caller}: figure.data must be an array of traces, got ${figure === null ? "null" : typeof (figure as { data?: unknown }).data}`,
    );
  }
  figure.data.forEach((trace, i) => {
    if (trace === null || typeof trace !== "object" || Array.isArray(trace)) {
      throw new Error(
        `${caller}: figure.data[${i}] must be a trace object, got ` +
          `${trace === null ? "null" : Array.isArray(trace) ? "an array" : typeof trace}`,
      );
    }
  });
}

/**
 * The `text/html` form of a chart: a `<div>` and a script drawing into it with `window.Plotly`,
 * preceded by the inline bundle when `bundle` is given. Without the bundle loaded, the div says how
 * to load it instead of failing silently.
 * @param figure traces, layout and config
 * @param divId a page-unique element id
 * @param bundle the inline bundle script (see plotlyBundleScript), or null
 */
export function plotlyChartHtml(figure: PlotlyFigure, divId: string, bundle: string | null = null): string {
  validatePlotlyFigure(figure, "plotlyChartHtml");
  if (!/^[A-Za-z][\w-]*$/.test(divId)) {
    throw new Error(
      `plotlyChartHtml: divId must be letters, digits, '-' or '_' starting with a letter, got ${JSON.stringify(divId)}`,
    );
  }
  const full = withDefaults(figure);
  const height = typeof full.layout.height === "number" ? full.layout.height : 420;
  const missing =
    "Plotly 图表库尚未加载：请运行 show.plotlyInit() 后重新运行本单元格，或重启内核后从头运行全部单元格。";
  return (
    (bundle ?? "") +
    `<div id="${divId}" class="rnn-course-plotly" style="width:100%;height:${height}px;"></div>\n` +
    `<script type="text/javascript">\n` +
    `(function () {\n` +
    `  var figure = ${scriptJson(full)};\n` +
    `  var el = document.getElementById(${scriptJson(divId)});\n` +
    `  if (window.Plotly) { window.Plotly.newPlot(el, figure.data, figure.layout, figure.config); }\n` +
    `  else { el.style.height = "auto"; el.textContent = ${scriptJson(missing)}; }\n` +
    `})();\n` +
    `</script>`
  );
}

/** A display bundle: MIME type to content. */
export type MimeBundle = Record<string, unknown>;

/**
 * The display bundle of one chart: the Plotly MIME type, the HTML fallback and a text summary.
 * @param figure traces, layout and config
 * @param divId a page-unique element id
 * @param bundle the inline bundle script for the first chart of a session, or null
 */
export function plotlyMimeBundle(figure: PlotlyFigure, divId: string, bundle: string | null = null): MimeBundle {
  const full = withDefaults(figure);
  const names = full.data.map((trace, i) => trace.name ?? trace.type ?? `trace ${i}`);
  return {
    [PLOTLY_MIME]: { data: full.data, layout: full.layout, config: full.config },
    "text/html": plotlyChartHtml(figure, divId, bundle),
    "text/plain": `Plotly chart (${full.data.length} trace${full.data.length === 1 ? "" : "s"}: ${names.join(", ")})`,
  };
}
