import { strict as assert } from "node:assert";
import * as rnn from "../../src/index";
import { Rng, Tensor } from "../../src/index";
import { check, maxAbsDiff } from "../support/check";

describe("ops/elementwise: numeric gradient checks", () => {
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

  it("add, sub, mul, div give the same gradient to an operand whether or not the other one needs one", () => {
    // The backward computes (and expands) only what an operand that needs a gradient uses.
    const shapes: number[][][] = [
      [
        [2, 3],
        [2, 3],
      ],
      [
        [4, 1, 3],
        [2, 1],
      ],
      [[2, 3], []],
    ];
    for (const [sa, sb] of shapes) {
      const av = r(sa).data,
        bv = r(sb, 0.5, 2).data;
      for (const op of [rnn.add, rnn.sub, rnn.mul, rnn.div]) {
        const grads = (needA: boolean, needB: boolean) => {
          const a = new Tensor(av.slice(), sa, { requiresGrad: needA });
          const b = new Tensor(bv.slice(), sb, { requiresGrad: needB });
          const out = op(a, b);
          const weights = new Tensor(
            Float64Array.from({ length: out.size }, (_, i) => i + 1),
            out.shape,
          );
          rnn.sum(rnn.mul(out, weights)).backward();
          return [a.grad, b.grad];
        };
        const both = grads(true, true);
        const onlyA = grads(true, false);
        const onlyB = grads(false, true);
        assert.deepEqual(onlyA[0], both[0], `${op.name} ${JSON.stringify([sa, sb])}: a's gradient`);
        assert.equal(onlyA[1], null);
        assert.deepEqual(onlyB[1], both[1], `${op.name} ${JSON.stringify([sa, sb])}: b's gradient`);
        assert.equal(onlyB[0], null);
      }
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
});

describe("ops/elementwise: values and errors", () => {
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
  it("names the op and the shapes", () => {
    assert.throws(
      () => rnn.add(rnn.zeros([2, 3]), rnn.zeros([4])),
      /add: shapes \[2,3\] and \[4\] cannot be broadcast/,
    );
  });
});

describe("ops/elementwise: where (selection)", () => {
  it("passes a numeric gradient check, with a [B, 1] condition broadcast over [B, d]", () => {
    const rng = new Rng(3);
    const cond = rnn.tensor([[1], [0], [1]]);
    check((a, b) => rnn.where(cond, a, b), [rng.randn([3, 4]), rng.randn([3, 4])]);
    check((a) => rnn.where(cond, a, 0), [rng.randn([3, 4])]);
    check((a, b) => rnn.where(rnn.tensor([0, 1, 1, 0]), a, b), [rng.randn([2, 4]), rng.randn([4])]);
  });

  it("picks a where the condition is non-zero, else b; the other operand's NaN reaches neither value nor gradient", () => {
    const a = rnn.tensor([1, NaN, 3, NaN], undefined, { requiresGrad: true });
    const b = rnn.tensor([NaN, 20, NaN, Infinity], undefined, { requiresGrad: true });
    const y = rnn.where([1, 0, 1, 0.5], a, b);
    assert.deepEqual(Array.from(y.data), [1, 20, 3, NaN]);
    const z = rnn.where([1, 0, 1, 0], a, b);
    assert.deepEqual(Array.from(z.data), [1, 20, 3, Infinity]);
    rnn.sum(rnn.mul(rnn.where([1, 0, 1, 1], a, b), rnn.tensor([2, 3, 4, 0]))).backward();
    assert.deepEqual(Array.from(a.grad ?? []), [2, 0, 4, 0]);
    assert.deepEqual(Array.from(b.grad ?? []), [0, 3, 0, 0]);
    assert.throws(() => rnn.where([1, 0, 1], a, b), /where: shapes \[4\] and \[3\] cannot be broadcast/);
  });
});
