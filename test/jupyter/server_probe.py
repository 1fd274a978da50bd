"""Runs a cell in the rnn-course kernel through a running Jupyter server (REST + websocket), as the
browser does.

Usage: /usr/bin/python3 server_probe.py BASE_URL TOKEN
Starts a kernel named rnn-course, executes `console.log(6 * 7)` over the kernel's websocket,
deletes the kernel and prints {"kernelspec": ..., "status": ..., "stdout": ...} as JSON.
Used by test/jupyter/course.test.ts.
"""

import asyncio
import json
import sys
import uuid
from urllib.request import Request, urlopen

from tornado.websocket import websocket_connect

KERNEL_NAME = "rnn-course"


def rest(base, token, method, path, body=None):
    request = Request(
        f"{base}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urlopen(request, timeout=60) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


async def execute(base, token, kernel_id, code):
    ws_url = base.replace("http", "ws", 1) + f"/api/kernels/{kernel_id}/channels?token={token}"
    connection = await websocket_connect(ws_url)
    msg_id = uuid.uuid4().hex
    message = {
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test", "session": uuid.uuid4().hex, "version": "5.3"},
        "parent_header": {},
        "metadata": {},
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        "channel": "shell",
    }
    await connection.write_message(json.dumps(message))
    stdout, status, idle = "", None, False
    while status is None or not idle:
        raw = await asyncio.wait_for(connection.read_message(), timeout=120)
        if raw is None:
            raise RuntimeError("websocket closed")
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "stream" and msg["content"]["name"] == "stdout":
            stdout += msg["content"]["text"]
        elif kind == "execute_reply":
            status = msg["content"]["status"]
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
    connection.close()
    return status, stdout


def main():
    base, token = sys.argv[1], sys.argv[2]
    specs = rest(base, token, "GET", "/api/kernelspecs")["kernelspecs"]
    kernel = rest(base, token, "POST", "/api/kernels", {"name": KERNEL_NAME})
    try:
        status, stdout = asyncio.run(execute(base, token, kernel["id"], "console.log(6 * 7);"))
    finally:
        rest(base, token, "DELETE", f"/api/kernels/{kernel['id']}")
    spec = specs.get(KERNEL_NAME, {}).get("spec")
    json.dump({"kernelspec": spec, "status": status, "stdout": stdout}, sys.stdout)


if __name__ == "__main__":
    main()
