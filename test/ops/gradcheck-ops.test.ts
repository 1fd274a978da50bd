import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor, gradCheck } from "../../src/index";

/** Asserts a numeric gradient check passes and reports the worst error on failure. */
function check(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], tolerance = 1e-6): void {
  const report = gradCheck(fn, inputs, { tolerance });
  assert.ok(report.ok, report.summary);
  assert.ok(report.checked > 0);
}

describe("ops: numeric gradient checks", () => {
  const rng = new Rng(7);
  const r = (shape: number[], lo = -1, hi = 1) => rng.rand(shape, lo, hi);

  it("add, sub, mul, div with broadcasting (same, scalar, trailing, general)", () => {
    for (const [sa, sb] of [
      [
        [2, 3],
        [2, 3],
      ],
      [[2, 3], []],
      [[2, 3], [3]],
      [
        [4, 1, 3],
        [2, 1],
      ],
      [
        [1, 3],
        [2, 1],
      ],
    ] as number[][][]) {
      check((a, b) => rnn.add(a, b), [r(sa), r(sb)]);
      check((a, b) => rnn.sub(a, b), [r(sa), r(sb)]);
      check((a, b) => rnn.mul(a, b), [r(sa), r(sb)]);
      check((a, b) => rnn.div(a, b), [r(sa), r(sb, 0.5, 2)]);
    }
  });

  it("unary math: neg, exp, log, sqrt, abs, pow, square, scale, clamp", () => {
    check((x) => rnn.neg(x), [r([5])]);
    check((x) => rnn.exp(x), [r([5])]);
    check((x) => rnn.log(x), [r([5], 0.5, 2)]);
    check((x) => rnn.sqrt(x), [r([5], 0.5, 2)]);
    check((x) => rnn.abs(x), [r([5], 0.1, 1)]);
    check((x) => rnn.pow(x, 3), [r([5])]);
    check((x) => rnn.square(x), [r([5])]);
    check((x) => rnn.scale(x, -2.5), [r([5])]);
    check((x) => rnn.clamp(x, -0.5, 0.5), [rnn.tensor([-0.9, -0.2, 0.3, 0.8])]);
  });

  it("matmul: matrix, shared weight over a batch, batched, vectors", () => {
    check((a, b) => rnn.matmul(a, b), [r([3, 4]), r([4, 2])]);
    check((a, b) => rnn.matmul(a, b), [r([2, 3, 4]), r([4, 5])]);
    check((a, b) => rnn.matmul(a, b), [r([2, 3, 4]), r([2, 4, 2])]);
    check((a, v) => rnn.matmul(a, v), [r([3, 4]), r([4])]);
    check((v, b) => rnn.matmul(v, b), [r([3]), r([3, 2])]);
  });

  it("linear: x·Wᵀ + b, with and without bias, on [B,T,F] inputs", () => {
    check((x, w, b) => rnn.linear(x, w, b), [r([2, 3, 4]), r([5, 4]), r([5])]);
    check((x, w) => rnn.linear(x, w), [r([3, 4]), r([2, 4])]);
  });

  it("transpose, reshape, slice, select, concat, stack", () => {
    check((x) => rnn.transpose(x), [r([3, 4])]);
    check((x) => rnn.transpose(x, [2, 0, 1]), [r([2, 3, 4])]);
    check((x) => rnn.reshape(x, [4, -1]), [r([2, 3, 2])]);
    check((x) => rnn.slice(x, 1, 1, 3), [r([2, 4, 3])]);
    check((x) => rnn.select(x, 1, -1), [r([2, 4, 3])]);
    check((a, b) => rnn.concat([a, b], 1), [r([2, 3]), r([2, 2])]);
    check((a, b) => rnn.stack([a, b], 1), [r([2, 3]), r([2, 3])]);
  });

  it("gather accumulates repeated indices", () => {
    check((t) => rnn.gather(t, [0, 2, 2, 1], [2, 2]), [r([3, 4])]);
  });

  it("reductions: sum, mean, max over all values and along an axis", () => {
    check((x) => rnn.sum(x), [r([2, 3])]);
    check((x) => rnn.sum(x, 0, true), [r([2, 3])]);
    check((x) => rnn.mean(x, -1), [r([2, 3, 4])]);
    check((x) => rnn.mean(x), [r([2, 3])]);
    check(
      (x) => rnn.max(x, 1),
      [
        rnn.tensor([
          [0.1, 0.9, -0.3],
          [0.5, -0.2, 0.4],
        ]),
      ],
    );
    check((x) => rnn.max(x), [rnn.tensor([0.1, 0.9, -0.3])]);
  });

  it("activations: tanh, sigmoid, relu, softmax, logSoftmax (last and inner axis)", () => {
    check((x) => rnn.tanh(x), [r([3, 4], -3, 3)]);
    check((x) => rnn.sigmoid(x), [r([3, 4], -5, 5)]);
    check((x) => rnn.relu(x), [rnn.tensor([-1, -0.3, 0.2, 1.5])]);
    check((x) => rnn.softmax(x), [r([3, 4], -2, 2)]);
    check((x) => rnn.softmax(x, 0), [r([3, 4], -2, 2)]);
    check((x) => rnn.logSoftmax(x), [r([2, 5], -2, 2)]);
    check((x) => rnn.logSoftmax(x, 1), [r([2, 3, 2], -2, 2)]);
  });

  it("losses: MSE and cross-entropy, with and without a mask", () => {
    check((p, t) => rnn.mseLoss(p, t), [r([4, 2]), r([4, 2])]);
    check((p) => rnn.mseLoss(p, rnn.zeros([4]), [1, 0, 1, 1]), [r([4])]);
    check((z) => rnn.crossEntropy(z, [0, 2, 1]), [r([3, 4], -2, 2)]);
    check((z) => rnn.crossEntropy(z, [0, 2, 1, 3, 0, 0], [1, 1, 0, 1, 1, 0]), [r([2, 3, 4], -2, 2)]);
  });
});

describe("ops: values", () => {
  it("broadcast add of a bias row", () => {
    const y = rnn.add(
      rnn.tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      rnn.tensor([10, 20, 30]),
    );
    assert.deepEqual(y.toArray(), [
      [11, 22, 33],
      [14, 25, 36],
    ]);
  });
  it("general broadcast [2,1] + [1,3]", () => {
    const y = rnn.add(rnn.tensor([[1], [2]]), rnn.tensor([[10, 20, 30]]));
    assert.deepEqual(y.toArray(), [
      [11, 21, 31],
      [12, 22, 32],
    ]);
  });
  it("matmul and transpose", () => {
    const a = rnn.tensor([
      [1, 2],
      [3, 4],
    ]);
    assert.deepEqual(rnn.matmul(a, rnn.transpose(a)).toArray(), [
      [5, 11],
      [11, 25],
    ]);
  });
  it("softmax rows sum to one and are stable for large logits", () => {
    const s = rnn.softmax(rnn.tensor([[1000, 1001, 1002]]));
    const total = s.data.reduce((x, y) => x + y, 0);
    assert.ok(Math.abs(total - 1) < 1e-12);
    assert.ok(s.data.every(Number.isFinite));
  });
  it("cross-entropy of uniform logits is log(C); the mask ignores padded positions", () => {
    const ce = rnn.crossEntropy(rnn.zeros([2, 4]), [1, 3]);
    assert.ok(Math.abs(ce.item() - Math.log(4)) < 1e-12);
    const masked = rnn.crossEntropy(
      rnn.tensor([
        [0, 0],
        [100, -100],
      ]),
      [0, 1],
      [1, 0],
    );
    assert.ok(Math.abs(masked.item() - Math.log(2)) < 1e-12);
  });
  it("stack over time builds [B,T,d]", () => {
    const h1 = rnn.tensor([[1, 2]]),
      h2 = rnn.tensor([[3, 4]]);
    const s = rnn.stack([h1, h2], 1);
    assert.deepEqual(s.shape, [1, 2, 2]);
    assert.deepEqual(s.toArray(), [
      [
        [1, 2],
        [3, 4],
      ],
    ]);
  });
});

describe("autograd", () => {
  it("gradients accumulate across backward calls and zeroGrad clears them", () => {
    const x = rnn.tensor([2], undefined, { requiresGrad: true });
    rnn.mul(x, x).backward(new Float64Array([1]));
    rnn.mul(x, x).backward(new Float64Array([1]));
    assert.equal(x.grad?.[0], 8);
    x.zeroGrad();
    assert.equal(x.grad, null);
  });
  it("a value used twice gets both contributions (topological order)", () => {
    const x = rnn.tensor(3, [], { requiresGrad: true });
    const y = rnn.tanh(x);
    const z = rnn.add(rnn.mul(y, y), y);
    z.backward();
    const t = Math.tanh(3);
    assert.ok(Math.abs((x.grad as Float64Array)[0] - (2 * t + 1) * (1 - t * t)) < 1e-12);
  });
  it("noGrad records nothing; detach cuts the graph", () => {
    const w = rnn.tensor([1, 2], undefined, { requiresGrad: true });
    const y = rnn.noGrad(() => rnn.mul(w, 2));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.parents.length, 0);
    const d = rnn.mul(w, 2).detach();
    assert.equal(d.requiresGrad, false);
    const z = rnn.sum(rnn.mul(d, w));
    z.backward();
    assert.deepEqual(Array.from(w.grad as Float64Array), [2, 4]);
  });
  it("a long chain (10,000 ops) does not overflow the stack", () => {
    let h = rnn.tensor([0.5], undefined, { requiresGrad: true });
    const x0 = h;
    for (let i = 0; i < 10000; i++) h = rnn.mul(h, 1);
    rnn.sum(h).backward();
    assert.equal(x0.grad?.[0], 1);
  });
});

describe("ops: clear errors on bad input", () => {
  it("names the op and the shapes", () => {
    assert.throws(
      () => rnn.add(rnn.zeros([2, 3]), rnn.zeros([4])),
      /add: shapes \[2,3\] and \[4\] cannot be broadcast/,
    );
    assert.throws(
      () => rnn.matmul(rnn.zeros([2, 3]), rnn.zeros([4, 5])),
      /matmul: inner sizes \(3\) and \(4\) of tensors with shapes \[2,3\] and \[4,5\] must match/,
    );
    assert.throws(
      () => rnn.linear(rnn.zeros([2, 3]), rnn.zeros([4, 5])),
      /linear: input of shape \[2,3\] must end in 5 features/,
    );
    assert.throws(() => rnn.reshape(rnn.zeros([2, 3]), [4, 2]), /reshape: cannot reshape \[2,3\]/);
    assert.throws(() => rnn.transpose(rnn.zeros([3])), /transpose: needs at least 2 axes/);
    assert.throws(() => rnn.concat([rnn.zeros([2, 3]), rnn.zeros([3, 3])], 1), /concat: tensor 1 has shape \[3,3\]/);
    assert.throws(
      () => rnn.slice(rnn.zeros([2, 3]), 1, 2, 5),
      /slice: range 2:5 is out of bounds for axis 1 of size 3/,
    );
    assert.throws(() => rnn.sum(rnn.zeros([2, 3]), 2), /sum: axis 2 is out of range/);
    assert.throws(
      () => rnn.mseLoss(rnn.zeros([2]), rnn.zeros([3])),
      /mseLoss: prediction shape \[2\] and target shape \[3\] must match/,
    );
  });
  it("an out-of-range index names the index and the table size", () => {
    assert.throws(
      () => rnn.gather(rnn.zeros([3, 2]), [0, 3]),
      /gather: index 3 at position 1 is out of range for a table of 3 rows/,
    );
    assert.throws(
      () => rnn.crossEntropy(rnn.zeros([2, 3]), [0, 3]),
      /crossEntropy: target 3 at position 1 is not a class index in \[0, 3\)/,
    );
  });
  it("NaN in a loss throws and says where", () => {
    assert.throws(
      () => rnn.mseLoss(rnn.tensor([1, NaN]), rnn.tensor([0, 0])),
      /mseLoss: loss is NaN; prediction has value NaN at flat index 1/,
    );
    assert.throws(
      () => rnn.crossEntropy(rnn.tensor([[Infinity, 0]]), [1]),
      /crossEntropy: loss is NaN; logits have value Infinity at flat index 0/,
    );
  });
  it("backward on a non-scalar without a seed explains what to do", () => {
    const x = rnn.tensor([1, 2], undefined, { requiresGrad: true });
    assert.throws(() => rnn.mul(x, 2).backward(), /backward: called on a tensor of shape \[2\]; pass a seed gradient/);
  });
});

describe("gradCheck itself", () => {
  it("catches a wrong backward and reports where", () => {
    const bad = (x: Tensor) =>
      rnn.result(
        x.data.map((v) => v * v),
        x.shape,
        "badSquare",
        [x],
        (o) => {
          rnn.accumulateGrad(
            x,
            (o.grad as Float64Array).map((g, i) => g * 3 * x.data[i]),
          );
        },
      );
    const report = gradCheck(bad, [rnn.tensor([0.5, -1.5])]);
    assert.equal(report.ok, false);
    assert.ok(report.maxRelError > 0.3);
    assert.equal(report.worst?.input, 0);
    assert.match(report.summary, /FAILED/);
  });
});

describe("Rng and initialisers", () => {
  it("the same seed gives the same numbers; different seeds differ", () => {
    const a = new Rng(42).normalArray(5),
      b = new Rng(42).normalArray(5),
      c = new Rng(43).normalArray(5);
    assert.deepEqual(Array.from(a), Array.from(b));
    assert.notDeepEqual(Array.from(a), Array.from(c));
  });
  it("uniform and normal moments are right", () => {
    const rng = new Rng(1);
    const u = rng.uniformArray(20000),
      n = rng.normalArray(20000);
    const m = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    assert.ok(Math.abs(m(u) - 0.5) < 0.01);
    assert.ok(Math.abs(m(n)) < 0.03);
    assert.ok(Math.abs(m(n.map((v) => v * v)) - 1) < 0.05);
    assert.ok(u.every((v) => v >= 0 && v < 1));
  });
  it("orthogonal gives QᵀQ = I (tall) and Q Qᵀ = I (wide)", () => {
    for (const [rows, cols] of [
      [6, 4],
      [4, 6],
      [5, 5],
    ]) {
      const q = rnn.orthogonal(new Rng(3), rows, cols);
      const g = rows >= cols ? rnn.matmul(rnn.transpose(q), q) : rnn.matmul(q, rnn.transpose(q));
      const k = Math.min(rows, cols);
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) assert.ok(Math.abs(g.data[i * k + j] - (i === j ? 1 : 0)) < 1e-12);
    }
  });
  it("xavierUniform stays within its bound", () => {
    const w = rnn.xavierUniform(new Rng(5), 8, 4);
    const a = Math.sqrt(6 / 12);
    assert.ok(w.data.every((v) => Math.abs(v) <= a));
    assert.deepEqual(w.shape, [8, 4]);
  });
});
