/**
 * @file Display helpers for the course notebooks: `import * as show from "./rnn/notebook";`.
 * Not re-exported by src/index.ts: the display functions need a running tslab kernel. The pure
 * renderers (returning strings) are exported too, for tests and for building custom outputs.
 */
export { html, markdown, latex, latexSource, table } from "./rich";
export { plot } from "./plot";
export { plotly, plotlyInit } from "./plotly";
export { trainingProgress } from "./trainingProgress";
export type { TrainingProgress, TrainingProgressOptions, TrainingCallbacks } from "./trainingProgress";
export { displayBundle, newDisplayId } from "./output";
export type { MimeBundle, DisplayTarget } from "./output";
export { renderPlot, withPlotDefaults, LOG_TICK_FORMAT } from "./render/plot";
export type { PlotOptions } from "./render/plot";
export { plotlyChartHtml, plotlyMimeBundle, PLOTLY_BUNDLE_ATTRIBUTE, PLOTLY_MIME } from "./render/plotly";
export type { PlotlyFigure, PlotlyTrace } from "./render/plotly";
export { tableHtml, tableText, formatCell, mathLikeHtml } from "./render/table";
export type { TableOptions, TableRows } from "./render/table";
export { progressHtml, progressText, formatDuration, downsampleLoss, lossCurveHtml } from "./render/progress";
export type { ProgressState, LossPoint } from "./render/progress";
export { escapeHtml } from "./render/escape";
export { check, tryIt, selfCheck, findCourseRoot } from "./selfcheck";
export type { SelfCheckOptions, SelfCheckResult, SelfCheckReport } from "./selfcheck";
export { selfCheckHtml, selfCheckText } from "./render/selfcheck";
import * as Plot from "@observablehq/plot";
/** Observable Plot itself, for building marks: `show.plot({ marks: [show.Plot.lineY(values)] })`. */
export { Plot };
