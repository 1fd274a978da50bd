/**
 * Grader of exercise 11 (bidirectional): a bidirectional simple RNN, outputs [h→_t ; h←_t].
 * T = 1 cannot tell the directions apart; longer sequences with different forward and backward
 * parameters (and sizes) expose a missing time alignment, swapped halves or shared parameters.
 */
import {
  asMatrix,
  CaseRng,
  compareMatrix,
  copy,
  type ExerciseSpec,
  getFunction,
  type GradeCase,
  TIGHT,
  type Value,
  verdict,
} from "../kit";

interface Params {
  Wh: number[][];
  Wx: number[][];
  b: number[];
}

interface Input {
  forward: Params;
  backward: Params;
  xs: number[][];
}

function params(rng: CaseRng, d: number, m: number, scale = 0.7): Params {
  return { Wh: rng.matrix(d, d, scale), Wx: rng.matrix(d, m, scale), b: rng.vector(d, 0.3) };
}

function random(rng: CaseRng, df: number, db: number, m: number, T: number): Input {
  return { forward: params(rng, df, m), backward: params(rng, db, m), xs: rng.matrix(T, m) };
}

function rows(v: Value): Float64Array[] | null {
  return Array.isArray(v) && v.every((r) => r instanceof Float64Array) ? (v as Float64Array[]) : null;
}

function diagnose(actual: Value, expected: Value, c: GradeCase<Input>): string {
  const a = rows(actual);
  const e = rows(expected);
  if (!a || !e || a.length !== e.length || e.length === 0) return "";
  const inp = c.input;
  const df = inp.forward.b.length;
  const T = e.length;
  const near = (x: ArrayLike<number>, y: ArrayLike<number>) =>
    x.length === y.length && Array.from(x).every((v, i) => Math.abs(v - y[i]) <= 1e-9 + 1e-6 * Math.abs(y[i]));
  const fwdOk = a.every((r, t) => near(r.subarray(0, df), e[t].subarray(0, df)));
  const bwdReversed = a.every((r, t) => near(r.subarray(df), e[T - 1 - t].subarray(df)));
  const swapped = a.every(
    (r, t) => r.length === e[t].length && near(r, Float64Array.from([...e[t].subarray(df), ...e[t].subarray(0, df)])),
  );
  if (swapped)
    return "Hint: the halves are swapped: y_t = [h→_t ; h←_t], forward first.\n提示：两半的顺序反了：y_t = [h→_t ; h←_t]，前向在前。";
  if (fwdOk && bwdReversed && T > 1) {
    return (
      "Hint: your backward states are in processing order. h←_t (after reading x_T … " +
      "x_t) belongs at time step t: reverse them back before concatenating.\n" +
      "提示：后向状态按处理顺序排列了。h←_t（读完 x_T … x_t 之后）应放在时间步 t：拼接前要再倒回来。"
    );
  }
  if (fwdOk)
    return (
      "Hint: the forward half is right; the backward RNN reads x_T first, from a zero " +
      "state, with its OWN parameters.\n提示：前向部分正确；后向 RNN 从零状态开始、先读 x_T，并使用它自己的参数。"
    );
  return (
    "Hint: the forward half is wrong: it is exercise 2's RNN from h→_0 = 0 with the " +
    "forward parameters.\n提示：前向部分就错了：它就是练习 2 的 RNN，从 h→_0 = 0 开始，用前向参数。"
  );
}

const spec: ExerciseSpec<Input> = {
  name: "bidirectional",
  title: { zh: "双向RNN", en: "Bidirectional RNN" },
  order: 11,
  exports: ["bidirectionalRnn"],
  library: false,

  cases(): GradeCase<Input>[] {
    const rng = new CaseRng(1010);
    const same = { Wh: [[0.5]], Wx: [[1]], b: [0] };
    return [
      {
        id: "worked-example",
        title: "题目中的例子 (worked example), T=2",
        points: 1,
        input: { forward: same, backward: same, xs: [[1], [0]] },
      },
      { id: "empty", title: "空序列 (T = 0)", points: 1, input: { forward: same, backward: same, xs: [] } },
      { id: "length-1", title: "长度为 1 (T = 1)", points: 1, input: random(rng, 2, 2, 2, 1) },
      {
        id: "impulse",
        title: "开头一个脉冲 (impulse at t = 1), T = 5",
        points: 2,
        input: {
          forward: { Wh: [[0.8]], Wx: [[1]], b: [0] },
          backward: { Wh: [[0.3]], Wx: [[2]], b: [0.1] },
          xs: [[1], [0], [0], [0], [0]],
        },
      },
      {
        id: "different-sizes",
        title: "两个方向维度不同 (d_f = 2, d_b = 3), T = 4",
        points: 2,
        input: random(rng, 2, 3, 2, 4),
      },
      { id: "random-1", title: "随机 (random) d=3, m=2, T=6", points: 1, input: random(rng, 3, 3, 2, 6) },
      {
        id: "random-hidden-1",
        title: "随机 (random) d_f=4, d_b=2, m=3, T=12",
        points: 1,
        hidden: true,
        input: random(rng, 4, 2, 3, 12),
      },
      {
        id: "random-hidden-2",
        title: "随机 (random) d=1, m=1, T=9",
        points: 1,
        hidden: true,
        input: random(rng, 1, 1, 1, 9),
      },
    ];
  },

  run(mod, inp) {
    const f = getFunction(mod, "bidirectionalRnn");
    return asMatrix(f(copy(inp.forward), copy(inp.backward), copy(inp.xs)), "bidirectionalRnn(...)");
  },

  check(actual, expected, c) {
    const msg = compareMatrix("y", actual, expected, TIGHT);
    return verdict([msg], diagnose(actual, expected, c));
  },
};

export default spec;
