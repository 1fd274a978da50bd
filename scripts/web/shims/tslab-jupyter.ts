/**
 * @file Stands in for tslab's `dist/jupyter` module in the browser build: the display helpers'
 * output sink (src/notebook/output.ts) writes here, and the kernel worker forwards each output to
 * the page. `lastWriteDisplayData` is set by the kernel while a cell runs, as tslab does.
 */
export interface DisplayMessage {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

export let lastWriteDisplayData: ((message: DisplayMessage, update: boolean) => void) | null = null;

/** Installs the sink (the kernel worker calls it once). */
export function setDisplaySink(sink: ((message: DisplayMessage, update: boolean) => void) | null): void {
  lastWriteDisplayData = sink;
}
