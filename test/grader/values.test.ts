/**
 * grader/kit/values.ts: defensive converters (run side) and allClose (check side).
 */
import * as assert from "node:assert/strict";
import type { CheckResult } from "../../grader/engine/spec";
import {
  ValueError,
  allClose,
  combine,
  describeValue,
  fail,
  formatNumber,
  getFunction,
  isClose,
  pass,
  readField,
  relativeError,
  toFloat64Array,
  toInteger,
  toList,
  toMatrix,
  toNumber,
  toTensor,
  toText,
} from "../../grader/kit/values";

function message(r: CheckResult): string {
  assert.equal(r.ok, false, "expected a failing result");
  return (r as { message: string }).message;
}

describe("grading/values: converters", () => {
  it("toNumber accepts primitive numbers only (NaN and infinities included)", () => {
    assert.equal(toNumber(1.5, "x"), 1.5);
    assert.ok(Number.isNaN(toNumber(NaN, "x")));
    assert.equal(toNumber(-Infinity, "x"), -Infinity);
    const impostor = { valueOf: () => 3, [Symbol.toPrimitive]: () => 3 };
    assert.throws(() => toNumber(impostor, "h_t"), {
      name: "ValueError",
      message: "h_t must be a number, got an object",
    });
    assert.throws(() => toNumber("3", "h_t"), /got the string "3"/);
    assert.throws(() => toNumber(new Number(3), "h_t"), /got an object/);
    assert.throws(() => toNumber(3n, "h_t"), /got a bigint/);
  });

  it("toInteger, toText check type and range", () => {
    assert.equal(toInteger(4, "n"), 4);
    assert.throws(() => toInteger(4.5, "n"), /n must be an integer, got 4.5/);
    assert.equal(toText("ab", "s"), "ab");
    assert.throws(() => toText("x".repeat(20), "s", 10), /string of length 20, longer than 10/);
  });

  it("toFloat64Array copies arrays and typed arrays into a fresh Float64Array", () => {
    const src = [1, 2, 3];
    const out = toFloat64Array(src, "v");
    assert.ok(out instanceof Float64Array);
    assert.deepEqual(Array.from(out), [1, 2, 3]);
    src[0] = 99;
    assert.equal(out[0], 1, "a copy, not a view");
    const f32 = new Float32Array([0.5, -1]);
    const copy = toFloat64Array(f32, "v");
    assert.ok(copy instanceof Float64Array);
    assert.notEqual(copy.buffer, f32.buffer);
    assert.deepEqual(Array.from(toFloat64Array(new Int32Array([7]), "v")), [7]);
  });

  it("toFloat64Array names the position and type of a bad element", () => {
    assert.throws(() => toFloat64Array([1, "2", 3], "h_t"), { message: 'h_t[1] must be a number, got the string "2"' });
    assert.throws(() => toFloat64Array([1, { valueOf: () => 2 }], "h_t"), /h_t\[1\] must be a number, got an object/);
    assert.throws(
      () => toFloat64Array({ length: 2, 0: 1, 1: 2 }, "h_t"),
      /h_t must be an array of numbers .* got an object/,
    );
    assert.throws(() => toFloat64Array(new BigInt64Array(2), "h_t"), /BigInt64Array/);
    assert.throws(() => toFloat64Array([1, 2], "h_t", { length: 3 }), /h_t must have length 3, got length 2/);
  });

  it("toFloat64Array survives throwing proxies and getters", () => {
    const trap = () => {
      throw new Error("gotcha");
    };
    const proxy = new Proxy([1, 2], { get: (t, k) => (k === "length" ? 2 : trap()) });
    assert.throws(() => toFloat64Array(proxy, "v"), {
      name: "ValueError",
      message: "v[0]: reading the value threw (Error: gotcha)",
    });
    const getter = [1, 2];
    Object.defineProperty(getter, 1, { get: trap });
    assert.throws(() => toFloat64Array(getter, "v"), /v\[1\]: reading the value threw/);
    const { proxy: revocable, revoke } = Proxy.revocable([1], {});
    revoke();
    assert.throws(() => toFloat64Array(revocable, "v"), ValueError);
    const sparse = new Array(100_000_000);
    assert.throws(() => toFloat64Array(sparse, "v"), /more than the 10000000 allowed/);
  });

  it("toList converts each element with the given converter and path", () => {
    assert.deepEqual(
      toList([1, 2], "xs", (x, w) => toNumber(x, w)),
      [1, 2],
    );
    assert.throws(() => toList([1, null], "xs", (x, w) => toNumber(x, w)), /xs\[1\] must be a number, got null/);
  });

  it("toTensor reads shape and data of tensor-like objects and checks their agreement", () => {
    const t = toTensor({ shape: [2, 2], data: new Float64Array([1, 2, 3, 4]) }, "y");
    assert.deepEqual(t.shape, [2, 2]);
    assert.deepEqual(Array.from(t.data), [1, 2, 3, 4]);
    assert.throws(() => toTensor({ shape: [2, 3], data: [1, 2] }, "y"), /shape \[2, 3\] holds 6 values but data has 2/);
    assert.throws(
      () => toTensor({ shape: [2], data: [1, 2] }, "y", { shape: [1, 2] }),
      /y must have shape \[1, 2\], got shape \[2\]/,
    );
    assert.throws(() => toTensor([1, 2], "y"), /must be a tensor/);
    assert.throws(() => toTensor({ shape: [-1], data: [] }, "y"), /y.shape\[0\] must be >= 0/);
  });

  it("toMatrix accepts rows or a 2-D tensor and checks the dimensions", () => {
    const m = toMatrix([[1, 2, 3], new Float64Array([4, 5, 6])], "W");
    assert.deepEqual(m.shape, [2, 3]);
    assert.deepEqual(Array.from(m.data), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(toMatrix({ shape: [1, 2], data: [7, 8] }, "W").shape, [1, 2]);
    assert.throws(() => toMatrix([[1, 2], [3]], "W"), /W: row 1 has length 1 but row 0 has length 2/);
    assert.throws(() => toMatrix([[1, 2]], "W", { rows: 2, cols: 2 }), /W must be 2×2, got 1×2/);
    assert.throws(() => toMatrix({ shape: [2], data: [1, 2] }, "W"), /must be a matrix \(2-D\), got shape \[2\]/);
  });

  it("readField and getFunction name what is missing", () => {
    assert.equal(readField({ h: 1 }, "h", "rnnStep(...)"), 1);
    assert.throws(() => readField({}, "h", "rnnStep(...)"), /rnnStep\(\.\.\.\) has no field "h"/);
    assert.throws(() => readField([1], "h", "r"), /must be an object with a field "h", got an array of length 1/);
    assert.equal(typeof getFunction({ f: () => 1 }, "f"), "function");
    assert.throws(() => getFunction({}, "rnnStep"), /`rnnStep` must be an exported function, got undefined/);
  });

  it("describeValue never calls learner code", () => {
    const trap = () => {
      throw new Error("no");
    };
    const p = new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap });
    assert.equal(describeValue(p), "an object");
    assert.equal(describeValue(new Float32Array(3)), "a Float32Array of length 3");
    assert.equal(describeValue(-0), "the number -0");
  });
});

describe("grading/values: allClose", () => {
  it("passes within tolerance, including an answer off by one ulp", () => {
    const x = 0.1 + 0.2;
    const ulp = x + Number.EPSILON * x;
    assert.ok(ulp !== x);
    assert.deepEqual(allClose(ulp, x), pass());
    assert.deepEqual(allClose(new Float64Array([1, 2, 3 + 1e-12]), new Float64Array([1, 2, 3])), pass());
  });

  it("fails an answer off by a factor of 1.001, saying where and by how much", () => {
    const m = message(allClose(new Float64Array([1, 2.002, 3]), new Float64Array([1, 2, 3]), { what: "h_t" }));
    assert.match(m, /1 of 3 values of h_t differ beyond the tolerance \(rtol 1e-6, atol 1e-9\)\./);
    assert.match(m, /First: h_t\[1\]: expected 2, got 2\.002 \(\|diff\| 0\.002, relative 0\.000999001\)/);
  });

  it("reports the first and the largest difference", () => {
    const m = message(allClose([1.1, 2, 13], [1, 2, 3], { what: "y" }));
    assert.match(m, /2 of 3 values/);
    assert.match(m, /First: y\[0\]: expected 1, got 1\.1/);
    assert.match(m, /Largest: y\[2\]: expected 3, got 13/);
  });

  it("NaN fails unless NaN is expected; `!(diff > tol)` is not used", () => {
    assert.match(
      message(allClose([NaN, NaN], [1, 2])),
      /2 of 2 values .*\n.*got NaN \(NaN where a number was expected\)/,
    );
    assert.match(message(allClose(NaN, 0)), /expected 0, got NaN/);
    assert.deepEqual(allClose([NaN], [NaN]), pass());
    assert.match(message(allClose([1], [NaN])), /expected NaN, got 1/);
  });

  it("infinities match only themselves", () => {
    assert.deepEqual(allClose([Infinity, -Infinity], [Infinity, -Infinity]), pass());
    assert.match(message(allClose(Infinity, -Infinity)), /expected -Infinity, got Infinity/);
    assert.match(message(allClose(1e308, Infinity)), /infinite value/);
    assert.equal(isClose(Infinity, 1e308, { rtol: 1 }), false);
  });

  it("-0 equals 0 unless signedZero is asked for", () => {
    assert.deepEqual(allClose(-0, 0), pass());
    assert.match(message(allClose([-0], [0], { signedZero: true })), /expected 0, got -0 \(sign of zero differs\)/);
  });

  it("length and shape mismatches are reported as such", () => {
    assert.match(message(allClose([1, 2], [1, 2, 3], { what: "h" })), /^h has 2 values, expected 3$/);
    const a = { shape: [3, 2], data: new Float64Array(6) };
    const e = { shape: [2, 3], data: new Float64Array(6) };
    assert.match(message(allClose(a, e, { what: "W" })), /^W has shape \[3, 2\], expected shape \[2, 3\]$/);
    assert.match(message(allClose([[1], [2]], [[1], [2], [3]], { what: "hs" })), /hs has length 2, expected length 3/);
  });

  it("tensor positions are reported as multi-indices", () => {
    const e = { shape: [2, 3], data: new Float64Array([0, 1, 2, 3, 4, 5]) };
    const a = { shape: [2, 3], data: new Float64Array([0, 1, 2, 3, 9, 5]) };
    assert.match(message(allClose(a, e, { what: "H" })), /First: H\[1, 1\]: expected 4, got 9/);
  });

  it("compares nested lists and objects key by key, and exact values exactly", () => {
    const expected = { h: [1, 2], c: new Float64Array([3]), label: "x" };
    assert.deepEqual(allClose({ h: [1, 2], c: new Float64Array([3]), label: "x" }, expected), pass());
    const m = message(allClose({ h: [1, 5], c: new Float64Array([3]), label: "y" }, expected, { what: "out" }));
    assert.match(m, /out\.h\[1\]: expected 2, got 5/);
    assert.match(m, /out\.label: expected the string "x", got the string "y"/);
    assert.match(message(allClose({ h: [1, 2] }, expected, { what: "out" })), /out has no field "c"/);
    assert.match(message(allClose("3", 3)), /output should be a number, got the string "3"/);
    assert.match(message(allClose([1, 2], new Float64Array([1, 2, 3]))), /has 2 values, expected 3/);
  });

  it("honours rtol and atol as |a - e| <= atol + rtol * |e|", () => {
    assert.deepEqual(allClose(105, 100, { rtol: 0.05, atol: 0 }), pass());
    assert.equal(allClose(105.1, 100, { rtol: 0.05, atol: 0 }).ok, false);
    assert.deepEqual(allClose(0.001, 0, { rtol: 0, atol: 0.001 }), pass());
    assert.equal(allClose(0.0011, 0, { rtol: 0, atol: 0.001 }).ok, false);
  });

  it("helpers: combine, relativeError, formatNumber", () => {
    assert.deepEqual(combine(pass(), pass()), pass());
    assert.equal(message(combine(pass(), fail("a"), fail("b"))), "a\n\nb");
    assert.equal(relativeError(1, 1.1).toFixed(6), (0.1 / 1.1).toFixed(6));
    assert.equal(relativeError(Infinity, Infinity), 0);
    assert.equal(formatNumber(1e-7), "1e-7");
    assert.equal(formatNumber(123456789), "1.234568e+8");
    assert.equal(formatNumber(-0), "-0");
  });
});
