"""Validates notebooks against the nbformat 4 JSON schema.

Usage: /usr/bin/python3 scripts/notebook/validate_notebooks.py NOTEBOOK...
Prints {path: null | "error message"} as JSON; exits 0 either way (the caller judges).
Used by test/jupyter/format.test.ts.
"""

import json
import sys

import nbformat


def check(path):
    try:
        with open(path, encoding="utf-8") as f:
            nb = nbformat.read(f, as_version=nbformat.NO_CONVERT)
        if nb.get("nbformat") != 4:
            return f"nbformat is {nb.get('nbformat')}, not 4"
        nbformat.validate(nb, version=4)
        return None
    except Exception as e:  # report every kind of failure (bad JSON, schema errors) by notebook
        return f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"


def main():
    json.dump({path: check(path) for path in sys.argv[1:]}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
