/**
 * @file A live training display: one output, updated in place, with step, loss, elapsed time and
 * ETA while training runs, and the loss curve when it ends.
 */
import { displayBundle, newDisplayId } from "./output";
import { LossPoint, lossCurveHtml, progressHtml, progressText, ProgressState } from "./render/progress";

/** Options of trainingProgress. */
export interface TrainingProgressOptions {
  /** Steps the run will take (for the progress bar and the ETA). */
  totalSteps: number;
  /** Title shown above the panel (default "训练进度"). */
  title?: string;
  /** Minimum milliseconds between two updates of the output (default 200). */
  throttleMs?: number;
  /** Draw the final loss curve on a logarithmic axis. */
  logScale?: boolean;
  /** Clock in milliseconds (default Date.now); tests pass a fake one. */
  now?: () => number;
}

/**
 * The callbacks a training loop calls. Both are arrow-function properties, so they may be passed on
 * their own: `train(model, { onStep: progress.onStep })`.
 */
export interface TrainingCallbacks {
  /**
   * Reports a finished step.
   * @param step steps done so far (1 after the first step)
   * @param loss that step's loss
   */
  onStep: (step: number, loss: number) => void;
  /** Ends the run: final figures and the loss curve replace the live panel. */
  done: () => void;
}

/** A live training display (see trainingProgress). */
export interface TrainingProgress extends TrainingCallbacks {
  /** Every reported (step, loss), in order. */
  readonly history: ReadonlyArray<LossPoint>;
}

/**
 * Creates a live training display. The output appears at the first onStep and is then updated at
 * most every `throttleMs`, so reporting every step stays cheap. Updates are sent immediately, also
 * from a synchronous training loop.
 *
 * ```ts
 * const progress = show.trainingProgress({ totalSteps: 500 });
 * for (let step = 1; step <= 500; step++) { const loss = trainStep(); progress.onStep(step, loss); }
 * progress.done();
 * ```
 */
export function trainingProgress(options: TrainingProgressOptions): TrainingProgress {
  if (options === null || typeof options !== "object") {
    throw new Error("show.trainingProgress: options must be an object like { totalSteps: 100 }");
  }
  const { totalSteps } = options;
  if (!Number.isInteger(totalSteps) || totalSteps < 1) {
    throw new Error(`show.trainingProgress: options.totalSteps must be a positive integer, got ${totalSteps}`);
  }
  const throttleMs = options.throttleMs ?? 200;
  if (typeof throttleMs !== "number" || !(throttleMs >= 0)) {
    throw new Error(`show.trainingProgress: options.throttleMs must be a number >= 0, got ${throttleMs}`);
  }
  const now = options.now ?? (() => Date.now());
  const started = now();
  const displayId = newDisplayId();
  const history: LossPoint[] = [];
  const state: ProgressState = {
    title: options.title ?? "训练进度",
    step: 0,
    totalSteps,
    loss: NaN,
    bestLoss: NaN,
    elapsedMs: 0,
    finished: false,
    firstBadStep: null,
  };
  let shown = false;
  let lastRender = -Infinity;

  const render = (extraHtml: string) => {
    const t = now();
    state.elapsedMs = t - started;
    displayBundle(
      { "text/html": progressHtml(state) + extraHtml, "text/plain": progressText(state) },
      "show.trainingProgress",
      { displayId, update: shown },
    );
    shown = true;
    lastRender = t;
  };

  const onStep = (step: number, loss: number): void => {
    if (typeof step !== "number" || !Number.isFinite(step)) {
      throw new Error(`trainingProgress.onStep: step must be a finite number, got ${step}`);
    }
    if (typeof loss !== "number") {
      throw new Error(
        `trainingProgress.onStep: loss must be a number, got ${typeof loss} (pass loss.item() or a number, not a tensor)`,
      );
    }
    history.push({ step, loss });
    state.step = step;
    state.loss = loss;
    if (Number.isFinite(loss)) {
      state.bestLoss = Number.isNaN(state.bestLoss) ? loss : Math.min(state.bestLoss, loss);
    } else if (state.firstBadStep === null) {
      state.firstBadStep = step;
    }
    if (!shown || now() - lastRender >= throttleMs) {
      render("");
    }
  };

  const done = (): void => {
    state.finished = true;
    render(history.length > 0 ? lossCurveHtml(history, options.logScale === true) : "");
  };

  return { onStep, done, history };
}
