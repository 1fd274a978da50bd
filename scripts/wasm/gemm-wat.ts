/**
 * Generates the WebAssembly text of `gemm` (src/ops/kernels.ts) with SIMD: two columns of C at a
 * time in f64x2 lanes. Every element of C gets exactly the operations of the TypeScript kernel in
 * the same order (sums over p in groups of eight for rows inside a block of eight, groups of four
 * with the zero skip for leftover rows, then single terms; no fused multiply-add), so the two
 * kernels give bit-identical results and the TypeScript one stays the readable reference.
 *
 * The text is generated rather than written by hand because the register block (R rows × 8 terms
 * of the sum, R·8 splatted values of A in locals) is long and regular. `npm run build:wasm`
 * compiles it with wabt (scripts/wasm/build.ts), with the activation kernels (activation-wat.ts), into
 * src/ops/kernels-wasm-binary.ts.
 */
import { activationFunctionsWat } from "./activation-wat";

/** Rows of C per register block in the main part (a divisor of 8: the grouping over p is per row). */
export const ROWS = 4;

const get = (name: string) => `(local.get $${name})`;
const set = (name: string, value: string) => `(local.set $${name} ${value})`;
const add = (x: string, y: string) => `(i32.add ${x} ${y})`;
const mul = (x: string, y: string) => `(i32.mul ${x} ${y})`;
const c = (v: number) => `(i32.const ${v})`;
/** Byte address of element `index` (an i32 expression counted in f64 elements). */
const bytes = (index: string) => `(i32.shl ${index} ${c(3)})`;

/** A counted loop: init; while (cond) { body; step }. */
function loop(label: string, init: string, cond: string, body: string[], step: string): string[] {
  return [
    init,
    `(block $${label}_end (loop $${label}`,
    `(br_if $${label}_end (i32.eqz ${cond}))`,
    ...body,
    step,
    `(br $${label})))`,
  ];
}

/**
 * The loop over columns j for some rows of C (byte addresses of row starts in locals cr0…) and
 * terms q (byte addresses of the rows of B in bq0…, values of A splatted in a{r}_{q}):
 *   C(r, j) += a{r}_0·B(0, j) + … + a{r}_{Q-1}·B(Q-1, j)   (left to right, as in TypeScript)
 * Pairs of columns in f64x2 lanes, then the last column alone when m is odd.
 */
function columns(label: string, rows: number, terms: number): string[] {
  const simd: string[] = [];
  for (let q = 0; q < terms; q++) simd.push(set(`x${q}`, `(v128.load ${add(get(`bq${q}`), get("j8"))})`));
  for (let r = 0; r < rows; r++) {
    let sum = `(f64x2.mul ${get(`a${r}_0`)} ${get("x0")})`;
    for (let q = 1; q < terms; q++) sum = `(f64x2.add ${sum} (f64x2.mul ${get(`a${r}_${q}`)} ${get(`x${q}`)}))`;
    const at = add(get(`cr${r}`), get("j8"));
    simd.push(`(v128.store ${at} (f64x2.add (v128.load ${at}) ${sum}))`);
  }
  const scalar: string[] = [];
  for (let q = 0; q < terms; q++) scalar.push(set(`s${q}`, `(f64.load ${add(get(`bq${q}`), get("j8"))})`));
  for (let r = 0; r < rows; r++) {
    const lane = (q: number) => `(f64x2.extract_lane 0 ${get(`a${r}_${q}`)})`;
    let sum = `(f64.mul ${lane(0)} ${get("s0")})`;
    for (let q = 1; q < terms; q++) sum = `(f64.add ${sum} (f64.mul ${lane(q)} ${get(`s${q}`)}))`;
    const at = add(get(`cr${r}`), get("j8"));
    scalar.push(`(f64.store ${at} (f64.add (f64.load ${at}) ${sum}))`);
  }
  return [
    ...loop(
      label,
      set("j8", c(0)),
      `(i32.lt_s ${add(get("j8"), c(8))} ${get("m8")})`,
      simd,
      set("j8", add(get("j8"), c(16))),
    ),
    `(if (i32.lt_s ${get("j8")} ${get("m8")}) (then`,
    ...scalar,
    `))`,
  ];
}

/** Loads A(i + r, p + q) for r < rows, q < terms into a{r}_{q} (splatted) and B's row addresses. */
function loadBlock(rows: number, terms: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < terms; q++) {
      const index = add(add(get("aOff"), mul(add(get("i"), c(r)), get("aRow"))), mul(add(get("p"), c(q)), get("aCol")));
      out.push(set(`a${r}_${q}`, `(f64x2.splat (f64.load ${bytes(index)}))`));
    }
  }
  for (let q = 0; q < terms; q++)
    out.push(set(`bq${q}`, bytes(add(get("bOff"), mul(add(get("p"), c(q)), get("ldb"))))));
  return out;
}

function rowAddresses(rows: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push(set(`cr${r}`, bytes(add(get("cOff"), mul(add(get("i"), c(r)), get("ldc"))))));
  return out;
}

/** `(a{0}_0 == 0) && … ` for the zero skip of a leftover row (four terms or one). */
function allZero(terms: number): string {
  let e = `(f64.eq (f64x2.extract_lane 0 ${get("a0_0")}) (f64.const 0))`;
  for (let q = 1; q < terms; q++) e = `(i32.and ${e} (f64.eq (f64x2.extract_lane 0 ${get(`a0_${q}`)}) (f64.const 0)))`;
  return e;
}

/** The exported function `gemm` (without the module around it: see kernelsWat). */
export function gemmFunctionWat(): string {
  const locals: string[] = ["(local $i i32) (local $p i32) (local $j8 i32) (local $m8 i32) (local $n8 i32)"];
  for (let r = 0; r < ROWS; r++) {
    locals.push(`(local $cr${r} i32)`);
    for (let q = 0; q < 8; q++) locals.push(`(local $a${r}_${q} v128)`);
  }
  for (let q = 0; q < 8; q++) locals.push(`(local $bq${q} i32) (local $x${q} v128) (local $s${q} f64)`);

  const main = loop(
    "rows",
    set("i", c(0)),
    `(i32.lt_s ${get("i")} ${get("n8")})`,
    [
      ...rowAddresses(ROWS),
      ...loop(
        "p8",
        set("p", c(0)),
        `(i32.lt_s ${add(get("p"), c(7))} ${get("k")})`,
        [...loadBlock(ROWS, 8), ...columns("j8main", ROWS, 8)],
        set("p", add(get("p"), c(8))),
      ),
      ...loop(
        "p1",
        "(nop)",
        `(i32.lt_s ${get("p")} ${get("k")})`,
        [...loadBlock(ROWS, 1), ...columns("j1main", ROWS, 1)],
        set("p", add(get("p"), c(1))),
      ),
    ],
    set("i", add(get("i"), c(ROWS))),
  );
  const rest = loop(
    "rest",
    "(nop)",
    `(i32.lt_s ${get("i")} ${get("n")})`,
    [
      ...rowAddresses(1),
      ...loop(
        "p4",
        set("p", c(0)),
        `(i32.lt_s ${add(get("p"), c(3))} ${get("k")})`,
        [...loadBlock(1, 4), `(if (i32.eqz ${allZero(4)}) (then`, ...columns("j4rest", 1, 4), "))"],
        set("p", add(get("p"), c(4))),
      ),
      ...loop(
        "q1",
        "(nop)",
        `(i32.lt_s ${get("p")} ${get("k")})`,
        [...loadBlock(1, 1), `(if (i32.eqz ${allZero(1)}) (then`, ...columns("j1rest", 1, 1), "))"],
        set("p", add(get("p"), c(1))),
      ),
    ],
    set("i", add(get("i"), c(1))),
  );

  return [
    '(func (export "gemm") (param $n i32) (param $k i32) (param $m i32) (param $aOff i32) (param $aRow i32)',
    "(param $aCol i32) (param $bOff i32) (param $ldb i32) (param $cOff i32) (param $ldc i32)",
    ...locals,
    set("m8", `(i32.shl ${get("m")} ${c(3)})`),
    set("n8", `(i32.and ${get("n")} ${c(-8)})`),
    ...main,
    ...rest,
    ")",
  ].join("\n");
}

/** The whole module: one memory (exported) shared by gemm and the activation kernels. */
export function kernelsWat(): string {
  return ["(module", '(memory (export "memory") 1)', gemmFunctionWat(), activationFunctionsWat(), ")"].join("\n");
}
