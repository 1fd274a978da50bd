/**
 * @file The live book page: every code cell is a CodeMirror editor run by the kernel worker
 * (kernel.ts); outputs render with the same MIME types as Jupyter (HTML from the display helpers,
 * Plotly, Markdown and LaTeX typeset by MathJax, text). Chapter 3 pages also edit the learner's
 * exercise files, saved continuously in this browser (localStorage) and downloadable, and run the
 * isolated self-check (selfcheck.ts). `window.rnnCourse` is a small scripting hook for tests and
 * teachers: `await rnnCourse.runAll()` → `{ cells, errors, seconds }`.
 */
import { javascript } from "@codemirror/lang-javascript";
import { keymap } from "@codemirror/view";
import { EditorView, basicSetup } from "codemirror";
import { strToU8, zipSync } from "fflate";
import { Marked } from "marked";
import type { FromKernel, ToKernel } from "./protocol";
import { SelfChecker, type SelfCheckResult } from "./selfcheck";

type CellOutput =
  | { type: "stream"; name: "stdout" | "stderr"; text: string }
  | { type: "display"; data: Record<string, unknown>; displayId?: string };

interface NotebookData {
  notebook: string;
  title: string;
  cells: { source: string; outputs: CellOutput[] }[];
  exercises: string[];
  metadata: Record<string, unknown>;
}

interface MathJaxApi {
  typesetPromise?: (elements: Element[]) => Promise<void>;
  startup?: { promise: Promise<void> };
}

const base = document.body.dataset.base ?? "./";
const siteUrl = new URL(base, location.href);
const data = JSON.parse((document.getElementById("notebook-data") as HTMLElement).textContent ?? "{}") as NotebookData;
const marked = new Marked({ gfm: true });
const STORE = "rnn-course:";
const PLOTLY_MIME = "application/vnd.plotly.v1+json";

// ---------------------------------------------------------------- storage
function load(key: string): string | null {
  try {
    return localStorage.getItem(STORE + key);
  } catch {
    return null;
  }
}

function save(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(STORE + key);
    else localStorage.setItem(STORE + key, value);
  } catch {
    // storage full or disabled: the work stays in the page
  }
}

let stubs: Record<string, string> = {};
const stubsLoaded = fetch(new URL("assets/exercises.json", siteUrl).href)
  .then((r) => r.json() as Promise<Record<string, string>>)
  .then((s) => {
    stubs = s;
  });

/** The learner's exercise files: saved versions over the stubs. */
function exerciseFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of Object.keys(stubs)) files[name] = load(`exercise:${name}`) ?? stubs[name];
  return files;
}

function download(fileName: string, content: BlobPart, type = "text/plain"): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---------------------------------------------------------------- rendering
/** Typesets math in an output once it is in the page (MathJax measures the surrounding font there). */
function typeset(el: Element): void {
  setTimeout(() => {
    if (!el.isConnected) return;
    const mj = (window as unknown as { MathJax?: MathJaxApi }).MathJax;
    if (mj?.typesetPromise) mj.typesetPromise([el]).catch(() => undefined);
    else if (mj?.startup?.promise) mj.startup.promise.then(() => mj.typesetPromise?.([el])).catch(() => undefined);
  }, 0);
}

let plotlyLoading: Promise<void> | null = null;
function plotly(): Promise<{ newPlot: (el: Element, ...args: unknown[]) => Promise<unknown> }> {
  const get = () =>
    (window as unknown as { Plotly: { newPlot: (el: Element, ...args: unknown[]) => Promise<unknown> } }).Plotly;
  if (!plotlyLoading)
    plotlyLoading = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = new URL("assets/plotly.min.js", siteUrl).href;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error("cannot load plotly.js"));
      document.head.appendChild(s);
    });
  return plotlyLoading.then(get);
}

function renderData(data: Record<string, unknown>): HTMLElement {
  const el = document.createElement("div");
  el.className = "output display";
  const stored = data[PLOTLY_MIME] as { data: unknown[]; layout?: unknown; config?: unknown } | undefined;
  if (stored) {
    // A copy: Plotly writes computed ranges into the figure it draws, and the stored output must stay
    // as the kernel sent it (outputs(), the downloaded .ipynb).
    const figure = structuredClone(stored);
    el.classList.add("plotly-output");
    plotly()
      .then((P) =>
        P.newPlot(el, figure.data, figure.layout ?? {}, { responsive: true, ...((figure.config as object) ?? {}) }),
      )
      .catch((e) => (el.textContent = String(e)));
  } else if (typeof data["text/html"] === "string") {
    el.innerHTML = data["text/html"];
    typeset(el);
  } else if (typeof data["image/svg+xml"] === "string") {
    el.innerHTML = data["image/svg+xml"];
  } else if (typeof data["image/png"] === "string" || typeof data["image/jpeg"] === "string") {
    const img = document.createElement("img");
    const png = typeof data["image/png"] === "string";
    img.src = `data:${png ? "image/png" : "image/jpeg"};base64,${String(data[png ? "image/png" : "image/jpeg"]).trim()}`;
    el.appendChild(img);
  } else if (typeof data["text/markdown"] === "string") {
    el.innerHTML = marked.parse(data["text/markdown"], { async: false }) as string;
    typeset(el);
  } else if (typeof data["text/latex"] === "string") {
    el.textContent = data["text/latex"];
    typeset(el);
  } else {
    const pre = document.createElement("pre");
    pre.textContent = String(data["text/plain"] ?? "");
    el.appendChild(pre);
  }
  return el;
}

function appendOutput(box: HTMLElement, output: CellOutput): void {
  if (output.type === "stream") {
    const last = box.lastElementChild as HTMLElement | null;
    if (last && last.dataset.stream === output.name) {
      (last.firstChild as HTMLElement).textContent += output.text;
      return;
    }
    const el = document.createElement("div");
    el.className = `output stream ${output.name}`;
    el.dataset.stream = output.name;
    const pre = document.createElement("pre");
    pre.textContent = output.text;
    el.appendChild(pre);
    box.appendChild(el);
    return;
  }
  const el = renderData(output.data);
  if (output.displayId) el.dataset.displayId = output.displayId;
  box.appendChild(el);
}

// ---------------------------------------------------------------- cells
interface Cell {
  index: number;
  /** The outputs of the last run as received (display updates applied), for scripts and tests. */
  record: CellOutput[];
  section: HTMLElement;
  prompt: HTMLElement;
  outputs: HTMLElement;
  editor: EditorView;
}

const cells: Cell[] = [];
let executionCount = 0;
const statusEl = document.getElementById("kernel-status") as HTMLElement;

function setStatus(text: string, busy: boolean): void {
  statusEl.textContent = text;
  statusEl.classList.toggle("busy", busy);
}

function cellKey(i: number): string {
  return `cell:${data.notebook}:${i}`;
}

function makeEditor(parent: HTMLElement, doc: string, onChange: (text: string) => void, run?: () => void): EditorView {
  parent.textContent = "";
  const keys = run
    ? [
        keymap.of([
          {
            key: "Shift-Enter",
            run: () => {
              run();
              return true;
            },
          },
        ]),
      ]
    : [];
  return new EditorView({
    doc,
    parent,
    extensions: [
      ...keys,
      basicSetup,
      javascript({ typescript: true }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) onChange(u.state.doc.toString());
      }),
    ],
  });
}

// ---------------------------------------------------------------- kernel
interface Pending {
  cell: Cell;
  resolve: (r: { ok: boolean; error?: string }) => void;
}

class Kernel {
  private worker!: Worker;
  private pending: Pending | null = null;
  private readonly displays = new Map<string, HTMLElement>();
  private checker: SelfChecker;
  ready!: Promise<void>;

  constructor() {
    this.checker = new SelfChecker(base);
    this.start();
  }

  get selfChecker(): SelfChecker {
    return this.checker;
  }

  private start(): void {
    this.worker = new Worker(new URL("assets/kernel.js", siteUrl).href);
    let ready: () => void = () => undefined;
    this.ready = new Promise((r) => (ready = r));
    setStatus("kernel: starting", true);
    this.worker.onmessage = (e: MessageEvent<FromKernel>) => this.receive(e.data, ready);
    this.worker.onerror = (e) => {
      e.preventDefault();
      if (this.pending)
        appendOutput(this.pending.cell.outputs, { type: "stream", name: "stderr", text: `${e.message}\n` });
    };
  }

  private receive(m: FromKernel, ready: () => void): void {
    if (m.type === "ready") {
      ready();
      setStatus("kernel: idle", false);
      return;
    }
    if (m.type === "selfcheck") {
      this.checker.check(m.name, exerciseFiles()).then(
        (r) => this.post({ type: "selfcheck-reply", id: m.id, html: r.html, detailed: r.detailed }),
        (e: Error) => this.post({ type: "selfcheck-reply", id: m.id, error: e.message }),
      );
      return;
    }
    const cell = cells[m.cell];
    if (!cell) return;
    if (m.type === "stream") {
      appendOutput(cell.outputs, { type: "stream", name: m.name, text: m.text });
      cell.record.push({ type: "stream", name: m.name, text: m.text });
    } else if (m.type === "display") {
      const entry: CellOutput = { type: "display", data: m.data, displayId: m.displayId };
      const at = m.update ? cell.record.findIndex((o) => o.type === "display" && o.displayId === m.displayId) : -1;
      if (at >= 0) cell.record[at] = entry;
      else cell.record.push(entry);
      const earlier = m.displayId ? this.displays.get(m.displayId) : undefined;
      if (m.update && earlier && earlier.isConnected) {
        const el = renderData(m.data);
        el.dataset.displayId = m.displayId;
        earlier.replaceWith(el);
        this.displays.set(m.displayId as string, el);
      } else {
        appendOutput(cell.outputs, { type: "display", data: m.data, displayId: m.displayId });
        if (m.displayId) this.displays.set(m.displayId, cell.outputs.lastElementChild as HTMLElement);
      }
    } else if (m.type === "done" && this.pending && this.pending.cell === cell) {
      const p = this.pending;
      this.pending = null;
      p.resolve({ ok: m.ok, error: m.error });
    }
  }

  private post(m: ToKernel): void {
    this.worker.postMessage(m);
  }

  async run(cell: Cell): Promise<{ ok: boolean; error?: string }> {
    await this.ready;
    await stubsLoaded;
    return new Promise((resolve) => {
      this.pending = { cell, resolve };
      this.post({ type: "run", cell: cell.index, code: cell.editor.state.doc.toString(), exercises: exerciseFiles() });
    });
  }

  /** Stops whatever runs by terminating the worker, and starts a fresh one (names are lost). */
  restart(): void {
    this.worker.terminate();
    if (this.pending) {
      const p = this.pending;
      this.pending = null;
      appendOutput(p.cell.outputs, {
        type: "stream",
        name: "stderr",
        text: "Interrupted: the kernel was restarted (names defined so far are lost).\n",
      });
      p.resolve({ ok: false, error: "interrupted" });
    }
    this.start();
  }
}

const kernel = new Kernel();
let running: Promise<unknown> = Promise.resolve();
let generation = 0;

async function runCell(cell: Cell): Promise<{ ok: boolean; error?: string; seconds: number }> {
  cell.outputs.textContent = "";
  cell.record = [];
  cell.prompt.textContent = "[*]";
  cell.section.classList.add("running");
  setStatus(`kernel: busy (cell ${cell.index + 1})`, true);
  const t0 = performance.now();
  const r = await kernel.run(cell);
  cell.section.classList.remove("running");
  cell.section.classList.toggle("failed", !r.ok);
  cell.prompt.textContent = `[${++executionCount}]`;
  setStatus("kernel: idle", false);
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

function queueRun<T>(f: () => Promise<T>): Promise<T> {
  const p = running.then(f);
  running = p.catch(() => undefined);
  return p;
}

/** Runs every cell in order, stopping at the first error (as Jupyter's Run all does). */
function runAll(): Promise<{
  cells: number;
  errors: number;
  seconds: number;
  failed?: { cell: number; error: string };
}> {
  const mine = generation;
  return queueRun(async () => {
    const t0 = performance.now();
    let ran = 0;
    for (const cell of cells) {
      if (generation !== mine) break;
      const r = await runCell(cell);
      ran++;
      if (!r.ok)
        return {
          cells: ran,
          errors: 1,
          seconds: (performance.now() - t0) / 1000,
          failed: { cell: cell.index, error: r.error ?? "" },
        };
    }
    return { cells: ran, errors: 0, seconds: (performance.now() - t0) / 1000 };
  });
}

function restart(): void {
  generation++;
  kernel.restart();
  executionCount = 0;
  for (const c of cells) {
    c.section.classList.remove("running");
    if (c.prompt.textContent === "[*]") c.prompt.textContent = "[ ]";
  }
  running = Promise.resolve();
}

// ---------------------------------------------------------------- exercises (chapter 3)
const exerciseEditors = new Map<string, EditorView>();

function exercisePanel(name: string): HTMLElement {
  const panel = document.createElement("section");
  panel.className = "exercise";
  panel.dataset.exercise = name;
  panel.innerHTML = `<div class="exercise-bar"><b>exercises/${name}.ts</b> <span class="saved">已保存在本浏览器 saved in this browser</span>
<span class="spacer"></span>
<button type="button" data-action="check">✓ 自测 Self-check</button>
<button type="button" data-action="download">⬇ ${name}.ts</button>
<button type="button" data-action="reset">恢复初始版本 Reset</button></div>
<div class="exercise-editor"></div><div class="exercise-result"></div>`;
  const holder = panel.querySelector(".exercise-editor") as HTMLElement;
  const result = panel.querySelector(".exercise-result") as HTMLElement;
  stubsLoaded.then(() => {
    const editor = makeEditor(holder, load(`exercise:${name}`) ?? stubs[name] ?? "", (text) =>
      save(`exercise:${name}`, text === stubs[name] ? null : text),
    );
    exerciseEditors.set(name, editor);
  });
  panel.addEventListener("click", (e) => {
    const action = (e.target as HTMLElement).dataset?.action;
    const editor = exerciseEditors.get(name);
    if (!action || !editor) return;
    if (action === "download") download(`${name}.ts`, editor.state.doc.toString());
    else if (
      action === "reset" &&
      confirm(`Replace exercises/${name}.ts with the original stub? Your version is lost.`)
    ) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: stubs[name] } });
      save(`exercise:${name}`, null);
    } else if (action === "check") {
      result.textContent = "自测中 checking…";
      selfCheck(name).then(
        (r) => (result.innerHTML = r.html),
        (err: Error) => (result.textContent = err.message),
      );
    }
  });
  return panel;
}

function setExercise(name: string, source: string): void {
  save(`exercise:${name}`, source);
  const editor = exerciseEditors.get(name);
  if (editor) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: source } });
}

function selfCheck(name: string): Promise<SelfCheckResult> {
  return stubsLoaded.then(() => kernel.selfChecker.check(name, exerciseFiles()));
}

// ---------------------------------------------------------------- downloads
function notebookJson(): string {
  const codes = cells.map((c) => c.editor.state.doc.toString());
  const sections = Array.from(document.querySelectorAll("#notebook > section.md, #notebook > section.code"));
  const mdSources = (data as unknown as { markdown?: string[] }).markdown;
  let md = 0;
  const nbCells = sections.map((s) => {
    if (s.classList.contains("code")) {
      const i = Number((s as HTMLElement).dataset.cell);
      return { cell_type: "code", metadata: {}, source: codes[i], outputs: [], execution_count: null };
    }
    const source = mdSources ? mdSources[md++] : ((s as HTMLElement).dataset.source ?? "");
    return { cell_type: "markdown", metadata: {}, source };
  });
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: data.metadata, cells: nbCells }, null, 1) + "\n";
}

function downloadExercises(): void {
  const files: Record<string, Uint8Array> = {};
  for (const [name, source] of Object.entries(exerciseFiles())) files[`exercises/${name}.ts`] = strToU8(source);
  download("exercises.zip", zipSync(files) as BlobPart, "application/zip");
}

// ---------------------------------------------------------------- set up
function setUp(): void {
  const sections = Array.from(document.querySelectorAll<HTMLElement>("#notebook > section.code"));
  const placed = new Set<string>();
  for (const section of sections) {
    const index = Number(section.dataset.cell);
    const original = data.cells[index];
    const saved = load(cellKey(index));
    for (const m of original.source.matchAll(/from\s+["']\.\/exercises\/([\w-]+)["']/g)) {
      if (!placed.has(m[1])) {
        placed.add(m[1]);
        section.before(exercisePanel(m[1]));
      }
    }
    const cell: Cell = {
      index,
      record: [],
      section,
      prompt: section.querySelector(".prompt") as HTMLElement,
      outputs: section.querySelector(".outputs") as HTMLElement,
      editor: undefined as unknown as EditorView,
    };
    cell.editor = makeEditor(
      section.querySelector(".editor") as HTMLElement,
      saved ?? original.source,
      (text) => save(cellKey(index), text === original.source ? null : text),
      () => void queueRun(() => runCell(cell)),
    );
    const run = document.createElement("button");
    run.type = "button";
    run.className = "run";
    run.title = "Run (Shift-Enter)";
    run.textContent = "▶";
    run.addEventListener("click", () => void queueRun(() => runCell(cell)));
    cell.prompt.before(run);
    if (saved === null) for (const o of original.outputs) appendOutput(cell.outputs, o);
    cells.push(cell);
  }
  document.getElementById("run-all")?.addEventListener("click", () => void runAll());
  document.getElementById("restart")?.addEventListener("click", restart);
  document
    .getElementById("download-ipynb")
    ?.addEventListener("click", () =>
      download(data.notebook.split("/").pop() ?? "notebook.ipynb", notebookJson(), "application/json"),
    );
  if (data.exercises.length > 0) {
    const bar = document.querySelector(".toolbar") as HTMLElement;
    const zip = document.createElement("button");
    zip.type = "button";
    zip.textContent = "⬇ exercises.zip";
    zip.addEventListener("click", downloadExercises);
    bar.appendChild(zip);
  }
}

setUp();

(window as unknown as { rnnCourse: unknown }).rnnCourse = {
  runAll,
  restart,
  selfCheck: (name: string) => selfCheck(name).then((r) => ({ ...r.detailed, seconds: r.seconds, html: r.html })),
  setExercise,
  /** Replaces the source of code cell `index` (0-based) in its editor. */
  setCell: (index: number, source: string) => {
    const editor = cells[index].editor;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: source } });
  },
  /** Runs code cell `index` (0-based) after whatever is queued. */
  runCell: (index: number) => queueRun(() => runCell(cells[index])),
  exerciseFiles: () => stubsLoaded.then(exerciseFiles),
  /** Every cell's outputs of its last run, as received from the kernel (tests compare them with Jupyter's). */
  outputs: () => cells.map((c) => c.record),
  ready: () => kernel.ready,
};
