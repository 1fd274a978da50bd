/**
 * @file The notebook kernel of the live book, run as a (classic) Web Worker: cells share names
 * through the worker's global object (see transform.ts), `await` works at the top level, the last
 * expression is printed, console output is streamed, errors name the cell's lines and the
 * library's TypeScript sources (by the bundle's source map). An endless loop is stopped by the page
 * terminating this worker (Restart).
 */
import { modules as library } from "rnn-course-library";
import { transform } from "sucrase";
import { setDisplaySink, type DisplayMessage } from "../shims/tslab-jupyter";
import { siteBase } from "../shims/site";
import { formatLog } from "./inspect";
import type { FromKernel, ToKernel } from "./protocol";
import { SourceMap } from "./sourcemap";
import { CellSyntaxError, compileCell } from "./transform";

interface WorkerScope {
  postMessage(message: FromKernel): void;
  addEventListener(
    type: string,
    listener: (event: { data?: unknown; reason?: unknown; error?: unknown }) => void,
  ): void;
  importScripts(...urls: string[]): void;
  location: { href: string };
  __rnnSiteBase?: string;
  __rnnVendor?: Record<string, unknown>;
}

const scope = globalThis as unknown as WorkerScope & Record<string, unknown>;
const post = scope.postMessage.bind(scope);
const importScripts = scope.importScripts.bind(scope);
scope.__rnnSiteBase = new URL("../", scope.location.href).href;
const kernelUrl = scope.location.href;

let currentCell = -1;
let exerciseSources: Record<string, string> = {};

// ---------------------------------------------------------------- output
function stream(name: "stdout" | "stderr", text: string): void {
  post({ type: "stream", cell: currentCell, name, text: text.endsWith("\n") ? text : text + "\n" });
}

const console = globalThis.console;
console.log = (...args: unknown[]) => stream("stdout", formatLog(args));
console.info = console.log;
console.debug = console.log;
console.warn = (...args: unknown[]) => stream("stderr", formatLog(args));
console.error = console.warn;

setDisplaySink((message: DisplayMessage, update: boolean) => {
  post({
    type: "display",
    cell: currentCell,
    data: message.data,
    displayId: message.transient.display_id,
    update,
  });
});
// The page loads plotly.js itself: charts never carry the bundle (src/notebook/plotly.ts).
(globalThis as Record<symbol, unknown>)[Symbol.for("rnn-course.notebook.plotlyBundleSent")] = true;

// ---------------------------------------------------------------- errors
let kernelMap: SourceMap | null | undefined;

function sourceMap(): SourceMap | null {
  if (kernelMap === undefined) {
    try {
      const Xhr = (globalThis as unknown as { XMLHttpRequest: new () => XMLHttpRequest }).XMLHttpRequest;
      const xhr = new Xhr();
      xhr.open("GET", kernelUrl + ".map", false);
      xhr.send();
      kernelMap = xhr.status === 200 ? new SourceMap(JSON.parse(xhr.responseText)) : null;
    } catch {
      kernelMap = null;
    }
  }
  return kernelMap;
}

interface XMLHttpRequest {
  open(method: string, url: string, async: boolean): void;
  send(): void;
  status: number;
  responseText: string;
}

function mapFrame(line: string): string | null {
  const cell = /\bcell-(\d+):(\d+):(\d+)/.exec(line);
  if (cell) return line.replace(cell[0], `cell [${cell[1]}], line ${Number(cell[2]) - 1}`);
  const escaped = kernelUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const bundle = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(line);
  if (bundle) {
    const original = sourceMap()?.lookup(Number(bundle[1]), Number(bundle[2]));
    if (!original) return null;
    const file = original.source;
    if (!file.startsWith("src/")) return null; // the kernel's own frames and packages
    return line.replace(bundle[0], `${file}:${original.line}:${original.column}`);
  }
  if (/exercises\/[\w-]+\.ts:\d+/.test(line)) return line;
  return null;
}

/** The error as the learner should read it: message, then the frames in cells, exercises and the library. */
export function describeError(e: unknown): string {
  if (e instanceof CellSyntaxError)
    return `SyntaxError: ${e.message.replace(/\s*\(\d+:\d+\)$/, "")} (line ${e.line}, column ${e.column})`;
  if (!(e instanceof Error)) return `Uncaught ${formatLog([e])}`;
  const head = `${e.name}: ${e.message}`;
  const frames = (e.stack ?? "")
    .split("\n")
    .filter((l) => /^\s+at /.test(l))
    .map(mapFrame)
    .filter((l): l is string => l !== null);
  return [head, ...frames].join("\n");
}

// ---------------------------------------------------------------- modules
const VENDOR: Record<string, string> = {
  mathjs: "vendor-mathjs.js",
  "@tensorflow/tfjs-core": "vendor-tfjs.js",
  "@tensorflow/tfjs-backend-cpu": "vendor-tfjs.js",
  "@tensorflow/tfjs-layers": "vendor-tfjs.js",
};

const NEEDS_NODE = new Set(["fs", "path", "os", "child_process", "crypto", "util", "worker_threads", "http", "https"]);

function libraryModule(key: string, spec: string): Record<string, unknown> {
  const clean = key.replace(/\.ts$/, "").replace(/\/$/, "");
  const found = library[clean] ?? library[clean === "" ? "index" : `${clean}/index`];
  if (!found) throw new Error(`require: the course library has no module "${spec}" in the browser`);
  return found;
}

const exerciseCache = new Map<string, { source: string; exports: Record<string, unknown> }>();

function loadExercise(name: string): Record<string, unknown> {
  const source = exerciseSources[name];
  if (source === undefined) throw new Error(`require: no exercise "${name}" (exercises/${name}.ts) on this page`);
  const cached = exerciseCache.get(name);
  if (cached && cached.source === source) return cached.exports;
  const js = transform(source, { transforms: ["typescript", "imports"], production: true }).code;
  const module = { exports: {} as Record<string, unknown> };
  const requireHere = (spec: string) => {
    const lib = /^\.\.\/src(\/.*)?$/.exec(spec);
    if (lib) return libraryModule((lib[1] ?? "").replace(/^\//, ""), spec);
    const sibling = /^\.\/([\w-]+)(\.ts)?$/.exec(spec);
    if (sibling) return loadExercise(sibling[1]);
    return requireModule(spec);
  };
  new Function("exports", "require", "module", `${js}\n//# sourceURL=exercises/${name}.ts`)(
    module.exports,
    requireHere,
    module,
  );
  exerciseCache.set(name, { source, exports: module.exports });
  return module.exports;
}

function tslabModule(): Record<string, unknown> {
  const makeDisplay = (displayId?: string) => {
    let shown = false;
    const send = (data: Record<string, unknown>) => {
      post({ type: "display", cell: currentCell, data, displayId, update: displayId !== undefined && shown });
      shown = true;
    };
    const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
    return {
      html: (s: string) => send({ "text/html": s }),
      markdown: (s: string) => send({ "text/markdown": s }),
      latex: (s: string) => send({ "text/latex": s }),
      svg: (s: string) => send({ "image/svg+xml": s }),
      png: (b: Uint8Array) => send({ "image/png": base64(b) }),
      jpeg: (b: Uint8Array) => send({ "image/jpeg": base64(b) }),
      gif: (b: Uint8Array) => send({ "image/gif": base64(b) }),
      pdf: () => {
        throw new Error("tslab.display.pdf is not available in the browser");
      },
      text: (s: string) => send({ "text/plain": s }),
      raw: (mime: string, data: unknown) => send({ [mime]: data }),
    };
  };
  let n = 0;
  return {
    display: makeDisplay(),
    newDisplay: () => makeDisplay(`tslab-${Date.now()}-${n++}`),
    versions: { tslab: "browser", typescript: "sucrase (types stripped, not checked)", node: "none (browser)" },
    isNode: false,
    isBrowser: true,
  };
}

let tslab: Record<string, unknown> | null = null;

/** `require` of cells: the library (`./rnn/...`), exercises, tslab, and bundled npm packages. */
function requireModule(spec: string): unknown {
  const rnn = /^\.\/rnn(\/.*)?$/.exec(spec);
  if (rnn) {
    const key = (rnn[1] ?? "").replace(/^\//, "");
    return libraryModule(key, spec);
  }
  const exercise = /^\.\/exercises\/([\w-]+)(\.ts)?$/.exec(spec);
  if (exercise) return loadExercise(exercise[1]);
  if (spec === "tslab") return (tslab ??= tslabModule());
  const vendor = VENDOR[spec];
  if (vendor) {
    const loaded = (scope.__rnnVendor ??= {});
    if (!(spec in loaded)) importScripts(new URL(`assets/${vendor}`, siteBase()).href);
    if (spec in loaded) return loaded[spec];
  }
  const bare = spec.replace(/^node:/, "");
  if (NEEDS_NODE.has(bare)) {
    throw new Error(
      `require("${spec}"): Node's ${bare} module is not available in the browser; run this cell in Jupyter`,
    );
  }
  throw new Error(`require("${spec}"): not available in the browser kernel`);
}
requireModule.resolve = (spec: string) => {
  throw new Error(`require.resolve("${spec}"): not available in the browser`);
};

scope.require = requireModule;
scope.__importDefault = (m: { __esModule?: boolean; default?: unknown }) => (m && m.__esModule ? m.default : m);
const started = performance.now();
scope.process = {
  env: {},
  platform: "browser",
  versions: {},
  argv: [],
  cwd: () => "/course/notebooks",
  /** Wall-clock time in µs: a browser page has no CPU-time clock. */
  cpuUsage(previous?: { user: number; system: number }) {
    const user = Math.round((performance.now() - started) * 1000);
    return previous ? { user: user - previous.user, system: 0 } : { user, system: 0 };
  },
  hrtime: Object.assign(
    (previous?: [number, number]) => {
      const ns = Math.round(performance.now() * 1e6);
      const t: [number, number] = [Math.floor(ns / 1e9), ns % 1e9];
      if (!previous) return t;
      let d = (t[0] - previous[0]) * 1e9 + (t[1] - previous[1]);
      return [Math.floor(d / 1e9), (d = d % 1e9)];
    },
    { bigint: () => BigInt(Math.round(performance.now() * 1e6)) },
  ),
};

// ---------------------------------------------------------------- cells
/** Makes each name an own writable property of the global (shadowing read-only ones such as `name`). */
function declare(names: string[]): void {
  for (const n of names) {
    const own = Object.getOwnPropertyDescriptor(scope, n);
    if (own && ("value" in own ? own.writable : own.set)) continue;
    Object.defineProperty(scope, n, { value: undefined, writable: true, configurable: true, enumerable: true });
  }
}

const indirectEval = eval;

async function runCell(message: Extract<ToKernel, { type: "run" }>): Promise<void> {
  currentCell = message.cell;
  exerciseSources = message.exercises;
  const t0 = performance.now();
  try {
    const compiled = compileCell(message.code, `cell-${message.cell}`);
    declare(compiled.names);
    const fn = indirectEval(compiled.code) as () => Promise<unknown>;
    const value = await fn();
    // As tslab: the value is printed with console.log unless it is null or undefined.
    if (value != null) stream("stdout", formatLog([value]));
    post({ type: "done", cell: message.cell, ok: true, seconds: (performance.now() - t0) / 1000 });
  } catch (e) {
    const text = describeError(e);
    stream("stderr", text);
    post({ type: "done", cell: message.cell, ok: false, error: text, seconds: (performance.now() - t0) / 1000 });
  }
}

let queue: Promise<void> = Promise.resolve();
scope.addEventListener("message", (event) => {
  const message = event.data as ToKernel;
  if (message.type === "run") queue = queue.then(() => runCell(message));
  else if (message.type === "selfcheck-reply")
    (globalThis as unknown as { __rnnSelfCheckReply?: (m: unknown) => void }).__rnnSelfCheckReply?.(message);
});
scope.addEventListener("unhandledrejection", (event) =>
  stream("stderr", `Unhandled rejection: ${describeError(event.reason)}`),
);
scope.addEventListener("error", (event) => stream("stderr", describeError(event.error)));
post({ type: "ready" });
