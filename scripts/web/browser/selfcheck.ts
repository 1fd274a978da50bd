/**
 * @file The page's side of the self-check: a hidden sandboxed frame (see selfcheck-frame.ts) grades
 * the learner's exercise against the student edition's recorded fixtures and the result is shown with
 * the course's own self-check table (selfCheckHtml of src/notebook/render/selfcheck.ts, as in
 * Jupyter). Scores computed in the learner's browser
 * cannot be trusted, so the report says where official grades come from.
 */
import { selfCheckHtml, type SelfCheckReport, type SelfCheckTest } from "../../../src/notebook/render/selfcheck";
import { DEFAULT_TIMEOUT_MS, type FrameEvent, type FrameRequest, type FromGrader } from "./selfcheck-protocol";

export const OFFICIAL_NOTE =
  '<p class="selfcheck-note">这是在你的浏览器里算出的自测结果，只供参考；正式成绩以 <code>npm run grade</code> 或课程的 Gradescope 自动评分为准。' +
  "This self-check ran in your browser and is for your information only: official grades come from " +
  "<code>npm run grade</code> or the course's Gradescope autograder.</p>";

export interface SelfCheckResult {
  detailed: SelfCheckReport;
  html: string;
  seconds: number;
}

/** Points as the grader rounds them (no float noise such as 0.30000000000000004). */
const roundPoints = (x: number): number => Math.round(x * 1e6) / 1e6;

export class SelfChecker {
  private frame: HTMLIFrameElement | null = null;
  private ready: Promise<void> | null = null;
  private next = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly texts = new Map<string, Promise<string>>();

  constructor(private readonly base: string) {}

  private text(url: string): Promise<string> {
    let hit = this.texts.get(url);
    if (!hit) {
      hit = fetch(new URL(url, new URL(this.base, location.href)).href).then((r) => {
        if (!r.ok) throw new Error(`cannot load ${url} (HTTP ${r.status})`);
        return r.text();
      });
      hit.catch(() => this.texts.delete(url));
      this.texts.set(url, hit);
    }
    return hit;
  }

  private ensureFrame(): Promise<void> {
    if (this.frame && this.ready) return this.ready;
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-scripts");
    frame.setAttribute("title", "self-check sandbox");
    frame.style.display = "none";
    frame.src = new URL("selfcheck.html", new URL(this.base, location.href)).href;
    this.ready = new Promise<void>((resolve) => {
      const onReady = (e: MessageEvent<FrameEvent>) => {
        if (e.source === frame.contentWindow && e.data?.type === "ready") {
          window.removeEventListener("message", onReady);
          resolve();
        }
      };
      window.addEventListener("message", onReady);
    });
    document.body.appendChild(frame);
    this.frame = frame;
    return this.ready;
  }

  private dropFrame(): void {
    this.frame?.remove();
    this.frame = null;
    this.ready = null;
  }

  /** Grades exercise `name` with the learner's files `exercises` (name → source). */
  check(name: string, exercises: Record<string, string>): Promise<SelfCheckResult> {
    const run = this.queue.then(() => this.run(name, exercises));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(name: string, exercises: Record<string, string>): Promise<SelfCheckResult> {
    const t0 = performance.now();
    const [workerCode, specCode, fixtureText] = await Promise.all([
      this.text("assets/grader-worker.js"),
      this.text(`assets/selfcheck/${name}.spec.js`).catch(() => {
        throw new Error(`there is no self-check for "${name}" (exercise names are like "rnn-step")`);
      }),
      this.text(`assets/selfcheck/${name}.fixture.json`),
    ]);
    await this.ensureFrame();
    const frame = this.frame as HTMLIFrameElement;
    const id = this.next++;
    const tests: SelfCheckTest[] = [];
    let title = { zh: name, en: name };
    let longest = DEFAULT_TIMEOUT_MS;
    const notRun = (from: number, why: string) => {
      for (let i = from; i < tests.length; i++)
        if (tests[i].message === "") Object.assign(tests[i], { status: "error", score: 0, message: why });
    };
    await new Promise<void>((resolve) => {
      let watchdog: ReturnType<typeof setTimeout> | null = null;
      const finish = () => {
        window.removeEventListener("message", listen);
        if (watchdog !== null) clearTimeout(watchdog);
        resolve();
      };
      const arm = () => {
        if (watchdog !== null) clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          this.dropFrame();
          notRun(0, "the self-check stopped responding (a memory bomb?); the sandbox was restarted");
          finish();
        }, longest + 10_000);
      };
      const onWorker = (m: FromGrader) => {
        if (m.type === "cases") {
          title = m.title;
          longest = Math.max(DEFAULT_TIMEOUT_MS, ...m.cases.map((c) => c.timeoutMs ?? 0));
          for (const c of m.cases)
            tests.push({
              name: c.id,
              title: c.title,
              status: "error",
              score: 0,
              max_score: c.points,
              message: "",
              hidden: false,
            });
        } else if (m.type === "case") {
          Object.assign(tests[m.index], {
            status: m.status,
            score: m.status === "passed" ? tests[m.index].max_score : 0,
            message: m.message,
          });
        } else if (m.type === "end") finish();
        else if (m.type === "fatal") {
          notRun(0, `the self-check could not run: ${m.message}`);
          finish();
        }
      };
      const listen = (e: MessageEvent<FrameEvent>) => {
        if (e.source !== frame.contentWindow || !e.data || !("id" in e.data) || e.data.id !== id) return;
        arm();
        const ev = e.data;
        if (ev.type === "worker") onWorker(ev.message);
        else if (ev.type === "timeout") {
          Object.assign(tests[ev.index], {
            status: "timeout",
            score: 0,
            message: `no result within ${ev.ms} ms (an endless loop?); the self-check stops at the first timeout`,
          });
          notRun(ev.index + 1, "not run: the self-check stops at the first timeout");
          finish();
        } else if (ev.type === "crash") {
          notRun(0, `the grading worker stopped: ${ev.message}`);
          this.dropFrame();
          finish();
        }
      };
      window.addEventListener("message", listen);
      arm();
      const request: FrameRequest = {
        type: "grade",
        id,
        workerCode,
        defaultTimeoutMs: DEFAULT_TIMEOUT_MS,
        request: { name, specCode, fixture: JSON.parse(fixtureText), exercises },
      };
      frame.contentWindow?.postMessage(request, "*");
    });
    const score = roundPoints(tests.reduce((s, t) => s + t.score, 0));
    const max = roundPoints(tests.reduce((s, t) => s + t.max_score, 0));
    const detailed: SelfCheckReport = {
      score,
      max_score: max,
      exercises: [{ name, title, score, max_score: max, tests }],
      internalErrors: [],
    };
    return { detailed, html: OFFICIAL_NOTE + selfCheckHtml(detailed), seconds: (performance.now() - t0) / 1000 };
  }
}
