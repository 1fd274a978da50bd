import { strict as assert } from "node:assert";
import { Rng, Tensor, delayedRecallAccuracy, delayedRecallStream } from "../../src/index";

describe("data: delayed recall", () => {
  it("marks each channel once per period and asks for the bit exactly D steps later", () => {
    const delays = [2, 5];
    const s = delayedRecallStream(new Rng(1), { batch: 2, length: 50, delays, period: 8 });
    assert.deepEqual(s.x.shape, [2, 50, 2]);
    for (let b = 0; b < 2; b++)
      for (let j = 0; j < 2; j++) {
        const marks: number[] = [];
        for (let t = 0; t < 50; t++) if (s.x.data[(b * 50 + t) * 2 + j] !== 0) marks.push(t);
        assert.ok(marks.length >= 6 && marks.every((t, i) => i === 0 || t - marks[i - 1] === 8));
        for (let t = 0; t < 50; t++) {
          const i = (b * 50 + t) * 2 + j;
          const asked = marks.includes(t - delays[j]);
          assert.equal(s.mask[i], asked ? 1 : 0);
          if (asked) assert.equal(s.targets[i], s.x.data[(b * 50 + t - delays[j]) * 2 + j] > 0 ? 1 : 0);
        }
      }
  });

  it("accuracy counts only the asked steps; perfect logits score 1", () => {
    const s = delayedRecallStream(new Rng(2), { batch: 1, length: 40, delays: [3], period: 10 });
    const logits = new Tensor(new Float64Array(80), [1, 40, 1, 2]);
    for (let i = 0; i < 40; i++) logits.data[2 * i + s.targets[i]] = 1;
    assert.deepEqual(delayedRecallAccuracy(s, logits), [1]);
    assert.throws(
      () => delayedRecallStream(new Rng(1), { batch: 1, length: 5, delays: [10], period: 10 }),
      /delayedRecallStream: delays must be integers in 1..9/,
    );
  });
});
