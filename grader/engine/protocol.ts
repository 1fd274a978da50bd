/**
 * The data channel between a sandboxed grading child and the trusted parent.
 *
 * The child writes length-prefixed frames (4-byte big-endian length, then `v8.serialize` of a
 * {@link ChildMessage}) to file descriptor 3, a pipe only the parent reads. Structured clone keeps
 * NaN, ±Infinity, -0 and typed arrays. Nothing is ever parsed from the child's stdout or stderr.
 *
 * Everything that arrives is untrusted: learner code runs in the child and may write forged
 * frames. That is harmless by design, since a frame can only claim "the output of case i is V",
 * which the learner could achieve by returning V; verdicts are computed in the parent against
 * references the child never sees. The parent's {@link FrameReader} caps frame sizes, so a
 * flood cannot exhaust the parent's memory.
 */
import * as v8 from "node:v8";
import type { Value } from "../kit/spec";

/** Description of an error thrown (or a non-Error thrown) by learner code. */
export interface ErrorInfo {
  /** Error class name, e.g. "TypeError", or "(thrown string)" for a non-Error. */
  name: string;
  message: string;
  /** Stack trace (source-mapped), possibly empty. */
  stack: string;
}

/**
 * Messages from the child to the parent. `i` is a case index into the flat list of all staged
 * cases (the cases of unit 0, then of unit 1, …); `u` is a unit (exercise module) index.
 * `unit-done` with `fresh` asks for the next unit to start in a new process, because the unit
 * left something behind in this one (a handle, a listener on `process`).
 */
export type ChildMessage =
  | { t: "loaded"; u: number }
  | { t: "load-error"; u: number; error: ErrorInfo }
  | { t: "missing-exports"; u: number; missing: string[]; available: string[] }
  | { t: "result"; i: number; ok: true; value: Value }
  | { t: "result"; i: number; ok: false; error: ErrorInfo }
  | { t: "async-error"; i: number; error: ErrorInfo }
  | { t: "unit-done"; u: number; fresh: boolean }
  | { t: "output"; i: number; err: boolean; text: string }
  | { t: "done" };

/** One exercise module staged for a child: its bundle and its cases. */
export interface StagedUnit {
  /** File name of the unit's bundle in the staging folder (its source map is `<file>.map`). */
  file: string;
  /** Named exports the module must provide. */
  exports: string[];
  /** Inputs of the cases, in order. */
  cases: { id: string; input: Value }[];
}

/** What the parent stages for the child (written to `inputs.bin` in the staging folder). */
export interface StagedInput {
  /** The exercise modules, run in this order, each in its own V8 context. */
  units: StagedUnit[];
  /** Largest serialized output the child may send for one case. */
  maxOutputBytes: number;
  /** How long the child waits, after a unit's last case, for timers left behind by its code. */
  settleMs: number;
  /**
   * Bytes of stdout+stderr the child lets through per case (and per module load); the rest is
   * dropped in the child, so a flood never queues in its memory.
   */
  maxPrintedBytes: number;
}

/** Serializes one frame. */
export function encodeFrame(message: ChildMessage): Buffer {
  const body = v8.serialize(message);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

/** Incremental decoder of frames from a byte stream, with a size cap per frame. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /**
   * @param maxFrameBytes frames larger than this are an error (the reader stops)
   * @param onMessage called for every decoded message
   * @param onError called once when a frame is too large or cannot be decoded
   */
  constructor(
    private readonly maxFrameBytes: number,
    private readonly onMessage: (m: unknown) => void,
    private readonly onError: (reason: string) => void,
  ) {}

  private failed = false;

  /** Feeds bytes read from the pipe. */
  push(chunk: Buffer): void {
    if (this.failed) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.buffered < 4) return;
      const head = this.peek(4);
      const length = head.readUInt32BE(0);
      if (length > this.maxFrameBytes) {
        this.fail(`the exercise sent an output of ${length} bytes, more than the ${this.maxFrameBytes} allowed`);
        return;
      }
      if (this.buffered < 4 + length) return;
      const all = Buffer.concat(this.chunks, this.buffered);
      const body = all.subarray(4, 4 + length);
      const rest = all.subarray(4 + length);
      this.chunks = rest.length > 0 ? [Buffer.from(rest)] : [];
      this.buffered = rest.length;
      let message: unknown;
      try {
        message = v8.deserialize(body);
      } catch (e) {
        this.fail(`an output could not be decoded (${e instanceof Error ? e.message : "unknown error"})`);
        return;
      }
      this.onMessage(message);
    }
  }

  private peek(n: number): Buffer {
    if (this.chunks[0].length >= n) return this.chunks[0].subarray(0, n);
    return Buffer.concat(this.chunks, this.buffered).subarray(0, n);
  }

  private fail(reason: string): void {
    this.failed = true;
    this.chunks = [];
    this.buffered = 0;
    this.onError(reason);
  }
}

function isString(x: unknown): x is string {
  return typeof x === "string";
}

function isErrorInfo(x: unknown): x is ErrorInfo {
  if (x === null || typeof x !== "object") return false;
  const e = x as Record<string, unknown>;
  return isString(e.name) && isString(e.message) && isString(e.stack);
}

/** Validates the shape of a decoded frame; returns null for anything malformed. */
export function asChildMessage(x: unknown): ChildMessage | null {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return null;
  const m = x as Record<string, unknown>;
  const index = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
  switch (m.t) {
    case "done":
      return { t: "done" };
    case "loaded":
      return index(m.u) ? { t: "loaded", u: m.u as number } : null;
    case "unit-done":
      return index(m.u) ? { t: "unit-done", u: m.u as number, fresh: m.fresh === true } : null;
    case "load-error":
      return index(m.u) && isErrorInfo(m.error) ? { t: "load-error", u: m.u as number, error: m.error } : null;
    case "missing-exports":
      return index(m.u) &&
        Array.isArray(m.missing) &&
        m.missing.every(isString) &&
        Array.isArray(m.available) &&
        m.available.every(isString)
        ? { t: "missing-exports", u: m.u as number, missing: m.missing, available: m.available }
        : null;
    case "result":
      if (!index(m.i)) return null;
      if (m.ok === true) return { t: "result", i: m.i as number, ok: true, value: m.value as Value };
      return m.ok === false && isErrorInfo(m.error)
        ? { t: "result", i: m.i as number, ok: false, error: m.error }
        : null;
    case "output":
      return (index(m.i) || m.i === -1) && typeof m.text === "string"
        ? { t: "output", i: m.i as number, err: m.err === true, text: m.text }
        : null;
    case "async-error":
      return (index(m.i) || m.i === -1) && isErrorInfo(m.error)
        ? { t: "async-error", i: m.i as number, error: m.error }
        : null;
    default:
      return null;
  }
}

/** Limits of {@link sanitizeValue}. */
const MAX_DEPTH = 100;
const MAX_NODES = 20_000_000;

/**
 * Rebuilds a value received from a child as fresh plain data of the {@link Value} type, refusing
 * anything else (Maps, Dates, BigInts, other typed arrays, holes in arrays, absurd nesting).
 * Runs in the parent on every output before a spec's `check` sees it.
 * @throws Error with a message suitable for the learner
 */
export function sanitizeValue(x: unknown): Value {
  let nodes = 0;
  const walk = (v: unknown, where: string, depth: number): Value => {
    if (++nodes > MAX_NODES) throw new Error("the output is too large");
    if (depth > MAX_DEPTH) throw new Error(`the output is nested more than ${MAX_DEPTH} levels deep`);
    if (v === null || v === undefined || typeof v === "number" || typeof v === "boolean" || typeof v === "string")
      return v as Value;
    if (typeof v !== "object")
      throw new Error(`the output contains a ${typeof v} at ${where}, which is not plain data`);
    if (v instanceof Float64Array) return new Float64Array(v);
    if (v instanceof Float32Array) return new Float32Array(v);
    if (v instanceof Int32Array) return new Int32Array(v);
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
      throw new Error(
        `the output contains a ${Object.prototype.toString.call(v).slice(8, -1)} at ${where}; use Float64Array or number[]`,
      );
    }
    if (Array.isArray(v)) {
      const out: Value[] = [];
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) throw new Error(`the output has an empty slot at ${where}[${i}]`);
        out.push(walk(v[i], `${where}[${i}]`, depth + 1));
      }
      return out;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype) {
      throw new Error(
        `the output contains a ${Object.prototype.toString.call(v).slice(8, -1)} at ${where}, which is not plain data`,
      );
    }
    const out: { [key: string]: Value } = {};
    for (const key of Object.keys(v)) {
      Object.defineProperty(out, key, {
        value: walk((v as Record<string, unknown>)[key], `${where}.${key}`, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return walk(x, "output", 0);
}
