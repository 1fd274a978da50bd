/**
 * Losses: mean squared error and cross-entropy from logits, both with an optional mask so that
 * padded sequence positions do not count. A loss that is not finite throws at once, naming the
 * first offending input value, instead of silently poisoning training.
 *
 *   MSE = Σ m_i (p_i - y_i)² / Σ m_i,          dL/dp_i = 2 m_i (p_i - y_i) / Σ m_i
 *   CE  = -Σ_n m_n log softmax(z_n)[y_n] / Σ m_n,  dL/dz_n = m_n (softmax(z_n) - onehot(y_n)) / Σ m_n
 */
import { Tensor, TensorLike, asTensor, fmtShape, sizeOf } from "../tensor";
import { accumulateGrad, opResult } from "../autograd";
import { softmaxRows } from "./activation-kernels";

function firstNonFinite(t: Tensor): string {
  for (let i = 0; i < t.size; i++) if (!Number.isFinite(t.data[i])) return `value ${t.data[i]} at flat index ${i}`;
  return "no non-finite value";
}

function checkMask(
  op: string,
  mask: ArrayLike<number> | Tensor | undefined,
  n: number,
  what: string,
): Float64Array | null {
  if (mask === undefined) return null;
  const m = mask instanceof Tensor ? mask.data : Float64Array.from(mask);
  if (m.length !== n) throw new Error(`${op}: mask has ${m.length} values but ${what} has ${n}`);
  return m;
}

/** Mean squared error between prediction and target of the same shape; `mask` (same size) weights positions. */
export function mseLoss(predIn: TensorLike, targetIn: TensorLike, mask?: ArrayLike<number> | Tensor): Tensor {
  const pred = asTensor(predIn);
  const target = asTensor(targetIn);
  if (pred.size !== target.size || pred.rank !== target.rank || pred.shape.some((s, i) => s !== target.shape[i])) {
    throw new Error(
      `mseLoss: prediction shape ${fmtShape(pred.shape)} and target shape ${fmtShape(target.shape)} must match`,
    );
  }
  const m = checkMask("mseLoss", mask, pred.size, `prediction ${fmtShape(pred.shape)}`);
  let count = 0;
  let s = 0;
  for (let i = 0; i < pred.size; i++) {
    const w = m ? m[i] : 1;
    const e = pred.data[i] - target.data[i];
    s += w * e * e;
    count += w;
  }
  if (count === 0) throw new Error("mseLoss: the mask selects no position");
  const loss = s / count;
  if (!Number.isFinite(loss)) {
    throw new Error(
      `mseLoss: loss is ${loss}; prediction has ${firstNonFinite(pred)}, target has ${firstNonFinite(target)}`,
    );
  }
  return opResult(new Float64Array([loss]), [], "mseLoss", [pred, target], (grad) => {
    const g = grad[0];
    const gp = new Float64Array(pred.size);
    for (let i = 0; i < pred.size; i++) gp[i] = (g * 2 * (m ? m[i] : 1) * (pred.data[i] - target.data[i])) / count;
    if (pred.requiresGrad) accumulateGrad(pred, gp);
    if (target.requiresGrad)
      accumulateGrad(
        target,
        gp.map((v) => -v),
      );
  });
}

/**
 * Cross-entropy from logits: logits [..., C], integer class targets of shape [...] (e.g. [B, T] for
 * per-position labels), optional mask [...] (1 = counts, 0 = padding). Mean over counted positions.
 */
export function crossEntropy(
  logitsIn: TensorLike,
  targets: ArrayLike<number>,
  mask?: ArrayLike<number> | Tensor,
): Tensor {
  const logits = asTensor(logitsIn);
  if (logits.rank < 1)
    throw new Error(`crossEntropy: logits must have a class axis, got shape ${fmtShape(logits.shape)}`);
  const C = logits.shape[logits.rank - 1];
  const n = sizeOf(logits.shape.slice(0, -1));
  if (targets.length !== n) {
    throw new Error(
      `crossEntropy: ${targets.length} targets given for logits of shape ${fmtShape(logits.shape)} (expected ${n})`,
    );
  }
  const m = checkMask("crossEntropy", mask, n, "the targets");
  const probs = new Float64Array(logits.size);
  let total = 0;
  let count = 0;
  const ld = logits.data;
  for (let r = 0; r < n; r++) {
    const y = targets[r];
    if ((m ? m[r] : 1) !== 0 && (!Number.isInteger(y) || y < 0 || y >= C)) {
      throw new Error(`crossEntropy: target ${y} at position ${r} is not a class index in [0, ${C})`);
    }
  }
  // probs = softmax of each row; stats hold each row's largest logit and Σ e^(logit - largest).
  probs.set(ld);
  const stats = new Float64Array(2 * n);
  softmaxRows(probs, 0, n, C, stats);
  for (let r = 0; r < n; r++) {
    const w = m ? m[r] : 1;
    if (w !== 0) {
      total -= w * (ld[r * C + targets[r]] - stats[2 * r] - Math.log(stats[2 * r + 1]));
      count += w;
    }
  }
  if (count === 0) throw new Error("crossEntropy: the mask selects no position");
  const loss = total / count;
  if (!Number.isFinite(loss)) throw new Error(`crossEntropy: loss is ${loss}; logits have ${firstNonFinite(logits)}`);
  return opResult(new Float64Array([loss]), [], "crossEntropy", [logits], (grad) => {
    const g = grad[0];
    const gl = new Float64Array(logits.size);
    for (let r = 0; r < n; r++) {
      const w = m ? m[r] : 1;
      if (w === 0) continue;
      const base = r * C;
      const k = (g * w) / count;
      for (let c = 0; c < C; c++) gl[base + c] = k * probs[base + c];
      gl[base + targets[r]] -= k;
    }
    accumulateGrad(logits, gl);
  });
}
