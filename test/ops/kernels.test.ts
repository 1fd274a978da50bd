import { strict as assert } from "node:assert";
import { Rng } from "../../src/index";
import { gemm, gemmNN, gemmNT, gemmTN } from "../../src/ops/kernels";

describe("kernels: gemm and its NN, TN, NT forms equal the textbook triple loop", () => {
  const rng = new Rng(3);
  const rand = (n: number, zeros = false): Float64Array => {
    const a = rng.randn([n]).data;
    if (zeros) for (let i = 0; i < n; i++) if (rng.uniform() < 0.5) a[i] = 0;
    return a;
  };

  it("every shape from 1 to 9 (blocks and remainders), with and without zero blocks", () => {
    let worst = 0;
    for (let n = 1; n <= 9; n++) {
      for (let k = 1; k <= 9; k++) {
        for (const m of [1, 3, 8]) {
          const a = rand(n * k, (n + k) % 2 === 0),
            at = rand(k * n),
            b = rand(k * m),
            bt = rand(m * k);
          const c0 = rand(n * m);
          const nn = c0.slice(),
            tn = c0.slice(),
            nt = c0.slice();
          gemmNN(a, b, nn, n, k, m);
          gemmTN(at, b, tn, n, k, m);
          gemmNT(a, bt, nt, n, k, m);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < m; j++) {
              let sNN = c0[i * m + j],
                sTN = sNN,
                sNT = sNN;
              for (let p = 0; p < k; p++) {
                sNN += a[i * k + p] * b[p * m + j];
                sTN += at[p * n + i] * b[p * m + j];
                sNT += a[i * k + p] * bt[j * k + p];
              }
              worst = Math.max(
                worst,
                Math.abs(sNN - nn[i * m + j]),
                Math.abs(sTN - tn[i * m + j]),
                Math.abs(sNT - nt[i * m + j]),
              );
            }
          }
        }
      }
    }
    assert.ok(worst < 1e-13, `worst difference ${worst}`);
  });

  it("strided A, and B and C as column blocks inside wider rows, leave everything else untouched", () => {
    // A is read transposed from a [k, 10] buffer at column offset 2; B is columns 3..3+m of rows 11
    // wide; C is columns 1..1+m of rows 9 wide.
    const n = 6,
      k = 7,
      m = 5;
    const a = rand(2 + k * 10),
      b = rand(3 + k * 11),
      c = rand(n * 9);
    const before = c.slice();
    gemm(n, k, m, a, 2, 1, 10, b, 3, 11, c, 1, 9);
    for (let i = 0; i < n; i++) {
      for (let col = 0; col < 9; col++) {
        let expected = before[i * 9 + col];
        if (col >= 1 && col < 1 + m)
          for (let p = 0; p < k; p++) expected += a[2 + p * 10 + i] * b[3 + p * 11 + (col - 1)];
        assert.ok(Math.abs(c[i * 9 + col] - expected) < 1e-13, `C(${i}, ${col})`);
      }
    }
  });
});
