/**
 * @file POSIX `path` functions the library uses, for the browser build (aliased for `path` / `node:path`).
 */
export const sep = "/";

export function normalize(p: string): string {
  const absolute = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
    } else out.push(part);
  }
  const joined = out.join("/");
  return absolute ? "/" + joined : joined || ".";
}

export function join(...parts: string[]): string {
  return normalize(parts.filter((p) => p !== "").join("/"));
}

export function resolve(...parts: string[]): string {
  let p = "";
  for (const part of parts) p = part.startsWith("/") ? part : p ? `${p}/${part}` : part;
  return normalize(p.startsWith("/") ? p : "/" + p);
}

export function dirname(p: string): string {
  const n = normalize(p);
  const i = n.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : n.slice(0, i);
}

export function basename(p: string, ext?: string): string {
  const base = normalize(p).split("/").pop() ?? "";
  return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
}

export function extname(p: string): string {
  const base = basename(p);
  const i = base.lastIndexOf(".");
  return i > 0 ? base.slice(i) : "";
}

export function isAbsolute(p: string): boolean {
  return p.startsWith("/");
}

export default { sep, normalize, join, resolve, dirname, basename, extname, isAbsolute };
