/**
 * Build-time pieces of the live book that need no browser: Markdown cells (math left for MathJax,
 * notebook links pointed at pages) and outputs of executed notebooks turned into page outputs.
 */
import { strict as assert } from "assert";
import { cellOutputs } from "../../scripts/web/build";
import { renderMarkdown } from "../../scripts/web/markdown";

describe("web build: markdown and executed outputs", function () {
  it("leaves math intact for MathJax (no emphasis inside it) and links notebooks to their pages", function () {
    const html = renderMarkdown(
      "见 $a_t = W_h h_{t-1} * x_t$ 与\n\n$$\\sum_i x_i^2 < 1$$\n\n[练习](../ch3-practice/01-basics.ipynb#rnn-step) 和 **粗体**",
    );
    assert.ok(html.includes("$a_t = W_h h_{t-1} * x_t$"), html);
    assert.ok(html.includes("$$\\sum_i x_i^2 &lt; 1$$"), html);
    assert.ok(html.includes('href="../ch3-practice/01-basics.html#rnn-step"'), html);
    assert.ok(html.includes("<strong>粗体</strong>"), html);
  });

  it("turns an executed notebook's outputs into page outputs, without plotly's inline bundle", function () {
    const out = cellOutputs([
      { output_type: "stream", name: "stdout", text: ["a\n", "b\n"] },
      {
        output_type: "display_data",
        data: { "application/vnd.plotly.v1+json": { data: [] }, "text/html": "<script>10 MB</script>" },
      },
      { output_type: "execute_result", data: { "text/plain": ["42"] } },
      { output_type: "error", ename: "Error", evalue: "x", traceback: ["Error: x\n", "  at cell"] },
    ]);
    assert.deepEqual(out, [
      { type: "stream", name: "stdout", text: "a\nb\n" },
      { type: "display", data: { "application/vnd.plotly.v1+json": { data: [] } } },
      { type: "display", data: { "text/plain": "42" } },
      { type: "stream", name: "stderr", text: "Error: x\n  at cell" },
    ]);
  });
});
