import { strict as assert } from "node:assert";
import { Rng, addingBaselineMse, addingProblem } from "../../src/index";

describe("data: adding problem", () => {
  it("has shapes [B, T, 2] and [B, 1], exactly two markers, one in each half", () => {
    const B = 50;
    for (const T of [2, 3, 10, 31]) {
      const { x, y, positions } = addingProblem(new Rng(T), B, T);
      assert.deepEqual(x.shape, [B, T, 2]);
      assert.deepEqual(y.shape, [B, 1]);
      assert.equal(positions.length, B);
      const half = Math.floor(T / 2);
      for (let b = 0; b < B; b++) {
        const marked: number[] = [];
        for (let t = 0; t < T; t++) {
          const v = x.data[(b * T + t) * 2];
          const m = x.data[(b * T + t) * 2 + 1];
          assert.ok(v >= 0 && v < 1, `value ${v} outside [0, 1)`);
          assert.ok(m === 0 || m === 1, `marker ${m} is neither 0 nor 1`);
          if (m === 1) marked.push(t);
        }
        assert.deepEqual(marked, positions[b]);
        assert.ok(marked[0] < half && marked[1] >= half, `positions ${marked} not one per half (T=${T})`);
      }
    }
  });

  it("target is the sum of the two marked values", () => {
    const T = 12;
    const { x, y, positions } = addingProblem(new Rng(3), 20, T);
    positions.forEach(([p1, p2], b) => {
      const expected = x.data[(b * T + p1) * 2] + x.data[(b * T + p2) * 2];
      assert.equal(y.data[b], expected);
    });
  });

  it("is reproducible from the seed and differs between seeds", () => {
    const a = addingProblem(new Rng(7), 4, 9);
    const b = addingProblem(new Rng(7), 4, 9);
    const c = addingProblem(new Rng(8), 4, 9);
    assert.deepEqual(Array.from(a.x.data), Array.from(b.x.data));
    assert.notDeepEqual(Array.from(a.x.data), Array.from(c.x.data));
  });

  it("marked positions cover each half uniformly (chi-square test)", () => {
    const T = 10;
    const N = 20000;
    const { positions } = addingProblem(new Rng(99), N, T);
    const counts = new Array(T).fill(0);
    for (const [p1, p2] of positions) {
      counts[p1]++;
      counts[p2]++;
    }
    // Each position is hit with probability 1/5 per sequence: expected N/5 per cell.
    const expected = N / 5;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 10 cells, 8 degrees of freedom (counts sum to 2N, split evenly between halves): 99.9% quantile ≈ 26.1.
    assert.ok(chi2 < 26.1, `chi-square ${chi2.toFixed(1)} for counts ${counts}`);
  });

  it("the constant prediction 1 has mean squared error ≈ 1/6 (= addingBaselineMse)", () => {
    assert.equal(addingBaselineMse(), 1 / 6);
    const N = 40000;
    const { y } = addingProblem(new Rng(5), N, 6);
    let mean = 0;
    let mse = 0;
    for (let i = 0; i < N; i++) {
      mean += y.data[i] / N;
      mse += (y.data[i] - 1) ** 2 / N;
    }
    // Standard errors: sd(y)/√N ≈ 0.002 for the mean, sd((y-1)²)/√N ≈ 0.0008 for the MSE.
    assert.ok(Math.abs(mean - 1) < 0.01, `mean target ${mean}`);
    assert.ok(Math.abs(mse - addingBaselineMse()) < 0.004, `baseline MSE ${mse}`);
  });

  it("rejects a bad batch or length, naming the function and the argument", () => {
    assert.throws(() => addingProblem(new Rng(1), 0, 5), /addingProblem: batch/);
    assert.throws(() => addingProblem(new Rng(1), 2, 1), /addingProblem: length/);
    assert.throws(() => addingProblem(new Rng(1), 2, 3.5), /addingProblem: length/);
  });
});
