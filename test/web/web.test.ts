/**
 * The live book (docs/web.md): builds the site, serves it, and drives Debian's Chromium headless
 * (playwright-core, no browser download). Every content notebook must run with zero errors through
 * `window.rnnCourse.runAll()`; two notebooks' printed numbers must equal the real Jupyter kernel's;
 * the self-check must give the reference solution full marks, the stub zero, and stop an endless loop
 * at its first timeout within seconds while the page stays responsive.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type Browser, type Page } from "playwright-core";
import { buildSite } from "../../scripts/web/build";
import { serve } from "../../scripts/web/serve";
import { cellSource, discoverNotebooks, readNotebook, runNotebook } from "../../scripts/notebook/notebooks";
import { DEFAULT_TIMEOUT_MS } from "../../scripts/web/browser/selfcheck-protocol";

const ROOT = path.resolve(__dirname, "..", "..");
const CHROMIUM = "/usr/bin/chromium";

type Output = { type: "stream"; name: string; text: string } | { type: "display"; data: Record<string, unknown> };

interface RunAll {
  cells: number;
  errors: number;
  seconds: number;
  failed?: { cell: number; error: string };
}

interface Course {
  runAll(): Promise<RunAll>;
  outputs(): Output[][];
  setExercise(name: string, source: string): void;
  selfCheck(name: string): Promise<{
    score: number;
    max_score: number;
    seconds: number;
    html: string;
    exercises: { tests: { status: string }[] }[];
  }>;
}

/** The text a person reads in an output: a chart's figure, plain text, else the HTML's text, else the Markdown/LaTeX source. */
function outputText(o: Output): string {
  if (o.type === "stream") return o.text;
  const d = o.data;
  const text = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v));
  // A chart's figure, not its HTML form (which draws into a <div> with a random id); keys sorted, as
  // nbformat writes them.
  if (d["application/vnd.plotly.v1+json"] !== undefined)
    return JSON.stringify(d["application/vnd.plotly.v1+json"], (_key, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    );
  if (d["text/plain"] !== undefined && d["text/html"] === undefined) return text(d["text/plain"]);
  if (d["text/html"] !== undefined)
    return text(d["text/html"])
      .replace(/<[^>]*>/g, " ")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  return text(d["text/markdown"] ?? d["text/latex"] ?? d["text/plain"] ?? "");
}

/** Every number printed by a cell, in order (Unicode minus read as "-"). */
function numbers(outputs: Output[]): string[] {
  const all = outputs
    .map(outputText)
    .join("\n")
    .replace(/\u2212/g, "-");
  return all.match(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi) ?? [];
}

/** Jupyter's outputs of an executed notebook's code cells. */
function jupyterOutputs(file: string): Output[][] {
  return readNotebook(file)
    .cells.filter((c) => c.cell_type === "code")
    .map((c) =>
      ((c.outputs ?? []) as Record<string, unknown>[]).flatMap((o): Output[] => {
        if (o.output_type === "stream")
          return [{ type: "stream", name: String(o.name), text: [o.text].flat().join("") }];
        if (o.output_type === "display_data" || o.output_type === "execute_result")
          return [{ type: "display", data: o.data as Record<string, unknown> }];
        return [];
      }),
    );
}

/**
 * Printed numbers agree when their text is identical, when both are rounding noise (|x| <= 1e-12), or
 * when both are printed at full precision (12 or more significant digits) and differ by less than 1e-9
 * relatively: the browser's V8 and Node's differ in the last bit of some Math functions (tanh, exp),
 * which shows only in printed differences such as "max |a - b| = 4.4e-16" (2.6e-16 in Node) and in the
 * last digits of full-precision values (gradient norms plotted by 03-lstm: 0.1836754505140395 in the
 * browser, 0.1836754505140394 in Node). Short printed values (toFixed) must be identical.
 */
function sameNumber(a: string, b: string): boolean {
  if (a === b || (Math.abs(Number(a)) <= 1e-12 && Math.abs(Number(b)) <= 1e-12)) return true;
  const digits = (s: string) => s.replace(/e.*$/i, "").replace(/[^\d]/g, "").replace(/^0+/, "").length;
  const x = Number(a);
  const y = Number(b);
  return digits(a) >= 12 && digits(b) >= 12 && Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
}

/**
 * Cells whose printed numbers are not reproducible across JavaScript engines: those that print times,
 * and training runs (rnn.train, optimizer steps). Chromium's V8 and Node 20's differ in the last bit
 * of Math.exp, log, tanh, sin, cos (11 of 12 functions differ on 20,000 inputs; sqrt is identical),
 * and a hundred gradient steps amplify that far beyond the printed digits.
 */
function engineDependent(source: string): boolean {
  return /performance\.now|cpuUsage|Date\.now|hrtime|rnn\.train\(|\.step\(\)|new rnn\.(SGD|Adam)/.test(source);
}

/** Every notebook page but the README (whose environment check needs Node, tested below). */
/** The sources of a notebook's code cells. */
function cellsOf(relative: string): string[] {
  return readNotebook(path.join(ROOT, "notebooks", relative))
    .cells.filter((c) => c.cell_type === "code")
    .map(cellSource);
}

function contentNotebooks(): string[] {
  return discoverNotebooks(path.join(ROOT, "notebooks"))
    .map((f) => path.relative(path.join(ROOT, "notebooks"), f).split(path.sep).join("/"))
    .filter((f) => f !== "README.ipynb");
}

/**
 * Notebook pages run at a time, each in its own browser context (own storage, own kernel worker).
 * Two overlap one page's loading and rendering with another's cells; more only compete for the cores.
 */
const CONCURRENT_PAGES = Math.max(1, Number(process.env.WEB_PAGES ?? 2));

describe("live book (browser kernel)", function () {
  this.timeout(240_000);
  let site: string;
  let server: { port: number; close: () => Promise<void> };
  let browser: Browser;
  let page: Page;
  const timings: string[] = [];
  /** Outputs of the notebooks run in the browser, for the comparison with Jupyter. */
  const ran = new Map<string, Output[][]>();
  /** The content notebooks' runs, started in `before` on CONCURRENT_PAGES pages, awaited by their tests. */
  const runs = new Map<string, Promise<{ result: RunAll; outputs: Output[][] } | { crash: string }>>();

  before(async function () {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`);
    site = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-web-"));
    await buildSite({ out: site, outputs: null, selfcheck: true, log: () => undefined });
    server = await serve(site, 0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    page = await browser.newPage();
    const queue = contentNotebooks();
    const settle = new Map<string, (v: { result: RunAll; outputs: Output[][] } | { crash: string }) => void>();
    for (const nb of queue) runs.set(nb, new Promise((resolve) => settle.set(nb, resolve)));
    const lane = async () => {
      const context = await browser.newContext();
      const mine = await context.newPage();
      try {
        for (let nb = queue.shift(); nb !== undefined; nb = queue.shift()) {
          try {
            await open(nb, mine);
            const result = await mine.evaluate(() =>
              (globalThis as unknown as { rnnCourse: Course }).rnnCourse.runAll(),
            );
            timings.push(
              `${nb}: runAll ${result.seconds.toFixed(1)} s, ${result.cells} cells, ${result.errors} errors`,
            );
            const outputs = await mine.evaluate(() =>
              (globalThis as unknown as { rnnCourse: Course }).rnnCourse.outputs(),
            );
            settle.get(nb)?.({ result, outputs });
          } catch (e) {
            settle.get(nb)?.({ crash: e instanceof Error ? (e.stack ?? e.message) : String(e) });
          }
        }
      } finally {
        await context.close();
      }
    };
    const started = Date.now();
    let runAllSeconds = 0;
    void Promise.all([...runs.values()]).then((all) => {
      for (const r of all) if ("result" in r) runAllSeconds += r.result.seconds;
      timings.push(
        `notebook pages: ${all.length} in ${((Date.now() - started) / 1000).toFixed(0)} s wall-clock, ` +
          `their runAlls add up to ${runAllSeconds.toFixed(0)} s (${CONCURRENT_PAGES} pages at a time)`,
      );
    });
    for (let i = 0; i < CONCURRENT_PAGES; i++)
      lane().catch((e) => {
        for (const nb of queue.splice(0)) settle.get(nb)?.({ crash: `no browser page: ${String(e)}` });
      });
  });

  after(async function () {
    await browser?.close();
    await server?.close();
    if (site) fs.rmSync(site, { recursive: true, force: true });
    if (process.env.WEB_TIMINGS) process.stdout.write(timings.join("\n") + "\n");
  });

  async function open(relative: string, on: Page = page): Promise<void> {
    const t0 = Date.now();
    await on.goto(`http://127.0.0.1:${server.port}/${relative.replace(/\.ipynb$/, ".html")}`);
    await on.waitForFunction(() => "rnnCourse" in globalThis);
    timings.push(`${relative}: page load ${((Date.now() - t0) / 1000).toFixed(2)} s`);
  }

  async function runAll(relative: string): Promise<RunAll> {
    await open(relative);
    const r = await page.evaluate(() => (globalThis as unknown as { rnnCourse: Course }).rnnCourse.runAll());
    timings.push(`${relative}: runAll ${r.seconds.toFixed(1)} s, ${r.cells} cells, ${r.errors} errors`);
    return r;
  }

  for (const nb of contentNotebooks()) {
    it(`runs ${nb} with zero errors`, async function () {
      this.timeout(600_000); // includes the wait for the notebooks started before it
      const run = await runs.get(nb);
      assert.ok(run, `${nb} was not started`);
      if ("crash" in run) assert.fail(`${nb}: the page failed: ${run.crash}`);
      const r = run.result;
      assert.equal(r.errors, 0, `${nb}: cell ${r.failed?.cell} failed:\n${r.failed?.error}`);
      ran.set(nb, run.outputs);
      const checks = cellsOf(nb).filter((source) => /await check\(/.test(source)).length;
      const reports = run.outputs.filter((outs) =>
        outs.some((o) => o.type === "display" && /npm run grade/.test(String(o.data["text/html"] ?? ""))),
      ).length;
      assert.equal(reports, checks, `${nb}: every check(...) cell shows the browser's self-check report`);
      const expected = readNotebook(path.join(ROOT, "notebooks", nb)).cells.filter(
        (c) => c.cell_type === "code",
      ).length;
      assert.equal(r.cells, expected);
    });
  }

  it("says which cell needs Jupyter: the README's environment check reads files with Node's fs", async function () {
    const r = await runAll("README.ipynb");
    assert.equal(r.errors, 1);
    assert.match(r.failed?.error ?? "", /Node's fs module is not available in the browser; run this cell in Jupyter/);
    assert.match(r.failed?.error ?? "", /cell \[0\], line \d+/);
  });

  for (const nb of ["ch1-principles/01-recurrence.ipynb", "ch1-principles/03-lstm.ipynb"]) {
    it(`prints the same numbers as the Jupyter kernel in ${nb}`, async function () {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-web-nb-"));
      const executed = path.join(work, "out.ipynb");
      let jupyterOut: Output[][];
      try {
        const jupyter = await runNotebook(path.join(ROOT, "notebooks", nb), {
          outputPath: executed,
          budgetSeconds: 180,
        });
        assert.ok(jupyter.ok, `the Jupyter run of ${nb} failed`);
        timings.push(`${nb}: Jupyter kernel ${jupyter.seconds.toFixed(1)} s`);
        jupyterOut = jupyterOutputs(executed);
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
      const browserOut = ran.get(nb);
      assert.ok(browserOut, `${nb} did not run in the browser`);
      const sources = readNotebook(path.join(ROOT, "notebooks", nb))
        .cells.filter((c) => c.cell_type === "code")
        .map(cellSource);
      let compared = 0;
      let skipped = 0;
      let identical = 0;
      for (let i = 0; i < sources.length; i++) {
        if (engineDependent(sources[i])) {
          skipped++;
          continue;
        }
        const want = numbers(jupyterOut[i]);
        const got = numbers(browserOut[i]);
        const agree = got.length === want.length && got.every((x, j) => sameNumber(x, want[j]));
        assert.ok(
          agree,
          `${nb}, code cell ${i}: printed numbers differ:\nbrowser ${got.join(" ")}\nJupyter ${want.join(" ")}`,
        );
        compared += want.length;
        identical += got.filter((x, j) => x === want[j]).length;
      }
      assert.ok(compared > 20, `${nb}: only ${compared} numbers compared`);
      timings.push(
        `${nb}: ${compared} printed numbers agree with Jupyter's, ${identical} identical as text ` +
          `(${skipped} cells with times or training runs not compared)`,
      );
    });
  }

  it("behaves like a Jupyter kernel: shared names, re-runs, output, mapped errors, Restart interrupts", async function () {
    await open("ch1-principles/01-recurrence.ipynb");
    type Kernel = Course & {
      setCell(i: number, s: string): void;
      runCell(i: number): Promise<{ ok: boolean; error?: string }>;
      restart(): void;
    };
    const cell = (i: number, source: string) =>
      page.evaluate(
        ([index, text]) => {
          const k = (globalThis as unknown as { rnnCourse: Kernel }).rnnCourse;
          k.setCell(index as number, text as string);
          return k.runCell(index as number);
        },
        [i, source] as const,
      );
    const stdout = (i: number) =>
      page.evaluate(
        (index) =>
          (globalThis as unknown as { rnnCourse: Course }).rnnCourse
            .outputs()
            [index].filter((o) => o.type === "stream" && o.name === "stdout")
            .map((o) => (o as { text: string }).text)
            .join(""),
        i,
      );
    assert.equal((await cell(0, 'import * as rnn from "./rnn/index";')).ok, true);
    const shared = 'const wa: number = 2;\nconsole.log("hello", [1, 2]);\nwa * 21';
    assert.equal((await cell(1, shared)).ok, true);
    assert.equal(await stdout(1), "hello [ 1, 2 ]\n42\n");
    assert.equal((await cell(1, shared)).ok, true, "a cell with const declarations runs again");
    assert.equal((await cell(2, "wa + 1")).ok, true);
    assert.equal(await stdout(2), "3\n");
    const failing = await cell(
      3,
      "const layer = new rnn.Linear(3, 2, { rng: new rnn.Rng(1) });\n\nlayer.forward(rnn.tensor([[1, 2]]));",
    );
    assert.equal(failing.ok, false);
    assert.match(failing.error ?? "", /^Error: .*3/);
    assert.match(failing.error ?? "", /cell \[3\], line 3/);
    assert.match(
      failing.error ?? "",
      /src\/[\w/.-]+\.ts:\d+:\d+/,
      `a frame in the library's TypeScript source:\n${failing.error}`,
    );
    // An endless loop: Restart terminates the worker and says so.
    const interrupted = page.evaluate(() => {
      const k = (globalThis as unknown as { rnnCourse: Kernel }).rnnCourse;
      k.setCell(4, "while (true) {}");
      return k.runCell(4);
    });
    await page.waitForTimeout(1000);
    await page.evaluate(() => (globalThis as unknown as { rnnCourse: Kernel }).rnnCourse.restart());
    const r = await interrupted;
    assert.equal(r.ok, false);
    assert.equal(r.error, "interrupted");
    assert.equal((await cell(5, "typeof wa")).ok, true);
    assert.equal(await stdout(5), "undefined\n", "a restarted kernel starts without the old names");
    // The notebook downloads as .ipynb with the cells as edited.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-ipynb")]);
    const saved = JSON.parse(fs.readFileSync(await download.path(), "utf8")) as {
      nbformat: number;
      cells: { cell_type: string; source: string }[];
    };
    const original = readNotebook(path.join(ROOT, "notebooks", "ch1-principles", "01-recurrence.ipynb"));
    assert.equal(saved.nbformat, 4);
    assert.deepEqual(
      saved.cells.map((c) => c.cell_type),
      original.cells.map((c) => c.cell_type),
    );
    assert.equal(saved.cells.find((c) => c.cell_type === "code")?.source, 'import * as rnn from "./rnn/index";');
    assert.equal(saved.cells[0].source, cellSource(original.cells[0]));
  });

  describe("self-check", function () {
    const call = (name: string, source: string | null) =>
      page.evaluate(
        async ([n, s]) => {
          const course = (globalThis as unknown as { rnnCourse: Course }).rnnCourse;
          if (s !== null) course.setExercise(n as string, s);
          return course.selfCheck(n as string);
        },
        [name, source] as const,
      );

    before(async function () {
      await open("ch3-practice/01-basics.ipynb");
    });

    it("gives the reference solution full marks", async function () {
      const r = await call("rnn-step", fs.readFileSync(path.join(ROOT, "solutions", "rnn-step.ts"), "utf8"));
      assert.ok(r.max_score > 0);
      assert.equal(r.score, r.max_score, r.html);
      assert.match(r.html, /npm run grade/);
      timings.push(`self-check rnn-step (solution): ${r.seconds.toFixed(2)} s`);
    });

    it("gives the stub zero", async function () {
      const r = await call("rnn-step", fs.readFileSync(path.join(ROOT, "exercises", "rnn-step.ts"), "utf8"));
      assert.ok(r.max_score > 0);
      assert.equal(r.score, 0);
    });

    it("stops an endless loop at the first timeout, within seconds, and the page stays responsive", async function () {
      const stub = fs.readFileSync(path.join(ROOT, "exercises", "rnn-step.ts"), "utf8");
      const endless = stub.replace(
        /export function rnnStep\(([^)]*)\)([^{]*)\{/,
        "export function rnnStep($1)$2{\n  for (;;) {}",
      );
      assert.notEqual(endless, stub, "could not insert the loop into the stub");
      const pending = call("rnn-step", endless);
      const t0 = Date.now();
      const answer = await page.evaluate(
        () =>
          (
            globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
          ).document.querySelectorAll("section.code").length,
      );
      assert.ok(answer > 0 && Date.now() - t0 < 2000, "the page did not answer while the self-check ran");
      const r = await pending;
      const statuses = r.exercises[0].tests.map((t) => t.status);
      assert.equal(statuses[0], "timeout");
      assert.equal(statuses.filter((s) => s === "timeout").length, 1, "the self-check must stop at the first timeout");
      assert.equal(r.score, 0);
      assert.ok(r.seconds < DEFAULT_TIMEOUT_MS / 1000 + 5, `took ${r.seconds} s`);
      const kept = await page.evaluate(() =>
        (
          globalThis as unknown as { rnnCourse: { exerciseFiles(): Promise<Record<string, string>> } }
        ).rnnCourse.exerciseFiles(),
      );
      assert.equal(kept["rnn-step"], endless, "the learner's saved work survives");
      // The kernel of the page still runs cells, and the next check works again.
      const ok = await call("rnn-step", fs.readFileSync(path.join(ROOT, "solutions", "rnn-step.ts"), "utf8"));
      assert.equal(ok.score, ok.max_score);
      timings.push(`self-check endless loop: ${r.seconds.toFixed(2)} s`);
    });
  });
});
