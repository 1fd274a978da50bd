#!/usr/bin/env node
/**
 * @file Git clean filter for the course notebooks (`filter=rnn-course-notebook` in .gitattributes),
 * installed into .git/config by scripts/git/install-filter.cjs. Git passes each notebook's working
 * copy through it (stdin -> stdout) before comparing or committing, so outputs a learner produces by
 * running and saving never show in `git status` and never make `git pull` conflict.
 *
 * What it removes: code cells' outputs and execution counts, per-cell view state Jupyter records
 * (collapsed, scrolled, jupyter.outputs_hidden/source_hidden, execution timings), and the kernel's
 * language_info details. When what is left equals the version in git's index (or HEAD), the filter
 * writes that version byte for byte, whatever the key order or indentation Jupyter used; otherwise it
 * writes the stripped notebook with its keys in the order they came (one-space indent, as Jupyter
 * does), so an edit made outside Jupyter stays a small diff. Input that is not notebook JSON
 * passes through unchanged. Usage: notebook-filter.cjs [PATH-IN-REPOSITORY] < notebook > cleaned
 *
 * `notebook-filter.cjs --after-save FILE` is called by Jupyter after each save (the post-save hook
 * that `npm run course` configures, scripts/git/jupyter_config.py): git's status compares file sizes
 * before running filters, so a notebook whose outputs grew would show as modified (while `git diff`
 * shows nothing) and block `git pull`. When the cleaned file equals git's version, this refreshes
 * git's index entry for it (`git add` of identical content), and does nothing otherwise, so a
 * learner's real edits stay unstaged.
 */
"use strict";
const { spawnSync } = require("child_process");

/** Per-cell metadata keys that record view state, not content. */
const VIEW_METADATA = ["collapsed", "scrolled", "execution", "jupyter", "jp-MarkdownHeadingCollapsed", "trusted"];

/** Strips outputs, execution counts and view state from a parsed notebook (in place) and returns it. */
function stripNotebook(notebook) {
  for (const cell of notebook.cells) {
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
    if (cell.metadata && typeof cell.metadata === "object") {
      for (const key of VIEW_METADATA) {
        delete cell.metadata[key];
      }
    }
  }
  if (notebook.metadata && typeof notebook.metadata === "object") {
    delete notebook.metadata.widgets;
    delete notebook.metadata.signature;
  }
  return notebook;
}

/**
 * A copy for comparison: without the notebook-level language_info (the kernel rewrites it on every
 * save) and with each cell's source as one string (Jupyter stores it as a list of lines, other
 * writers as one string).
 */
function comparable(notebook) {
  const copy = JSON.parse(JSON.stringify(notebook));
  if (copy.metadata) {
    delete copy.metadata.language_info;
  }
  for (const cell of copy.cells) {
    if (Array.isArray(cell.source)) {
      cell.source = cell.source.join("");
    }
  }
  return copy;
}

/** Deep equality of JSON values, ignoring object key order. */
function jsonEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}

/** The committed text of `file` (index first, then HEAD), or null. */
function committedText(file) {
  for (const spec of [`:${file}`, `HEAD:${file}`]) {
    const run = spawnSync("git", ["cat-file", "blob", spec], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (run.status === 0) return run.stdout;
  }
  return null;
}

/**
 * The cleaned text of a notebook.
 * @param {string} text the working copy
 * @param {string | null} committed the version git has (for byte-identical output when nothing but outputs changed)
 */
function cleanNotebookText(text, committed) {
  let notebook;
  try {
    notebook = JSON.parse(text);
  } catch {
    return text;
  }
  if (!notebook || typeof notebook !== "object" || !Array.isArray(notebook.cells)) {
    return text;
  }
  stripNotebook(notebook);
  let base = null;
  try {
    base = committed === null ? null : JSON.parse(committed);
  } catch {
    base = null;
  }
  if (base && Array.isArray(base.cells)) {
    const strippedBase = stripNotebook(JSON.parse(committed));
    if (jsonEqual(comparable(notebook), comparable(strippedBase))) {
      return committed;
    }
    // Keep the committed language_info so the learner's real edits are the only difference.
    if (notebook.metadata && base.metadata) {
      if (base.metadata.language_info === undefined) delete notebook.metadata.language_info;
      else notebook.metadata.language_info = base.metadata.language_info;
    }
  }
  return JSON.stringify(notebook, null, 1) + "\n";
}

module.exports = { cleanNotebookText, stripNotebook, jsonEqual };

/** The --after-save hook: refresh the index entry of FILE when its cleaned content is git's version. */
function afterSave(file) {
  const top = spawnSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" });
  if (top.status !== 0) return;
  const cwd = top.stdout.trim();
  const tracked = spawnSync("git", ["ls-files", "--error-unmatch", "--", file], { cwd, encoding: "utf8" });
  if (tracked.status !== 0) return;
  const diff = spawnSync("git", ["diff", "--exit-code", "--", file], { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  if (diff.status === 0) {
    spawnSync("git", ["add", "--", file], { cwd });
  }
}

if (require.main === module && process.argv[2] === "--after-save") {
  try {
    afterSave(process.argv[3]);
  } catch (e) {
    process.stderr.write(`notebook-filter --after-save: ${e && e.message ? e.message : e}\n`);
  }
} else if (require.main === module) {
  const chunks = [];
  process.stdin.on("data", (c) => chunks.push(c));
  process.stdin.on("end", () => {
    const text = Buffer.concat(chunks).toString("utf8");
    const file = process.argv[2];
    let out = text;
    try {
      out = cleanNotebookText(text, file ? committedText(file) : null);
    } catch (e) {
      process.stderr.write(`notebook-filter: ${file ?? "stdin"}: ${e && e.message ? e.message : e}\n`);
    }
    process.stdout.write(out);
  });
}
