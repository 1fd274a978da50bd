/**
 * @file Messages between the page and the kernel worker.
 */

/** Page → kernel. */
export type ToKernel =
  | { type: "run"; cell: number; code: string; exercises: Record<string, string> }
  | { type: "selfcheck-reply"; id: number; html?: string; detailed?: unknown; error?: string };

/** Kernel → page. */
export type FromKernel =
  | { type: "ready" }
  | { type: "stream"; cell: number; name: "stdout" | "stderr"; text: string }
  | { type: "display"; cell: number; data: Record<string, unknown>; displayId?: string; update: boolean }
  | { type: "done"; cell: number; ok: boolean; error?: string; seconds: number }
  | { type: "selfcheck"; id: number; name: string };
