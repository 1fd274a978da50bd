/**
 * The runtime of a sandboxed grading child (bundled with the grader spec and the learner's
 * module into one file by ./bundle.ts; started by ./sandbox.ts).
 *
 * It reads the staged case inputs, loads the module, checks its exports, calls `spec.run` on
 * every case from the start index given on the command line, and writes one frame per result to
 * fd 3 (see ./protocol.ts). It decides nothing: the parent times each case, restarts the child
 * after a crash or a timeout, and compares outputs. Errors thrown asynchronously (timers,
 * unhandled rejections) are attributed to the case whose code scheduled them, through
 * AsyncLocalStorage, and reported so the parent never blames a later, innocent case.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import type { ChildMessage, ErrorInfo, StagedInput } from "./protocol";
import type { ExerciseSpec, Value } from "./spec";

const MAX_MESSAGE = 2000;
const MAX_STACK = 4000;

// Captured before any learner code runs, so later patches of these globals do not matter here.
const writeSync = fs.writeSync;
const serialize = v8.serialize;
const processInternals = process as unknown as { reallyExit(code: number): never };
const reallyExit: (code: number) => never = processInternals.reallyExit.bind(process);
const activeResources = process.getActiveResourcesInfo.bind(process);
const setTimeoutSafe = setTimeout;
const setImmediateSafe = setImmediate;
const setIntervalSafe = setInterval;
const clearIntervalSafe = clearInterval;
const BufferAlloc = Buffer.alloc;
const BufferConcat = Buffer.concat;

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)} … (${s.length - max} more characters)` : s;
}

function safeString(x: unknown): string | null {
  return typeof x === "string" ? x : null;
}

/** Describes anything thrown, without trusting it (getters and proxies may throw). */
export function describeThrown(e: unknown): ErrorInfo {
  try {
    if (e instanceof Error) {
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
        stack = safeString(e.stack) ?? "";
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
    return { name: `(thrown ${t === "object" ? "object" : t})`, message: "a value that is not an Error was thrown", stack: "" };
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
    send({ t: "result", i, ok: false, error: { name: "OutputError", message: `the output could not be transferred to the grader (${why})`, stack: "" } });
    return;
  }
  if (body.length > maxBytes) {
    send({ t: "result", i, ok: false, error: { name: "OutputError", message: `the output is ${body.length} bytes, more than the ${maxBytes} allowed`, stack: "" } });
    return;
  }
  writeFrame(body);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeoutSafe(resolve, ms));
}

/** Waits (up to `ms`) until timers and immediates left by learner code have run. */
async function settle(ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  await new Promise((resolve) => setImmediateSafe(resolve));
  while (Date.now() < deadline) {
    const pending = activeResources().filter((r) => r === "Timeout" || r === "Immediate");
    if (pending.length === 0) return;
    await sleep(5);
  }
}

/**
 * Runs the grading protocol for one exercise in this (sandboxed) process.
 * @param spec the exercise's grader spec (its `run` is called on every case)
 * @param loadModule loads the learner's (or the reference's) module; called once
 */
export async function runHarness(spec: ExerciseSpec, loadModule: () => unknown): Promise<void> {
  const staged = v8.deserialize(fs.readFileSync(path.join(__dirname, "inputs.bin"))) as StagedInput;
  const start = Number(process.argv[2] ?? "0");
  const store = new AsyncLocalStorage<number>();
  let current = -1;
  let rejectCurrent: ((e: unknown) => void) | null = null;

  const onAsyncError = (e: unknown) => {
    const origin = store.getStore();
    const owner = origin === undefined ? current : origin;
    if (owner === current && rejectCurrent !== null) {
      rejectCurrent(e);
      return;
    }
    send({ t: "async-error", i: owner, error: describeThrown(e) });
  };
  process.on("uncaughtException", onAsyncError);
  process.on("unhandledRejection", onAsyncError);

  let mod: Record<string, unknown>;
  try {
    const loaded = store.run(-1, loadModule);
    if (loaded === null || (typeof loaded !== "object" && typeof loaded !== "function")) {
      throw new TypeError("the module did not evaluate to an object of exports");
    }
    mod = loaded as Record<string, unknown>;
  } catch (e) {
    send({ t: "load-error", error: describeThrown(e) });
    reallyExit(0);
  }

  let missing: string[];
  let available: string[];
  try {
    missing = staged.exports.filter((name) => typeof mod[name] === "undefined");
    available = Object.keys(mod).filter((k) => k !== "__esModule" && typeof k === "string");
  } catch (e) {
    send({ t: "load-error", error: describeThrown(e) });
    reallyExit(0);
  }
  if (missing.length > 0) {
    send({ t: "missing-exports", missing, available: available.slice(0, 50) });
    reallyExit(0);
  }
  send({ t: "loaded" });

  for (let i = start; i < staged.cases.length; i++) {
    current = i;
    const input = staged.cases[i].input;
    try {
      // Keeps the event loop alive while the case runs: a promise that never settles must end as a
      // timeout decided by the parent, not as a silent natural exit of the process.
      const keepAlive = setIntervalSafe(() => undefined, 1 << 30);
      const value = await new Promise<Value>((resolve, reject) => {
        rejectCurrent = reject;
        store.run(i, () => {
          try {
            Promise.resolve(spec.run(mod, input)).then(resolve, reject);
          } catch (e) {
            reject(e);
          }
        });
      }).finally(() => clearIntervalSafe(keepAlive));
      rejectCurrent = null;
      sendResult(i, value, staged.maxOutputBytes);
    } catch (e) {
      rejectCurrent = null;
      send({ t: "result", i, ok: false, error: describeThrown(e) });
    }
  }
  current = -1;
  await settle(staged.settleMs);
  send({ t: "done" });
  reallyExit(0);
}
