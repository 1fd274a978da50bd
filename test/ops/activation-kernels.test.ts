/**
 * The library's exp, sigmoid and tanh (src/ops/activation-kernels.ts): close to V8's Math functions
 * (in ulp, over wide random samples and the special values), and the WebAssembly SIMD kernels give
 * exactly the TypeScript results, value for value, for any block shape (odd rows, strides, offsets).
 */
import { strict as assert } from "node:assert";
import {
  expRows,
  expScalar,
  gruBackwardResetRows,
  gruBackwardStateRows,
  gruGateRows,
  gruStateRows,
  lstmCellBackwardRows,
  lstmCellRows,
  sigmoidRows,
  sigmoidScalar,
  softmaxRows,
  tanhRows,
  tanhScalar,
} from "../../src/ops/activation-kernels";
import { setWasmKernels, wasmKernelsAvailable } from "../../src/ops/kernels";
import { Rng } from "../../src/index";

/** The distance between a and b in units in the last place of b (0 when they are the same double). */
function ulpDistance(a: number, b: number): number {
  if (Object.is(a, b)) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const exponent = b === 0 ? -1074 : Math.max(Math.floor(Math.log2(Math.abs(b))) - 52, -1074);
  return Math.abs(a - b) / 2 ** exponent;
}

/** The formula sigmoidScalar uses, with V8's Math.exp. */
function sigmoidMath(a: number): number {
  if (a >= 0) return 1 / (1 + Math.exp(-a));
  const e = Math.exp(a);
  return e / (1 + e);
}

const SPECIALS = [
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  5e-324,
  -5e-324,
  1e-310,
  -1e-310,
  1e-20,
  -1e-20,
  0.175,
  -0.175,
  0.5 * Math.LN2,
  1.5 * Math.LN2,
  -708.5,
  -744,
  -745.2,
  -746,
  -800,
  709.78,
  710,
  746,
  1e308,
  -1e308,
];

describe("ops/activation-kernels: exp, sigmoid and tanh", () => {
  const rng = new Rng(11);
  /** n values u·scale with u uniform in (-1, 1) and scale 10^(-digits·v), v uniform in (0, 1). */
  const sample = (n: number, scale: number, digits = 0): Float64Array =>
    new Float64Array(n).map(() => (2 * rng.uniform() - 1) * scale * 10 ** (-digits * rng.uniform()));

  it("expScalar is Math.exp to within 1 ulp, over the whole range and the special values", () => {
    let worst = 0;
    for (const x of [...sample(200000, 750), ...sample(200000, 1, 300), ...SPECIALS]) {
      const d = ulpDistance(expScalar(x), Math.exp(x));
      // In the subnormal range (below 2^-1022) one rounding of a smaller mantissa: allow 1 unit there too.
      worst = Math.max(worst, d);
      assert.ok(d <= 1, `expScalar(${x}) = ${expScalar(x)}, Math.exp gives ${Math.exp(x)}`);
    }
    assert.ok(worst <= 1);
    assert.equal(expScalar(0), 1);
    assert.equal(expScalar(Infinity), Infinity);
    assert.equal(expScalar(-Infinity), 0);
    assert.ok(Number.isNaN(expScalar(NaN)));
  });

  it("sigmoidScalar is within 1 ulp of 1/(1+e^-a) with Math.exp; tanhScalar within 3 ulp of Math.tanh", () => {
    for (const x of [...sample(200000, 40), ...sample(100000, 1, 300), ...SPECIALS]) {
      const s = ulpDistance(sigmoidScalar(x), sigmoidMath(x));
      assert.ok(s <= 1, `sigmoidScalar(${x}) = ${sigmoidScalar(x)}, with Math.exp ${sigmoidMath(x)}`);
      const t = ulpDistance(tanhScalar(x), Math.tanh(x));
      assert.ok(t <= 3, `tanhScalar(${x}) = ${tanhScalar(x)}, Math.tanh gives ${Math.tanh(x)} (${t} ulp)`);
    }
    // Signs of zero and the limits are exact.
    assert.ok(Object.is(tanhScalar(-0), -0) && Object.is(tanhScalar(0), 0));
    assert.equal(tanhScalar(Infinity), 1);
    assert.equal(tanhScalar(-Infinity), -1);
    assert.equal(sigmoidScalar(Infinity), 1);
    assert.equal(sigmoidScalar(-Infinity), 0);
    assert.equal(sigmoidScalar(0), 0.5);
    assert.ok(Number.isNaN(tanhScalar(NaN)) && Number.isNaN(sigmoidScalar(NaN)));
  });

  it("the WebAssembly SIMD kernels give the TypeScript values bit for bit, for any block shape", () => {
    assert.ok(wasmKernelsAvailable(), "WebAssembly kernels should load under Node");
    const values = [...SPECIALS, ...sample(60000, 750), ...sample(60000, 20), ...sample(60000, 1, 300)];
    // rows × cols inside a row stride, at an offset: odd column counts exercise the single-lane tail.
    const shapes = [
      { off: 0, rows: 1, cols: values.length, stride: values.length },
      { off: 3, rows: 1000, cols: 127, stride: 130 },
      { off: 1, rows: 333, cols: 3 * 19, stride: 4 * 19 },
      { off: 0, rows: 4, cols: 1, stride: 2 },
    ];
    for (const [name, rows] of [
      ["expRows", expRows],
      ["sigmoidRows", sigmoidRows],
      ["tanhRows", tanhRows],
    ] as const) {
      for (const shape of shapes) {
        const x = Float64Array.from(values);
        const run = (wasm: boolean): Float64Array => {
          const before = setWasmKernels(wasm);
          try {
            const y = x.slice();
            rows(y, shape.off, shape.rows, shape.cols, shape.stride);
            return y;
          } finally {
            setWasmKernels(before);
          }
        };
        const simd = run(true),
          ts = run(false);
        let changed = 0;
        for (let i = 0; i < x.length; i++) {
          assert.ok(
            Object.is(simd[i], ts[i]),
            `${name} ${JSON.stringify(shape)}: value ${i} (x = ${x[i]}): ${simd[i]} vs ${ts[i]}`,
          );
          if (!Object.is(ts[i], x[i])) changed++;
        }
        // Only the block was touched: values between rows (stride > cols) and before off stay as they were.
        const inBlock = (i: number) =>
          i >= shape.off && (i - shape.off) % shape.stride < shape.cols && i < shape.off + shape.rows * shape.stride;
        for (let i = 0; i < x.length; i++)
          if (!inBlock(i)) assert.ok(Object.is(ts[i], x[i]), `${name}: value ${i} outside the block changed`);
        assert.ok(changed > 0, `${name}: nothing was computed`);
      }
    }
  });

  it("the LSTM step kernel gives the TypeScript values bit for bit, gates, c, tanh(c) and h", () => {
    for (const [rows, d] of [
      [7, 19],
      [32, 64],
      [3, 1],
    ]) {
      const G = 4 * d;
      const gates0 = sample(rows * G + 5, 12);
      gates0.set(SPECIALS.slice(0, Math.min(SPECIALS.length, rows * G)), 5);
      const cs0 = sample(3 * rows * d, 3);
      const run = (wasm: boolean) => {
        const before = setWasmKernels(wasm);
        try {
          const gates = gates0.slice(),
            cs = cs0.slice(),
            tanhC = new Float64Array(rows * d + 2),
            hs = new Float64Array(rows * d + 1);
          // c_prev is block 0 of cs, c goes to block 2; offsets inside the arrays
          lstmCellRows(gates, 5, cs, 0, 2 * rows * d, tanhC, 2, hs, 1, rows, d, G);
          return [gates, cs, tanhC, hs];
        } finally {
          setWasmKernels(before);
        }
      };
      const simd = run(true),
        ts = run(false);
      simd.forEach((a, k) =>
        a.forEach((v, i) =>
          assert.ok(Object.is(v, ts[k][i]), `rows ${rows}, d ${d}: array ${k}, value ${i}: ${v} vs ${ts[k][i]}`),
        ),
      );
      // The TypeScript step is the LSTM cell's equations.
      const [gates, cs, tanhC, hs] = ts;
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < d; j++) {
          const z = 5 + r * G;
          const [f, i, o, g] = [0, 1, 2, 3].map((q) => gates[z + q * d + j]);
          assert.ok(Object.is(f, sigmoidScalar(gates0[z + j])) && Object.is(g, tanhScalar(gates0[z + 3 * d + j])));
          const c = f * cs0[r * d + j] + i * g;
          assert.ok(Object.is(cs[2 * rows * d + r * d + j], c));
          assert.ok(Object.is(tanhC[2 + r * d + j], tanhScalar(c)));
          assert.ok(Object.is(hs[1 + r * d + j], o * tanhScalar(c)));
        }
    }
  });

  it("the LSTM step's backward kernel gives the TypeScript values bit for bit", () => {
    for (const [rows, d] of [
      [7, 19],
      [32, 64],
      [3, 1],
    ]) {
      const G = 4 * d,
        n = rows * d;
      const inputs = [
        sample(rows * G + 3, 1),
        sample(n + 1, 1),
        sample(n + 2, 3),
        sample(n + 4, 2),
        sample(n + 4, 2),
        sample(n, 2),
      ];
      const run = (wasm: boolean) => {
        const before = setWasmKernels(wasm);
        try {
          const [gates, tanhC, cs, dh, dc, gOut] = inputs.map((a) => a.slice());
          const dZ = new Float64Array(rows * G + 3);
          lstmCellBackwardRows(gates, 3, tanhC, 1, cs, 2, dh, dc, 4, gOut, 0, dZ, rows, d, G);
          return [dh, dc, dZ];
        } finally {
          setWasmKernels(before);
        }
      };
      const simd = run(true),
        ts = run(false);
      simd.forEach((a, k) =>
        a.forEach((v, i) =>
          assert.ok(Object.is(v, ts[k][i]), `rows ${rows}, d ${d}: array ${k}, value ${i}: ${v} vs ${ts[k][i]}`),
        ),
      );
      assert.ok(ts[2].some((v) => v !== 0) && ts[0].slice(4).every((v) => v === 0));
    }
  });

  it("softmax rows: the SIMD build gives the TypeScript values bit for bit, and they are a softmax", () => {
    for (const [rows, cols] of [
      [40, 300],
      [7, 13],
      [5, 1],
      [3, 2],
    ]) {
      const x = sample(rows * cols + 2, 30);
      const run = (wasm: boolean) => {
        const before = setWasmKernels(wasm);
        try {
          const y = x.slice(),
            stats = new Float64Array(2 * rows);
          softmaxRows(y, 2, rows, cols, stats);
          return [y, stats];
        } finally {
          setWasmKernels(before);
        }
      };
      const simd = run(true),
        ts = run(false);
      simd.forEach((a, k) =>
        a.forEach((v, i) => assert.ok(Object.is(v, ts[k][i]), `${rows}×${cols}: array ${k}, value ${i}`)),
      );
      const [y, stats] = ts;
      for (let r = 0; r < rows; r++) {
        const row = Array.from(x.subarray(2 + r * cols, 2 + (r + 1) * cols));
        const m = Math.max(...row);
        const s = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
        assert.equal(stats[2 * r], m);
        assert.ok(Math.abs(stats[2 * r + 1] - s) <= 1e-14 * s);
        row.forEach((v, j) => assert.ok(Math.abs(y[2 + r * cols + j] - Math.exp(v - m) / s) <= 1e-15));
      }
    }
  });

  it("the GRU step kernels give the TypeScript values bit for bit", () => {
    for (const [rows, d] of [
      [7, 19],
      [24, 12],
      [3, 1],
    ]) {
      const G = 3 * d,
        n = rows * d;
      const gates0 = sample(rows * G + 2, 10),
        hs0 = sample(3 * n + 1, 1),
        dh0 = sample(n + 2, 1),
        gOut0 = sample(n, 1),
        dRH0 = sample(n + 2, 1);
      const run = (wasm: boolean) => {
        const before = setWasmKernels(wasm);
        try {
          const gates = gates0.slice(),
            hs = hs0.slice(),
            rh = new Float64Array(n + 3);
          gruGateRows(gates, 2, hs, 1, rh, 3, rows, d, G);
          gruStateRows(gates, 2, hs, 1, 1 + n, rows, d, G);
          // and the backward's two parts on these gates
          const dh = dh0.slice(),
            dZ = new Float64Array(rows * G + 2);
          gruBackwardStateRows(gates, 2, hs, 1, dh, 2, gOut0, 0, dZ, rows, d, G);
          gruBackwardResetRows(gates, 2, dRH0, hs, 1, dh, 2, dZ, rows, d, G);
          return [gates, hs, rh, dh, dZ];
        } finally {
          setWasmKernels(before);
        }
      };
      const simd = run(true),
        ts = run(false);
      simd.forEach((a, k) =>
        a.forEach((v, i) =>
          assert.ok(Object.is(v, ts[k][i]), `rows ${rows}, d ${d}: array ${k}, value ${i}: ${v} vs ${ts[k][i]}`),
        ),
      );
      const [gates, hs, rh] = ts;
      assert.ok(ts[4].some((v) => v !== 0));
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < d; j++) {
          const z = 2 + r * G,
            hp = hs0[1 + r * d + j];
          assert.ok(Object.is(gates[z + j], sigmoidScalar(gates0[z + j])));
          assert.ok(Object.is(rh[3 + r * d + j], gates[z + j] * hp));
          assert.ok(Object.is(hs[1 + n + r * d + j], hp + gates[z + d + j] * (tanhScalar(gates0[z + 2 * d + j]) - hp)));
        }
    }
  });

  it("an empty block is left alone", () => {
    const x = new Float64Array([1, 2, 3]);
    sigmoidRows(x, 0, 0, 3, 3);
    tanhRows(x, 1, 2, 0, 1);
    assert.deepEqual(Array.from(x), [1, 2, 3]);
  });
});
