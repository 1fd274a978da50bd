/**
 * @file `npm run web`: builds the live book, a static site in build/web where every notebook runs in
 * the browser (kernel in a Web Worker, see docs/web.md). `npm run web -- --serve` also serves it on
 * localhost (module and worker scripts do not load from file://).
 *
 * Options: --out DIR (default build/web); --outputs DIR (executed notebooks at the same relative
 * paths as in notebooks/: their outputs show until a cell is re-run; default build/executed when it
 * exists); --execute (first run every notebook in the real kernel into build/executed);
 * --no-selfcheck (skip recording the student edition's fixtures); --serve; --port N.
 */
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../kernel/kernelspec";
import {
  CHAPTERS,
  cellSource,
  describeFailure,
  discoverNotebooks,
  notebookTitle,
  NOTEBOOKS_DIR,
  readNotebook,
  runNotebook,
} from "../notebook/notebooks";
import { buildSelfCheck } from "./grading-adapter";
import { renderMarkdown } from "./markdown";
import { serve } from "./serve";

const HERE = __dirname;
const SHIMS = path.join(HERE, "shims");

/** The output of one cell as the page renders it. */
export type CellOutput =
  { type: "stream"; name: "stdout" | "stderr"; text: string } | { type: "display"; data: Record<string, unknown> };

export interface BuildOptions {
  out: string;
  outputs: string | null;
  selfcheck: boolean;
  log: (line: string) => void;
}

/** Node-only modules the library imports, and their browser versions (the one place they are swapped). */
export const BROWSER_ALIASES: Record<string, string> = {
  fs: path.join(SHIMS, "fs.ts"),
  "node:fs": path.join(SHIMS, "fs.ts"),
  path: path.join(SHIMS, "path.ts"),
  "node:path": path.join(SHIMS, "path.ts"),
  crypto: path.join(SHIMS, "crypto.ts"),
  "node:crypto": path.join(SHIMS, "crypto.ts"),
  "tslab/dist/jupyter": path.join(SHIMS, "tslab-jupyter.ts"),
};

/** Gives each library file that uses `__dirname` its folder under /course (see shims/site.ts). */
export const dirnamePlugin: esbuild.Plugin = {
  name: "course-dirname",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = fs.readFileSync(args.path, "utf8");
      const relative = path.relative(PROJECT_ROOT, path.dirname(args.path)).split(path.sep).join("/");
      if (!text.includes("__dirname") || relative.startsWith("..") || relative.startsWith("node_modules")) return null;
      return { contents: `const __dirname = ${JSON.stringify(`/course/${relative}`)};\n${text}`, loader: "ts" };
    });
  },
};

/** The library's self-check spawns the grader's command line: the browser gets its own (same exports). */
const NODE_SELFCHECK = path.join(PROJECT_ROOT, "src", "notebook", "selfcheck.ts");
export const selfCheckPlugin: esbuild.Plugin = {
  name: "course-selfcheck",
  setup(build) {
    build.onLoad({ filter: /[\\/]notebook[\\/]selfcheck\.ts$/ }, (args) =>
      path.resolve(args.path) === NODE_SELFCHECK
        ? {
            contents: `export * from ${JSON.stringify(path.join(HERE, "browser", "notebook-selfcheck.ts"))};\n`,
            loader: "ts",
            resolveDir: PROJECT_ROOT,
          }
        : null,
    );
  },
};

function libraryEntry(tmp: string): string {
  const src = path.join(PROJECT_ROOT, "src");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) files.push(path.relative(src, p).split(path.sep).join("/"));
    }
  };
  walk(src);
  const keep = files.sort();
  const lines = keep.map((f, i) => `import * as m${i} from ${JSON.stringify(path.join(src, f))};`);
  lines.push(
    `export const modules: Record<string, Record<string, unknown>> = {`,
    ...keep.map((f, i) => `  ${JSON.stringify(f.replace(/\.ts$/, ""))}: m${i} as Record<string, unknown>,`),
    `};`,
  );
  const file = path.join(tmp, "library.ts");
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

function copyDir(from: string, to: string, filter: (f: string) => boolean = () => true): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, e.name);
    const b = path.join(to, e.name);
    if (e.isDirectory()) copyDir(a, b, filter);
    else if (filter(a)) fs.copyFileSync(a, b);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

function text(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value ?? "");
}

/** Outputs of an executed notebook's cell, as the page renders them (plotly's inline bundle dropped). */
export function cellOutputs(outputs: unknown[] | undefined): CellOutput[] {
  const out: CellOutput[] = [];
  for (const o of (outputs ?? []) as Record<string, unknown>[]) {
    if (o.output_type === "stream") out.push({ type: "stream", name: o.name as "stdout", text: text(o.text) });
    else if (o.output_type === "display_data" || o.output_type === "execute_result") {
      const data: Record<string, unknown> = {};
      for (const [mime, value] of Object.entries((o.data ?? {}) as Record<string, unknown>))
        data[mime] = mime.startsWith("text/") || mime === "image/svg+xml" ? text(value) : value;
      if (data[PLOTLY_MIME]) delete data["text/html"];
      out.push({ type: "display", data });
    } else if (o.output_type === "error") {
      out.push({ type: "stream", name: "stderr", text: text((o.traceback as string[]) ?? []) });
    }
  }
  return out;
}

/** Exercises a notebook imports (`./exercises/<name>`). */
function importedExercises(sources: string[]): string[] {
  const names = new Set<string>();
  for (const s of sources) for (const m of s.matchAll(/from\s+["']\.\/exercises\/([\w-]+)["']/g)) names.add(m[1]);
  return [...names];
}

interface Page {
  source: string;
  relative: string;
  page: string;
  title: string;
  chapter: string | null;
}

function pageHtml(page: Page, body: string, data: unknown, depth: number): string {
  const base = "../".repeat(depth) || "./";
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · RNN 课程</title>
<link rel="stylesheet" href="${base}assets/page.css">
<script>window.MathJax = {
  tex: { inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]], processEscapes: true },
  svg: { fontCache: "global" }, options: { ignoreHtmlClass: "cm-editor|tex2jax_ignore" } };</script>
<script async src="${base}assets/mathjax/tex-svg-full.js"></script>
<script defer src="${base}assets/page.js"></script>
</head>
<body data-base="${base}" data-notebook="${escapeHtml(page.relative)}">
<header class="toolbar">
<a href="${base}index.html">目录 Contents</a>
<button id="run-all" type="button">▶▶ 全部运行 Run all</button>
<button id="restart" type="button"
  title="Stops a running cell by restarting the kernel worker: names defined so far are lost">⟳ 重启 Restart</button>
<span id="kernel-status" class="status">kernel: starting</span>
<span class="spacer"></span>
<button id="download-ipynb" type="button">⬇ .ipynb</button>
</header>
<p class="banner">在浏览器里运行：代码在本页的 Web Worker 中执行，不需要安装。要中断正在运行的单元格，请点“重启”（会清空已定义的变量）。
Runs in your browser; Restart interrupts a running cell (the kernel worker is restarted and its names are lost).</p>
<main id="notebook">
${body}
</main>
<script type="application/json" id="notebook-data">${scriptJson(data)}</script>
</body>
</html>
`;
}

function indexHtml(pages: Page[]): string {
  const parts: string[] = [];
  for (const chapter of [{ folder: null as string | null, title: "课程说明" }, ...CHAPTERS]) {
    const inChapter = pages.filter((p) => p.chapter === chapter.folder);
    if (inChapter.length === 0) continue;
    parts.push(`<h2>${escapeHtml(chapter.title)}</h2><ul>`);
    for (const p of inChapter) parts.push(`<li><a href="${escapeHtml(p.page)}">${escapeHtml(p.title)}</a></li>`);
    parts.push("</ul>");
  }
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>RNN 课程 · 在线运行 Live book</title><link rel="stylesheet" href="assets/page.css"></head>
<body class="index">
<h1>循环神经网络课程 · 在浏览器里运行</h1>
<p>每个笔记本都可以直接在本页运行和修改：代码在浏览器的 Web Worker 中执行，不需要安装 Node、Python 或 Jupyter。
第三章的练习在页面里编辑，自动保存在本浏览器中，可以下载。
自测结果只供参考：正式成绩以 <code>npm run grade</code> 或课程的 Gradescope 自动评分为准。</p>
<p>Every notebook runs in this browser tab (a Web Worker kernel); no install.
Chapter 3 exercises are edited in the page, saved in this browser and downloadable.
Self-check scores are for your information only: official grades come from
<code>npm run grade</code> or the course's Gradescope autograder.</p>
${parts.join("\n")}
</body></html>
`;
}

async function bundle(options: esbuild.BuildOptions): Promise<void> {
  await esbuild.build({
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    legalComments: "none",
    logLevel: "warning",
    ...options,
  });
}

/** Builds the site; returns the notebooks' page paths. */
export async function buildSite(opts: BuildOptions): Promise<string[]> {
  const out = path.resolve(opts.out);
  const assets = path.join(out, "assets");
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(assets, { recursive: true });
  fs.mkdirSync(path.join(PROJECT_ROOT, "build"), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(PROJECT_ROOT, "build", ".web-"));
  try {
    const t0 = Date.now();
    const library = libraryEntry(tmp);
    await bundle({
      entryPoints: [path.join(HERE, "browser", "kernel.ts")],
      outfile: path.join(assets, "kernel.js"),
      // Names kept: error stacks name the library's functions.
      minifyIdentifiers: false,
      sourcemap: "external",
      sourcesContent: false,
      alias: { ...BROWSER_ALIASES, "rnn-course-library": library },
      plugins: [selfCheckPlugin, dirnamePlugin],
    });
    // Sources named relative to the repository (src/nn/linear.ts), wherever the site is written.
    const mapFile = path.join(assets, "kernel.js.map");
    const map = JSON.parse(fs.readFileSync(mapFile, "utf8")) as { sources: string[] };
    map.sources = map.sources.map((s) =>
      path.relative(PROJECT_ROOT, path.resolve(assets, s)).split(path.sep).join("/"),
    );
    fs.writeFileSync(mapFile, JSON.stringify(map));
    const vendors: [string, string[]][] = [
      ["vendor-mathjs.js", ["mathjs"]],
      ["vendor-tfjs.js", ["@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-cpu", "@tensorflow/tfjs-layers"]],
    ];
    for (const [file, names] of vendors) {
      const lines = ["const v = (self.__rnnVendor = self.__rnnVendor || {});"];
      names.forEach((n) => lines.push(`v[${JSON.stringify(n)}] = require(${JSON.stringify(n)});`));
      await bundle({
        stdin: { contents: lines.join("\n"), resolveDir: PROJECT_ROOT, loader: "js" },
        outfile: path.join(assets, file),
        define: { "process.env.NODE_ENV": '"production"' },
      });
    }
    await bundle({
      entryPoints: [path.join(HERE, "browser", "grader-worker.ts")],
      outfile: path.join(assets, "grader-worker.js"),
      alias: { ...BROWSER_ALIASES, "rnn-course-library": library },
      plugins: [selfCheckPlugin, dirnamePlugin],
    });
    await bundle({
      entryPoints: [path.join(HERE, "browser", "selfcheck-frame.ts")],
      outfile: path.join(assets, "selfcheck-frame.js"),
    });
    fs.writeFileSync(
      path.join(out, "selfcheck.html"),
      '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>self-check sandbox</title></head>' +
        '<body><script src="assets/selfcheck-frame.js"></script></body></html>\n',
    );
    await bundle({
      entryPoints: [path.join(HERE, "browser", "page.ts")],
      outfile: path.join(assets, "page.js"),
      alias: { ...BROWSER_ALIASES },
    });
    fs.copyFileSync(path.join(HERE, "browser", "page.css"), path.join(assets, "page.css"));
    fs.mkdirSync(path.join(assets, "mathjax"));
    fs.copyFileSync(require.resolve("mathjax/es5/tex-svg-full.js"), path.join(assets, "mathjax", "tex-svg-full.js"));
    const plotly = fs.readFileSync(require.resolve("plotly.js-dist/plotly.js"), "utf8");
    fs.writeFileSync(
      path.join(assets, "plotly.min.js"),
      (await esbuild.transform(plotly, { minify: true, legalComments: "none" })).code,
    );
    opts.log(`bundles: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // Course files the library reads (src/data loaders), at the paths it asks for under /course.
    copyDir(path.join(PROJECT_ROOT, "data"), path.join(out, "course", "data"), (f) => !f.endsWith(".md"));
    const vega = path.join(PROJECT_ROOT, "node_modules", "vega-datasets");
    const vegaOut = path.join(out, "course", "node_modules", "vega-datasets", "data");
    fs.mkdirSync(vegaOut, { recursive: true });
    // The CSV files named in the data loader or in a notebook (about 0.9 MB of the package's 41 MB).
    const mentioned = [fs.readFileSync(path.join(PROJECT_ROOT, "src", "data", "vega.ts"), "utf8")];
    for (const nb of discoverNotebooks(NOTEBOOKS_DIR)) mentioned.push(...readNotebook(nb).cells.map(cellSource));
    const csvNames = new Set(mentioned.join("\n").match(/[\w.-]+\.csv/g) ?? []);
    for (const f of csvNames)
      if (fs.existsSync(path.join(vega, "data", f))) fs.copyFileSync(path.join(vega, "data", f), path.join(vegaOut, f));

    // Exercise stubs: the learner's starting point in chapter 3.
    const exercisesDir = path.join(PROJECT_ROOT, "exercises");
    const stubs: Record<string, string> = {};
    for (const f of fs
      .readdirSync(exercisesDir)
      .filter((f) => f.endsWith(".ts"))
      .sort())
      stubs[f.replace(/\.ts$/, "")] = fs.readFileSync(path.join(exercisesDir, f), "utf8");
    fs.writeFileSync(path.join(assets, "exercises.json"), JSON.stringify(stubs));

    if (opts.selfcheck) {
      const t1 = Date.now();
      await buildSelfCheck(assets, tmp, opts.log, { alias: BROWSER_ALIASES, plugins: [dirnamePlugin] });
      opts.log(`self-check (student edition, fixtures): ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    }

    const pages: Page[] = discoverNotebooks(NOTEBOOKS_DIR).map((source) => {
      const relative = path.relative(NOTEBOOKS_DIR, source).split(path.sep).join("/");
      const chapter = relative.includes("/") ? relative.split("/")[0] : null;
      return { source, relative, page: relative.replace(/\.ipynb$/, ".html"), title: notebookTitle(source), chapter };
    });
    for (const page of pages) {
      const nb = readNotebook(page.source);
      const executedFile = opts.outputs ? path.join(opts.outputs, page.relative) : null;
      const executed = executedFile && fs.existsSync(executedFile) ? readNotebook(executedFile) : null;
      const executedCode = executed ? executed.cells.filter((c) => c.cell_type === "code") : [];
      const body: string[] = [];
      const cells: { source: string; outputs: CellOutput[] }[] = [];
      const markdown: string[] = [];
      for (const cell of nb.cells) {
        const source = cellSource(cell);
        if (cell.cell_type === "markdown") {
          markdown.push(source);
          body.push(`<section class="md">${renderMarkdown(source)}</section>`);
        } else if (cell.cell_type === "code") {
          const index = cells.length;
          const ran = executedCode[index];
          const outputs = ran && cellSource(ran) === source ? cellOutputs(ran.outputs) : [];
          cells.push({ source, outputs });
          body.push(
            `<section class="code" data-cell="${index}"><div class="prompt">[ ]</div>` +
              `<div class="editor"><pre>${escapeHtml(source)}</pre></div><div class="outputs"></div></section>`,
          );
        }
      }
      const depth = page.relative.split("/").length - 1;
      const data = {
        notebook: page.relative,
        title: page.title,
        cells,
        markdown,
        exercises: importedExercises(cells.map((c) => c.source)),
        metadata: nb.metadata,
      };
      const file = path.join(out, page.page);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, pageHtml(page, body.join("\n"), data, depth));
    }
    fs.writeFileSync(path.join(out, "index.html"), indexHtml(pages));
    // Keeps GitHub Pages from running Jekyll, which would hide nothing here but costs a build.
    fs.writeFileSync(path.join(out, ".nojekyll"), "");
    return pages.map((p) => p.page);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export async function main(argv: string[]): Promise<number> {
  const opts: BuildOptions = {
    out: path.join(PROJECT_ROOT, "build", "web"),
    outputs: null,
    selfcheck: true,
    log: (line) => process.stdout.write(`${line}\n`),
  };
  const executedDir = path.join(PROJECT_ROOT, "build", "executed");
  if (fs.existsSync(executedDir)) opts.outputs = executedDir;
  let execute = false;
  let doServe = false;
  let port = 8765;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") opts.out = path.resolve(argv[++i]);
    else if (a === "--outputs") opts.outputs = path.resolve(argv[++i]);
    else if (a === "--no-selfcheck") opts.selfcheck = false;
    else if (a === "--execute") execute = true;
    else if (a === "--serve") doServe = true;
    else if (a === "--port") port = Number(argv[++i]);
    else {
      process.stderr.write(`npm run web: unknown option ${a}\n`);
      return 2;
    }
  }
  if (execute) {
    opts.outputs = executedDir;
    for (const nb of discoverNotebooks(NOTEBOOKS_DIR)) {
      const outputPath = path.join(executedDir, path.relative(NOTEBOOKS_DIR, nb));
      fs.mkdirSync(path.dirname(outputPath), { recursive: true });
      const r = await runNotebook(nb, { outputPath, budgetSeconds: 180, allowErrors: true });
      opts.log(`${r.ok ? "ran" : "ran with errors"} ${path.relative(PROJECT_ROOT, nb)} in ${r.seconds.toFixed(1)} s`);
      if (!r.ok) opts.log(describeFailure(r));
    }
  }
  const pages = await buildSite(opts);
  opts.log(`wrote ${pages.length} notebook pages to ${opts.out}`);
  if (doServe) {
    const server = await serve(opts.out, port);
    opts.log(`serving ${opts.out} on http://localhost:${server.port}/ (Ctrl-C stops)`);
    await new Promise(() => undefined);
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`npm run web: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
