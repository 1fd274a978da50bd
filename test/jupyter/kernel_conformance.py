"""The Jupyter kernel conformance suite (jupyter_kernel_test, pinned in requirements/jupyter.txt) run against rnn-course.

Usage: .venv/bin/python test/jupyter/kernel_conformance.py
Every message the kernel sends is validated against the Jupyter messaging spec v5. Exit status 0
when all tests pass. The kernelspec is found through JUPYTER_PATH. Used by kernel.test.ts.
"""

import sys
import unittest

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import validate_message


class RnnCourseKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "rnn-course"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world");'
    code_stderr = 'console.error("something went wrong");'
    code_display_data = [
        {"code": 'import * as tslab from "tslab";\ntslab.display.html("<b>bold</b>");', "mime": "text/html"},
        {"code": 'import * as tslab from "tslab";\ntslab.display.latex("$x^2$");', "mime": "text/latex"},
    ]
    complete_code_samples = ["const a = 1;", "function f(x: number): number {\n  return x;\n}"]
    incomplete_code_samples = ["function f(x: number) {", "const xs = ["]
    completion_samples = [{"text": "Math.flo", "matches": {"floor"}}]
    code_inspect_sample = "Math.max"

    def test_comm_info(self):
        """Not in the upstream suite: JupyterLab sends comm_info_request when it connects."""
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.kc.get_shell_msg(timeout=jupyter_kernel_test.TIMEOUT)
        validate_message(reply, "comm_info_reply", msg_id)
        self.assertEqual(reply["content"]["comms"], {})

    def test_error_reply(self):
        """Not in the upstream suite (tslab reports errors on stderr, not as error messages): the
        execute reply of a failing cell names the error."""
        self.flush_channels()
        reply, output_msgs = self.execute_helper('throw new RangeError("out of range");', stop_on_error=False)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "RangeError")
        self.assertEqual(reply["content"]["evalue"], "out of range")
        self.assertTrue(any("RangeError" in line for line in reply["content"]["traceback"]))
        self.assertTrue(any(m["msg_type"] == "stream" and m["content"]["name"] == "stderr" for m in output_msgs))


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
