/**
 * Benchmark: one LSTM training step, ours against TensorFlow.js.
 *
 * Workload "lstm-h64-t50-b32": input size m = 2, hidden size d = 64, batch B = 32, length T = 50,
 * a dense head on the last hidden state, MSE loss; forward + backward + Adam update.
 * FLOPs per step count the gate products only, as the course's performance notes do:
 * 2·B·T·4d·(m+d) forward and twice that backward, 3 × 2·B·T·4·d·(m+d) = 162 MFLOP.
 *
 * Candidates, all in this one process and interleaved round by round so that machine noise hits
 * them alike:
 *   ours          rnn.LSTM (fused op) + rnn.Linear, rnn.mseLoss, rnn.Adam
 *   tfjs cpu      tf.layers.lstm (sigmoid recurrent activation) + tf.layers.dense, meanSquaredError,
 *                 tf.train.adam, on the pure-JavaScript `cpu` backend
 *   tfjs wasm     the same on the `wasm` backend (XNNPACK, SIMD; binaries loaded from
 *                 node_modules/@tensorflow/tfjs-backend-wasm/dist, nothing downloaded)
 *   tfjs core     the LSTM in TensorFlow.js core ops on `wasm`, with a custom matmul gradient
 *   ours, TS only our step with the WebAssembly gemm switched off (setWasmKernels(false)): the
 *                 pure TypeScript path, to show what the SIMD kernel buys in the same process
 * Each step is timed alone (wall clock); the figure per candidate is the median over all rounds.
 * Before each candidate's turn the heap is collected and one step runs untimed, so no candidate
 * pays for another's garbage. Process CPU time
 * is shown too: on a shared machine it varies less than wall time (TensorFlow.js runs on one
 * thread here, like us, so the two compare).
 * A second, smaller table times our GRU and simple RNN on the same workload, fused and composed
 * step by step (fused: false); a third shows how the fused LSTM's time grows with d (64, 128, 256)
 * and T (50, 200). The last line printed is one JSON object for tools.
 *
 * Node runs with --max-semi-space-size=32 (see package.json): a training step allocates megabytes
 * of short-lived buffers and tensors, and V8's default young generation (16 MB) makes it scavenge
 * several times per step; both libraries run in this one process under the same setting.
 *
 * Usage: npm run bench [-- --rounds 4 --steps 4]   (the defaults; each round times 3×steps of ours)
 */
import * as path from "node:path";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
// The node build of tfjs-core registers neither gradients nor chained tensor methods (the
// @tensorflow/tfjs bundle does); training and the orthogonal initializer need both.
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tfl from "@tensorflow/tfjs-layers";
import * as rnn from "../src/index";
import { setWasmKernels, wasmKernelsAvailable } from "../src/ops/kernels";

const B = 32,
  T = 50,
  m = 2,
  d = 64;
const D = d,
  LENGTH = T;
const FLOPS = 3 * 2 * B * T * 4 * d * (m + d);

function argument(name: string, fallback: number): number {
  const k = process.argv.indexOf(`--${name}`);
  const v = k >= 0 ? Number(process.argv[k + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`bench: --${name} must be a positive integer, got ${process.argv[k + 1]}`);
  return v;
}
const ROUNDS = argument("rounds", 4);
const STEPS = argument("steps", 4); // timed steps per candidate per round (ours does 3× as many: it is fast)
const WARMUP = 3;

interface Candidate {
  name: string;
  /** Makes the candidate's backend current (TensorFlow.js keeps one active backend). */
  activate: () => Promise<void>;
  /** One training step; returns the loss. */
  step: () => number;
  times: number[];
  /** Process CPU time of the same steps (user + system): less sensitive to a shared machine. */
  cpuTimes: number[];
  roundMedians: number[];
}

/** Our training step for any of our recurrent layers, fused (the default) or composed step by step. */
function ours(kind: "LSTM" | "GRU" | "RNN" = "LSTM", fused = true, d = D, T = LENGTH): Candidate {
  const rng = new rnn.Rng(1);
  const layer =
    kind === "LSTM"
      ? new rnn.LSTM(m, d, { rng })
      : kind === "GRU"
        ? new rnn.GRU(m, d, { rng })
        : new rnn.RNN(m, d, { rng });
  const head = new rnn.Linear(d, 1, { rng });
  const optimizer = new rnn.Adam([...layer.parameters(), ...head.parameters()], { lr: 1e-3 });
  const x = rng.randn([B, T, m]);
  const y = rng.randn([B, 1]);
  return {
    name: `ours (${kind}, ${fused ? "fused op" : "step by step"}, float64)${d !== D || T !== LENGTH ? `, d=${d}, T=${T}` : ""}`,
    activate: async () => {},
    step: () => {
      optimizer.zeroGrad();
      const last = rnn.select(layer.forward(x, { fused }).h, 0, 0); // final h of the (only) layer: [B, d]
      const loss = rnn.mseLoss(head.forward(last), y);
      loss.backward();
      optimizer.step();
      return loss.item();
    },
    times: [],
    cpuTimes: [],
    roundMedians: [],
  };
}

/** The same candidate with every product in the TypeScript kernel (the WebAssembly one off). */
function typeScriptOnly(c: Candidate): Candidate {
  const step = c.step;
  return {
    ...c,
    name: c.name.replace(")", ", TypeScript kernels only)"),
    step: () => {
      const before = setWasmKernels(false);
      try {
        return step();
      } finally {
        setWasmKernels(before);
      }
    },
  };
}

async function tfjs(backend: "cpu" | "wasm"): Promise<Candidate> {
  await tf.setBackend(backend);
  // Default initializers (the orthogonal one warns that a 64×256 matrix is "large": silenced).
  const warn = console.warn;
  console.warn = () => {};
  const model = tfl.sequential({
    layers: [
      tfl.layers.lstm({ units: d, inputShape: [T, m], recurrentActivation: "sigmoid" }),
      tfl.layers.dense({ units: 1 }),
    ],
  });
  tf.tidy(() => void model.predict(tf.zeros([1, T, m]))); // builds the weights while silenced
  console.warn = warn;
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomNormal([B, T, m], 0, 1, "float32", 1);
  const y = tf.randomNormal([B, 1], 0, 1, "float32", 2);
  return {
    name: `TensorFlow.js ${backend}`,
    activate: async () => {
      await tf.setBackend(backend);
    },
    step: () => {
      const loss = optimizer.minimize(
        () => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
        true,
      );
      if (!loss) throw new Error(`bench: TensorFlow.js ${backend} returned no loss`);
      const value = loss.dataSync()[0];
      loss.dispose();
      return value;
    },
    times: [],
    cpuTimes: [],
    roundMedians: [],
  };
}

/**
 * The LSTM written with TensorFlow.js core ops on the `wasm` backend, with a custom matmul gradient
 * that forms the transposes explicitly (XNNPACK is fast on A·B but slow on the transposed products
 * of the built-in gradient): z_t = x_t·W + h·U + b, split into f, i, o, c̃; same head and loss.
 */
async function tfjsCore(): Promise<Candidate> {
  await tf.setBackend("wasm");
  const variable = (shape: number[], scale: number, seed: number) =>
    tf.variable(tf.randomNormal(shape as [number, number], 0, scale, "float32", seed)) as tf.Variable<tf.Rank.R2>;
  const W = variable([m, 4 * d], 1 / Math.sqrt(m), 3),
    U = variable([d, 4 * d], 1 / Math.sqrt(d), 4),
    b = variable([4 * d], 0.01, 5),
    headW = variable([d, 1], 1 / Math.sqrt(d), 6),
    headB = variable([1], 0.01, 7);
  const matMul = tf.customGrad(((a: tf.Tensor2D, w: tf.Tensor2D, save: tf.GradSaveFunc) => {
    save([a, w]);
    return {
      value: tf.matMul(a, w),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [sa, sw] = saved as tf.Tensor2D[];
        return [tf.matMul(dy, tf.transpose(sw)), tf.matMul(tf.transpose(sa), dy)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor, w: tf.Tensor) => tf.Tensor2D;
  const xs = tf.unstack(tf.randomNormal([B, T, m], 0, 1, "float32", 1), 1) as tf.Tensor2D[];
  const y = tf.randomNormal([B, 1], 0, 1, "float32", 2);
  const optimizer = tf.train.adam(1e-3);
  const loss = () =>
    tf.tidy(() => {
      let h = tf.zeros([B, d]) as tf.Tensor2D,
        c = tf.zeros([B, d]) as tf.Tensor2D;
      for (let t = 0; t < T; t++) {
        const z = tf.add(tf.add(matMul(xs[t], W), matMul(h, U)), b);
        const [zf, zi, zo, zg] = tf.split(z, 4, 1);
        c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
        h = tf.mul(tf.sigmoid(zo), tf.tanh(c));
      }
      return tf.losses.meanSquaredError(y, tf.add(matMul(h, headW), headB)) as tf.Scalar;
    });
  return {
    name: "TensorFlow.js wasm, core ops, custom matmul gradient",
    activate: async () => {
      await tf.setBackend("wasm");
    },
    step: () => {
      const value = optimizer.minimize(loss, true, [W, U, b, headW, headB]);
      if (!value) throw new Error("bench: TensorFlow.js core ops returned no loss");
      const v = value.dataSync()[0];
      value.dispose();
      return v;
    },
    times: [],
    cpuTimes: [],
    roundMedians: [],
  };
}

// A full garbage collection before each candidate's turn, so that no candidate pays for the
// garbage of the one before it (all share this process and its heap).
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/**
 * Times n steps of c after a garbage collection, a pause (the collector finishes sweeping on
 * background threads, which would otherwise compete with the timed steps) and one untimed step;
 * records wall and CPU times (ms) in c and returns the wall times.
 */
async function timeSteps(c: Candidate, n: number): Promise<number[]> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 200));
  c.step();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    c.step();
    times.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    c.cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  c.times.push(...times);
  return times;
}

function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

async function main(): Promise<void> {
  tf.env().set("PROD", true); // no "install tfjs-node" banner
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false); // one thread, like every other candidate here
  setWasmPaths(
    path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep,
  );

  const candidates = [ours(), await tfjs("cpu"), await tfjs("wasm"), await tfjsCore(), typeScriptOnly(ours())];
  for (const c of candidates) {
    await c.activate();
    for (let i = 0; i < WARMUP; i++) {
      const loss = c.step();
      if (!Number.isFinite(loss)) throw new Error(`bench: ${c.name} produced a non-finite loss ${loss}`);
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so no candidate always runs first (or right after another).
    const order = candidates.map((_, k) => candidates[(k + round) % candidates.length]);
    for (const c of order) {
      await c.activate();
      c.roundMedians.push(median(await timeSteps(c, c.name.startsWith("ours") ? 3 * STEPS : STEPS)));
    }
  }

  const [mine, cpu, wasm, wasmCore, tsOnly] = candidates;
  const ms = (c: Candidate) => median(c.times);
  console.log(
    `One LSTM training step: B=${B}, T=${T}, m=${m}, d=${d}, dense head, MSE, Adam; ${(FLOPS / 1e6).toFixed(0)} MFLOP counted per step.`,
  );
  console.log(`${ROUNDS} interleaved rounds; median over all timed steps (per-round medians in brackets).`);
  console.log("On a shared machine the medians rise with its load; CPU time and the fastest step vary less.\n");
  const header = [
    "implementation",
    "ms / step",
    "GFLOP/s",
    "time / ours",
    "CPU ms / step",
    "fastest step (ms)",
    "round medians (ms)",
  ];
  const rows = candidates.map((c) => [
    c.name,
    ms(c).toFixed(1),
    (FLOPS / ms(c) / 1e6).toFixed(2),
    (ms(c) / ms(mine)).toFixed(2),
    median(c.cpuTimes).toFixed(1),
    Math.min(...c.times).toFixed(1),
    "[" + c.roundMedians.map((t) => t.toFixed(1)).join(", ") + "]",
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) =>
    "| " + cells.map((s, k) => (k === 0 || k === 6 ? s.padEnd(widths[k]) : s.padStart(widths[k]))).join(" | ") + " |";
  console.log(line(header));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows) console.log(line(r));
  console.log("");

  // The same workload with our other layers, and each layer composed step by step from primitive
  // ops (fused: false), to show what fusing buys; FLOPs scale with the number of gate blocks.
  const others = (["LSTM", "GRU", "RNN"] as const).flatMap((kind) => [ours(kind, true), ours(kind, false)]);
  for (const c of others) c.step();
  for (let round = 0; round < 2; round++) {
    for (const c of others) await timeSteps(c, STEPS);
  }
  console.log("Our layers on the same workload (2 interleaved rounds):\n");
  const blocks = { LSTM: 4, GRU: 3, RNN: 1 };
  const rows2 = others.map((c, k) => {
    const kind = (["LSTM", "GRU", "RNN"] as const)[k >> 1];
    return [
      c.name,
      ms(c).toFixed(1),
      ((FLOPS * blocks[kind]) / 4 / ms(c) / 1e6).toFixed(2),
      median(c.cpuTimes).toFixed(1),
    ];
  });
  const header2 = ["implementation", "ms / step", "GFLOP/s", "CPU ms / step"];
  const widths2 = header2.map((h, k) => Math.max(h.length, ...rows2.map((r) => r[k].length)));
  const line2 = (cells: string[]) =>
    "| " + cells.map((s, k) => (k === 0 ? s.padEnd(widths2[k]) : s.padStart(widths2[k]))).join(" | ") + " |";
  console.log(line2(header2));
  console.log("|" + widths2.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows2) console.log(line2(r));
  console.log("");

  // How the time grows with the length T and the hidden size d (fused LSTM): the work is
  // 2·B·T·4d·(m+d) per product, so time should be linear in T and close to quadratic in d.
  const shapes: [number, number][] = [
    [64, 50],
    [128, 50],
    [256, 50],
    [64, 200],
  ];
  const scaled = shapes.map(([dd, tt]) => ours("LSTM", true, dd, tt));
  for (const c of scaled) c.step();
  for (let round = 0; round < 2; round++) {
    for (const c of scaled) await timeSteps(c, STEPS);
  }
  console.log(
    "Fused LSTM as d and T grow (2 interleaved rounds; growth measured on CPU time, which a shared machine disturbs less):\n",
  );
  const cpuMs = (c: Candidate) => median(c.cpuTimes);
  const base = cpuMs(scaled[0]);
  const rows3 = scaled.map((c, k) => {
    const [dd, tt] = shapes[k];
    const flops = 3 * 2 * B * tt * 4 * dd * (m + dd);
    return [
      `d=${dd}, T=${tt}`,
      ms(c).toFixed(1),
      cpuMs(c).toFixed(1),
      (flops / cpuMs(c) / 1e6).toFixed(2),
      (cpuMs(c) / base).toFixed(2),
    ];
  });
  const header3 = ["shape", "ms / step", "CPU ms / step", "GFLOP/s (CPU)", "CPU time / (d=64, T=50)"];
  const widths3 = header3.map((h, k) => Math.max(h.length, ...rows3.map((r) => r[k].length)));
  const line3 = (cells: string[]) =>
    "| " + cells.map((s, k) => (k === 0 ? s.padEnd(widths3[k]) : s.padStart(widths3[k]))).join(" | ") + " |";
  console.log(line3(header3));
  console.log("|" + widths3.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows3) console.log(line3(r));
  const growthT = cpuMs(scaled[3]) / base; // ideal 4
  const exponentD = Math.log(cpuMs(scaled[2]) / cpuMs(scaled[1])) / Math.log(2); // ideal close to 2
  console.log(
    `\nT 50 -> 200 multiplies the time by ${growthT.toFixed(2)} (linear: 4); ` +
      `d 128 -> 256 by ${(cpuMs(scaled[2]) / cpuMs(scaled[1])).toFixed(2)}, time ~ d^${exponentD.toFixed(2)} (quadratic: d^2).\n`,
  );

  const perLayer = (kind: "GRU" | "RNN") => {
    const c = others[kind === "GRU" ? 2 : 4];
    return {
      ms_per_step: Number(ms(c).toFixed(2)),
      gflops: Number(((FLOPS * blocks[kind]) / 4 / ms(c) / 1e6).toFixed(3)),
    };
  };
  console.log(
    JSON.stringify({
      workload: "lstm-h64-t50-b32",
      ms_per_step: Number(ms(mine).toFixed(2)),
      gflops: Number((FLOPS / ms(mine) / 1e6).toFixed(3)),
      vs_tfjs_cpu: Number((ms(cpu) / ms(mine)).toFixed(2)),
      vs_tfjs_wasm: Number((ms(wasm) / ms(mine)).toFixed(2)),
      vs_tfjs_wasm_core_custom_grad: Number((ms(wasmCore) / ms(mine)).toFixed(2)),
      wasm_kernel: wasmKernelsAvailable() && process.env.RNN_COURSE_WASM !== "0",
      vs_typescript_kernels_only: Number((ms(tsOnly) / ms(mine)).toFixed(2)),
      vs_typescript_kernels_only_cpu: Number((median(tsOnly.cpuTimes) / median(mine.cpuTimes)).toFixed(2)),
      gru: perLayer("GRU"),
      rnn: perLayer("RNN"),
      scaling_cpu_ms: Object.fromEntries(
        shapes.map(([dd, tt], k) => [`d${dd}_t${tt}`, Number(cpuMs(scaled[k]).toFixed(2))]),
      ),
      time_growth_t50_to_t200: Number(growthT.toFixed(2)),
      time_exponent_d128_to_d256: Number(exponentD.toFixed(2)),
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
