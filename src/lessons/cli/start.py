"""``lessons start``: write the lessons for the case in use (a teacher's, with ``--case``, which
is copied too) into the student's own folder and open JupyterLab; ``--no-server`` prepares
the folder and stops there."""

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

from lessons.casestudy import Case
from lessons.cli._case import load_case_or_report
from lessons.student.workspace import atomic_write_json, release_info, release_path
from lessons.unit import notebook_text, render_unit

__all__ = [
    "CASE_FOLDER",
    "FIRST_LESSON",
    "NEWS_PLUGIN",
    "copy_case",
    "quiet_lab_config",
    "register",
    "run",
    "write_notebooks",
]

FIRST_LESSON = "00_start_here.ipynb"
#: Where ``--case`` copies the case in the workspace (the folder ``lessons release`` uses).
CASE_FOLDER = "case"
#: JupyterLab's plugin that asks "Would you like to get notified about official Jupyter
#: news?" and checks for updates; a classroom needs neither, so the server we start lacks it.
NEWS_PLUGIN = "@jupyterlab/apputils-extension:announcements"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "start",
        help="write the lessons into a folder of your own and open JupyterLab",
        description="Write the lesson notebooks for the case study in use into a workspace "
        "folder (never overwriting a notebook you have edited) and start JupyterLab there on "
        "127.0.0.1, on the first lesson.",
    )
    parser.add_argument(
        "--dir", default="media-literacy", help="workspace folder (default: ./media-literacy)"
    )
    parser.add_argument(
        "--port", type=int, default=8888, help="port for JupyterLab (default: 8888)"
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    parser.add_argument(
        "--case",
        metavar="DIR",
        default=os.environ.get("LESSONS_CASE") or None,
        help="a case study folder to work on, checked first and copied into the workspace "
        "(default: $LESSONS_CASE, else the seed case)",
    )
    parser.add_argument(
        "--no-server",
        action="store_true",
        help="prepare the workspace and exit without starting JupyterLab (for scripts and hubs)",
    )
    parser.set_defaults(func=run)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_notebooks(workspace: Path, case: Case) -> list[str]:
    """Write the lessons rendered for ``case`` into ``workspace``; return the names written.

    A notebook already there is replaced only if it is still exactly the copy we wrote
    last time (the student has not touched it); an edited copy is always kept.
    """
    workspace.mkdir(parents=True, exist_ok=True)
    ledger_path = workspace / ".lessons" / "copied.json"
    try:
        ledger: dict[str, str] = json.loads(ledger_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        ledger = {}
    written = []
    for name, notebook in render_unit(case).items():
        data = notebook_text(notebook).encode("utf-8")
        target = workspace / name
        if target.exists():
            current = _digest(target.read_bytes())
            if current != ledger.get(name) or current == _digest(data):
                continue
        staging = target.with_name(f".{name}.new")
        staging.write_bytes(data)
        staging.replace(target)
        ledger[name] = _digest(data)
        written.append(name)
    atomic_write_json(ledger_path, ledger)
    return written


def copy_case(case_dir: Path, workspace: Path) -> Path:
    """Copy a case study folder into ``workspace/case`` (replacing an older copy) and record
    it in ``.lessons/release.json`` as ``case_dir``, where the lessons look for their case."""
    target = workspace / CASE_FOLDER
    staging = workspace / ".lessons" / f"{CASE_FOLDER}.new"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(case_dir, staging, ignore=shutil.ignore_patterns(".*", "__pycache__"))
    shutil.rmtree(target, ignore_errors=True)
    staging.replace(target)
    info = release_info(workspace)
    info["case_dir"] = CASE_FOLDER
    atomic_write_json(release_path(workspace), info)
    return target


def quiet_lab_config(workspace: Path) -> Path:
    """A Jupyter config folder for the server we start, disabling :data:`NEWS_PLUGIN`
    (``labconfig/page_config.json``, as ``jupyter labextension disable`` writes); it goes
    first on ``JUPYTER_CONFIG_PATH``, so the user's own settings still apply."""
    folder = workspace / ".lessons" / "jupyter-config"
    atomic_write_json(
        folder / "labconfig" / "page_config.json", {"disabledExtensions": {NEWS_PLUGIN: True}}
    )
    return folder


def jupyter_command(workspace: Path, port: int, open_browser: bool) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={workspace}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--LabApp.default_url=/lab/tree/{FIRST_LESSON}",
        "--LabApp.news_url=None",  # no announcements fetched from the internet
    ]
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def run(args: argparse.Namespace) -> int:
    workspace = Path(args.dir).resolve()
    case_copy = None
    folder, case = load_case_or_report(args.case, "nothing copied")
    if case is None:
        return 2
    if args.case:
        case_copy = copy_case(folder.resolve(), workspace)
    copied = write_notebooks(workspace, case)
    kept = "" if copied else " (your copies were already there and are kept)"
    print(f"Lessons are in {workspace}{kept}.")
    if case_copy is not None:
        print(f"The lessons use the case study copied to {case_copy}.")
    if args.no_server:
        return 0
    print("Starting JupyterLab; press Ctrl+C to stop.")
    config_path = [str(quiet_lab_config(workspace)), os.environ.get("JUPYTER_CONFIG_PATH", "")]
    env = dict(
        os.environ,
        LESSONS_WORKSPACE=str(workspace),
        JUPYTER_CONFIG_PATH=os.pathsep.join(path for path in config_path if path),
    )
    if case_copy is not None:
        env["LESSONS_CASE"] = str(case_copy)
    try:
        return subprocess.call(
            jupyter_command(workspace, args.port, not args.no_browser), cwd=workspace, env=env
        )
    except KeyboardInterrupt:
        return 0
