/**
 * @file The static book (scripts/book.ts), built from a fixture notebook and from the real chapter 1
 * notebooks that draw Plotly charts, opened in headless Chromium: Plotly charts are drawn by the
 * site's single plotly.js (in the fixture and in the real pages), Observable Plot figures are there,
 * MathJax typesets the math, and long code lines can be read (they wrap or scroll, never clipped),
 * all without internet.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/kernel/kernelspec";

const FIXTURE = path.join(__dirname, "fixtures", "display-fixture.ipynb");
const CHAPTER1 = path.join(PROJECT_ROOT, "notebooks", "ch1-principles");

/** The chapter 1 notebooks that draw at least one Plotly chart, with the number of charts. */
function plotlyNotebooks(): Array<{ name: string; charts: number }> {
  return fs
    .readdirSync(CHAPTER1)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((name) => {
      const cells = (
        JSON.parse(fs.readFileSync(path.join(CHAPTER1, name), "utf8")) as {
          cells: Array<{ cell_type: string; source: string | string[] }>;
        }
      ).cells;
      const code = cells
        .filter((c) => c.cell_type === "code")
        .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source));
      return { name, charts: code.reduce((n, src) => n + (src.match(/show\.plotly\(/g) ?? []).length, 0) };
    })
    .filter((nb) => nb.charts > 0);
}

/**
 * Appended to a copy of a page: after load, records in <body data-clipped> the code lines that are
 * cut off, i.e. wider than their box while neither the box nor any ancestor lets the reader scroll
 * to them, and in <body data-code-blocks> how many code blocks were measured.
 */
const CLIP_PROBE = `<script>
window.addEventListener("load", function () {
  var blocks = document.querySelectorAll(".jp-InputArea-editor pre, .jp-InputArea pre");
  var clipped = [];
  blocks.forEach(function (pre, i) {
    var readable = pre.scrollWidth <= pre.clientWidth + 1;
    var el = pre;
    while (!readable && el && el !== document.documentElement) {
      var ox = getComputedStyle(el).overflowX;
      if (ox === "auto" || ox === "scroll") { readable = true; break; }
      if (ox === "hidden" || ox === "clip") { break; }
      el = el.parentElement;
    }
    if (!readable) clipped.push(i + ":" + pre.textContent.split("\\n")[0].slice(0, 60));
  });
  document.body.setAttribute("data-code-blocks", String(blocks.length));
  document.body.setAttribute("data-clipped", JSON.stringify(clipped));
});
</script>`;
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
async function renderedDom(file: string, width = 800): Promise<string> {
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
        `--window-size=${width},900`,
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
    this.timeout(900_000);
    // Inside the project, so that the fixture's local modules find node_modules (as notebooks/ do).
    fs.mkdirSync(path.join(PROJECT_ROOT, ".tmp"), { recursive: true });
    root = fs.mkdtempSync(path.join(PROJECT_ROOT, ".tmp", "book-test-"));
    const chapter = path.join(root, "notebooks", "ch1-principles");
    fs.mkdirSync(chapter, { recursive: true });
    fs.symlinkSync(path.relative(chapter, path.join(PROJECT_ROOT, "src")), path.join(chapter, "rnn"));
    fs.copyFileSync(FIXTURE, path.join(chapter, "display-fixture.ipynb"));
    for (const { name } of plotlyNotebooks()) {
      fs.copyFileSync(path.join(CHAPTER1, name), path.join(chapter, name));
    }
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
        "--budget",
        "400",
      ],
      880_000,
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

  it("has real chapter 1 pages with Plotly charts to check", () => {
    const names = plotlyNotebooks().map((nb) => nb.name);
    assert.ok(names.length >= 2, `chapter 1 notebooks with Plotly charts: ${names.join(", ")}`);
  });

  for (const { name, charts } of plotlyNotebooks()) {
    const page = name.replace(/\.ipynb$/, ".html");

    it(`draws the ${charts} Plotly chart(s) of the real page ch1-principles/${page} in Chromium`, async () => {
      const html = fs.readFileSync(path.join(book, "ch1-principles", page), "utf8");
      assert.equal(count(html, /<script type="text\/javascript" src="\.\.\/assets\/plotly\.js"/g), 1);
      const dom = await renderedDom(path.join(book, "ch1-principles", page));
      assert.equal(count(dom, /class="plot-container plotly"/g), charts, "one drawn Plotly container per chart");
      assert.ok(count(dom, /class="main-svg"/g) >= 2 * charts, "plotly.js drew its SVG layers");
      if (html.includes("sliders")) {
        assert.ok(count(dom, /class="slider-container"/g) >= 1, "the slider was drawn");
      }
    });

    it(`points the exercise links of ch1-principles/${page} at exported chapter 3 pages`, () => {
      const html = fs.readFileSync(path.join(book, "ch1-principles", page), "utf8");
      const links = [...html.matchAll(/href="(\.\.\/ch3-practice\/[^"#]+)(#[^"]*)?"/g)];
      assert.ok(links.length > 0, "no link to chapter 3");
      for (const [, target, anchor] of links) {
        assert.match(target, /\.html$/, `link not rewritten: ${target}`);
        assert.ok(anchor !== undefined && anchor.length > 1, `link without a section: ${target}`);
      }
    });
  }

  it("lets the reader see long code lines (wrapped or scrollable, not clipped) in a real page", async () => {
    const [first] = plotlyNotebooks();
    const page = path.join(book, "ch1-principles", first.name.replace(/\.ipynb$/, ".html"));
    const probe = page.replace(/\.html$/, ".probe.html");
    fs.writeFileSync(probe, fs.readFileSync(page, "utf8").replace("</body>", `${CLIP_PROBE}</body>`));
    for (const width of [800, 420]) {
      const dom = await renderedDom(probe, width);
      const blocks = Number(/data-code-blocks="(\d+)"/.exec(dom)?.[1] ?? "0");
      assert.ok(blocks > 10, `only ${blocks} code blocks measured at width ${width}`);
      const clipped = JSON.parse((/data-clipped="([^"]*)"/.exec(dom)?.[1] ?? "null").replace(/&quot;/g, '"')) as
        string[] | null;
      assert.deepEqual(clipped, [], `clipped code at width ${width}: ${JSON.stringify(clipped)}`);
    }
  });
});
