/**
 * @file Escaping for text placed into HTML and into inline <script> blocks.
 */

/**
 * Escapes `&`, `<`, `>`, `"` and `'` so the text shows literally inside HTML content or attributes.
 * @param text any text
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case '"':
        return "&quot;";
      default:
        return "&#39;";
    }
  });
}

/**
 * Serialises a value as JSON that is safe inside an inline `<script>` element: `<` is written as
 * `\u003c` (so no `</script>` can close the element) and U+2028/U+2029 are escaped.
 * @param value a JSON-serialisable value
 */
export function scriptJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new Error(`scriptJson: value of type ${typeof value} cannot be serialised as JSON`);
  }
  return json
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
