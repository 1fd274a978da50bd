"""Exports executed notebooks as pages of the static course book (called by scripts/book.ts).

Usage: /usr/bin/python3 scripts/notebook/export_book.py MANIFEST.json
The manifest: {"outDir": "...", "pages": [{"executed": "x.ipynb", "page": "ch1/x.html",
"title": "...", "chapter": "...", "prev": {"page", "title"} | null, "next": ... | null}]}.

Each page uses the `book` template (scripts/notebook/templates/book). The plotly.js bundle inlined
in a notebook's first Plotly chart is replaced by a <script src> to the site's single copy
(assets/plotly.js); MathJax comes from assets/mathjax (SVG output, no web fonts, works offline and
from file://); links to .ipynb files and chapter folders are pointed at the exported pages.
"""

import json
import os
import posixpath
import re
import sys

import nbformat
from nbconvert.exporters import HTMLExporter

BUNDLE_ATTRIBUTE = "data-rnn-course-plotly-bundle"
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
HREF = re.compile(r'(href=")([^"#?]*)([^"]*)(")')


def relative_root(page):
    """The path from a page back to the site root, e.g. "../" for "ch1/x.html"."""
    depth = page.count("/")
    return "../" * depth


def strip_bundle(html, root):
    """Replaces every inline plotly.js bundle script with a reference to the site's copy."""
    while True:
        marker = html.find(BUNDLE_ATTRIBUTE + "=")
        if marker < 0:
            return html
        start = html.rfind("<script", 0, marker)
        end = html.find("</script>", marker)
        if start < 0 or end < 0:
            raise ValueError("malformed plotly.js bundle script")
        version = re.match(BUNDLE_ATTRIBUTE + r'="([^"]*)"', html[marker:]).group(1)
        reference = f'<script type="text/javascript" src="{root}assets/plotly.js" {BUNDLE_ATTRIBUTE}-ref="{version}"></script>'
        html = html[:start] + reference + html[end + len("</script>"):]


def strip_bundles(nb, root):
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = data.get("text/html")
            if isinstance(html, list):
                html = "".join(html)
            if isinstance(html, str) and BUNDLE_ATTRIBUTE in html:
                data["text/html"] = strip_bundle(html, root)


def rewrite_links(html):
    """Points relative links at notebooks (.ipynb) and folders (trailing /) to the exported pages."""

    def fix(match):
        prefix, target, rest, quote = match.groups()
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("/") or target == "":
            return match.group(0)
        if target.endswith(".ipynb"):
            target = target[: -len(".ipynb")] + ".html"
        elif target.endswith("/"):
            target = target + "index.html"
        return prefix + target + rest + quote

    return HREF.sub(fix, html)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
    out_dir = manifest["outDir"]
    for page in manifest["pages"]:
        root = relative_root(page["page"])
        exporter = HTMLExporter(
            template_name="book",
            extra_template_basedirs=[TEMPLATES],
            mathjax_url=f"{root}assets/mathjax/MathJax.js?config=TeX-AMS_SVG-full,Safe",
        )
        nb = nbformat.read(page["executed"], as_version=4)
        nb.metadata["title"] = page["title"]
        strip_bundles(nb, root)

        def link(entry):
            if not entry:
                return None
            href = posixpath.relpath(entry["page"], posixpath.dirname(page["page"]) or ".")
            return {"href": href, "title": entry["title"]}

        resources = {
            "metadata": {"name": page["title"]},
            "rnn_book": {
                "home": f"{root}index.html",
                "chapter": page.get("chapter"),
                "prev": link(page.get("prev")),
                "next": link(page.get("next")),
            },
        }
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        target = os.path.join(out_dir, page["page"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(rewrite_links(body))
        print(f"exported {page['page']}", flush=True)


if __name__ == "__main__":
    main()
