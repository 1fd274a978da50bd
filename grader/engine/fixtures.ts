/**
 * Recorded reference outputs ("fixtures"), used by the student edition and the Gradescope
 * autograder in place of the reference solutions.
 *
 * File `<fixturesDir>/<exercise>.json`:
 * ```json
 * { "format": "rnn-course-fixture/1", "exercise": "rnn-step",
 *   "cases": [ { "id": "bias-only", "input_sha256": "…", "output": <encoded value> } ] }
 * ```
 * Values are encoded losslessly in JSON: finite numbers as numbers, and tagged objects for what
 * JSON lacks: `{"$n":"NaN"|"Infinity"|"-Infinity"|"-0"}`, `{"$f64":[…]}`, `{"$f32":[…]}`,
 * `{"$i32":[…]}`, `{"$u":1}` (undefined), `{"$obj":{…}}` (an object whose keys start with "$").
 * `input_sha256` fingerprints the case input, so a fixture that no longer matches its grader
 * spec is detected instead of silently grading against stale outputs.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Value } from "../kit/spec";

/** Format tag of fixture files. */
export const FIXTURE_FORMAT = "rnn-course-fixture/1";

/** JSON-compatible data. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One recorded case. */
export interface FixtureCase {
  id: string;
  input_sha256: string;
  output: Json;
}

/** A fixture file. */
export interface FixtureFile {
  format: string;
  exercise: string;
  cases: FixtureCase[];
}

function encodeNumber(x: number): Json {
  if (Number.isNaN(x)) return { $n: "NaN" };
  if (x === Infinity) return { $n: "Infinity" };
  if (x === -Infinity) return { $n: "-Infinity" };
  if (Object.is(x, -0)) return { $n: "-0" };
  return x;
}

function decodeNumber(x: Json): number {
  if (typeof x === "number") return x;
  if (x !== null && typeof x === "object" && !Array.isArray(x) && typeof x.$n === "string") {
    const tag = x.$n;
    if (tag === "NaN") return NaN;
    if (tag === "Infinity") return Infinity;
    if (tag === "-Infinity") return -Infinity;
    if (tag === "-0") return -0;
  }
  throw new Error(`fixture: invalid number ${JSON.stringify(x)}`);
}

/** Encodes a {@link Value} as JSON data (lossless). */
export function encodeValue(v: Value): Json {
  if (v === undefined) return { $u: 1 };
  if (v === null || typeof v === "boolean" || typeof v === "string") return v as Json;
  if (typeof v === "number") return encodeNumber(v);
  if (v instanceof Float64Array) return { $f64: Array.from(v, encodeNumber) };
  if (v instanceof Float32Array) return { $f32: Array.from(v, encodeNumber) };
  if (v instanceof Int32Array) return { $i32: Array.from(v) };
  if (Array.isArray(v)) return v.map(encodeValue);
  const out: { [key: string]: Json } = {};
  let tagged = false;
  for (const key of Object.keys(v).sort()) {
    if (key.startsWith("$")) tagged = true;
    out[key] = encodeValue(v[key]);
  }
  return tagged ? { $obj: out } : out;
}

/** Decodes what {@link encodeValue} produced. */
export function decodeValue(j: Json): Value {
  if (j === null || typeof j === "boolean" || typeof j === "string" || typeof j === "number") return j;
  if (Array.isArray(j)) return j.map(decodeValue);
  const keys = Object.keys(j);
  if (keys.length === 1) {
    const k = keys[0];
    const body = j[k];
    if (k === "$n") return decodeNumber(j);
    if (k === "$u") return undefined;
    if (k === "$f64" && Array.isArray(body)) return Float64Array.from(body.map(decodeNumber));
    if (k === "$f32" && Array.isArray(body)) return Float32Array.from(body.map(decodeNumber));
    if (k === "$i32" && Array.isArray(body)) return Int32Array.from(body.map(decodeNumber));
    if (k === "$obj" && body !== null && typeof body === "object" && !Array.isArray(body)) {
      const out: { [key: string]: Value } = {};
      for (const key of Object.keys(body)) out[key] = decodeValue(body[key]);
      return out;
    }
  }
  const out: { [key: string]: Value } = {};
  for (const key of keys) out[key] = decodeValue(j[key]);
  return out;
}

/** SHA-256 of a value's canonical encoding (object keys sorted). */
export function hashValue(v: Value): string {
  return createHash("sha256")
    .update(JSON.stringify(encodeValue(v)))
    .digest("hex");
}

/** Path of an exercise's fixture file. */
export function fixturePath(fixturesDir: string, exercise: string): string {
  return path.join(fixturesDir, `${exercise}.json`);
}

/** Writes a fixture file. */
export function writeFixture(fixturesDir: string, file: FixtureFile): void {
  fs.mkdirSync(fixturesDir, { recursive: true });
  fs.writeFileSync(fixturePath(fixturesDir, file.exercise), `${JSON.stringify(file, null, 1)}\n`);
}

/** Reads and validates a fixture file; throws with a clear message when it is unusable. */
export function readFixture(fixturesDir: string, exercise: string): FixtureFile {
  const file = fixturePath(fixturesDir, exercise);
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<FixtureFile>;
  if (parsed.format !== FIXTURE_FORMAT || parsed.exercise !== exercise || !Array.isArray(parsed.cases)) {
    throw new Error(`${file} is not a fixture of exercise ${exercise} (format ${FIXTURE_FORMAT})`);
  }
  return parsed as FixtureFile;
}
