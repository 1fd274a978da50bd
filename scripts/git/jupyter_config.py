"""Jupyter configuration that `npm run course` adds, for JupyterLab, Notebook 7 and the classic notebook:
scripts/course.ts writes .jupyter-local/config/jupyter_{server,notebook}_config.py, which run this
file with Jupyter's config object `c`, and puts that folder on JUPYTER_CONFIG_PATH.

After each save of a course notebook, it runs `node scripts/git/notebook-filter.cjs --after-save FILE`,
which refreshes git's index entry when the saved notebook differs from the course's only by outputs,
so `git status` stays clean and `git pull` is not blocked.
"""

import os
import subprocess

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FILTER = os.path.join(PROJECT, "scripts", "git", "notebook-filter.cjs")


def rnn_course_after_save(model, os_path, contents_manager, **kwargs):
    """FileContentsManager.post_save_hook: refresh git's view of a saved course notebook."""
    notebooks = os.path.join(PROJECT, "notebooks") + os.sep
    if not os_path.endswith(".ipynb") or not os.path.abspath(os_path).startswith(notebooks):
        return
    try:
        subprocess.run(
            [os.environ.get("RNN_COURSE_NODE", "node"), FILTER, "--after-save", os_path],
            cwd=PROJECT,
            timeout=30,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except Exception:  # never let git bookkeeping break a save
        pass


c.FileContentsManager.post_save_hook = rnn_course_after_save
