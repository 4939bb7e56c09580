"""Run notebooks top to bottom and save them the way the repository keeps them.

Only cells nbval checks (tagged ``nbval-check-output``, or marked ``# NBVAL_CHECK_OUTPUT``) keep their outputs (nbval compares those);
every other cell is saved without outputs or execution counts. Answers go to a temporary
workspace, so running this never touches a student's progress.

    python tests/tools/refresh_notebook.py notebooks/00_start_here.ipynb [...]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CHECK_MARK = "NBVAL_CHECK_OUTPUT"
CHECK_TAG = "nbval-check-output"


def is_checked(cell: nbformat.NotebookNode) -> bool:
    """nbval compares this cell's output: marked by a comment or (unseen by students) a tag."""
    tagged = CHECK_TAG in cell.get("metadata", {}).get("tags", [])
    return cell.cell_type == "code" and (CHECK_MARK in cell.source or tagged)


def refresh(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="lessons-refresh-") as workspace:
        os.environ["LESSONS_WORKSPACE"] = workspace
        os.environ.setdefault("MPLBACKEND", "Agg")
        NotebookClient(
            notebook, timeout=600, resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    checked = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            # nbval only compares cells that carry an execution count.
            checked += 1
            cell.execution_count = checked
            for output in cell.outputs:
                if "execution_count" in output:
                    output["execution_count"] = checked
                if "data" in output:
                    output["data"] = {
                        k: v for k, v in output["data"].items() if k in ("text/plain", "text/html")
                    }
        else:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)  # saved widget state: large and never needed
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    print(f"refreshed {path}")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        refresh(Path(name))
