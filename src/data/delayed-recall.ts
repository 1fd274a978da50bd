/**
 * Delayed recall on one long stream: a task whose dependencies have known, fixed lengths, to see
 * which of them truncated BPTT (or any training scheme) can learn.
 *
 * There is one channel per delay D_j. Every `period` steps (at a random phase per stream and
 * channel) channel j carries a random bit as ±1; it is 0 at every other step. Exactly D_j steps
 * after each of its marks, channel j asks for that bit back: the target of output j at step t is
 * the latest bit of channel j, and it counts (mask 1) only at the steps t = mark + D_j.
 *
 * A model that has not carried the bit over D_j steps can do no better than chance (accuracy 1/2,
 * cross-entropy log 2). Needs D_j < period so that each query refers to the latest mark.
 */
import { Rng } from "../random";
import { Tensor } from "../tensor";

/** A batch of delayed-recall streams. */
export interface DelayedRecallStream {
  /** Inputs [batch, length, J]: channel j is ±1 at its marks, 0 elsewhere. */
  x: Tensor;
  /** Targets, flat in [batch, length, J] order: the latest bit (0 or 1) of channel j. */
  targets: Int32Array;
  /** 1 where the target counts (t = mark + D_j), else 0; same layout as targets. */
  mask: Float64Array;
  delays: readonly number[];
}

/** Draws `batch` streams of `length` steps with the given delays (see the module comment). */
export function delayedRecallStream(
  rng: Rng,
  options: { batch: number; length: number; delays: readonly number[]; period: number },
): DelayedRecallStream {
  const { batch: B, length: N, delays, period: P } = options;
  const J = delays.length;
  if (!Number.isInteger(B) || B < 1 || !Number.isInteger(N) || N < 1)
    throw new Error(`delayedRecallStream: batch and length must be positive integers, got ${B} and ${N}`);
  if (!Number.isInteger(P) || P < 2) throw new Error(`delayedRecallStream: period must be an integer ≥ 2, got ${P}`);
  if (J === 0 || delays.some((d) => !Number.isInteger(d) || d < 1 || d >= P))
    throw new Error(
      `delayedRecallStream: delays must be integers in 1..${P - 1} (below the period), got [${delays.join(", ")}]`,
    );
  const x = new Float64Array(B * N * J);
  const targets = new Int32Array(B * N * J);
  const mask = new Float64Array(B * N * J);
  for (let b = 0; b < B; b++) {
    const phase = delays.map(() => rng.int(P));
    const bit = delays.map(() => 0);
    const markAt = delays.map(() => -Infinity);
    for (let t = 0; t < N; t++) {
      for (let j = 0; j < J; j++) {
        const i = (b * N + t) * J + j;
        if (t % P === phase[j]) {
          bit[j] = rng.next() < 0.5 ? 0 : 1;
          x[i] = bit[j] === 1 ? 1 : -1;
          markAt[j] = t;
        }
        targets[i] = bit[j];
        if (t - markAt[j] === delays[j]) mask[i] = 1;
      }
    }
  }
  return { x: new Tensor(x, [B, N, J]), targets, mask, delays: delays.slice() };
}

/**
 * Accuracy per delay channel of logits [batch, length, J, 2] (or anything with the same layout)
 * over the counted steps: the fraction where the larger logit is the target bit.
 */
export function delayedRecallAccuracy(stream: DelayedRecallStream, logits: Tensor): number[] {
  const J = stream.delays.length;
  if (logits.size !== stream.targets.length * 2)
    throw new Error(
      `delayedRecallAccuracy: logits must hold 2 values per target (${stream.targets.length * 2}), got ${logits.size}`,
    );
  const hit = new Array<number>(J).fill(0);
  const count = new Array<number>(J).fill(0);
  for (let i = 0; i < stream.targets.length; i++) {
    if (stream.mask[i] === 0) continue;
    const j = i % J;
    count[j]++;
    if ((logits.data[2 * i + 1] > logits.data[2 * i] ? 1 : 0) === stream.targets[i]) hit[j]++;
  }
  return hit.map((h, j) => (count[j] > 0 ? h / count[j] : NaN));
}
