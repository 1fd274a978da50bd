/**
 * @file The learner's first hour, end to end in a real browser: in a fresh clone of the project, the
 * README's `npm run course` (as root where the tests run as root) starts JupyterLab 4 from the pinned
 * environment; headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core; no browser is
 * downloaded) opens the index, runs a chapter 1 notebook with Run All through the menus, and finds
 * plots, tables, typeset math and the finished training progress, with no error; in chapter 3 the
 * exercise link opens the file in JupyterLab's editor, and the self-check grades the untouched stub
 * and then the reference solution. `git status` stays clean after saving. Then the same notebook runs
 * in Debian's classic notebook (`npm run course -- --classic`), whose /edit/ link opens the editor.
 */
import { strict as assert } from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { Browser, chromium, Page } from "playwright-core";
import { PROJECT_ROOT } from "../../scripts/kernel/kernelspec";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const CH1 = "notebooks/ch1-principles/06-bidirectional.ipynb";
const CH3 = "notebooks/ch3-practice/01-basics.ipynb";
const EXERCISE = "exercises/rnn-step.ts";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

function sh(cwd: string, command: string, args: string[]): string {
  const run = spawnSync(command, args, { cwd, encoding: "utf8" });
  assert.equal(run.status, 0, `${command} ${args.join(" ")}:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** Asserts that `git status` is clean in `dir`, showing the diff when it is not. */
function assertGitClean(dir: string): void {
  const status = sh(dir, "git", ["status", "--porcelain"]);
  assert.equal(status, "", `git status:\n${status}\n${sh(dir, "git", ["diff"]).slice(0, 3000)}`);
}

/** A running `npm run course` and the index URL it printed. */
interface Course {
  process: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `npm run course -- ARGS` in `dir` and waits for the index URL it prints. */
function startCourse(dir: string, args: string[], runtime: string): Promise<Course> {
  const child = spawn("npm", ["run", "course", "--", ...args], {
    cwd: dir,
    // A fresh runtime, workspace and settings folder: nothing restored from earlier sessions.
    env: {
      ...process.env,
      JUPYTER_RUNTIME_DIR: runtime,
      JUPYTERLAB_WORKSPACES_DIR: path.join(runtime, "workspaces"),
      JUPYTERLAB_SETTINGS_DIR: path.join(runtime, "settings"),
      PYDEVD_DISABLE_FILE_VALIDATION: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  const output = () => log;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no index URL within 120 s:\n${log}`)), 120_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString("utf8");
      const match = /Course index \/ 课程目录: (\S+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners("data");
        child.stdout?.on("data", (c: Buffer) => (log += c.toString("utf8")));
        resolve({ process: child, url: match[1], output });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => (log += c.toString("utf8")));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm run course exited with ${code}:\n${log}`));
    });
  });
}

async function stopCourse(course: Course | null): Promise<void> {
  const child = course?.process;
  if (child?.pid === undefined || child.exitCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, "SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) {
    process.kill(-child.pid, "SIGKILL");
  }
}

/** What a finished notebook page shows. */
interface PageReport {
  codeCells: number;
  prompts: string[];
  errors: string[];
  svgs: number;
  tables: number;
  math: number;
  progressDone: number;
}

/** Waits until Run All has run every code cell or stopped at an error, then reports what is shown. */
async function waitForRunAll(page: Page, ui: "lab" | "classic"): Promise<PageReport> {
  const selectors =
    ui === "lab"
      ? {
          // Only the notebook on show (the index notebook stays open, hidden, in another tab).
          cell: ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell",
          prompt: ".jp-InputPrompt",
          error:
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output.jp-mod-error',
          output: ".jp-OutputArea-output",
          math: "mjx-container",
        }
      : {
          cell: "#notebook .code_cell",
          prompt: ".input_prompt",
          error: ".output_stderr, .output_error",
          output: ".output_area",
          math: ".MathJax_SVG, .MathJax, .MathJax_CHTML, mjx-container",
        };
  // Browser-side code as text: the project's TypeScript has no DOM types.
  const args = JSON.stringify(selectors);
  await page
    .waitForFunction(
      `((s) => {
      const prompts = [...document.querySelectorAll(s.cell)].map(
        (c) => (c.querySelector(s.prompt)?.textContent ?? "").replace(/\\s+/g, ""),
      );
      const running = prompts.some((p) => p.includes("[*]"));
      const last = prompts[prompts.length - 1] ?? "";
      return !running && (/\\[\\d+\\]/.test(last) || document.querySelector(s.error) !== null);
    })(${args})`,
      undefined,
      { timeout: 240_000, polling: 500 },
    )
    .catch(async (e: Error) => {
      const shot = path.join(os.tmpdir(), `rnn-course-e2e-${ui}.png`);
      await page.screenshot({ path: shot, fullPage: false }).catch(() => undefined);
      const prompts = await page.evaluate(
        `[...document.querySelectorAll(${JSON.stringify(selectors.cell)})].map((c) => ` +
          `c.querySelector(${JSON.stringify(selectors.prompt)})?.textContent).join(" ")`,
      );
      throw new Error(`${e.message}\nprompts: ${String(prompts)}\nscreenshot: ${shot}`);
    });
  return (await page.evaluate(
    `((s) => {
      const cells = [...document.querySelectorAll(s.cell)];
      return {
        codeCells: cells.length,
        prompts: cells.map((c) => (c.querySelector(s.prompt)?.textContent ?? "").replace(/\\s+/g, "")),
        errors: [...document.querySelectorAll(s.error)].map((e) => (e.textContent ?? "").slice(0, 500)),
        svgs: document.querySelectorAll(s.output + " svg").length,
        tables: document.querySelectorAll(s.output + " table").length,
        math: document.querySelectorAll(s.math).length,
        progressDone: [...document.querySelectorAll(".rnn-course-progress")].filter((p) =>
          (p.textContent ?? "").includes("已完成"),
        ).length,
      };
    })(${args})`,
  )) as PageReport;
}

function assertRichNotebook(report: PageReport, ui: string): void {
  assert.deepEqual(report.errors, [], `${ui}: cells show errors`);
  assert.ok(report.codeCells > 5, `${ui}: only ${report.codeCells} code cells`);
  const unrun = report.prompts.filter((p) => !/\[\d+\]/.test(p));
  assert.deepEqual(unrun, [], `${ui}: cells not run: ${report.prompts.join(" ")}`);
  assert.ok(report.svgs >= 2, `${ui}: ${report.svgs} plots (svg)`);
  assert.ok(report.tables >= 1, `${ui}: ${report.tables} tables`);
  assert.ok(report.math >= 3, `${ui}: ${report.math} typeset formulas`);
  assert.ok(report.progressDone >= 2, `${ui}: ${report.progressDone} finished training progress displays`);
}

/**
 * Waits until `file` (in the clone) holds saved outputs. Jupyter's "atomic" save writes the file in
 * place (keeping a backup copy meanwhile), so a read can catch it half written: such a read is
 * retried, and named in the failure if it is the last one.
 */
async function waitForSavedOutputs(file: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let lastProblem = "";
  while (Date.now() < deadline) {
    let notebook: { cells: Array<{ outputs?: unknown[] }> } | null = null;
    try {
      notebook = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Array<{ outputs?: unknown[] }> };
      lastProblem = "";
    } catch (e) {
      lastProblem = ` (the last read was not a whole notebook: ${(e as Error).message})`;
    }
    if (notebook && notebook.cells.some((c) => (c.outputs ?? []).length > 0)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.fail(`${file} was not saved with outputs${lastProblem}`);
}

/** The "score / max" of the self-check table shown in a cell's output. */
function scoreOf(text: string): [number, number] | null {
  const match = /rnn-step\D*?(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)/.exec(text);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

describe("the first hour in a real browser (JupyterLab 4, then the classic notebook)", function () {
  this.timeout(600_000);
  let root: string;
  let clone: string;
  let browser: Browser | null = null;
  let course: Course | null = null;

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (Debian: apt-get install chromium)`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-e2e-"));
    clone = path.join(root, "course");
    sh(root, "git", ["clone", "-q", PROJECT_ROOT, clone]);
    fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(clone, "node_modules"));
    // The pinned JupyterLab environment that `npm run jupyter:setup` (CI) or a first `npm run course` built.
    assert.ok(fs.existsSync(path.join(PROJECT_ROOT, ".venv")), "no .venv: run `npm run jupyter:setup` first");
    fs.symlinkSync(path.join(PROJECT_ROOT, ".venv"), path.join(clone, ".venv"));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
    });
  });

  after(async () => {
    await stopCourse(course);
    await browser?.close();
    if (root) {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("JupyterLab: index, Run All of a chapter 1 notebook, the chapter 3 exercise link and self-check; git stays clean", async () => {
    const port = await freePort();
    course = await startCourse(clone, ["--no-browser", "--port", String(port)], path.join(root, "runtime-lab"));
    const output = course.output();
    assert.match(output, /Opening the course in JupyterLab from \.venv\//);
    if (process.getuid?.() === 0) {
      assert.match(output, /Running as root: passing --allow-root to Jupyter/);
    }
    const index = new URL(course.url);
    assert.equal(index.pathname, "/lab/tree/notebooks/README.ipynb");
    assert.ok(index.searchParams.get("token"), course.url);
    const token = index.searchParams.get("token");
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(course.url);
    await page.locator(".jp-NotebookPanel .jp-MarkdownCell").first().waitFor({ timeout: 120_000 });

    // Chapter 1: Run All from the Run menu, then save.
    await page.goto(`${index.origin}/lab/tree/${CH1}?token=${token}`);
    await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").first().waitFor({ timeout: 60_000 });
    // Run All from the Run menu once the kernel is connected and idle (retried once if the click
    // landed before the notebook took focus).
    await page.getByText("TypeScript (rnn-course) | Idle").first().waitFor({ timeout: 120_000 });
    const started =
      `[...document.querySelectorAll(".jp-NotebookPanel:not(.lm-mod-hidden) ` +
      `.jp-CodeCell .jp-InputPrompt")].some((p) => ` +
      `/\\[(\\*|\\d+)\\]/.test(p.textContent ?? ""))`;
    for (let attempt = 0; attempt < 2; attempt++) {
      await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first().click();
      await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
      await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
      if (
        await page.waitForFunction(started, undefined, { timeout: 30_000 }).then(
          () => true,
          () => false,
        )
      ) {
        break;
      }
    }
    const report = await waitForRunAll(page, "lab");
    assertRichNotebook(report, "JupyterLab");
    await page.locator(".jp-NotebookPanel:visible .jp-Cell").first().click();
    await page.keyboard.press("Control+s");
    await waitForSavedOutputs(path.join(clone, CH1));

    // Chapter 3: the exercise link opens the file in JupyterLab's editor.
    await page.goto(`${index.origin}/lab/tree/${CH3}?token=${token}`);
    const notebook = page.locator(".jp-NotebookPanel:visible");
    await notebook.locator(".jp-CodeCell").first().waitFor({ timeout: 60_000 });
    await notebook.locator("a", { hasText: EXERCISE }).first().click();
    const editor = page.locator(".jp-FileEditor:visible");
    await editor.waitFor({ timeout: 30_000 });
    // The editor shows the file once it has loaded: wait for the stub's text.
    await editor.locator(".cm-content", { hasText: "not implemented yet" }).waitFor({ timeout: 30_000 });
    assert.match((await editor.locator(".cm-content").innerText()).replace(/\s+/g, " "), /not implemented yet/);
    await page.locator(".lm-TabBar-tab:visible", { hasText: "rnn-step.ts" }).first().waitFor();
    await page
      .locator(".lm-TabBar-tab", { hasText: path.basename(CH3) })
      .first()
      .click();

    // The self-check, through the UI: the set-up cell, then the rnn-step check (Shift+Enter each).
    const runCell = async (text: string) => {
      const cell = notebook.locator(".jp-CodeCell", { hasText: text }).first();
      await cell.locator(".cm-content").click();
      await page.keyboard.press("Shift+Enter");
      return cell;
    };
    await runCell("rnn/notebook/selfcheck"); // the set-up cell: import { check, tryIt }
    const checkCell = await runCell('check("rnn-step")');
    const outputOf = async () => (await checkCell.locator(".jp-OutputArea").innerText()).replace(/\s+/g, " ");
    let text = "";
    for (let i = 0; i < 120 && scoreOf(text) === null; i++) {
      await new Promise((r) => setTimeout(r, 500));
      text = await outputOf();
    }
    const stub = scoreOf(text);
    assert.ok(stub, `no self-check score shown for the stub: ${text}`);
    assert.equal(stub[0], 0, text);
    assert.match(text, /not implemented yet/);

    fs.copyFileSync(path.join(clone, "solutions", "rnn-step.ts"), path.join(clone, EXERCISE));
    await runCell('check("rnn-step")');
    let solved: [number, number] | null = null;
    for (let i = 0; i < 120; i++) {
      await new Promise((r) => setTimeout(r, 500));
      solved = scoreOf(await outputOf());
      if (solved !== null && solved[0] > 0) {
        break;
      }
    }
    assert.ok(
      solved && solved[0] === solved[1] && solved[1] === stub[1],
      `solution scored ${solved}: ${await outputOf()}`,
    );

    // Back to the course's version of the exercise; saved notebooks leave git clean.
    const reset = spawnSync("npm", ["run", "reset", "--", EXERCISE], { cwd: clone, encoding: "utf8" });
    assert.equal(reset.status, 0, reset.stderr);
    await notebook.locator(".jp-Cell").first().click();
    await page.keyboard.press("Control+s");
    await waitForSavedOutputs(path.join(clone, CH3));
    await new Promise((r) => setTimeout(r, 1500)); // the post-save hook runs after the save returns
    assertGitClean(clone);
    await page.close();
    await stopCourse(course);
    course = null;
  });

  it("the classic notebook: index, Run All of the same notebook, the /edit/ link; git stays clean", async () => {
    await stopCourse(course); // still running when the JupyterLab test failed
    course = null;
    sh(clone, "npm", ["run", "reset", "--", "--all"]);
    assertGitClean(clone);
    const port = await freePort();
    course = await startCourse(
      clone,
      ["--classic", "--no-browser", "--port", String(port)],
      path.join(root, "runtime-classic"),
    );
    assert.match(course.output(), /Opening the course in the classic Jupyter notebook/);
    const index = new URL(course.url);
    assert.equal(index.pathname, "/notebooks/notebooks/README.ipynb");
    const token = index.searchParams.get("token");
    assert.ok(token, course.url);
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(course.url);
    await page.locator("#notebook .text_cell_render").first().waitFor({ timeout: 60_000 });

    await page.goto(`${index.origin}/notebooks/${CH1}?token=${token}`);
    await page.locator("#kernel_indicator_icon.kernel_idle_icon").waitFor({ timeout: 120_000 });
    await page.locator("#celllink").click();
    await page.locator("#run_all_cells a").click();
    const report = await waitForRunAll(page, "classic");
    assertRichNotebook(report, "classic notebook");
    await page.locator("#notebook .code_cell").first().click();
    await page.keyboard.press("Control+s");
    await waitForSavedOutputs(path.join(clone, CH1));
    await new Promise((r) => setTimeout(r, 1500));
    assertGitClean(clone);

    // The chapter 3 link for the classic notebook opens its editor.
    await page.goto(`${index.origin}/notebooks/${CH3}?token=${token}`);
    const link = page.locator(`a[href="/edit/${EXERCISE}"]`).first();
    await link.waitFor({ timeout: 60_000 });
    const [editorPage] = await Promise.all([
      page
        .context()
        .waitForEvent("page", { timeout: 5_000 })
        .catch(() => page),
      link.click(),
    ]);
    const editor = editorPage.locator(".CodeMirror").first();
    await editor.waitFor({ timeout: 30_000 });
    // The editor is drawn before the file's text arrives (seen once in CI as a lone line number "1"):
    // wait for the text, up to 30 s.
    let text = "";
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      text = await editor.innerText();
      if (/not implemented yet/.test(text)) break;
    }
    assert.match(text, /not implemented yet/);
    await page.close();
  });
});
