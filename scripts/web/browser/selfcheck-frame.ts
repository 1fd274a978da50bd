/**
 * @file Runs in the self-check's sandboxed frame (`sandbox="allow-scripts"`: an opaque origin, so
 * the browser may give it its own process). Starts the grading worker from a blob, forwards its
 * messages to the page, and terminates it at the first case that runs past its time limit. A memory
 * bomb then takes down at most this frame, which the page replaces.
 */
import type { FrameEvent, FrameRequest, FromGrader } from "./selfcheck-protocol";

const parentWindow = window.parent;
const send = (e: FrameEvent) => parentWindow.postMessage(e, "*");

let workerUrl: string | null = null;
let workerCodeSeen = "";

window.addEventListener("message", (event: MessageEvent<FrameRequest>) => {
  if (event.source !== parentWindow || event.data?.type !== "grade") return;
  const { id, request, workerCode, defaultTimeoutMs } = event.data;
  if (workerUrl === null || workerCodeSeen !== workerCode) {
    workerUrl = URL.createObjectURL(new Blob([workerCode], { type: "text/javascript" }));
    workerCodeSeen = workerCode;
  }
  const worker = new Worker(workerUrl);
  let limits: number[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stop = () => {
    if (timer !== null) clearTimeout(timer);
    worker.terminate();
  };
  worker.onmessage = (e: MessageEvent<FromGrader>) => {
    const message = e.data;
    if (message.type === "cases") limits = message.cases.map((c) => c.timeoutMs ?? defaultTimeoutMs);
    if (message.type === "start") {
      if (timer !== null) clearTimeout(timer);
      const ms = limits[message.index] ?? defaultTimeoutMs;
      timer = setTimeout(() => {
        stop();
        send({ type: "timeout", id, index: message.index, ms });
      }, ms);
    }
    if (message.type === "case" && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    send({ type: "worker", id, message });
    if (message.type === "end" || message.type === "fatal") stop();
  };
  worker.onerror = (e) => {
    e.preventDefault();
    stop();
    send({ type: "crash", id, message: e.message || "the grading worker stopped (out of memory?)" });
  };
  worker.postMessage(request);
});
send({ type: "ready" });
