/**
 * @file The one place that sends display output to the notebook: tslab's internal display writer,
 * which (unlike tslab's public API) can send several MIME types in one output and update an output
 * in place by its display id.
 */
import { randomBytes } from "crypto";

/** A display bundle: MIME type to content, e.g. `{ "text/html": "<b>hi</b>", "text/plain": "hi" }`. */
export type MimeBundle = Record<string, unknown>;

/** The content of a Jupyter display_data / update_display_data message. */
export interface DisplayMessage {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

/** The part of tslab's dist/jupyter module used here. */
interface TslabJupyter {
  lastWriteDisplayData: ((message: DisplayMessage, update: boolean) => void) | null;
}

/** Where an output goes: a new output, or an update of an earlier one with the same display id. */
export interface DisplayTarget {
  /** Id that later updates refer to. */
  displayId?: string;
  /** Replace the output shown earlier with this displayId instead of adding one. */
  update?: boolean;
}

/** A fresh display id for an output that will be updated in place. */
export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}

/**
 * Sends one output carrying every MIME type of `data`.
 * @param data the bundle
 * @param caller the public function's name, for error messages
 * @param target display id / update flag for outputs updated in place
 */
export function displayBundle(data: MimeBundle, caller: string, target: DisplayTarget = {}): void {
  // Loaded lazily: tslab pulls in its TypeScript compiler, which pure rendering does not need.
  const jupyter = require("tslab/dist/jupyter") as TslabJupyter;
  const write = jupyter.lastWriteDisplayData;
  if (typeof write !== "function") {
    throw new Error(
      `${caller}: no notebook cell is running; display helpers work only inside the rnn-course (tslab) kernel`,
    );
  }
  if (target.update && !target.displayId) {
    throw new Error(`${caller}: an update needs the displayId of the output to replace`);
  }
  write(
    { data, metadata: {}, transient: target.displayId ? { display_id: target.displayId } : {} },
    target.update === true,
  );
}
