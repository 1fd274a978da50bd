/**
 * @file The training progress panel (step, loss, elapsed time, ETA) and the final loss curve.
 */
import * as Plot from "@observablehq/plot";
import { escapeHtml } from "./escape";
import { renderPlot } from "./plot";

/** A snapshot of a training run, as shown by the progress panel. */
export interface ProgressState {
  /** Title above the panel. */
  title: string;
  /** Steps done so far (1 after the first step). */
  step: number;
  /** Steps the run will take. */
  totalSteps: number;
  /** The latest loss. */
  loss: number;
  /** The smallest loss seen so far. */
  bestLoss: number;
  /** Milliseconds since the first step started. */
  elapsedMs: number;
  /** Whether the run has finished (done() was called). */
  finished: boolean;
  /** Step at which the loss first became NaN or infinite, or null. */
  firstBadStep: number | null;
}

/** One point of the loss curve. */
export interface LossPoint {
  step: number;
  loss: number;
}

/**
 * Formats a duration for people: "850 ms", "12.3 s", "2 min 05 s", "1 h 02 min".
 * @param ms milliseconds, non-negative
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    return "–";
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const seconds = ms / 1000;
  if (seconds < 60) {
    return `${seconds.toFixed(1)} s`;
  }
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${String(totalSeconds % 60).padStart(2, "0")} s`;
  }
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** Formats a loss value with 4 significant digits. */
export function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? String(Number(loss.toPrecision(4))) : String(loss);
}

/**
 * Estimated time left, assuming the remaining steps take as long as the done ones on average;
 * null before the first step is done.
 */
export function estimateRemainingMs(state: Pick<ProgressState, "step" | "totalSteps" | "elapsedMs">): number | null {
  if (state.step <= 0) {
    return null;
  }
  return Math.max(0, (state.elapsedMs / state.step) * (state.totalSteps - state.step));
}

/** The panel as plain text (the `text/plain` form). */
export function progressText(state: ProgressState): string {
  const eta = estimateRemainingMs(state);
  const parts = [
    `${state.title}: step ${state.step}/${state.totalSteps}`,
    `loss ${formatLoss(state.loss)}`,
    `elapsed ${formatDuration(state.elapsedMs)}`,
    state.finished ? "done" : `ETA ${eta === null ? "–" : formatDuration(eta)}`,
  ];
  if (state.firstBadStep !== null) {
    parts.push(`loss became non-finite at step ${state.firstBadStep}`);
  }
  return parts.join(" | ");
}

/**
 * The panel as HTML: a progress bar and a row of figures; a red warning once the loss is NaN or
 * infinite (a diverged or buggy run should not pass unnoticed).
 */
export function progressHtml(state: ProgressState): string {
  const fraction = state.totalSteps > 0 ? Math.min(1, Math.max(0, state.step / state.totalSteps)) : 0;
  const percent = (fraction * 100).toFixed(1);
  const eta = estimateRemainingMs(state);
  const cell = (label: string, value: string) =>
    `<span style="margin-right:1.5em;white-space:nowrap"><span style="opacity:0.7">${label}</span> ` +
    `<b>${escapeHtml(value)}</b></span>`;
  const warning =
    state.firstBadStep === null
      ? ""
      : `<div style="color:#b00020;margin-top:4px">⚠ 第 ${state.firstBadStep} 步起损失变为 ${escapeHtml(String(state.loss))}：` +
        `训练已发散或代码有误（可尝试减小学习率或使用梯度裁剪）。</div>`;
  return (
    `<div class="rnn-course-progress" style="font-family:system-ui,sans-serif;font-size:13px;max-width:640px">` +
    `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(state.title)}${state.finished ? "（已完成）" : ""}</div>` +
    `<div style="background:#e8e8e8;border-radius:3px;height:8px;overflow:hidden">` +
    `<div style="background:${state.firstBadStep === null ? "#4878d0" : "#b00020"};width:${percent}%;height:8px"></div></div>` +
    `<div style="margin-top:4px;font-variant-numeric:tabular-nums">` +
    cell("步数", `${state.step}/${state.totalSteps}`) +
    cell("损失", formatLoss(state.loss)) +
    cell("最低", formatLoss(state.bestLoss)) +
    cell("用时", formatDuration(state.elapsedMs)) +
    (state.finished ? "" : cell("剩余", eta === null ? "–" : formatDuration(eta))) +
    `</div>${warning}</div>`
  );
}

/**
 * Reduces a long loss history to at most `maxPoints` points by averaging consecutive buckets
 * (each point sits at its bucket's mean step); non-finite losses are dropped first.
 */
export function downsampleLoss(points: ReadonlyArray<LossPoint>, maxPoints = 1000): LossPoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 1) {
    throw new Error(`downsampleLoss: maxPoints must be a positive integer, got ${maxPoints}`);
  }
  const finite = points.filter((p) => Number.isFinite(p.loss));
  if (finite.length <= maxPoints) {
    return finite.map((p) => ({ step: p.step, loss: p.loss }));
  }
  const out: LossPoint[] = [];
  for (let b = 0; b < maxPoints; b++) {
    const start = Math.floor((b * finite.length) / maxPoints);
    const end = Math.floor(((b + 1) * finite.length) / maxPoints);
    let stepSum = 0;
    let lossSum = 0;
    for (let i = start; i < end; i++) {
      stepSum += finite[i].step;
      lossSum += finite[i].loss;
    }
    out.push({ step: stepSum / (end - start), loss: lossSum / (end - start) });
  }
  return out;
}

/**
 * The loss curve as server-rendered Observable Plot HTML (no script needed to show it).
 * @param points loss history
 * @param logScale use a logarithmic loss axis (needs positive losses)
 */
export function lossCurveHtml(points: ReadonlyArray<LossPoint>, logScale = false): string {
  const data = downsampleLoss(points);
  if (data.length === 0) {
    return `<div style="color:#666">（没有可绘制的有限损失值）</div>`;
  }
  const useLog = logScale && data.every((p) => p.loss > 0);
  return renderPlot({
    width: 640,
    height: 240,
    marginLeft: 60,
    x: { label: "步数" },
    y: { label: "损失", type: useLog ? "log" : "linear", grid: true },
    marks: [Plot.lineY(data, { x: "step", y: "loss", stroke: "#4878d0" })],
  });
}
