/**
 * @file Messages of the self-check: page → sandboxed frame → grading worker, and back.
 */
import type { SelfCheckStatus } from "../../../src/notebook/render/selfcheck";

/** Per-case limit when the spec sets none (the command-line grader's default is 10 s). */
export const DEFAULT_TIMEOUT_MS = 5000;

/** What the grading worker needs: code and data only (the frame can fetch nothing itself). */
export interface GradeRequest {
  name: string;
  specCode: string;
  fixture: unknown;
  exercises: Record<string, string>;
}

/** Grading worker → frame. */
export type FromGrader =
  | {
      type: "cases";
      title: { zh: string; en: string };
      cases: { id: string; title: string; points: number; timeoutMs?: number }[];
    }
  | { type: "start"; index: number }
  | { type: "case"; index: number; status: SelfCheckStatus; message: string }
  | { type: "end" }
  | { type: "fatal"; message: string };

/** Page → frame. */
export interface FrameRequest {
  type: "grade";
  id: number;
  workerCode: string;
  request: GradeRequest;
  defaultTimeoutMs: number;
}

/** Frame → page: everything the grading worker said, in order, plus timeouts and crashes. */
export type FrameEvent =
  | { type: "ready" }
  | { type: "worker"; id: number; message: FromGrader }
  | { type: "timeout"; id: number; index: number; ms: number }
  | { type: "crash"; id: number; message: string };
