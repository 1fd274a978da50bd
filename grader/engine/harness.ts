/**
 * The runtime of a sandboxed grading child: the "supervisor", bundled on its own into `run.js` by
 * ./bundle.ts and started by ./sandbox.ts.
 *
 * A child runs one or more units (an exercise module: the grader spec, the learner's module and
 * the course library it imports, bundled into one file). Each unit is evaluated in its own V8
 * context (node:vm), so what one exercise does to its globals and built-in prototypes (Array,
 * Math, JSON, console ...) does not disturb another exercise or this supervisor. The contexts are
 * not a security boundary (node:vm is not one, see docs/grading.md): what protects the grader, the
 * solutions and other students is the process and the layers of ../sandbox/sandbox.ts. The
 * contexts share the process: a crash, an exit or a timeout ends the child, and the parent
 * restarts it at the next case. For every unit the supervisor evaluates the bundle, loads the module, checks its
 * exports, calls `spec.run` on every case, waits for the timers the unit left behind and clears
 * them, and writes one frame per event to fd 3 (see ./protocol.ts). It decides nothing: the parent
 * times each case and compares outputs. Errors thrown asynchronously (timers, unhandled
 * rejections) are attributed to the case whose code scheduled them, through AsyncLocalStorage.
 *
 * Stack traces are source-mapped here (the unit's `.map`, read only when an error needs it), since
 * Node applies source maps only to modules it loads itself.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { Console } from "node:console";
import * as fs from "node:fs";
import { SourceMap, builtinModules } from "node:module";
import * as path from "node:path";
import { types } from "node:util";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import type { ChildMessage, ErrorInfo, StagedInput, StagedUnit } from "./protocol";
import type { ExerciseSpec, Value } from "../kit/spec";

const MAX_MESSAGE = 2000;
const MAX_STACK = 4000;

// Captured before any learner code runs, so later patches of these globals do not matter here.
const writeSync = fs.writeSync;
const serialize = v8.serialize;
const processInternals = process as unknown as { reallyExit(code: number): never };
const reallyExit: (code: number) => never = processInternals.reallyExit.bind(process);
const activeResources = process.getActiveResourcesInfo.bind(process);
const eventNames = process.eventNames.bind(process);
const listenerCount = process.listenerCount.bind(process);
const ownKeys = Reflect.ownKeys;
const setTimeoutSafe = setTimeout;
const clearTimeoutSafe = clearTimeout;
const setImmediateSafe = setImmediate;
const clearImmediateSafe = clearImmediate;
const setIntervalSafe = setInterval;
const clearIntervalSafe = clearInterval;
const BufferAlloc = Buffer.alloc;
const BufferConcat = Buffer.concat;
const structuredCloneSafe = structuredClone;
const hostRequire = require;
const BUILTINS = new Set(builtinModules);

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)} … (${s.length - max} more characters)` : s;
}

function safeString(x: unknown): string | null {
  return typeof x === "string" ? x : null;
}

/** Describes anything thrown, without trusting it (getters and proxies may throw). */
export function describeThrown(e: unknown, mapStack: (stack: string) => string = (x) => x): ErrorInfo {
  try {
    // Errors from a unit's context are not `instanceof` this context's Error.
    if (e instanceof Error || types.isNativeError(e)) {
      let name = "Error";
      let message = "";
      let stack = "";
      try {
        name = safeString(e.name) ?? "Error";
      } catch {
        /* a throwing getter: keep the default */
      }
      try {
        message = safeString(e.message) ?? "";
      } catch {
        message = "(the error's message could not be read)";
      }
      try {
        stack = mapStack(safeString(e.stack) ?? "");
      } catch {
        stack = "";
      }
      let code = "";
      try {
        const c = (e as { code?: unknown }).code;
        if (typeof c === "string" && c.length < 60) code = c;
      } catch {
        /* ignore */
      }
      if (code && !name.includes(code)) name = `${name} [${code}]`;
      return { name: clip(name, 100), message: clip(message, MAX_MESSAGE), stack: clip(stack, MAX_STACK) };
    }
    const t = typeof e;
    if (t === "string") return { name: "(thrown string)", message: clip(e as string, MAX_MESSAGE), stack: "" };
    if (t === "number" || t === "boolean" || t === "bigint" || e === null || e === undefined) {
      return { name: `(thrown ${e === null ? "null" : t})`, message: String(e), stack: "" };
    }
    return {
      name: `(thrown ${t === "object" ? "object" : t})`,
      message: "a value that is not an Error was thrown",
      stack: "",
    };
  } catch {
    return { name: "(thrown value)", message: "an unreadable value was thrown", stack: "" };
  }
}

function writeFrame(body: Buffer): void {
  const header = BufferAlloc(4);
  header.writeUInt32BE(body.length, 0);
  const frame = BufferConcat([header, body]);
  let offset = 0;
  while (offset < frame.length) {
    try {
      offset += writeSync(3, frame, offset, frame.length - offset);
    } catch (e) {
      if ((e as { code?: unknown }).code === "EAGAIN") continue;
      reallyExit(70); // the parent is gone: nothing useful left to do
    }
  }
}

function send(message: ChildMessage): void {
  writeFrame(serialize(message));
}

/** Sends a case result, serializing it once; too large or untransferable outputs become errors. */
function sendResult(i: number, value: Value, maxBytes: number): void {
  let body: Buffer;
  try {
    body = serialize({ t: "result", i, ok: true, value } satisfies ChildMessage);
  } catch (e) {
    const why = describeThrown(e).message;
    send({
      t: "result",
      i,
      ok: false,
      error: { name: "OutputError", message: `the output could not be transferred to the grader (${why})`, stack: "" },
    });
    return;
  }
  if (body.length > maxBytes) {
    send({
      t: "result",
      i,
      ok: false,
      error: {
        name: "OutputError",
        message: `the output is ${body.length} bytes, more than the ${maxBytes} allowed`,
        stack: "",
      },
    });
    return;
  }
  writeFrame(body);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeoutSafe(resolve, ms));
}

/** Timer handles created by one unit's code, so they can be awaited and cleared when it ends. */
class UnitTimers {
  readonly live = new Set<NodeJS.Timeout | NodeJS.Immediate>();

  /** The timer functions given to the unit's context. */
  globals(): Record<string, unknown> {
    const live = this.live;
    return {
      setTimeout(fn: unknown, ms?: number, ...args: unknown[]) {
        if (typeof fn !== "function") return setTimeoutSafe(fn as () => void, ms);
        const h: NodeJS.Timeout = setTimeoutSafe(() => {
          live.delete(h);
          (fn as (...a: unknown[]) => void)(...args);
        }, ms);
        live.add(h);
        return h;
      },
      setInterval(fn: unknown, ms?: number, ...args: unknown[]) {
        const h = setIntervalSafe(fn as (...a: unknown[]) => void, ms, ...args);
        live.add(h);
        return h;
      },
      setImmediate(fn: unknown, ...args: unknown[]) {
        if (typeof fn !== "function") return setImmediateSafe(fn as () => void);
        const h: NodeJS.Immediate = setImmediateSafe(() => {
          live.delete(h);
          (fn as (...a: unknown[]) => void)(...args);
        });
        live.add(h);
        return h;
      },
      clearTimeout(h: NodeJS.Timeout) {
        live.delete(h);
        clearTimeoutSafe(h);
      },
      clearInterval(h: NodeJS.Timeout) {
        live.delete(h);
        clearIntervalSafe(h);
      },
      clearImmediate(h: NodeJS.Immediate) {
        live.delete(h);
        clearImmediateSafe(h);
      },
    };
  }

  /** Waits (up to `ms`) until the unit's timers, and any other timers or immediates, have run; then clears the unit's. */
  async settle(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    await new Promise((resolve) => setImmediateSafe(resolve));
    while (Date.now() < deadline) {
      const pending = this.live.size > 0 || activeResources().some((r) => r === "Timeout" || r === "Immediate");
      if (!pending) break;
      await sleep(5);
    }
    for (const h of this.live) {
      clearTimeoutSafe(h as NodeJS.Timeout);
      clearImmediateSafe(h as NodeJS.Immediate);
    }
    this.live.clear();
  }
}

/** Active resources that come and go with output to the (piped) stdout and stderr. */
const OUTPUT_RESOURCES = new Set(["PipeWrap", "SimpleWriteWrap", "WriteWrap", "ShutdownWrap", "TTYWrap"]);

/**
 * What is alive in this process besides output: active handles and requests by type, the
 * listeners on `process`, and the properties of `process` and of this realm's global object. A
 * unit that leaves this different from how it found it (a timer it did not get from its context,
 * a socket, a listener, a property holding memory) is followed by a fresh process.
 */
function footprint(): string {
  const counts = new Map<string, number>();
  for (const r of activeResources()) if (!OUTPUT_RESOURCES.has(r)) counts.set(r, (counts.get(r) ?? 0) + 1);
  for (const name of eventNames()) counts.set(`process.on(${String(name)})`, listenerCount(name));
  // Properties hung on shared objects (process, this realm's global) would keep memory alive.
  counts.set("process properties", ownKeys(process).length);
  counts.set("global properties", ownKeys(globalThis).length);
  return [...counts]
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(",");
}

/**
 * What the code prints (process.stdout/stderr, console) goes to the parent as frames on fd 3, in
 * order with the results and tagged with the case whose code printed it (`caseOf()`), so the
 * parent attributes it exactly whatever the load. It is bounded per case (and per module load):
 * the parent keeps only the head of it, and a flood must not queue in this process's memory
 * until the memory cap ends the process with a crash instead of the case's own verdict. Writes
 * beyond the budget are dropped; their callbacks still run.
 */
function boundOutput(budget: number, caseOf: () => number): { reset(): void } {
  let used = 0;
  const decoder = new TextDecoder();
  for (const [stream, err] of [
    [process.stdout, false],
    [process.stderr, true],
  ] as const) {
    stream.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
      const done = rest.find((x) => typeof x === "function") as (() => void) | undefined;
      if (done) setImmediateSafe(done);
      const room = budget - used;
      if (room <= 0) return true;
      let text = typeof chunk === "string" ? chunk : chunk instanceof Uint8Array ? decoder.decode(chunk) : "";
      if (text.length > room) text = text.slice(0, room);
      used += text.length;
      if (text !== "") send({ t: "output", i: caseOf(), err, text });
      return true;
    }) as typeof stream.write;
  }
  return {
    reset: () => {
      used = 0;
    },
  };
}

/** Rebuilds plain data (the staged inputs) with the built-ins of a unit's context, so `instanceof` works there. */
const REIFY_SOURCE = `(() => {
  const isArray = Array.isArray, isView = ArrayBuffer.isView, keys = Object.keys, hasOwn = Object.hasOwn, apply = Reflect.apply;
  const toString = Object.prototype.toString;
  const typed = { Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array,
    Uint8Array, Uint8ClampedArray, BigInt64Array, BigUint64Array };
  const reify = (v) => {
    if (v === null || typeof v !== "object") return v;
    const tag = apply(toString, v, []).slice(8, -1);
    if (isView(v)) return hasOwn(typed, tag) ? new typed[tag](v) : v;
    if (isArray(v)) {
      const out = [];
      for (let i = 0; i < v.length; i++) out[i] = reify(v[i]);
      return out;
    }
    if (tag !== "Object") return v;
    const out = {};
    for (const k of keys(v)) out[k] = reify(v[k]);
    return out;
  };
  return reify;
})()`;

/** A `require` for unit code: Node built-ins only (the bundle holds everything else). */
function unitRequire(spec: unknown): unknown {
  const name = String(spec);
  const bare = name.startsWith("node:") ? name.slice(5) : name;
  if (BUILTINS.has(bare) || BUILTINS.has(name)) return hostRequire(name);
  const err = new Error(
    `Cannot find module '${name}' (while grading, code may import Node built-ins only)`,
  ) as Error & { code: string };
  err.code = "MODULE_NOT_FOUND";
  throw err;
}

/** Maps `<unit file>:line:col` in a stack to the original sources, from the unit's source map. */
function stackMapper(file: string): (stack: string) => string {
  let map: SourceMap | null | undefined;
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(escaped + ":(\\d+):(\\d+)", "g");
  return (stack) => {
    if (!stack.includes(file)) return stack;
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
      } catch {
        map = null;
      }
    }
    const m = map;
    if (m === null) return stack;
    return stack.replace(pattern, (all, line: string, col: string) => {
      const e = m.findEntry(Number(line) - 1, Number(col) - 1) as {
        originalSource?: string;
        originalLine?: number;
        originalColumn?: number;
      };
      if (typeof e.originalSource !== "string" || typeof e.originalLine !== "number") return all;
      return `${e.originalSource}:${e.originalLine + 1}:${(e.originalColumn ?? 0) + 1}`;
    });
  };
}

/** Globals handed to unit code as variables (see loadUnit): the JavaScript built-ins and the host's additions. */
const LEXICAL_GLOBALS = [
  "globalThis",
  "Object",
  "Function",
  "Array",
  "Number",
  "Boolean",
  "String",
  "Symbol",
  "BigInt",
  "Date",
  "RegExp",
  "Promise",
  "Proxy",
  "Reflect",
  "JSON",
  "Math",
  "Intl",
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "WeakRef",
  "FinalizationRegistry",
  "Error",
  "AggregateError",
  "EvalError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "TypeError",
  "URIError",
  "ArrayBuffer",
  "DataView",
  "Float64Array",
  "Float32Array",
  "Int32Array",
  "Uint32Array",
  "Int16Array",
  "Uint16Array",
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "BigInt64Array",
  "BigUint64Array",
  "parseFloat",
  "parseInt",
  "isFinite",
  "isNaN",
  "encodeURIComponent",
  "decodeURIComponent",
  "encodeURI",
  "decodeURI",
  "setTimeout",
  "clearTimeout",
  "setInterval",
  "clearInterval",
  "setImmediate",
  "clearImmediate",
  "queueMicrotask",
  "structuredClone",
  "console",
  "process",
  "Buffer",
  "performance",
  "URL",
  "URLSearchParams",
  "TextEncoder",
  "TextDecoder",
];

/** An exercise module evaluated in its own context. */
interface LoadedUnit {
  spec: ExerciseSpec;
  mod: Record<string, unknown>;
  reify: (v: unknown) => Value;
  timers: UnitTimers;
  mapStack: (stack: string) => string;
}

/** The globals of a unit's context besides the JavaScript built-ins (which the context has its own of). */
function unitGlobals(timers: UnitTimers, reify: () => (v: unknown) => unknown): Record<string, unknown> {
  return {
    ...timers.globals(),
    console: new Console({ stdout: process.stdout, stderr: process.stderr }),
    process,
    Buffer,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    AbortController,
    AbortSignal,
    EventTarget,
    Event,
    atob,
    btoa,
    performance,
    queueMicrotask,
    structuredClone: (v: unknown, o?: Parameters<typeof structuredClone>[1]) => reify()(structuredCloneSafe(v, o)),
  };
}

/**
 * Evaluates unit `u` in a fresh context and loads its module; sends `loaded`, `load-error` or
 * `missing-exports`. Returns null when the unit cannot run.
 */
function loadUnit(staged: StagedUnit, u: number, store: AsyncLocalStorage<number>): LoadedUnit | null {
  const file = path.join(__dirname, path.basename(staged.file));
  const mapStack = stackMapper(file);
  const timers = new UnitTimers();
  let reify: ((v: unknown) => unknown) | null = null;
  let spec: ExerciseSpec;
  let mod: Record<string, unknown>;
  try {
    const context = vm.createContext(
      unitGlobals(timers, () => reify as (v: unknown) => unknown),
      { name: `exercise ${u}` },
    );
    reify = vm.runInContext(REIFY_SOURCE, context) as (v: unknown) => unknown;
    const code = fs.readFileSync(file, "utf8");
    // Globals of a context made from an object are looked up through interceptors, several times
    // slower than ordinary variables (a training ran 5x slower). The unit's code therefore sees
    // the context's globals as variables of an enclosing function, read once when it is loaded.
    const wrapper = new vm.Script(
      `(function (${LEXICAL_GLOBALS.join(", ")}) { return function (exports, require, module, __filename, __dirname) {\n${code}\n}; })`,
      {
        filename: file,
        lineOffset: -1,
      },
    );
    const outer = wrapper.runInContext(context) as (
      ...globals: unknown[]
    ) => (e: object, r: unknown, m: object, f: string, d: string) => void;
    const globalsOf = vm.runInContext(`[${LEXICAL_GLOBALS.join(", ")}]`, context) as unknown[];
    const fn = outer(...globalsOf);
    const module = { exports: {} as Record<string, unknown> };
    store.run(-1, () => fn(module.exports, unitRequire, module, file, __dirname));
    const exported = module.exports as { spec?: ExerciseSpec; load?: () => unknown };
    spec = exported.spec as ExerciseSpec;
    const loaded = store.run(-1, () => (exported.load as () => unknown)());
    if (loaded === null || (typeof loaded !== "object" && typeof loaded !== "function")) {
      throw new TypeError("the module did not evaluate to an object of exports");
    }
    mod = loaded as Record<string, unknown>;
  } catch (e) {
    send({ t: "load-error", u, error: describeThrown(e, mapStack) });
    return null;
  }
  let missing: string[];
  let available: string[];
  try {
    missing = staged.exports.filter((name) => typeof mod[name] === "undefined");
    available = Object.keys(mod).filter((k) => k !== "__esModule" && typeof k === "string");
  } catch (e) {
    send({ t: "load-error", u, error: describeThrown(e, mapStack) });
    return null;
  }
  if (missing.length > 0) {
    send({ t: "missing-exports", u, missing, available: available.slice(0, 50) });
    return null;
  }
  send({ t: "loaded", u });
  return { spec, mod, reify: reify as (v: unknown) => Value, timers, mapStack };
}

/**
 * Runs the grading protocol in this (sandboxed) process: every staged unit from the flat case
 * index given on the command line, in order.
 */
export async function runSupervisor(): Promise<void> {
  const staged = v8.deserialize(fs.readFileSync(path.join(__dirname, "inputs.bin"))) as StagedInput;
  const start = Number(process.argv[2] ?? "0");
  const unitOf: number[] = [];
  const firstCase: number[] = [];
  staged.units.forEach((unit, u) => {
    firstCase.push(unitOf.length);
    for (let k = 0; k < unit.cases.length; k++) unitOf.push(u);
  });
  const store = new AsyncLocalStorage<number>();
  let current = -1;
  let rejectCurrent: ((e: unknown) => void) | null = null;
  let mapCurrent: (stack: string) => string = (x) => x;

  const onAsyncError = (e: unknown) => {
    const origin = store.getStore();
    const owner = origin === undefined ? current : origin;
    if (owner === current && rejectCurrent !== null) {
      rejectCurrent(e);
      return;
    }
    const map =
      owner >= 0 && owner < unitOf.length
        ? stackMapper(path.join(__dirname, path.basename(staged.units[unitOf[owner]].file)))
        : mapCurrent;
    send({ t: "async-error", i: owner, error: describeThrown(e, map) });
  };
  process.on("uncaughtException", onAsyncError);
  process.on("unhandledRejection", onAsyncError);
  const printed = boundOutput(staged.maxPrintedBytes, () => {
    const origin = store.getStore();
    return origin === undefined || origin < 0 ? current : origin;
  });

  let i = Number.isInteger(start) && start >= 0 ? start : 0;
  while (i < unitOf.length) {
    const u = unitOf[i];
    const end = firstCase[u] + staged.units[u].cases.length;
    const before = footprint();
    printed.reset();
    const unit = loadUnit(staged.units[u], u, store);
    if (unit === null) {
      send({ t: "unit-done", u, fresh: footprint() !== before });
      i = end;
      continue;
    }
    mapCurrent = unit.mapStack;
    for (; i < end; i++) {
      current = i;
      printed.reset();
      try {
        const input = unit.reify(staged.units[u].cases[i - firstCase[u]].input);
        // Keeps the event loop alive while the case runs: a promise that never settles must end as a
        // timeout decided by the parent, not as a silent natural exit of the process.
        const keepAlive = setIntervalSafe(() => undefined, 1 << 30);
        const value = await new Promise<Value>((resolve, reject) => {
          rejectCurrent = reject;
          store.run(i, () => {
            try {
              Promise.resolve(unit.spec.run(unit.mod, input)).then(resolve, reject);
            } catch (e) {
              reject(e);
            }
          });
        }).finally(() => clearIntervalSafe(keepAlive));
        rejectCurrent = null;
        sendResult(i, value, staged.maxOutputBytes);
      } catch (e) {
        rejectCurrent = null;
        send({ t: "result", i, ok: false, error: describeThrown(e, unit.mapStack) });
      }
    }
    current = -1;
    await unit.timers.settle(staged.settleMs);
    send({ t: "unit-done", u, fresh: footprint() !== before });
  }
  send({ t: "done" });
  reallyExit(0);
}
