/**
 * @file `npm run book`: executes every notebook and exports a static, self-contained HTML site.
 *
 * book/index.html lists the chapters and their notebooks (titles from each notebook's first
 * heading); each notebook becomes book/<chapter>/<name>.html. Math is typeset by a local copy of
 * MathJax 2 (Debian's libjs-mathjax, or $MATHJAX_DIR), Plotly charts stay interactive with one
 * shared copy of plotly.js in book/assets/. Nothing is loaded from the internet.
 *
 * Options: --notebooks DIR (default notebooks/), --out DIR (default book/), --jobs N (notebooks run
 * at once, default 2), --budget S (seconds per notebook, default 60).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "./kernel/kernelspec";
import {
  CHAPTERS,
  describeFailure,
  discoverNotebooks,
  findPython,
  mapWithConcurrency,
  notebookTitle,
  NOTEBOOKS_DIR,
  pythonEnv,
  RunResult,
  runNotebook,
} from "./notebook/notebooks";

const EXPORTER = path.join(PROJECT_ROOT, "scripts", "notebook", "export_book.py");
const MARKER = ".rnn-course-book";
const DEFAULT_MATHJAX_DIR = "/usr/share/javascript/mathjax";

/** The MathJax 2 files the pages need (TeX input, SVG output: no web fonts to load). */
const MATHJAX_FILES = [
  "MathJax.js",
  "config/TeX-AMS_SVG-full.js",
  "config/Safe.js",
  "extensions",
  "jax/input/TeX",
  "jax/element",
  "jax/output/SVG/config.js",
  "jax/output/SVG/jax.js",
  "jax/output/SVG/autoload",
  "jax/output/SVG/fonts/TeX",
  "localization/en",
];

/** One page of the book. */
interface BookPage {
  source: string;
  page: string;
  title: string;
  chapter: string | null;
}

function parseArgs(argv: string[]): { notebooks: string; out: string; jobs: number; budget: number } {
  const options = { notebooks: NOTEBOOKS_DIR, out: path.join(PROJECT_ROOT, "book"), jobs: 2, budget: 60 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) {
      throw new Error(`npm run book: ${flag} needs a value`);
    }
    if (flag === "--notebooks") {
      options.notebooks = path.resolve(value);
    } else if (flag === "--out") {
      options.out = path.resolve(value);
    } else if (flag === "--jobs" || flag === "--budget") {
      const n = Number(value);
      if (!(n > 0)) {
        throw new Error(`npm run book: ${flag} must be a positive number, got ${JSON.stringify(value)}`);
      }
      options[flag === "--jobs" ? "jobs" : "budget"] = n;
    } else {
      throw new Error(
        `npm run book: unknown option ${JSON.stringify(flag)} (known: --notebooks, --out, --jobs, --budget)`,
      );
    }
    i++;
  }
  return options;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Chapter title for a folder: the course's chapter names, else the folder name. */
function chapterTitle(folder: string): string {
  return CHAPTERS.find((c) => c.folder === folder)?.title ?? folder;
}

/** Orders pages: index notebook first, then known chapters in course order, then others by path. */
function pageOrder(page: BookPage): [number, string] {
  const folder = page.page.includes("/") ? page.page.split("/")[0] : "";
  const known = CHAPTERS.findIndex((c) => c.folder === folder);
  return [folder === "" ? -1 : known >= 0 ? known : CHAPTERS.length, page.page];
}

function listPages(root: string): BookPage[] {
  const pages = discoverNotebooks(root).map((source) => {
    const relative = path.relative(root, source).split(path.sep).join("/");
    const folder = relative.includes("/") ? relative.split("/")[0] : null;
    return {
      source,
      page: relative.replace(/\.ipynb$/, ".html"),
      title: notebookTitle(source),
      chapter: folder === null ? null : chapterTitle(folder),
    };
  });
  return pages.sort((a, b) => {
    const [ka, pa] = pageOrder(a);
    const [kb, pb] = pageOrder(b);
    return ka - kb || pa.localeCompare(pb);
  });
}

const PAGE_STYLE = `
  body { font-family: system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif;
    max-width: 860px; margin: 2em auto; padding: 0 1em; line-height: 1.6; color: #222; }
  h1 { font-size: 1.8em; } h2 { margin-top: 1.6em; font-size: 1.3em; border-bottom: 1px solid #ddd; }
  a { color: #1a5fb4; text-decoration: none; } a:hover { text-decoration: underline; }
  li { margin: 0.25em 0; } .failed { color: #b00020; font-size: 0.9em; }`;

function htmlPage(title: string, body: string): string {
  return (
    `<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(title)}</title>\n` +
    `<style>${PAGE_STYLE}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`
  );
}

function pageLink(from: string, page: BookPage, failed: boolean): string {
  const href = path.posix.relative(path.posix.dirname(from), page.page) || page.page;
  const note = failed ? ' <span class="failed">（运行失败，未导出）</span>' : "";
  return failed ? `${escapeHtml(page.title)}${note}` : `<a href="${encodeURI(href)}">${escapeHtml(page.title)}</a>`;
}

/** Writes index.html and one index.html per chapter folder. */
function writeIndexes(out: string, pages: BookPage[], failed: Set<string>): void {
  const folders = new Map<string, BookPage[]>();
  const top: BookPage[] = [];
  for (const page of pages) {
    if (page.page.includes("/")) {
      const folder = page.page.split("/")[0];
      folders.set(folder, [...(folders.get(folder) ?? []), page]);
    } else {
      top.push(page);
    }
  }
  const sections: string[] = [];
  if (top.length > 0) {
    sections.push(
      `<ul>\n${top.map((p) => `<li>${pageLink("index.html", p, failed.has(p.source))}</li>`).join("\n")}\n</ul>`,
    );
  }
  for (const [folder, list] of folders) {
    const items = list.map((p) => `<li>${pageLink("index.html", p, failed.has(p.source))}</li>`).join("\n");
    sections.push(
      `<h2><a href="${encodeURI(folder)}/index.html">${escapeHtml(chapterTitle(folder))}</a></h2>\n<ol>\n${items}\n</ol>`,
    );
    const chapterItems = list
      .map((p) => `<li>${pageLink(`${folder}/index.html`, p, failed.has(p.source))}</li>`)
      .join("\n");
    fs.mkdirSync(path.join(out, folder), { recursive: true });
    fs.writeFileSync(
      path.join(out, folder, "index.html"),
      htmlPage(
        chapterTitle(folder),
        `<p><a href="../index.html">← 课程目录</a></p>\n<h1>${escapeHtml(chapterTitle(folder))}</h1>\n<ol>\n${chapterItems}\n</ol>`,
      ),
    );
  }
  const generated = new Date().toISOString().slice(0, 10);
  fs.writeFileSync(
    path.join(out, "index.html"),
    htmlPage(
      "循环神经网络（RNN）课程",
      `<h1>循环神经网络（RNN）：用 TypeScript 从零实现</h1>\n<p>本书由课程笔记本运行后导出（${generated}），无需联网即可阅读。</p>\n${sections.join("\n")}`,
    ),
  );
}

/** Copies the site assets: plotly.js once, and the MathJax files. */
function copyAssets(out: string): void {
  const assets = path.join(out, "assets");
  fs.mkdirSync(assets, { recursive: true });
  fs.copyFileSync(require.resolve("plotly.js-dist/plotly.js"), path.join(assets, "plotly.js"));
  const mathjax = process.env.MATHJAX_DIR ?? DEFAULT_MATHJAX_DIR;
  if (!fs.existsSync(path.join(mathjax, "MathJax.js"))) {
    throw new Error(
      `npm run book: MathJax 2 not found at ${mathjax}. Install Debian's libjs-mathjax ` +
        "(`apt-get install libjs-mathjax`) or set MATHJAX_DIR to a MathJax 2.7 folder.",
    );
  }
  for (const file of MATHJAX_FILES) {
    fs.cpSync(path.join(mathjax, file), path.join(assets, "mathjax", file), { recursive: true, dereference: true });
  }
}

/** Empties the output folder, refusing to touch a non-empty folder that is not a book. */
function prepareOut(out: string): void {
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0 && !fs.existsSync(path.join(out, MARKER))) {
    throw new Error(`npm run book: ${out} is not empty and was not made by npm run book; refusing to overwrite it`);
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, MARKER), "Generated by `npm run book`; deleted and rebuilt on every run.\n");
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const pages = listPages(options.notebooks);
  if (pages.length === 0) {
    throw new Error(`npm run book: no notebooks under ${options.notebooks}`);
  }
  const python = findPython({ venv: false });
  prepareOut(options.out);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-book-"));
  try {
    process.stdout.write(`Running ${pages.length} notebooks (${options.jobs} at a time)...\n`);
    const results: RunResult[] = await mapWithConcurrency(pages, options.jobs, async (page, i) => {
      const result = await runNotebook(page.source, {
        budgetSeconds: options.budget,
        outputPath: path.join(work, `${i}.ipynb`),
      });
      const status = result.ok ? "ok" : `FAILED (${result.error?.kind})`;
      process.stdout.write(
        `  ${result.seconds.toFixed(1).padStart(5)} s  ${path.relative(options.notebooks, page.source)}  ${status}\n`,
      );
      return result;
    });
    const failed = new Set(results.filter((r) => !r.ok).map((r) => r.notebook));
    const exported = pages
      .map((page, i) => ({ page, executed: path.join(work, `${i}.ipynb`) }))
      .filter(({ page }) => !failed.has(page.source));
    const entry = (page: BookPage | undefined) => (page ? { page: page.page, title: page.title } : null);
    const manifest = {
      outDir: options.out,
      pages: exported.map(({ page, executed }, i) => ({
        executed,
        page: page.page,
        title: page.title,
        chapter: page.chapter,
        prev: entry(exported[i - 1]?.page),
        next: entry(exported[i + 1]?.page),
      })),
    };
    const manifestPath = path.join(work, "manifest.json");
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));
    const exportRun = spawnSync(python, ["-Xfrozen_modules=off", EXPORTER, manifestPath], {
      env: pythonEnv(),
      encoding: "utf8",
    });
    if (exportRun.status !== 0) {
      throw new Error(`npm run book: export_book.py failed (exit ${exportRun.status}):\n${exportRun.stderr}`);
    }
    copyAssets(options.out);
    writeIndexes(options.out, pages, failed);
    process.stdout.write(
      `Book written to ${path.relative(process.cwd(), options.out) || "."}/index.html (${exported.length} pages).\n`,
    );
    if (failed.size > 0) {
      process.stderr.write(`\n${failed.size} notebook(s) failed and were left out:\n`);
      for (const result of results.filter((r) => !r.ok)) {
        process.stderr.write(describeFailure(result) + "\n\n");
      }
      return 1;
    }
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
