"""Drives the rnn-course kernel through jupyter_client and prints what it saw as JSON.

Usage: /usr/bin/python3 kernel_probe.py [--root DIR] SCENARIO...
All scenarios run, in the order given, in one kernel session (started in DIR/nb, or a temp dir):
  many-lines=N    one cell prints N numbered lines; reports how many arrived, in order or not
  after-error     error handling with stop_on_error false/true, sent in sequence and queued
  interrupt       interrupts `while (true) {}` and runs a cell afterwards
  cells=FILE      runs the code cells listed in the JSON file FILE (a list of strings) in order, with
                  stop_on_error false; reports status, stdout, stderr, ename, evalue, traceback of each
  inspect=CODE@N  inspects CODE at cursor position N (after the cells run); reports the reply
  reload          (needs --root; DIR/nb/lib links to DIR/lib) imports the folder, checks types,
                  edits DIR/lib/value.ts and re-runs the import cell
Prints {scenario: result} as JSON.
The kernelspec is found through JUPYTER_PATH (the caller points it at .jupyter-local).
Used by test/jupyter/kernel.test.ts.
"""

import json
import os
import sys
import tempfile
import time

import jupyter_client

KERNEL_NAME = "rnn-course"
TIMEOUT = 60


_early_replies = {}
reply_order = []


def wait_reply(kc, msg_id, timeout=TIMEOUT):
    """Returns the shell reply to msg_id, keeping replies to other requests for later."""
    deadline = time.monotonic() + timeout
    while msg_id not in _early_replies:
        msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        parent = msg["parent_header"].get("msg_id")
        reply_order.append(parent)
        _early_replies[parent] = msg["content"]
    return _early_replies.pop(msg_id)


def wait_outputs(kc, msg_id, timeout=TIMEOUT):
    """Collects the IOPub messages of msg_id until its idle status."""
    deadline = time.monotonic() + timeout
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status":
            if msg["content"]["execution_state"] == "idle":
                return outputs
            continue
        outputs.append({"type": kind, "content": msg["content"]})


def stream_text(outputs, name):
    return "".join(o["content"]["text"] for o in outputs if o["type"] == "stream" and o["content"]["name"] == name)


def run(kc, code, stop_on_error=True):
    msg_id = kc.execute(code, stop_on_error=stop_on_error)
    reply = wait_reply(kc, msg_id)
    outputs = wait_outputs(kc, msg_id)
    return {"status": reply["status"], "stdout": stream_text(outputs, "stdout"), "stderr": stream_text(outputs, "stderr")}


def run_cells(kc, cells_file):
    with open(cells_file, encoding="utf-8") as f:
        cells = json.load(f)
    results = []
    for code in cells:
        msg_id = kc.execute(code, stop_on_error=False)
        reply = wait_reply(kc, msg_id)
        outputs = wait_outputs(kc, msg_id)
        results.append({
            "status": reply["status"],
            "stdout": stream_text(outputs, "stdout"),
            "stderr": stream_text(outputs, "stderr"),
            "ename": reply.get("ename"),
            "evalue": reply.get("evalue"),
            "traceback": reply.get("traceback"),
        })
    return results


def inspect(kc, spec):
    code, _, pos = spec.rpartition("@")
    msg_id = kc.inspect(code, int(pos))
    return wait_reply(kc, msg_id)


def run_queued(kc, codes_and_flags):
    """Sends all requests at once (like "Run All" in a frontend), then collects every reply."""
    ids = [kc.execute(code, stop_on_error=flag) for code, flag in codes_and_flags]
    del reply_order[:]
    results = []
    for msg_id in ids:
        reply = wait_reply(kc, msg_id)
        outputs = wait_outputs(kc, msg_id)
        results.append({"status": reply["status"], "stdout": stream_text(outputs, "stdout")})
    return {"results": results, "repliesInOrder": reply_order == ids}


def many_lines(kc, count):
    code = f'(function () {{ for (let i = 0; i < {count}; i++) {{ console.log("line " + i); }} }})();'
    msg_id = kc.execute(code)
    reply = wait_reply(kc, msg_id)
    outputs = wait_outputs(kc, msg_id)
    lines = stream_text(outputs, "stdout").splitlines()
    expected = [f"line {i}" for i in range(count)]
    return {
        "status": reply["status"],
        "lines": len(lines),
        "inOrder": lines == expected,
        "streamMessages": sum(1 for o in outputs if o["type"] == "stream"),
    }


def after_error(kc):
    failing = 'throw new Error("planned failure");'
    return {
        # nbclient with allow_errors: the next cell is sent as soon as the error reply arrives.
        "sequentialAllowErrors": [run(kc, failing, stop_on_error=False), run(kc, 'console.log("ran after error");')],
        # Both requests already queued; the failing one allows errors, so the next must still run.
        "queuedAllowErrors": run_queued(kc, [(failing, False), ('console.log("queued after error");', True)]),
        # Run All with stop_on_error: queued requests behind the error are aborted (as in ipykernel).
        "queuedStopOnError": run_queued(kc, [(failing, True), ('console.log("must not run");', True)]),
        # A request sent after the client saw the error reply runs normally (tslab aborted it for 200 ms).
        "sequentialStopOnError": [run(kc, failing, stop_on_error=True), run(kc, 'console.log("sent after reply");')],
    }


def interrupt(kc, km):
    msg_id = kc.execute("while (true) {}")
    # Wait until the kernel reports busy for this request, then a little longer so the loop runs.
    deadline = time.monotonic() + TIMEOUT
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status":
            break
    time.sleep(1.0)
    km.interrupt_kernel()
    reply = wait_reply(kc, msg_id, timeout=30)
    outputs = wait_outputs(kc, msg_id, timeout=30)
    after = run(kc, "console.log(6 * 7);")
    return {
        "interruptedStatus": reply["status"],
        "interruptedStderr": stream_text(outputs, "stderr"),
        "after": after,
        "alive": km.is_alive(),
    }


def reload(kc, root):
    import_cell = 'import * as lib from "./lib";\nconsole.log(`value=${lib.value} double=${lib.double(lib.value)}`);'
    first = run(kc, import_cell)
    run(kc, "const firstToken = lib.token;")
    type_error = run(kc, "const wrong: string = lib.value;")
    with open(os.path.join(root, "lib", "value.ts"), "w", encoding="utf-8") as f:
        f.write("export const value: number = 2;\n")
    # The kernel notices edits through a file watcher; give it a moment, then re-run the import cell.
    attempts = []
    for _ in range(20):
        time.sleep(0.5)
        again = run(kc, import_cell)
        attempts.append(again["stdout"])
        if "value=2" in again["stdout"]:
            break
    # ops.ts did not change: its module instance (and so its classes and objects) must survive.
    unchanged = run(kc, "console.log(String(lib.token === firstToken));")
    return {"first": first, "typeError": type_error, "afterEdit": attempts[-1], "unchangedKept": unchanged["stdout"].strip()}


def start_kernel(cwd, attempts=3):
    """Starts the kernel; one that dies while starting (a port of its connection file taken by
    another process, which it reports on stderr) is started again on new ports, as Jupyter does."""
    for attempt in range(1, attempts + 1):
        try:
            return jupyter_client.manager.start_new_kernel(kernel_name=KERNEL_NAME, cwd=cwd)
        except RuntimeError as e:
            if attempt == attempts or "died" not in str(e):
                raise
            sys.stderr.write(f"kernel_probe.py: the kernel did not start ({e}); starting it again\n")


def main():
    args = sys.argv[1:]
    root = None
    if args[:1] == ["--root"]:
        root, args = args[1], args[2:]
    with tempfile.TemporaryDirectory() as tmp:
        cwd = os.path.join(root, "nb") if root else tmp
        km, kc = start_kernel(cwd)
        results = {}
        try:
            for scenario in args:
                name, _, value = scenario.partition("=")
                if name == "many-lines":
                    results[name] = many_lines(kc, int(value))
                elif name == "after-error":
                    results[name] = after_error(kc)
                elif name == "cells":
                    results[name] = run_cells(kc, value)
                elif name == "inspect":
                    results[name] = inspect(kc, value)
                elif name == "interrupt":
                    results[name] = interrupt(kc, km)
                elif name == "reload" and root:
                    results[name] = reload(kc, root)
                else:
                    raise SystemExit(f"kernel_probe.py: unknown scenario {scenario!r} (reload needs --root)")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    # The kernel (Node) inherited this stdout and made the shared pipe non-blocking, so a long report
    # could be cut short by a partial write: write it with the pipe blocking again.
    os.set_blocking(sys.stdout.fileno(), True)
    sys.stdout.write(json.dumps(results))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
