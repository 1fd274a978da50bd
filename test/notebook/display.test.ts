/**
 * @file Notebook display helpers (src/notebook) without a kernel: the pure renderers, and the display
 * calls with tslab's internal display writer replaced by a recorder.
 */
import { strict as assert } from "assert";
import * as show from "../../src/notebook";
import {
  downsampleLoss,
  estimateRemainingMs,
  formatDuration,
  progressHtml,
  ProgressState,
} from "../../src/notebook/render/progress";
import { plotlyBundleScript, plotlyChartHtml } from "../../src/notebook/render/plotly";
import { escapeHtml, scriptJson } from "../../src/notebook/render/escape";

describe("notebook renderers", () => {
  describe("escaping", () => {
    it("escapes HTML special characters", () => {
      assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    });

    it("writes JSON that cannot close a script element", () => {
      const json = scriptJson({ name: "</script><b>", sep: "\u2028" });
      assert.ok(!json.includes("</"));
      assert.deepEqual(JSON.parse(json), { name: "</script><b>", sep: "\u2028" });
      assert.throws(() => scriptJson(undefined), /scriptJson: value of type undefined/);
    });
  });

  describe("renderPlot (Observable Plot with linkedom)", () => {
    it("renders an svg with the xmlns Plot leaves out", () => {
      const html = show.renderPlot({ marks: [show.Plot.lineY([1, 3, 2, 5])] });
      assert.match(html, /^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.match(html, /<path[^>]* d="M/);
      assert.match(html, /<\/svg>$/);
    });

    it("renders a figure around the svg when there is a title", () => {
      const html = show.renderPlot({
        title: "损失 & <曲线>",
        marks: [show.Plot.dot([{ x: 1, y: 2 }], { x: "x", y: "y" })],
      });
      assert.match(html, /^<figure/);
      assert.ok(html.includes("损失 &amp; &lt;曲线&gt;"));
      assert.match(html, /<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.match(html, /<circle/);
    });

    it("rejects a missing options object", () => {
      assert.throws(
        () => show.renderPlot(null as unknown as show.PlotOptions),
        /renderPlot: options must be a Plot options object, got null/,
      );
    });
  });

  describe("Plotly", () => {
    const figure = { data: [{ type: "scatter", x: new Float64Array([1, 2]), y: [3, 4], name: "</script>loss" }] };

    it("draws with window.Plotly into its own div, with typed arrays as plain arrays", () => {
      const html = plotlyChartHtml(figure, "chart-1");
      assert.ok(html.startsWith('<div id="chart-1"'));
      assert.ok(html.includes("window.Plotly.newPlot(el, figure.data, figure.layout, figure.config)"));
      assert.ok(html.includes('"x":[1,2]'));
      // The trace name cannot end the script element early.
      assert.equal(html.split("</script>").length, 2);
      assert.ok(html.includes("Plotly 图表库尚未加载"));
    });

    it("puts the inline bundle before the chart only when given", () => {
      const bundle = plotlyBundleScript('window.Plotly = {}; var s = "</script>";', "4.1.1");
      assert.ok(bundle.startsWith(`<script type="text/javascript" ${show.PLOTLY_BUNDLE_ATTRIBUTE}="4.1.1">`));
      assert.ok(bundle.includes('"<\\/script>"'));
      assert.equal(bundle.split("</script>").length, 2);
      assert.ok(plotlyChartHtml(figure, "c", bundle).startsWith(bundle));
      assert.ok(!plotlyChartHtml(figure, "c").includes(show.PLOTLY_BUNDLE_ATTRIBUTE));
    });

    it("makes one bundle with the Plotly MIME type, HTML and text", () => {
      const bundle = show.plotlyMimeBundle({ ...figure, layout: { title: { text: "t" } } }, "c2");
      const plotly = bundle[show.PLOTLY_MIME] as { data: Array<{ x: number[] }>; layout: Record<string, unknown> };
      assert.deepEqual(plotly.data[0].x, [1, 2]);
      assert.deepEqual(plotly.layout.title, { text: "t" });
      assert.ok(typeof bundle["text/html"] === "string");
      assert.equal(bundle["text/plain"], "Plotly chart (1 trace: </script>loss)");
    });

    it("rejects bad figures and ids with the argument named", () => {
      assert.throws(
        () => plotlyChartHtml({ data: {} as never }, "c"),
        /plotlyChartHtml: figure\.data must be an array of traces/,
      );
      assert.throws(
        () => plotlyChartHtml({ data: [[1, 2] as never] }, "c"),
        /figure\.data\[0\] must be a trace object, got an array/,
      );
      assert.throws(() => plotlyChartHtml({ data: [] }, 'x" onload="'), /plotlyChartHtml: divId must be/);
    });
  });

  describe("tables", () => {
    it("takes columns from object keys in order of appearance and escapes cells", () => {
      const html = show.tableHtml(
        [
          { 模型: "LSTM", 参数: 1200 },
          { 模型: "<GRU>", 参数: 900.123456, 备注: null },
        ],
        { caption: "对比" },
      );
      assert.ok(html.includes("<caption>对比</caption>"));
      assert.ok(
        html.includes(
          '<th style="text-align:left">模型</th><th style="text-align:right">参数</th><th style="text-align:left">备注</th>',
        ),
      );
      assert.ok(html.includes("&lt;GRU&gt;"));
      assert.ok(html.includes('<td style="text-align:right">900.1</td>'));
      assert.equal((html.match(/<tr>/g) ?? []).length, 3);
    });

    it("takes array rows with named columns and aligns plain text", () => {
      const text = show.tableText(
        [
          ["a", 1],
          ["bbb", 22.5],
        ],
        { columns: ["name", "value"] },
      );
      assert.equal(text, ["name  value", "----  -----", "a         1", "bbb    22.5"].join("\n"));
    });

    it("formats numbers, NaN and typed arrays", () => {
      assert.equal(show.formatCell(3), "3");
      assert.equal(show.formatCell(Math.PI), "3.142");
      assert.equal(show.formatCell(Math.PI, 6), "3.14159");
      assert.equal(show.formatCell(1.23456e-7), "1.235e-7");
      assert.equal(show.formatCell(NaN), "NaN");
      assert.equal(show.formatCell(new Float64Array([0.5, 2])), "[0.5, 2]");
      assert.equal(show.formatCell(undefined), "");
    });

    it("rejects mixed rows and mismatched column names", () => {
      assert.throws(() => show.tableHtml([{ a: 1 }, [1]] as never), /table: rows must be all objects or all arrays/);
      assert.throws(
        () => show.tableHtml([[1, 2]], { columns: ["a"] }),
        /table: 1 column names given for rows of up to 2 cells/,
      );
      assert.throws(
        () => show.tableHtml([1, 2] as never),
        /table: rows\[0\] must be an object or an array, got number/,
      );
    });
  });

  describe("LaTeX source", () => {
    it("wraps bare formulas in $$ and keeps delimited ones", () => {
      assert.equal(show.latexSource(" h_t = \\tanh(a) "), "$$h_t = \\tanh(a)$$");
      assert.equal(show.latexSource("$x$"), "$x$");
      assert.equal(
        show.latexSource("\\begin{aligned} a &= b \\end{aligned}"),
        "\\begin{aligned} a &= b \\end{aligned}",
      );
      assert.throws(() => show.latexSource("  "), /latexSource: tex is empty/);
    });
  });

  describe("training progress rendering", () => {
    const state: ProgressState = {
      title: "训练",
      step: 25,
      totalSteps: 100,
      loss: 0.5,
      bestLoss: 0.4,
      elapsedMs: 5000,
      finished: false,
      firstBadStep: null,
    };

    it("formats durations for people", () => {
      assert.equal(formatDuration(850), "850 ms");
      assert.equal(formatDuration(12_340), "12.3 s");
      assert.equal(formatDuration(125_000), "2 min 05 s");
      assert.equal(formatDuration(3_720_000), "1 h 02 min");
    });

    it("estimates the time left from the average step time", () => {
      assert.equal(estimateRemainingMs(state), 15_000);
      assert.equal(estimateRemainingMs({ ...state, step: 0 }), null);
    });

    it("shows step, loss, elapsed time and ETA, and warns about a non-finite loss", () => {
      const html = progressHtml(state);
      assert.ok(html.includes("25/100"));
      assert.ok(html.includes("width:25.0%"));
      assert.ok(html.includes("<b>0.5</b>"));
      assert.ok(html.includes("5.0 s"));
      assert.ok(html.includes("15.0 s"));
      assert.ok(!html.includes("⚠"));
      assert.ok(progressHtml({ ...state, loss: NaN, firstBadStep: 20 }).includes("第 20 步起损失变为 NaN"));
    });

    it("downsamples long histories by bucket means", () => {
      const points = Array.from({ length: 10 }, (_, i) => ({ step: i + 1, loss: i }));
      assert.deepEqual(downsampleLoss(points, 5), [
        { step: 1.5, loss: 0.5 },
        { step: 3.5, loss: 2.5 },
        { step: 5.5, loss: 4.5 },
        { step: 7.5, loss: 6.5 },
        { step: 9.5, loss: 8.5 },
      ]);
      assert.equal(
        downsampleLoss([
          { step: 1, loss: NaN },
          { step: 2, loss: 1 },
        ]).length,
        1,
      );
    });
  });
});

/** The message tslab's display writer receives. */
interface Sent {
  message: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: { display_id?: string } };
  update: boolean;
}

describe("notebook display calls (tslab's display writer recorded)", () => {
  const jupyter = require("tslab/dist/jupyter") as {
    lastWriteDisplayData: ((message: Sent["message"], update: boolean) => void) | null;
  };
  const bundleKey = Symbol.for("rnn-course.notebook.plotlyBundleSent");
  let sent: Sent[];

  beforeEach(() => {
    sent = [];
    jupyter.lastWriteDisplayData = (message, update) => sent.push({ message, update });
    delete (globalThis as unknown as Record<symbol, unknown>)[bundleKey];
  });

  afterEach(() => {
    jupyter.lastWriteDisplayData = null;
    delete (globalThis as unknown as Record<symbol, unknown>)[bundleKey];
  });

  it("fails clearly outside a running cell", () => {
    jupyter.lastWriteDisplayData = null;
    assert.throws(() => show.html("<b>x</b>"), /show\.html: no notebook cell is running/);
  });

  it("sends tables, LaTeX, Markdown and HTML as one output each", () => {
    show.table([{ a: 1 }]);
    show.latex("x^2");
    show.markdown("**m**");
    show.html("<i>h</i>");
    assert.deepEqual(
      sent.map((s) => Object.keys(s.message.data).sort()),
      [["text/html", "text/plain"], ["text/latex", "text/plain"], ["text/markdown", "text/plain"], ["text/html"]],
    );
    assert.equal(sent[1].message.data["text/latex"], "$$x^2$$");
    assert.ok(sent.every((s) => !s.update));
  });

  it("shows an Observable Plot chart as static HTML", () => {
    show.plot({ marks: [show.Plot.barY([3, 1, 2])] });
    assert.equal(sent.length, 1);
    assert.match(sent[0].message.data["text/html"] as string, /<svg[^>]* xmlns=/);
  });

  it("sends the plotly.js bundle with the first chart only, each chart with Plotly JSON and HTML", () => {
    show.plotly([{ type: "scatter", x: [1, 2], y: [2, 1] }]);
    show.plotly([{ type: "bar", x: [1, 2], y: [2, 1] }], { title: { text: "second" } });
    assert.equal(sent.length, 2);
    const [first, second] = sent.map((s) => s.message.data);
    for (const data of [first, second]) {
      assert.deepEqual(Object.keys(data).sort(), [show.PLOTLY_MIME, "text/html", "text/plain"].sort());
    }
    const firstHtml = first["text/html"] as string;
    const secondHtml = second["text/html"] as string;
    assert.ok(firstHtml.includes(show.PLOTLY_BUNDLE_ATTRIBUTE));
    assert.ok(firstHtml.length > 1_000_000, "the first chart carries the plotly.js bundle");
    assert.ok(!secondHtml.includes(show.PLOTLY_BUNDLE_ATTRIBUTE));
    assert.ok(secondHtml.length < 10_000);
    const ids = [firstHtml, secondHtml].map((h) => /<div id="([^"]+)"/.exec(h)?.[1]);
    assert.notEqual(ids[0], ids[1]);
  });

  it("plotlyInit sends the bundle again on its own", () => {
    show.plotly([{ type: "scatter", y: [1] }]);
    show.plotlyInit();
    show.plotly([{ type: "scatter", y: [1] }]);
    assert.ok((sent[1].message.data["text/html"] as string).includes(show.PLOTLY_BUNDLE_ATTRIBUTE));
    assert.ok(!(sent[2].message.data["text/html"] as string).includes(show.PLOTLY_BUNDLE_ATTRIBUTE));
  });

  it("updates one training output in place, throttled, and ends with the loss curve", () => {
    let clock = 1000;
    const progress = show.trainingProgress({ totalSteps: 4, throttleMs: 200, now: () => clock });
    const { onStep, done } = progress; // detached callbacks must work
    clock = 1100;
    onStep(1, 1.0); // first step: shown
    clock = 1200;
    onStep(2, 0.5); // 100 ms later: throttled
    clock = 1350;
    onStep(3, 0.25); // 250 ms after the last update: shown
    clock = 1400;
    onStep(4, 0.125); // throttled
    done();
    assert.equal(sent.length, 3);
    assert.deepEqual(
      sent.map((s) => s.update),
      [false, true, true],
    );
    const ids = new Set(sent.map((s) => s.message.transient.display_id));
    assert.equal(ids.size, 1);
    assert.ok(typeof [...ids][0] === "string");
    assert.match(sent[0].message.data["text/plain"] as string, /step 1\/4 \| loss 1 \| elapsed 100 ms \| ETA 300 ms/);
    assert.match(sent[1].message.data["text/plain"] as string, /step 3\/4/);
    const final = sent[2].message.data["text/html"] as string;
    assert.ok(final.includes("（已完成）"));
    assert.ok(final.includes("<b>0.125</b>"));
    assert.match(final, /<svg[^>]* xmlns=/);
    assert.deepEqual(
      progress.history.map((p) => p.loss),
      [1, 0.5, 0.25, 0.125],
    );
  });

  it("rejects bad training options and non-number losses", () => {
    assert.throws(
      () => show.trainingProgress({ totalSteps: 0 }),
      /options\.totalSteps must be a positive integer, got 0/,
    );
    const progress = show.trainingProgress({ totalSteps: 3 });
    assert.throws(() => progress.onStep(1, {} as never), /trainingProgress\.onStep: loss must be a number, got object/);
    assert.equal(sent.length, 0);
  });
});
