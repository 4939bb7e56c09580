"""``lessons start``: copy the lessons into the student's own folder and open JupyterLab."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from lessons.resources import data_dir
from lessons.student.workspace import atomic_write_json

__all__ = ["FIRST_LESSON", "copy_notebooks", "register", "run"]

FIRST_LESSON = "00_start_here.ipynb"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "start",
        help="copy the lessons into a folder of your own and open JupyterLab",
        description="Copy the lesson notebooks into a workspace folder (never overwriting a "
        "copy you have edited) and start JupyterLab there on 127.0.0.1, on the first lesson.",
    )
    parser.add_argument(
        "--dir", default="media-literacy", help="workspace folder (default: ./media-literacy)"
    )
    parser.add_argument(
        "--port", type=int, default=8888, help="port for JupyterLab (default: 8888)"
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    parser.set_defaults(func=run)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_notebooks(workspace: Path) -> list[str]:
    """Copy the shipped notebooks into ``workspace``; return the names copied or updated.

    A notebook already there is replaced only if it is still exactly the copy we made
    last time (the student has not touched it); an edited copy is always kept.
    """
    workspace.mkdir(parents=True, exist_ok=True)
    ledger_path = workspace / ".lessons" / "copied.json"
    try:
        ledger: dict[str, str] = json.loads(ledger_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        ledger = {}
    copied = []
    for source in sorted(data_dir("notebooks").glob("*.ipynb")):
        target = workspace / source.name
        if target.exists():
            current = _digest(target)
            if current != ledger.get(source.name) or current == _digest(source):
                continue
        shutil.copyfile(source, target)
        ledger[source.name] = _digest(target)
        copied.append(source.name)
    atomic_write_json(ledger_path, ledger)
    return copied


def jupyter_command(workspace: Path, port: int, open_browser: bool) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={workspace}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--LabApp.default_url=/lab/tree/{FIRST_LESSON}",
    ]
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def run(args: argparse.Namespace) -> int:
    workspace = Path(args.dir).resolve()
    copied = copy_notebooks(workspace)
    kept = "" if copied else " (your copies were already there and are kept)"
    print(f"Lessons are in {workspace}{kept}. Starting JupyterLab; press Ctrl+C to stop.")
    env = dict(os.environ, LESSONS_WORKSPACE=str(workspace))
    try:
        return subprocess.call(
            jupyter_command(workspace, args.port, not args.no_browser), cwd=workspace, env=env
        )
    except KeyboardInterrupt:
        return 0
