/**
 * Generates the WebAssembly text of the SIMD elementwise kernels of src/ops/activation-kernels.ts:
 * `exp`, `sigmoid` and `tanh` over rows of a matrix, the LSTM step forward and backward
 * (`lstm_cell`, `lstm_cell_backward`), the GRU's steps around its candidate product (`gru_gates`,
 * `gru_state`) and `softmax_rows`; two values at a time in f64x2 lanes, on data in the module's
 * memory. Every value gets exactly the operations of the TypeScript functions (expScalar,
 * sigmoidScalar, tanhScalar, lstmCellRows, …) in the same order (the same constants, the same
 * rounding to an integer, the same two-step scaling by powers of two, branches turned into lane
 * selects, sums split the same way), so the two give bit-identical results and the TypeScript stays
 * the reference.
 *
 * The constants come from src/ops/activation-kernels.ts itself and are written as hexadecimal
 * floats, so the text holds exactly the same doubles.
 */
import { EXP_CONSTANTS } from "../../src/ops/activation-kernels";

/** A double as an exact hexadecimal float literal of the WebAssembly text format (or ±inf). */
export function hexFloat(v: number): string {
  if (Number.isNaN(v)) throw new Error("hexFloat: NaN has no single literal");
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
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
const EXP_LOCALS = ["xc", "kr", "k", "hi", "lo", "r", "t", "c", "k1r", "k2r"];

/**
 * 2^j lane by lane from jr = j + ROUND (j a small integer, so the low bits of jr's representation
 * hold j): the exponent field j + 1023, shifted into place (bits(jr) - bits(ROUND) + 1023 wraps
 * around harmlessly, only its low 12 bits survive the shift).
 */
function pow2(jr: string): string {
  const bias = BigInt.asIntN(64, 1023n - doubleBits(EXP_CONSTANTS.ROUND));
  return `(i64x2.shl (i64x2.add ${jr} (i64x2.splat (i64.const ${bias}))) (i32.const 52))`;
}

/** The IEEE-754 bits of a double, as an unsigned 64-bit integer. */
function doubleBits(v: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0);
}

/**
 * The argument reduction shared by exp and tanh, lane by lane as in expScalar: sets `${p}xc` (the
 * clamped input), `${p}kr` = k + ROUND, `${p}k`, `${p}hi`, `${p}lo`, `${p}r`, `${p}t` = r², `${p}c`,
 * and k1 + ROUND, k - k1 + ROUND in `${p}k1r`, `${p}k2r` (k1 = k/2 rounded).
 */
function reduce(p: string, x: string): string[] {
  const { LOG2E, LN2_HI, LN2_LO, ROUND, LOW, HIGH, P1, P2, P3, P4, P5 } = EXP_CONSTANTS;
  const L = (n: string) => get(p + n);
  // t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5)))), innermost first
  let poly = splat(P5);
  for (const coefficient of [P4, P3, P2, P1]) poly = op("add", splat(coefficient), op("mul", L("t"), poly));
  poly = op("mul", L("t"), poly);
  return [
    // x < LOW ? LOW : x > HIGH ? HIGH : x (comparisons, so NaN and -0 pass through as in TypeScript)
    set(p + "xc", select(splat(LOW), x, op("lt", x, splat(LOW)))),
    set(p + "xc", select(splat(HIGH), L("xc"), op("gt", L("xc"), splat(HIGH)))),
    set(p + "kr", op("add", op("mul", L("xc"), splat(LOG2E)), splat(ROUND))),
    set(p + "k", op("sub", L("kr"), splat(ROUND))),
    set(p + "hi", op("sub", L("xc"), op("mul", L("k"), splat(LN2_HI)))),
    set(p + "lo", op("mul", L("k"), splat(LN2_LO))),
    set(p + "r", op("sub", L("hi"), L("lo"))),
    set(p + "t", op("mul", L("r"), L("r"))),
    set(p + "c", op("sub", L("r"), poly)),
    set(p + "k1r", op("add", op("mul", L("k"), splat(0.5)), splat(ROUND))),
    // k - k1 + ROUND, with k1 = k1r - ROUND
    set(p + "k2r", op("add", op("sub", L("k"), op("sub", L("k1r"), splat(ROUND))), splat(ROUND))),
  ];
}

/** (r·c)/(2 - c) of the reduction with prefix p. */
const rational = (p: string) => op("div", op("mul", get(p + "r"), get(p + "c")), op("sub", splat(2), get(p + "c")));

/** Statements setting local `${p}out` to exp of the v128 expression `x`, lane by lane as expScalar. */
function expInto(p: string, x: string): string[] {
  const L = (n: string) => get(p + n);
  return [
    ...reduce(p, x),
    // y = 1 - ((lo - (r·c)/(2 - c)) - hi), then y · 2^k1 · 2^k2
    set(p + "out", op("sub", splat(1), op("sub", op("sub", L("lo"), rational(p)), L("hi")))),
    set(p + "out", op("mul", op("mul", L("out"), pow2(L("k1r"))), pow2(L("k2r")))),
  ];
}

/** Statements setting local `out` to e^(local `v`), lane by lane as expScalar. */
function expBody(v = "v", out = "o"): string[] {
  return [...expInto("e", get(v)), set(out, get("eout"))];
}

/** Statements setting local `out` to σ(local `v`), lane by lane as sigmoidScalar. */
function sigmoidBody(v = "v", out = "o"): string[] {
  return [
    ...expInto("e", op("neg", op("abs", get(v)))),
    set("d", op("div", splat(1), op("add", splat(1), get("eout")))),
    set(out, select(get("d"), op("mul", get("eout"), get("d")), op("ge", get(v), splat(0)))),
  ];
}

/** Statements setting local `out` to tanh(local `v`), lane by lane as tanhScalar. */
function tanhBody(v = "v", out = "o"): string[] {
  const L = (n: string) => get("e" + n);
  return [
    set("y2", op("mul", splat(-2), op("abs", get(v)))),
    ...reduce("e", get("y2")),
    // p = hi - (lo - (r·c)/(2 - c)) = e^r - 1; s = 2^k; e^u - 1 = s·p + (s - 1)
    set("eout", op("sub", L("hi"), op("sub", L("lo"), rational("e")))),
    set("d", op("mul", pow2(L("k1r")), pow2(L("k2r")))),
    set("d", op("add", op("mul", get("d"), L("out")), op("sub", get("d"), splat(1)))),
    set("y2", op("div", op("neg", get("d")), op("add", get("d"), splat(2)))),
    set(
      out,
      select(op("neg", get("y2")), select(get("y2"), get(v), op("gt", get(v), splat(0))), op("lt", get(v), splat(0))),
    ),
  ];
}

/** The locals every body above needs. */
const BODY_LOCALS = [
  "(local $v v128) (local $o v128) (local $d v128) (local $y2 v128) (local $eout v128)",
  ...EXP_LOCALS.map((n) => `(local $e${n} v128)`),
];

/**
 * A function looping over `rows` rows and over the n values of each, two at a time (the last value
 * of an odd n alone in lane 0): `body(load, store)` gives the statements for one pair at byte
 * offset $j, with row base addresses in the i32 locals named in `bases` (element offset param
 * `${name}Off`, row stride param `${name}Stride` when listed in `strided`, else n).
 */
function rowPairsFunction(
  exportName: string,
  bases: string[],
  strided: string[],
  extraLocals: string[],
  body: (load: (at: string) => string, store: (at: string, value: string) => string) => string[],
): string {
  const params = bases.map((b) => `(param $${b}Off i32)`).join(" ");
  // element offsets and strides are params; the same names without "Off" hold row byte addresses
  const strides = strided.map((b) => `(param $${b}Stride i32)`).join(" ");
  const row = (b: string) =>
    set(
      b,
      `(i32.shl (i32.add ${get(`${b}Off`)} (i32.mul ${get("row")} ${get(strided.includes(b) ? `${b}Stride` : "n")})) (i32.const 3))`,
    );
  return [
    `(func (export "${exportName}") ${params} (param $rows i32) (param $n i32) ${strides}`,
    `(local $row i32) (local $j i32) (local $d8 i32) ${bases.map((b) => `(local $${b} i32)`).join(" ")}`,
    ...extraLocals,
    ...BODY_LOCALS,
    set("d8", `(i32.shl ${get("n")} (i32.const 3))`),
    set("row", "(i32.const 0)"),
    "(block $rows_end (loop $rows",
    `(br_if $rows_end (i32.ge_s ${get("row")} ${get("rows")}))`,
    ...bases.map(row),
    set("j", "(i32.const 0)"),
    "(block $pairs_end (loop $pairs",
    `(br_if $pairs_end (i32.gt_s (i32.add ${get("j")} (i32.const 16)) ${get("d8")}))`,
    ...body(
      (at) => `(v128.load ${at})`,
      (at, value) => `(v128.store ${at} ${value})`,
    ),
    set("j", `(i32.add ${get("j")} (i32.const 16))`),
    "(br $pairs)))",
    `(if (i32.lt_s ${get("j")} ${get("d8")}) (then`,
    ...body(
      (at) => `(f64x2.splat (f64.load ${at}))`,
      (at, value) => `(f64.store ${at} (f64x2.extract_lane 0 ${value}))`,
    ),
    "))",
    set("row", `(i32.add ${get("row")} (i32.const 1))`),
    "(br $rows)))",
    ")",
  ].join("\n");
}

/** Byte address of value j (plus `blocks` blocks of n values) in the row whose base is local b. */
const inRow = (b: string, blocks = 0) =>
  blocks === 0
    ? `(i32.add ${get(b)} ${get("j")})`
    : `(i32.add ${get(b)} (i32.add ${get("j")} (i32.mul ${get("d8")} (i32.const ${blocks}))))`;

/**
 * One exported function `name(xOff, rows, n, xStride)`: x[xOff + r·xStride + j] = f(x[…]) for
 * r < rows, j < n (element indices into the memory as f64), `body` computing $o from $v.
 */
function rowsFunction(name: string, body: string[]): string {
  return rowPairsFunction(name, ["x"], ["x"], [], (load, store) => [
    set("v", load(inRow("x"))),
    ...body,
    store(inRow("x"), get("o")),
  ]);
}

/**
 * The exported `lstm_cell(gOff, cpOff, cOff, tcOff, hOff, rows, n, gStride)` (n: hidden units d):
 * one LSTM step after the gate products, for `rows` rows at once, as lstmCellRows in
 * src/ops/activation-kernels.ts: gates z [rows, G] (blocks f, i, o, c̃ of n values) are replaced by
 * σ(z_f), σ(z_i), σ(z_o), tanh(z_c̃); c = f·c_prev + i·c̃; tanh(c); h = o·tanh(c)
 * (c_prev, c, tanh c, h: [rows, n]).
 */
function lstmCellFunction(): string {
  const locals = [
    "(local $fv v128) (local $iv v128) (local $ov v128) (local $gv v128) (local $cv v128) (local $tv v128)",
  ];
  return rowPairsFunction("lstm_cell", ["g", "cp", "c", "tc", "h"], ["g"], locals, (load, store) => [
    set("v", load(inRow("g", 0))),
    ...sigmoidBody("v", "fv"),
    set("v", load(inRow("g", 1))),
    ...sigmoidBody("v", "iv"),
    set("v", load(inRow("g", 2))),
    ...sigmoidBody("v", "ov"),
    set("v", load(inRow("g", 3))),
    ...tanhBody("v", "gv"),
    store(inRow("g", 0), get("fv")),
    store(inRow("g", 1), get("iv")),
    store(inRow("g", 2), get("ov")),
    store(inRow("g", 3), get("gv")),
    // c = f·c_prev + i·c̃
    set("cv", op("add", op("mul", get("fv"), load(inRow("cp"))), op("mul", get("iv"), get("gv")))),
    store(inRow("c"), get("cv")),
    ...tanhBody("cv", "tv"),
    store(inRow("tc"), get("tv")),
    store(inRow("h"), op("mul", get("ov"), get("tv"))),
  ]);
}

/**
 * The exported `lstm_cell_backward(gOff, tcOff, cpOff, dhOff, dcOff, goOff, dzOff, rows, n, gStride,
 * dzStride)`: the elementwise part of one LSTM step's backward for `rows` rows (all inside their
 * sequences), as lstmCellBackwardRows in src/ops/activation-kernels.ts. Per value, with f, i, o, c̃
 * the gates ([rows, G]), tanh(c) and c_prev ([rows, n]), dh, dc and the output's gradient g:
 *   dh' = dh + g;  dc' = dc + dh'·o·(1 - tanh(c)²)
 *   dz = [dc'·c_prev·f·(1-f), dc'·c̃·i·(1-i), dh'·tanh(c)·o·(1-o), dc'·i·(1-c̃²)]  ([rows, G])
 *   dc ← dc'·f;  dh ← 0
 */
function lstmCellBackwardFunction(): string {
  const locals = [
    "(local $fv v128) (local $iv v128) (local $ov v128) (local $gv v128) (local $tv v128) (local $dhv v128) (local $dcv v128)",
  ];
  const one = splat(1);
  return rowPairsFunction(
    "lstm_cell_backward",
    ["g", "tc", "cp", "dh", "dc", "go", "dz"],
    ["g", "dz"],
    locals,
    (load, store) => [
      set("fv", load(inRow("g", 0))),
      set("iv", load(inRow("g", 1))),
      set("ov", load(inRow("g", 2))),
      set("gv", load(inRow("g", 3))),
      set("tv", load(inRow("tc"))),
      set("dhv", op("add", load(inRow("dh")), load(inRow("go")))),
      set(
        "dcv",
        op(
          "add",
          load(inRow("dc")),
          op("mul", op("mul", get("dhv"), get("ov")), op("sub", one, op("mul", get("tv"), get("tv")))),
        ),
      ),
      store(
        inRow("dz", 0),
        op("mul", op("mul", op("mul", get("dcv"), load(inRow("cp"))), get("fv")), op("sub", one, get("fv"))),
      ),
      store(
        inRow("dz", 1),
        op("mul", op("mul", op("mul", get("dcv"), get("gv")), get("iv")), op("sub", one, get("iv"))),
      ),
      store(
        inRow("dz", 2),
        op("mul", op("mul", op("mul", get("dhv"), get("tv")), get("ov")), op("sub", one, get("ov"))),
      ),
      store(
        inRow("dz", 3),
        op("mul", op("mul", get("dcv"), get("iv")), op("sub", one, op("mul", get("gv"), get("gv")))),
      ),
      store(inRow("dc"), op("mul", get("dcv"), get("fv"))),
      store(inRow("dh"), splat(0)),
    ],
  );
}

/**
 * The exported `softmax_rows(off, rows, cols, statsOff)`: each row of `cols` values at off + r·cols
 * becomes its softmax, in place, as softmaxRows in src/ops/activation-kernels.ts: m = the row's
 * largest value, e_j = exp(x_j - m), s = (Σ even j) + (Σ odd j) (two running sums, the last value of
 * an odd row added to the even one), x_j = e_j / s; m and s are written to statsOff + 2r, + 2r + 1.
 */
function softmaxRowsFunction(): string {
  const at = (j: string) => `(i32.add ${get("p")} ${j})`;
  return [
    '(func (export "softmax_rows") (param $off i32) (param $rows i32) (param $cols i32) (param $statsOff i32)',
    "(local $row i32) (local $p i32) (local $j i32) (local $n8 i32) (local $mx v128) (local $sum v128)",
    "(local $m f64) (local $s f64)",
    ...BODY_LOCALS,
    set("n8", `(i32.shl ${get("cols")} (i32.const 3))`),
    set("row", "(i32.const 0)"),
    "(block $rows_end (loop $rows",
    `(br_if $rows_end (i32.ge_s ${get("row")} ${get("rows")}))`,
    set("p", `(i32.shl (i32.add ${get("off")} (i32.mul ${get("row")} ${get("cols")})) (i32.const 3))`),
    // the largest value: lanes over even and odd j, then the last value of an odd row, then both lanes
    set("mx", splat(-Infinity)),
    set("j", "(i32.const 0)"),
    "(block $max_end (loop $max",
    `(br_if $max_end (i32.gt_s (i32.add ${get("j")} (i32.const 16)) ${get("n8")}))`,
    set("mx", op("max", get("mx"), `(v128.load ${at(get("j"))})`)),
    set("j", `(i32.add ${get("j")} (i32.const 16))`),
    "(br $max)))",
    `(if (i32.lt_s ${get("j")} ${get("n8")}) (then`,
    set(
      "mx",
      `(f64x2.replace_lane 0 ${get("mx")} (f64.max (f64x2.extract_lane 0 ${get("mx")}) (f64.load ${at(get("j"))})))`,
    ),
    "))",
    set("m", `(f64.max (f64x2.extract_lane 0 ${get("mx")}) (f64x2.extract_lane 1 ${get("mx")}))`),
    set("mx", `(f64x2.splat ${get("m")})`),
    // e_j = exp(x_j - m) in place, summed in two lanes
    set("sum", splat(0)),
    set("j", "(i32.const 0)"),
    "(block $exp_end (loop $exp",
    `(br_if $exp_end (i32.gt_s (i32.add ${get("j")} (i32.const 16)) ${get("n8")}))`,
    set("v", op("sub", `(v128.load ${at(get("j"))})`, get("mx"))),
    ...expBody("v", "o"),
    `(v128.store ${at(get("j"))} ${get("o")})`,
    set("sum", op("add", get("sum"), get("o"))),
    set("j", `(i32.add ${get("j")} (i32.const 16))`),
    "(br $exp)))",
    `(if (i32.lt_s ${get("j")} ${get("n8")}) (then`,
    set("v", op("sub", `(f64x2.splat (f64.load ${at(get("j"))}))`, get("mx"))),
    ...expBody("v", "o"),
    `(f64.store ${at(get("j"))} (f64x2.extract_lane 0 ${get("o")}))`,
    set(
      "sum",
      `(f64x2.replace_lane 0 ${get("sum")} (f64.add (f64x2.extract_lane 0 ${get("sum")}) (f64x2.extract_lane 0 ${get("o")})))`,
    ),
    "))",
    set("s", `(f64.add (f64x2.extract_lane 0 ${get("sum")}) (f64x2.extract_lane 1 ${get("sum")}))`),
    set("sum", `(f64x2.splat ${get("s")})`),
    // x_j = e_j / s
    set("j", "(i32.const 0)"),
    "(block $div_end (loop $div",
    `(br_if $div_end (i32.gt_s (i32.add ${get("j")} (i32.const 16)) ${get("n8")}))`,
    `(v128.store ${at(get("j"))} ${op("div", `(v128.load ${at(get("j"))})`, get("sum"))})`,
    set("j", `(i32.add ${get("j")} (i32.const 16))`),
    "(br $div)))",
    `(if (i32.lt_s ${get("j")} ${get("n8")}) (then`,
    `(f64.store ${at(get("j"))} (f64.div (f64.load ${at(get("j"))}) ${get("s")}))`,
    "))",
    // stats[2r] = m, stats[2r + 1] = s  (byte address of stats[2r]: (statsOff + 2r)·8)
    set("p", `(i32.shl (i32.add ${get("statsOff")} (i32.shl ${get("row")} (i32.const 1))) (i32.const 3))`),
    `(f64.store ${get("p")} ${get("m")})`,
    `(f64.store offset=8 ${get("p")} ${get("s")})`,
    set("row", `(i32.add ${get("row")} (i32.const 1))`),
    "(br $rows)))",
    ")",
  ].join("\n");
}

/**
 * `gru_gates(gOff, hpOff, rhOff, rows, n, gStride)`: a_r, a_z (the first 2n values of each gate row)
 * become r = σ(a_r), z = σ(a_z), and rh = r·h_prev; as gruGateRows in src/ops/activation-kernels.ts.
 */
function gruGatesFunction(): string {
  return rowPairsFunction("gru_gates", ["g", "hp", "rh"], ["g"], ["(local $rv v128)"], (load, store) => [
    set("v", load(inRow("g"))),
    ...sigmoidBody("v", "rv"),
    store(inRow("g"), get("rv")),
    set("v", load(inRow("g", 1))),
    ...sigmoidBody("v", "o"),
    store(inRow("g", 1), get("o")),
    store(inRow("rh"), op("mul", get("rv"), load(inRow("hp")))),
  ]);
}

/**
 * `gru_state(gOff, hpOff, hOff, rows, n, gStride)`: a_h (the third block of n values of each gate
 * row) becomes h̃ = tanh(a_h), and h = h_prev + z·(h̃ - h_prev); as gruStateRows.
 */
function gruStateFunction(): string {
  return rowPairsFunction("gru_state", ["g", "hp", "h"], ["g"], ["(local $hv v128)"], (load, store) => [
    set("v", load(inRow("g", 2))),
    ...tanhBody("v", "o"),
    store(inRow("g", 2), get("o")),
    set("hv", load(inRow("hp"))),
    store(inRow("h"), op("add", get("hv"), op("mul", load(inRow("g", 1)), op("sub", get("o"), get("hv"))))),
  ]);
}

/**
 * `gru_backward_state(gOff, hpOff, dhOff, goOff, dzOff, rows, n, gStride, dzStride)`: the first part
 * of a GRU step's backward for rows inside their sequences, as gruBackwardStateRows: with z and h̃
 * the second and third gate blocks, dh' = dh + g (g: the output's gradient), da_z = dh'·(h̃ - h_prev)·
 * z·(1-z) and da_h = dh'·z·(1 - h̃²) into the second and third blocks of dz, and dh ← dh'·(1 - z).
 */
function gruBackwardStateFunction(): string {
  const one = splat(1);
  return rowPairsFunction(
    "gru_backward_state",
    ["g", "hp", "dh", "go", "dz"],
    ["g", "dz"],
    ["(local $uv v128) (local $hcv v128) (local $hpv v128) (local $dhv v128)"],
    (load, store) => [
      set("uv", load(inRow("g", 1))),
      set("hcv", load(inRow("g", 2))),
      set("hpv", load(inRow("hp"))),
      set("dhv", op("add", load(inRow("dh")), load(inRow("go")))),
      store(
        inRow("dz", 1),
        op(
          "mul",
          op("mul", op("mul", get("dhv"), op("sub", get("hcv"), get("hpv"))), get("uv")),
          op("sub", one, get("uv")),
        ),
      ),
      store(
        inRow("dz", 2),
        op("mul", op("mul", get("dhv"), get("uv")), op("sub", one, op("mul", get("hcv"), get("hcv")))),
      ),
      store(inRow("dh"), op("mul", get("dhv"), op("sub", one, get("uv")))),
    ],
  );
}

/**
 * `gru_backward_reset(gOff, drhOff, hpOff, dhOff, dzOff, rows, n, gStride, dzStride)`: the second
 * part, as gruBackwardResetRows: with r the first gate block and drh = ∂L/∂(r ⊙ h_prev),
 * da_r = drh·h_prev·r·(1-r) into the first block of dz, and dh ← dh + drh·r.
 */
function gruBackwardResetFunction(): string {
  return rowPairsFunction(
    "gru_backward_reset",
    ["g", "drh", "hp", "dh", "dz"],
    ["g", "dz"],
    ["(local $rv v128) (local $drv v128)"],
    (load, store) => [
      set("rv", load(inRow("g"))),
      set("drv", load(inRow("drh"))),
      store(
        inRow("dz"),
        op("mul", op("mul", op("mul", get("drv"), load(inRow("hp"))), get("rv")), op("sub", splat(1), get("rv"))),
      ),
      store(inRow("dh"), op("add", load(inRow("dh")), op("mul", get("drv"), get("rv")))),
    ],
  );
}

/** The exported functions exp, sigmoid and tanh, for the kernel module (kernelsWat in gemm-wat.ts). */
export function activationFunctionsWat(): string {
  return [
    rowsFunction("exp", expBody()),
    rowsFunction("sigmoid", sigmoidBody()),
    rowsFunction("tanh", tanhBody()),
    lstmCellFunction(),
    lstmCellBackwardFunction(),
    softmaxRowsFunction(),
    gruGatesFunction(),
    gruStateFunction(),
    gruBackwardStateFunction(),
    gruBackwardResetFunction(),
  ].join("\n");
}
