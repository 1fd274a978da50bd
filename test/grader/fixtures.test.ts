/**
 * grader/engine/fixtures.ts (lossless JSON encoding of reference outputs) and
 * grader/engine/protocol.ts (frames from the child and the sanitizing of received values).
 */
import * as assert from "node:assert/strict";
import * as v8 from "node:v8";
import { decodeValue, encodeValue, hashValue } from "../../grader/engine/fixtures";
import { FrameReader, asChildMessage, encodeFrame, sanitizeValue } from "../../grader/engine/protocol";
import type { Value } from "../../grader/kit/spec";

describe("grading/fixtures: value encoding", () => {
  it("round-trips NaN, ±Infinity, -0, typed arrays, undefined and $-keys through JSON", () => {
    const value: Value = {
      n: [1.5, NaN, Infinity, -Infinity, -0, 0, 5e-324, Number.MAX_VALUE],
      f64: new Float64Array([0.1, NaN, -0]),
      f32: new Float32Array([0.5, -Infinity]),
      i32: new Int32Array([-3, 7]),
      nothing: undefined,
      empty: null,
      flag: true,
      text: 'a"b',
      $n: "looks like a tag",
      nested: [[1, 2], { $obj: 1 }],
    };
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(value))));
    assert.deepEqual(back, value);
    const b = back as Record<string, Value>;
    assert.ok(Object.is((b.n as number[])[4], -0));
    assert.ok(Object.is((b.f64 as Float64Array)[2], -0));
    assert.ok(b.f32 instanceof Float32Array);
    assert.ok(b.i32 instanceof Int32Array);
    assert.ok("nothing" in b && b.nothing === undefined);
  });

  it("hashes canonically (key order does not matter, values do)", () => {
    assert.equal(hashValue({ a: 1, b: [2] }), hashValue({ b: [2], a: 1 }));
    assert.notEqual(hashValue({ a: 1 }), hashValue({ a: -0 }));
    assert.notEqual(hashValue([1, 2]), hashValue(new Float64Array([1, 2])));
  });
});

describe("grading/protocol: frames and received values", () => {
  it("decodes frames split across chunks and validates their shape", () => {
    const got: unknown[] = [];
    const reader = new FrameReader(
      1 << 20,
      (m) => got.push(m),
      (r) => assert.fail(r),
    );
    const bytes = Buffer.concat([
      encodeFrame({ t: "loaded", u: 0 }),
      encodeFrame({ t: "result", i: 0, ok: true, value: new Float64Array([NaN, -0]) }),
    ]);
    for (let i = 0; i < bytes.length; i += 3) reader.push(bytes.subarray(i, i + 3));
    assert.equal(got.length, 2);
    const result = asChildMessage(got[1]);
    assert.ok(result && result.t === "result" && "value" in result);
    assert.ok(Object.is((result.value as Float64Array)[1], -0));
    assert.equal(asChildMessage({ t: "result", i: -1, ok: true }), null);
    assert.equal(asChildMessage({ t: "load-error", error: { name: 1 } }), null);
    assert.equal(asChildMessage("done"), null);
    assert.equal(asChildMessage({ t: "loaded" }), null, "a unit index is required");
    assert.deepEqual(asChildMessage({ t: "unit-done", u: 2, fresh: 1 }), { t: "unit-done", u: 2, fresh: false });
    assert.deepEqual(asChildMessage({ t: "missing-exports", u: 0, missing: ["f"], available: [] }), {
      t: "missing-exports",
      u: 0,
      missing: ["f"],
      available: [],
    });
  });

  it("refuses an oversized frame before buffering it", () => {
    const reasons: string[] = [];
    const reader = new FrameReader(
      100,
      () => assert.fail("no message expected"),
      (r) => reasons.push(r),
    );
    const header = Buffer.alloc(4);
    header.writeUInt32BE(1_000_000, 0);
    reader.push(header);
    reader.push(Buffer.alloc(50));
    assert.deepEqual(reasons, ["the exercise sent an output of 1000000 bytes, more than the 100 allowed"]);
  });

  it("reports undecodable bodies", () => {
    const reasons: string[] = [];
    const reader = new FrameReader(
      100,
      () => assert.fail("no message expected"),
      (r) => reasons.push(r),
    );
    reader.push(Buffer.from([0, 0, 0, 3, 1, 2, 3]));
    assert.equal(reasons.length, 1);
    assert.match(reasons[0], /could not be decoded/);
  });

  it("sanitizeValue keeps plain data and refuses everything else", () => {
    const ok = v8.deserialize(
      v8.serialize({ a: [1, "x", null, true], b: new Float64Array([1]), c: new Int32Array([2]) }),
    );
    assert.deepEqual(sanitizeValue(ok), { a: [1, "x", null, true], b: new Float64Array([1]), c: new Int32Array([2]) });
    assert.throws(() => sanitizeValue(new Map([[1, 2]])), /contains a Map at output/);
    assert.throws(() => sanitizeValue({ d: new Date(0) }), /contains a Date at output\.d/);
    assert.throws(() => sanitizeValue([1n]), /contains a bigint at output\[0\]/);
    assert.throws(() => sanitizeValue(new Uint8Array(2)), /Uint8Array .* use Float64Array or number\[\]/);
    // eslint-disable-next-line no-sparse-arrays
    assert.throws(() => sanitizeValue([1, , 3]), /empty slot at output\[1\]/);
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    assert.throws(() => sanitizeValue(deep), /nested more than 100 levels/);
    const proto = sanitizeValue(JSON.parse('{"__proto__": {"polluted": 1}}')) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(proto), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(Object.prototype.hasOwnProperty.call(proto, "__proto__"));
  });
});
