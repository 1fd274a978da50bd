/**
 * grader/kit: defensive converters (run side), comparisons and verdicts (check side), case helpers.
 */
import * as assert from "node:assert/strict";
import {
  CaseRng,
  TIGHT,
  ValueError,
  asInteger,
  asList,
  asMatrix,
  asMatrixList,
  asNumber,
  asStringArray,
  asText,
  asVector,
  compareExact,
  compareMatrix,
  compareNumber,
  compareVector,
  describeValue,
  checkThrow,
  expectThrow,
  mentions,
  field,
  formatNumber,
  getFunction,
  isClose,
  readField,
  verdict,
} from "../../grader/kit";

describe("grader/kit: converters (run side)", () => {
  it("asNumber accepts primitive numbers only (NaN and infinities included)", () => {
    assert.equal(asNumber(1.5, "x"), 1.5);
    assert.ok(Number.isNaN(asNumber(NaN, "x")));
    assert.equal(asNumber(-Infinity, "x"), -Infinity);
    const impostor = { valueOf: () => 3, [Symbol.toPrimitive]: () => 3 };
    assert.throws(() => asNumber(impostor, "h_t"), {
      name: "ValueError",
      message: "h_t must be a number, got an object",
    });
    assert.throws(() => asNumber("3", "h_t"), /got the string "3"/);
    assert.throws(() => asNumber(new Number(3), "h_t"), /got an object/);
    assert.throws(() => asNumber(3n, "h_t"), /got a bigint/);
  });

  it("asInteger, asText check type and range", () => {
    assert.equal(asInteger(4, "n"), 4);
    assert.throws(() => asInteger(4.5, "n"), /n must be an integer, got 4.5/);
    assert.equal(asText("ab", "s"), "ab");
    assert.throws(() => asText("x".repeat(20), "s", 10), /string of length 20, longer than 10/);
  });

  it("asVector copies arrays and typed arrays into a fresh Float64Array", () => {
    const src = [1, 2, 3];
    const out = asVector(src, "v");
    assert.ok(out instanceof Float64Array);
    assert.deepEqual(Array.from(out), [1, 2, 3]);
    src[0] = 99;
    assert.equal(out[0], 1, "a copy, not a view");
    const f32 = new Float32Array([0.5, -1]);
    const copy = asVector(f32, "v");
    assert.ok(copy instanceof Float64Array);
    assert.notEqual(copy.buffer, f32.buffer);
    assert.deepEqual(Array.from(asVector(new Int32Array([7]), "v")), [7]);
  });

  it("asVector names the position and type of a bad element", () => {
    assert.throws(() => asVector([1, "2", 3], "h_t"), { message: 'h_t[1] must be a number, got the string "2"' });
    assert.throws(() => asVector([1, { valueOf: () => 2 }], "h_t"), /h_t\[1\] must be a number, got an object/);
    assert.throws(() => asVector({ length: 2, 0: 1, 1: 2 }, "h_t"), /h_t must be an array of numbers .* got an object/);
    assert.throws(() => asVector(new BigInt64Array(2), "h_t"), /BigInt64Array/);
    assert.throws(() => asVector([1, 2], "h_t", { length: 3 }), /h_t must have length 3, got length 2/);
  });

  it("asVector survives throwing proxies and getters", () => {
    const trap = () => {
      throw new Error("gotcha");
    };
    const proxy = new Proxy([1, 2], { get: (t, k) => (k === "length" ? 2 : trap()) });
    assert.throws(() => asVector(proxy, "v"), {
      name: "ValueError",
      message: "v[0]: reading the value threw (Error: gotcha)",
    });
    const getter = [1, 2];
    Object.defineProperty(getter, 1, { get: trap });
    assert.throws(() => asVector(getter, "v"), /v\[1\]: reading the value threw/);
    const { proxy: revocable, revoke } = Proxy.revocable([1], {});
    revoke();
    assert.throws(() => asVector(revocable, "v"), ValueError);
    const sparse = new Array(100_000_000);
    assert.throws(() => asVector(sparse, "v"), /more than the 10000000 allowed/);
  });

  it("asList converts each element with the given converter and path", () => {
    assert.deepEqual(
      asList([1, 2], "xs", (x, w) => asNumber(x, w)),
      [1, 2],
    );
    assert.throws(() => asList([1, null], "xs", (x, w) => asNumber(x, w)), /xs\[1\] must be a number, got null/);
  });

  it("asMatrix, asMatrixList and asStringArray copy nested lists element by element", () => {
    const m = asMatrix([[1, 2, 3], new Float64Array([4, 5, 6])], "W");
    assert.deepEqual(
      m.map((r) => Array.from(r)),
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    );
    assert.ok(m.every((r) => r instanceof Float64Array));
    assert.throws(() => asMatrix([[1, 2], 3], "W"), /W\[1\] must be an array of numbers/);
    assert.equal(asMatrixList([[[1]], [[2]]], "Ws")[1][0][0], 2);
    assert.deepEqual(asStringArray(["C", "Cl"], "tokens"), ["C", "Cl"]);
    assert.throws(() => asStringArray(["C", 1], "tokens"), /tokens\[1\] must be a string, got the number 1/);
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

describe("grader/kit: comparisons (check side)", () => {
  it("compareVector passes within tolerance, including an answer off by one ulp", () => {
    const x = 0.1 + 0.2;
    const ulp = x + Number.EPSILON * x;
    assert.ok(ulp !== x);
    assert.equal(compareNumber("y", ulp, x), null);
    assert.equal(compareVector("h", new Float64Array([1, 2, 3 + 1e-12]), new Float64Array([1, 2, 3])), null);
    assert.equal(compareVector("h", [1, 2], new Float64Array([1, 2])), null, "number[] and Float64Array both accepted");
  });

  it("compareVector fails an answer off by a factor of 1.001, saying where and by how much", () => {
    const m = compareVector("h_t", new Float64Array([1, 2.002, 3]), new Float64Array([1, 2, 3]));
    assert.equal(m, "h_t[1]: got 2.002, expected 2 (|diff| 0.002)");
  });

  it("compareVector reports the first and the largest difference", () => {
    const m = compareVector("y", [1.1, 2, 13], [1, 2, 3]) ?? "";
    assert.match(m, /^y\[0\]: got 1\.1, expected 1 /);
    assert.match(m, /2 of 3 entries differ, largest \|diff\| 10 at y\[2\]/);
  });

  it("NaN fails unless NaN is expected; infinities match only themselves; -0 equals 0", () => {
    assert.match(compareVector("h", [NaN, NaN], [1, 2]) ?? "", /h\[0\]: got NaN, expected 1; 2 of 2 entries differ/);
    assert.match(compareNumber("L", NaN, 0) ?? "", /L: got NaN, expected 0/);
    assert.equal(compareVector("h", [NaN], [NaN]), null);
    assert.match(compareVector("h", [1], [NaN]) ?? "", /got 1, expected NaN/);
    assert.equal(compareVector("h", [Infinity, -Infinity], [Infinity, -Infinity]), null);
    assert.match(compareNumber("L", Infinity, -Infinity) ?? "", /got Infinity, expected -Infinity/);
    assert.equal(isClose(Infinity, 1e308, { rtol: 1, atol: 0 }), false);
    assert.equal(compareNumber("L", -0, 0), null);
  });

  it("honours rtol and atol as |a - e| <= atol + rtol * |e|", () => {
    assert.equal(isClose(105, 100, { rtol: 0.05, atol: 0 }), true);
    assert.equal(isClose(105.1, 100, { rtol: 0.05, atol: 0 }), false);
    assert.equal(isClose(0.001, 0, { rtol: 0, atol: 0.001 }), true);
    assert.equal(isClose(0.0011, 0, { rtol: 0, atol: 0.001 }), false);
    assert.deepEqual(TIGHT, { rtol: 1e-6, atol: 1e-9 });
  });

  it("length, shape and type mismatches are reported as such", () => {
    assert.equal(compareVector("h", [1, 2], [1, 2, 3]), "h has length 2, expected length 3");
    assert.equal(compareVector("h", "x", [1]), "h is not a numeric vector");
    assert.equal(compareMatrix("W", [[1], [2]], [[1], [2], [3]]), "W has 2 rows, expected 3 rows");
    assert.match(
      compareMatrix(
        "W",
        [[1, 2], [3]],
        [
          [1, 2],
          [3, 4],
        ],
      ) ?? "",
      /W\[1\] has length 1, expected 2/,
    );
    assert.equal(compareNumber("L", "3", 3), "L is not a number");
  });

  it("compareMatrix names [i][j] of the first and the largest difference", () => {
    const m = compareMatrix(
      "W",
      [
        [0, 1, 2],
        [3, 9, 5],
      ],
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
    );
    assert.equal(m, "W[1][1]: got 9, expected 4 (|diff| 5)");
    const two =
      compareMatrix(
        "W",
        [
          [0.5, 1],
          [3, 14],
        ],
        [
          [0, 1],
          [3, 4],
        ],
      ) ?? "";
    assert.match(two, /^W\[0\]\[0\]: got 0\.5.*; 2 of 4 entries differ, largest \|diff\| 10 at W\[1\]\[1\]$/);
  });

  it("compareExact compares integers, strings and nested arrays exactly", () => {
    assert.equal(compareExact("tokens", ["C", "l"], ["C", "l"]), null);
    assert.equal(compareExact("tokens", ["Cl"], ["C", "l"]), "tokens has length 1, expected length 2");
    assert.equal(compareExact("n", 3, 4), "n: got 3, expected 4");
    assert.equal(compareExact("ids", [[1, 2]], [[1, 3]]), "ids[0][1]: got 2, expected 3");
  });

  it("verdict joins the failures and appends the hint; field reads plain result objects", () => {
    assert.deepEqual(verdict([null, null], "hint"), { ok: true });
    assert.deepEqual(verdict(["a", null, "b"], "Hint: h"), { ok: false, message: "a\nb\nHint: h" });
    assert.equal(field({ h: 1 }, "h"), 1);
    assert.equal(field([1], "h"), undefined);
    assert.equal(formatNumber(1e-7), "1e-7");
    assert.equal(formatNumber(123456789), "1.234568e+8");
    assert.equal(formatNumber(-0), "-0");
  });
});

describe("grader/kit: building cases", () => {
  it("CaseRng is seeded and gives short, readable inputs", () => {
    const a = new CaseRng(7).matrix(2, 3);
    assert.deepEqual(new CaseRng(7).matrix(2, 3), a);
    assert.ok(a.flat().every((x) => Math.round(x * 1e4) / 1e4 === x));
    const n = new CaseRng(1).int(2, 4);
    assert.ok(n >= 2 && n <= 4 && Number.isInteger(n));
  });

  it("expectThrow requires the argument at fault and its value, and refuses a catch-all message", () => {
    const about = { argument: "x", shows: ["3"], others: ["params", "hPrev"] };
    const specific = () => {
      throw new Error("rnnStep: x has length 3, expected 2");
    };
    assert.deepEqual(expectThrow(specific, about), {
      threw: true,
      named: true,
      missing: [],
      catchAll: [],
      message: "rnnStep: x has length 3, expected 2",
    });
    assert.equal(checkThrow(expectThrow(specific, about), "rnnStep(p, h, x)", about), null);
    // Names every argument: a catch-all, whatever else it says.
    const catchAll = expectThrow(() => {
      throw new Error("rnnStep: bad params, hPrev or x (x has length 3)");
    }, about);
    assert.equal((catchAll as { named: boolean }).named, false);
    assert.deepEqual((catchAll as { catchAll: string[] }).catchAll, ["params", "hPrev"]);
    assert.match(
      checkThrow(catchAll, "rnnStep(p, h, x)", about) ?? "",
      /also names params, hPrev: a catch-all message/,
    );
    // The argument without the offending value; the value only inside a longer number or word.
    for (const message of ["rnnStep: x is wrong", "rnnStep: x has length 13", "rnnStep: x has length 3.5", "box 3"]) {
      const r = expectThrow(() => {
        throw new Error(message);
      }, about);
      assert.equal((r as { named: boolean }).named, false, message);
      assert.match(checkThrow(r, "rnnStep(p, h, x)", about) ?? "", /does not show/, message);
    }
    assert.deepEqual(
      expectThrow(() => 1, about),
      { threw: false },
    );
    assert.match(
      checkThrow({ threw: false }, "rnnStep(p, h, x)", about) ?? "",
      /returned normally; it must throw an Error naming x and showing "3"/,
    );
    // Whole words: "d" is not found in "bad", "0" not in "10" or "0.5".
    assert.equal(mentions("a bad value", "d"), false);
    assert.equal(mentions("d must be >= 1, got 0", "d"), true);
    assert.equal(mentions("got 10", "0"), false);
    assert.equal(mentions("got 0.5", "0"), false);
    assert.equal(mentions("got 0.", "0"), true);
    assert.equal(mentions("got -1", "-1"), true);
  });
});
