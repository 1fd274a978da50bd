/**
 * @file Figures and tables that read well in a notebook: Plot titles as captions (not section
 * headings), decimal tick labels on logarithmic axes (no SI prefixes such as "200m"), math-like
 * table headers (`c_{t-1}`) typeset with sub- and superscripts.
 */
import { strict as assert } from "assert";
import * as show from "../../src/notebook";
import { lossCurveHtml } from "../../src/notebook/render/progress";

/** The tick labels of a rendered chart (texts of its axis tick marks). */
function tickLabels(html: string): string[] {
  return Array.from(html.matchAll(/<text[^>]*>([^<]*)<\/text>/g), (m) => m[1]);
}

describe("display formats", () => {
  describe("Plot titles", () => {
    it("renders title and subtitle as small captions, not as h2/h3 headings", () => {
      const html = show.renderPlot({
        title: "损失 & <曲线>",
        subtitle: "c_{t-1}",
        marks: [show.Plot.lineY([1, 2, 3])],
      });
      assert.doesNotMatch(html, /<h[1-6]/);
      assert.match(html, /<div[^>]*class="rnn-course-plot-title"[^>]*>损失 &amp; &lt;曲线&gt;<\/div>/);
      assert.match(html, /<div[^>]*class="rnn-course-plot-subtitle"[^>]*>c_\{t-1\}<\/div>/);
      assert.match(html, /style="font-size:14px;font-weight:600[^"]*" class="rnn-course-plot-title"/);
    });
  });

  describe("logarithmic axes", () => {
    const losses = [0.2, 0.05, 0.02, 0.005, 0.002, 0.0005];

    it("labels ticks in decimals instead of SI prefixes", () => {
      const labels = tickLabels(show.renderPlot({ y: { type: "log" }, marks: [show.Plot.lineY(losses)] }));
      assert.ok(labels.includes("0.002"), labels.join(" "));
      assert.ok(labels.includes("0.1"), labels.join(" "));
      assert.ok(!labels.some((label) => /\d[mµkM]$/.test(label)), labels.join(" "));
    });

    it("keeps a tickFormat the caller chose, and leaves linear axes and the options alone", () => {
      const options: show.PlotOptions = { y: { type: "log", tickFormat: "~s" }, marks: [show.Plot.lineY(losses)] };
      assert.ok(tickLabels(show.renderPlot(options)).includes("2m"));
      const plain: show.PlotOptions = { x: { label: "t" }, y: { type: "log" } };
      const defaults = show.withPlotDefaults(plain);
      assert.deepEqual(plain, { x: { label: "t" }, y: { type: "log" } });
      assert.deepEqual(defaults.y, { type: "log", tickFormat: show.LOG_TICK_FORMAT });
      assert.deepEqual(defaults.x, { label: "t" });
    });

    it("gives the training progress loss curve decimal ticks", () => {
      const points = losses.map((loss, i) => ({ step: i + 1, loss }));
      const labels = tickLabels(lossCurveHtml(points, true));
      assert.ok(labels.includes("0.01"), labels.join(" "));
      assert.ok(!labels.some((label) => /\d[mµ]$/.test(label)), labels.join(" "));
    });
  });

  describe("math-like names in tables", () => {
    it("typesets subscripts and superscripts in italics, with a true minus sign", () => {
      assert.equal(show.mathLikeHtml("c_{t-1}"), "<i>c</i><sub>t\u22121</sub>");
      assert.equal(show.mathLikeHtml("$W_{hh}^T$"), "<i>W</i><sub>hh</sub><sup>T</sup>");
      assert.equal(show.mathLikeHtml("h_t^2"), "<i>h</i><sub>t</sub><sup>2</sup>");
      assert.equal(show.mathLikeHtml("‖∂L/∂h_t‖"), "‖∂L/∂<i>h</i><sub>t</sub>‖");
      assert.equal(show.mathLikeHtml("α_t"), "<i>α</i><sub>t</sub>");
    });

    it("leaves words, snake_case names and markup alone (escaped)", () => {
      assert.equal(show.mathLikeHtml("hidden_size"), "hidden_size");
      assert.equal(show.mathLikeHtml("模型"), "模型");
      assert.equal(show.mathLikeHtml("lr"), "lr");
      assert.equal(show.mathLikeHtml("a<b_{<i>}"), "a&lt;<i>b</i><sub>&lt;i&gt;</sub>");
    });

    it("renders table headers and text cells with them, numbers as they are", () => {
      const html = show.tableHtml([{ 名称: "W_h", "c_{t-1}": 0.5, hidden_size: 8 }]);
      assert.match(html, /<th[^>]*><i>c<\/i><sub>t\u22121<\/sub><\/th>/);
      assert.match(html, /<th[^>]*>hidden_size<\/th>/);
      assert.match(html, /<td[^>]*><i>W<\/i><sub>h<\/sub><\/td>/);
      assert.match(html, /<td[^>]*>0\.5<\/td>/);
      // The text form keeps the names as typed.
      assert.match(show.tableText([{ "c_{t-1}": 0.5 }]), /^c_\{t-1\}/);
    });
  });
});
