"""Executes one notebook top to bottom with nbclient and reports what happened as JSON.

Usage:
  /usr/bin/python3 scripts/notebook/run_notebook.py NOTEBOOK [--summary FILE] [--output FILE]
      [--kernel NAME] [--budget SECONDS] [--startup-timeout SECONDS] [--allow-errors]

The kernel runs in the notebook's folder. Running the cells must take at most --budget seconds
(default 60; the kernel's start-up has its own --startup-timeout): each cell's timeout is the time
left, so a hang cannot block. The
summary (written to --summary, or stdout) lists every code cell with its run time, reply status and
stderr; on failure "error" names the cell index, the head of its source and its stderr. --output
writes the executed notebook (also on failure). Exit status: 0 ok, 1 the notebook failed.

A kernel that dies or does not answer before the first cell starts (a port of its connection file
taken by another process between Jupyter choosing it and the kernel binding it, say) is started again
on new ports, up to STARTUP_ATTEMPTS times in all; no cell has run then, so nothing runs twice. The
summary's "startupAttempts" says how many starts it took.

Shared by the notebook tests (test/jupyter/run.test.ts) and the book (scripts/book.ts). The
kernelspec is found through JUPYTER_PATH (the callers point it at .jupyter-local).
"""

import argparse
import atexit
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

SOURCE_HEAD_LINES = 3
STARTUP_ATTEMPTS = 3


class AbortedCell(Exception):
    """The kernel answered a cell with status "aborted": it did not run."""


def source_head(cell):
    lines = cell.source.splitlines()
    head = "\n".join(lines[:SOURCE_HEAD_LINES])
    return head + ("\n..." if len(lines) > SOURCE_HEAD_LINES else "")


def cell_stderr(cell):
    return "".join(
        out.get("text", "") for out in cell.get("outputs", []) if out.get("output_type") == "stream" and out.get("name") == "stderr"
    )


def run(path, kernel, budget, startup_timeout, allow_errors, output):
    nb = nbformat.read(path, as_version=4)
    launched = time.monotonic()
    cells = {}
    current = {"index": None, "started": None}

    def elapsed():
        return 0.0 if current["started"] is None else time.monotonic() - current["started"]

    def remaining(_cell=None):
        return max(1, int(budget - elapsed()) + 1)

    def on_cell_start(cell, cell_index):
        if current["started"] is None:
            current["started"] = time.monotonic()
        current["index"] = cell_index
        if cell.cell_type == "code":
            cells[cell_index] = {"index": cell_index, "started": time.monotonic(), "status": "running"}

    def on_cell_executed(cell, cell_index, execute_reply):
        record = cells[cell_index]
        record["seconds"] = round(time.monotonic() - record.pop("started"), 3)
        record["status"] = execute_reply["content"]["status"] if execute_reply else "no-reply"
        record["stderr"] = cell_stderr(cell)
        if record["status"] == "error":
            content = execute_reply["content"]
            record["error"] = f"{content.get('ename', 'Error')}: {content.get('evalue', '')}".rstrip(": ")
        if record["status"] == "aborted":
            raise AbortedCell(f"the kernel aborted cell {cell_index} instead of running it")

    def attempt():
        """Runs the notebook in a new kernel; returns the error record, or None."""
        client = NotebookClient(
            nb,
            kernel_name=kernel,
            timeout_func=remaining,
            startup_timeout=int(startup_timeout),
            allow_errors=allow_errors,
            record_timing=False,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
            on_cell_start=on_cell_start,
            on_cell_executed=on_cell_executed,
        )
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError, DeadKernelError, AbortedCell, RuntimeError) as e:
            kind = {
                CellExecutionError: "error",
                CellTimeoutError: "timeout",
                DeadKernelError: "dead-kernel",
                AbortedCell: "aborted",
            }.get(type(e), "kernel")
            index = current["index"]
            cell = nb.cells[index] if index is not None else None
            message = str(e).strip().splitlines()
            error = {
                "kind": kind,
                "cellIndex": index,
                "sourceHead": source_head(cell) if cell is not None else "",
                "stderr": cell_stderr(cell) if cell is not None else "",
                "message": cells.get(index, {}).get("error") or (message[-1] if message else type(e).__name__),
            }
            if kind == "timeout":
                error["message"] = f"cell {index} still running when the {budget} s budget of the notebook ran out"
            if index in cells and cells[index]["status"] == "running":
                record = cells[index]
                record["seconds"] = round(time.monotonic() - record.pop("started"), 3)
                record["status"] = kind
                record["stderr"] = error["stderr"]
            return error
        finally:
            # nbclient registers an at-exit cleanup that fails noisily when the kernel never started.
            atexit.unregister(client._cleanup_kernel)
        return None

    attempts = 0
    while True:
        attempts += 1
        error = attempt()
        started = current["started"] is not None
        if error is None or started or error["kind"] not in ("kernel", "dead-kernel") or attempts >= STARTUP_ATTEMPTS:
            break
        sys.stderr.write(f"run_notebook.py: the kernel did not start ({error['message']}); starting it again\n")
        sys.stderr.flush()
    if error is not None and not started and attempts > 1:
        error["message"] += f" ({attempts} starts tried)"

    seconds = round(elapsed(), 3)
    if error is None and seconds > budget:
        error = {
            "kind": "budget",
            "cellIndex": None,
            "sourceHead": "",
            "stderr": "",
            "message": f"the notebook took {seconds} s, over its {budget} s budget",
        }

    if output:
        nbformat.write(nb, output)
    return {
        "notebook": path,
        "ok": error is None,
        "seconds": seconds,
        "startupSeconds": round(time.monotonic() - launched - seconds, 3),
        "startupAttempts": attempts,
        "budgetSeconds": budget,
        "cells": [cells[i] for i in sorted(cells)],
        "error": error,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook")
    parser.add_argument("--summary", help="write the JSON summary here instead of stdout")
    parser.add_argument("--output", help="write the executed notebook here")
    parser.add_argument("--kernel", default="rnn-course")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds for running all cells")
    parser.add_argument("--startup-timeout", type=float, default=60.0, help="seconds for the kernel to start")
    parser.add_argument("--allow-errors", action="store_true")
    args = parser.parse_args()

    summary = run(args.notebook, args.kernel, args.budget, args.startup_timeout, args.allow_errors, args.output)
    text = json.dumps(summary, ensure_ascii=False, indent=1)
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text + "\n")
    sys.exit(0 if summary["ok"] else 1)


if __name__ == "__main__":
    main()
