/**
 * @file Where the course's files are on the web site. In the browser, the library sees the course as
 * the folder `/course` (its `__dirname`s are set under it at build time); a path there is fetched
 * from `<site>/course/...`, synchronously (allowed in workers), as Node's fs would read it.
 */

/** The course root as the library's paths see it. */
export const COURSE_ROOT = "/course";

/** The site's base URL (set by the kernel: the folder holding `assets/`). */
export function siteBase(): string {
  const g = globalThis as { __rnnSiteBase?: string; location?: { href: string } };
  if (g.__rnnSiteBase) return g.__rnnSiteBase;
  return g.location ? new URL("../", g.location.href).href : "/";
}

/** The URL of a course path, or null when the path is outside the course. */
export function courseUrl(file: string): string | null {
  if (file !== COURSE_ROOT && !file.startsWith(COURSE_ROOT + "/")) return null;
  return new URL(file.slice(1), siteBase()).href;
}

interface SyncRequest {
  open(method: string, url: string, async: boolean): void;
  send(): void;
  status: number;
  responseText: string;
}

/** A synchronous HTTP request (workers only). */
export function requestSync(method: "GET" | "HEAD", url: string): { status: number; text: string } {
  const Xhr = (globalThis as unknown as { XMLHttpRequest: new () => SyncRequest }).XMLHttpRequest;
  const xhr = new Xhr();
  xhr.open(method, url, false);
  xhr.send();
  return { status: xhr.status, text: method === "GET" ? xhr.responseText : "" };
}
