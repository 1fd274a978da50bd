/**
 * Generates the WebAssembly text of the SIMD kernels `exp`, `sigmoid` and `tanh`
 * (src/ops/activation-kernels.ts): two values at a time in f64x2 lanes, in place over rows of a
 * matrix in the module's memory. Every value gets exactly the operations of the TypeScript
 * functions expScalar, sigmoidScalar and tanhScalar in the same order (the same constants, the
 * same rounding to an integer, the same two-step scaling by powers of two, branches turned into
 * lane selects), so the two give bit-identical results and the TypeScript stays the reference.
 *
 * The constants come from src/ops/activation-kernels.ts itself and are written as hexadecimal
 * floats, so the text holds exactly the same doubles.
 */
import { EXP_CONSTANTS, TANH_SERIES, TANH_SERIES_BELOW } from "../../src/ops/activation-kernels";

/** A double as an exact hexadecimal float literal of the WebAssembly text format. */
export function hexFloat(v: number): string {
  if (Number.isNaN(v) || !Number.isFinite(v)) throw new Error(`hexFloat: ${v} is not a finite number`);
  if (v === 0) return Object.is(v, -0) ? "-0x0p+0" : "0x0p+0";
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? "-" : "";
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, "0");
  return exponent === 0 ? `${sign}0x0.${mantissa}p-1022` : `${sign}0x1.${mantissa}p${exponent - 1023}`;
}

const splat = (v: number) => `(f64x2.splat (f64.const ${hexFloat(v)}))`;
const get = (name: string) => `(local.get $${name})`;
const set = (name: string, value: string) => `(local.set $${name} ${value})`;
const op = (name: string, ...args: string[]) => `(f64x2.${name} ${args.join(" ")})`;
/** Lane by lane: `mask ? ifTrue : ifFalse` (mask lanes all ones or all zeros, from a comparison). */
const select = (ifTrue: string, ifFalse: string, mask: string) => `(v128.bitselect ${ifTrue} ${ifFalse} ${mask})`;

/** Locals the expressions below use, with their prefix. */
const EXP_LOCALS = ["xc", "k", "hi", "lo", "r", "t", "c", "y", "ki", "k1", "k2"];

/** Statements setting local `${p}out` to exp of the v128 expression `x`, lane by lane as expScalar. */
function expInto(p: string, x: string): string[] {
  const { LOG2E, LN2_HI, LN2_LO, ROUND, LOW, HIGH, P1, P2, P3, P4, P5 } = EXP_CONSTANTS;
  const L = (n: string) => get(p + n);
  const pow2 = (k: string) =>
    `(i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s ${k}) (i64x2.splat (i64.const 1023))) (i32.const 52))`;
  // t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5)))), innermost first
  let poly = splat(P5);
  for (const coefficient of [P4, P3, P2, P1]) poly = op("add", splat(coefficient), op("mul", L("t"), poly));
  poly = op("mul", L("t"), poly);
  return [
    set(p + "xc", op("min", op("max", x, splat(LOW)), splat(HIGH))),
    set(p + "k", op("sub", op("add", op("mul", L("xc"), splat(LOG2E)), splat(ROUND)), splat(ROUND))),
    set(p + "hi", op("sub", L("xc"), op("mul", L("k"), splat(LN2_HI)))),
    set(p + "lo", op("mul", L("k"), splat(LN2_LO))),
    set(p + "r", op("sub", L("hi"), L("lo"))),
    set(p + "t", op("mul", L("r"), L("r"))),
    set(p + "c", op("sub", L("r"), poly)),
    set(
      p + "y",
      op(
        "sub",
        splat(1),
        op("sub", op("sub", L("lo"), op("div", op("mul", L("r"), L("c")), op("sub", splat(2), L("c")))), L("hi")),
      ),
    ),
    set(p + "ki", `(i32x4.trunc_sat_f64x2_s_zero ${L("k")})`),
    set(p + "k1", `(i32x4.shr_s ${L("ki")} (i32.const 1))`),
    set(p + "k2", `(i32x4.sub ${L("ki")} ${L("k1")})`),
    set(p + "out", op("mul", op("mul", L("y"), pow2(L("k1"))), pow2(L("k2")))),
  ];
}

/** Statements setting $o to e^$v, lane by lane as expScalar. */
function expBody(): string[] {
  return [...expInto("e", get("v")), set("o", get("eout"))];
}

/** Statements setting $o to σ of $v, lane by lane as sigmoidScalar. */
function sigmoidBody(): string[] {
  return [
    ...expInto("e", op("neg", op("abs", get("v")))),
    set("d", op("add", splat(1), get("eout"))),
    set("o", select(op("div", splat(1), get("d")), op("div", get("eout"), get("d")), op("ge", get("v"), splat(0)))),
  ];
}

/** Statements setting $o to tanh of $v, lane by lane as tanhScalar. */
function tanhBody(): string[] {
  let series = splat(TANH_SERIES[TANH_SERIES.length - 1]);
  for (let n = TANH_SERIES.length - 2; n >= 0; n--)
    series = op("add", splat(TANH_SERIES[n]), op("mul", get("y2"), series));
  return [
    set("y2", op("mul", splat(-2), op("abs", get("v")))),
    ...expInto("e", get("y2")),
    set(
      "d",
      select(
        op("mul", get("y2"), series),
        op("sub", get("eout"), splat(1)),
        op("gt", get("y2"), splat(TANH_SERIES_BELOW)),
      ),
    ),
    set("o", op("div", op("neg", get("d")), op("add", get("d"), splat(2)))),
    set(
      "o",
      select(
        op("neg", get("o")),
        select(get("o"), get("v"), op("gt", get("v"), splat(0))),
        op("lt", get("v"), splat(0)),
      ),
    ),
  ];
}

/**
 * One exported function `name(off, rows, cols, stride)`: x[off + r·stride + j] = f(x[…]) for
 * r < rows, j < cols (element indices into the memory as f64), two values at a time, the last
 * value of an odd row alone in lane 0.
 */
function rowsFunction(name: string, body: string[]): string {
  const locals = [
    "(local $row i32) (local $p i32) (local $end i32) (local $v v128) (local $o v128) (local $d v128) (local $y2 v128)",
    ...EXP_LOCALS.map((n) => `(local $e${n} v128)`),
    "(local $eout v128)",
  ];
  return [
    `(func (export "${name}") (param $off i32) (param $rows i32) (param $cols i32) (param $stride i32)`,
    ...locals,
    set("row", "(i32.const 0)"),
    "(block $rows_end (loop $rows",
    `(br_if $rows_end (i32.ge_s ${get("row")} ${get("rows")}))`,
    set("p", `(i32.shl (i32.add ${get("off")} (i32.mul ${get("row")} ${get("stride")})) (i32.const 3))`),
    set("end", `(i32.add ${get("p")} (i32.shl ${get("cols")} (i32.const 3)))`),
    "(block $pairs_end (loop $pairs",
    `(br_if $pairs_end (i32.gt_s (i32.add ${get("p")} (i32.const 16)) ${get("end")}))`,
    set("v", `(v128.load ${get("p")})`),
    ...body,
    `(v128.store ${get("p")} ${get("o")})`,
    set("p", `(i32.add ${get("p")} (i32.const 16))`),
    "(br $pairs)))",
    `(if (i32.lt_s ${get("p")} ${get("end")}) (then`,
    set("v", `(f64x2.splat (f64.load ${get("p")}))`),
    ...body,
    `(f64.store ${get("p")} (f64x2.extract_lane 0 ${get("o")}))`,
    "))",
    set("row", `(i32.add ${get("row")} (i32.const 1))`),
    "(br $rows)))",
    ")",
  ].join("\n");
}

/** The exported functions exp, sigmoid and tanh, for the kernel module (kernelsWat in gemm-wat.ts). */
export function activationFunctionsWat(): string {
  return [
    rowsFunction("exp", expBody()),
    rowsFunction("sigmoid", sigmoidBody()),
    rowsFunction("tanh", tanhBody()),
  ].join("\n");
}
