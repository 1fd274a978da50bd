/**
 * The teacher's reference outputs kept on disk (`<root>/.tmp/grading-cache/`, ignored by git,
 * never released), keyed by the hash of the reference bundle (spec + solution + library) and of
 * the case inputs, so repeated gradings (self-checks, `npm run grade`) skip recomputing them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { GradeCase } from "../kit/spec";
import type { Expected } from "./exercise-run";
import { decodeValue, encodeValue, type Json } from "./fixtures";

/**
 * The teacher's reference outputs are also kept on disk (`<root>/.tmp/grading-cache/`, ignored by
 * git, never released), keyed by the hash of the reference bundle (spec + solution + library) and
 * of the case inputs, so repeated gradings (self-checks, `npm run grade`) skip recomputing them.
 */
function cacheFile(root: string, key: string): string {
  return path.join(root, ".tmp", "grading-cache", `${key}.json`);
}

export function readReferenceCache(root: string, key: string, cases: GradeCase[]): Expected[] | null {
  try {
    const stored = JSON.parse(fs.readFileSync(cacheFile(root, key), "utf8")) as { ids: string[]; outputs: Json[] };
    if (JSON.stringify(stored.ids) !== JSON.stringify(cases.map((c) => c.id))) return null;
    return stored.outputs.map((o) => ({ ok: true, value: decodeValue(o) }));
  } catch {
    return null;
  }
}

export function writeReferenceCache(root: string, key: string, cases: GradeCase[], expected: Expected[]): void {
  const outputs: Json[] = [];
  for (const e of expected) {
    if (!("value" in e)) return; // only complete, successful references are kept
    outputs.push(encodeValue(e.value));
  }
  try {
    const file = cacheFile(root, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ ids: cases.map((c) => c.id), outputs }));
    fs.renameSync(tmp, file);
    pruneReferenceCache(path.dirname(file), 300);
  } catch {
    /* a cache only */
  }
}

function pruneReferenceCache(dir: string, keep: number): void {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
  if (files.length <= keep) return;
  const byAge = files.map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of byAge.slice(keep)) fs.rmSync(path.join(dir, f), { force: true });
}
