/**
 * @file The static book (scripts/book.ts), built from a fixture notebook and opened in headless
 * Chromium: Plotly charts are drawn by the site's single plotly.js, Observable Plot figures are
 * there, and MathJax typesets the math, all without internet.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/kernel/kernelspec";

const FIXTURE = path.join(__dirname, "fixtures", "display-fixture.ipynb");
const CHROMIUM = "/usr/bin/chromium";

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; its process group is killed after `timeoutMs` (a hang guard). */
function run(command: string, args: string[], timeoutMs: number, cwd = PROJECT_ROOT): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        process.kill(-child.pid, "SIGKILL");
      }
      reject(new Error(`${path.basename(command)} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The DOM of a page after its scripts ran, from headless Chromium with a fresh profile. */
async function renderedDom(file: string): Promise<string> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-chromium-"));
  try {
    const result = await run(
      CHROMIUM,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        `--user-data-dir=${profile}`,
        "--virtual-time-budget=20000",
        "--dump-dom",
        `file://${file}`,
      ],
      120_000,
    );
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

function count(text: string, pattern: RegExp): number {
  return (text.match(pattern) ?? []).length;
}

describe("the book (npm run book)", function () {
  this.timeout(240_000);
  let root: string;
  let book: string;
  let build: Finished;

  before(async function () {
    this.timeout(300_000);
    // Inside the project, so that the fixture's local modules find node_modules (as notebooks/ do).
    fs.mkdirSync(path.join(PROJECT_ROOT, ".tmp"), { recursive: true });
    root = fs.mkdtempSync(path.join(PROJECT_ROOT, ".tmp", "book-test-"));
    const chapter = path.join(root, "notebooks", "ch1-principles");
    fs.mkdirSync(chapter, { recursive: true });
    fs.symlinkSync(path.relative(chapter, path.join(PROJECT_ROOT, "src")), path.join(chapter, "rnn"));
    fs.copyFileSync(FIXTURE, path.join(chapter, "display-fixture.ipynb"));
    const second = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "rnn-course", display_name: "TypeScript (rnn-course)", language: "typescript" } },
      cells: [
        { id: "a", cell_type: "markdown", metadata: {}, source: "# 第二页\n\n[回到示例](display-fixture.ipynb)" },
        {
          id: "b",
          cell_type: "code",
          metadata: {},
          execution_count: null,
          outputs: [],
          source: 'console.log("第二页运行了");',
        },
      ],
    };
    fs.writeFileSync(path.join(chapter, "zz-second.ipynb"), JSON.stringify(second));
    book = path.join(root, "book");
    build = await run(
      process.execPath,
      [
        path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
        "scripts/book.ts",
        "--notebooks",
        path.join(root, "notebooks"),
        "--out",
        book,
      ],
      280_000,
    );
  });

  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("builds without failures", () => {
    assert.equal(build.code, 0, `stdout:\n${build.stdout}\nstderr:\n${build.stderr}`);
  });

  it("lists chapters and notebooks by their first heading on the index page", () => {
    const index = fs.readFileSync(path.join(book, "index.html"), "utf8");
    assert.ok(index.includes("第一章 原理与机制"));
    assert.ok(index.includes('<a href="ch1-principles/display-fixture.html">显示工具示例</a>'));
    assert.ok(index.indexOf("显示工具示例") < index.indexOf("第二页"));
    assert.ok(fs.existsSync(path.join(book, "ch1-principles", "index.html")));
  });

  it("ships plotly.js once in assets/ and references it instead of inlining it", () => {
    const page = fs.readFileSync(path.join(book, "ch1-principles", "display-fixture.html"), "utf8");
    assert.ok(fs.statSync(path.join(book, "assets", "plotly.js")).size > 1_000_000);
    assert.equal(count(page, /<script type="text\/javascript" src="\.\.\/assets\/plotly\.js"/g), 1);
    assert.ok(page.length < 2_000_000, `page is ${page.length} bytes: the bundle was inlined`);
    assert.ok(!/https?:\/\/[^"']*(mathjax|plotly|cdn)/i.test(page), "the page loads something from the internet");
    assert.ok(fs.existsSync(path.join(book, "assets", "mathjax", "MathJax.js")));
  });

  it("points links at notebooks and folders to the exported pages", () => {
    const second = fs.readFileSync(path.join(book, "ch1-principles", "zz-second.html"), "utf8");
    assert.ok(second.includes('href="display-fixture.html"'));
    assert.ok(second.includes("第二页运行了"));
    const fixture = fs.readFileSync(path.join(book, "ch1-principles", "display-fixture.html"), "utf8");
    assert.ok(fixture.includes('href="./index.html"'));
    assert.ok(fixture.includes('href="zz-second.html"'), "next-page navigation");
  });

  it("draws the Plotly charts and the Plot figure and typesets the math in Chromium", async () => {
    const dom = await renderedDom(path.join(book, "ch1-principles", "display-fixture.html"));
    // Two Plotly charts, each drawn by plotly.js into its own container.
    assert.equal(count(dom, /class="plot-container plotly"/g), 2);
    assert.ok(count(dom, /class="main-svg"/g) >= 4);
    // The Observable Plot figure (server-rendered SVG) and the loss curve of the training display.
    assert.ok(dom.includes("Observable Plot 图"));
    assert.ok(count(dom, /<svg[^>]*class="plot-[0-9a-f]+"/g) >= 2);
    // MathJax output for the inline formula, the display formula and show.latex.
    assert.ok(count(dom, /class="MathJax_SVG_Display"/g) >= 2);
    assert.ok(count(dom, /class="MathJax_SVG"/g) >= 3);
    const error = /.{0,300}(class="MathJax_Error"|Math Processing Error).{0,300}/s.exec(dom);
    assert.equal(error, null, `MathJax reported an error: ${error?.[0]}`);
  });
});
