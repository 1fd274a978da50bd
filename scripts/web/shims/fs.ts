/**
 * @file The part of Node's `fs` the library uses (data loaders), for the browser build: reads
 * course files over HTTP (see site.ts). Aliased for `fs` / `node:fs` by scripts/web/build.ts.
 */
import { courseUrl, requestSync } from "./site";

function notFound(file: string, syscall: string): Error {
  const e = new Error(
    `ENOENT: no such file or directory, ${syscall} '${file}' (in the browser only course files can be read)`,
  );
  (e as Error & { code: string }).code = "ENOENT";
  return e;
}

export function readFileSync(file: string, encoding?: string | { encoding?: string }): string {
  const url = courseUrl(String(file));
  if (url === null) throw notFound(String(file), "open");
  const enc = typeof encoding === "string" ? encoding : encoding?.encoding;
  if (enc !== "utf8" && enc !== "utf-8") {
    throw new Error(`readFileSync: only text files (encoding "utf8") can be read in the browser, asked for ${file}`);
  }
  const r = requestSync("GET", url);
  if (r.status !== 200) throw notFound(String(file), "open");
  return r.text;
}

export function existsSync(file: string): boolean {
  const url = courseUrl(String(file));
  if (url === null) return false;
  return requestSync("HEAD", url).status === 200;
}

export function realpathSync(file: string): string {
  return String(file);
}

function unavailable(name: string): (...args: unknown[]) => never {
  return () => {
    throw new Error(`fs.${name} is not available in the browser: this needs the course in Jupyter (Node)`);
  };
}

export const writeFileSync = unavailable("writeFileSync");
export const mkdirSync = unavailable("mkdirSync");
export const readdirSync = unavailable("readdirSync");
export const statSync = unavailable("statSync");

export default { readFileSync, existsSync, realpathSync, writeFileSync, mkdirSync, readdirSync, statSync };
