"""``lessons start``: write the lessons for the case in use (a teacher's, with ``--case``, which
is copied too) into the student's own folder and open JupyterLab; ``--no-server`` prepares
the folder and stops there. With a course exchange (``$LESSONS_EXCHANGE``) it also fetches
the teacher's releases (:mod:`lessons.exchange.fetching`), so a hub's spawn hook running
``lessons start --no-server`` gives every student the latest releases. ``--app`` serves the
lessons in Voila instead of JupyterLab (app mode: no code, cells run on open), through Voila's
server extension in a Jupyter server of the student's own, as on a hub.

Exit status: 0 ready (or the server's own status); 1 app mode without Voila installed;
2 the case study is invalid."""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from lessons.casestudy import Case
from lessons.cli._case import load_case_or_report
from lessons.exchange.fetching import place_file
from lessons.student.workspace import (
    atomic_write_json,
    read_json_object,
    release_info,
    release_path,
)
from lessons.unit import notebook_text, render_unit

__all__ = [
    "APP_URL",
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
#: Where app mode opens: lesson 00 rendered by Voila's server extension.
APP_URL = f"/voila/render/{FIRST_LESSON}"
#: What ``--app`` says when Voila is not installed.
NO_VOILA = (
    "App mode needs Voila, which is not installed here: install it with "
    "`pip install 'lessons[app]'` (or `pip install voila`), then run this again. "
    "The lessons are ready; `lessons start` without --app opens them in JupyterLab."
)


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
        "--app",
        action="store_true",
        help="app mode: open the lessons in Voila, with no code to see or run (needs "
        "lessons[app]); answers are saved in the workspace as in JupyterLab",
    )
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


def write_notebooks(workspace: Path, case: Case) -> list[str]:
    """Write the lessons rendered for ``case`` into ``workspace``; return the names written.

    A notebook already there is replaced only if its content (the cells' sources) is still
    what we wrote last time: opening, running or saving it is no change; an edited copy is
    always kept (:func:`lessons.exchange.fetching.place_file`).
    """
    workspace.mkdir(parents=True, exist_ok=True)
    ledger_path = workspace / ".lessons" / "copied.json"
    ledger = read_json_object(ledger_path)
    written = []
    for name, notebook in render_unit(case).items():
        data = notebook_text(notebook).encode("utf-8")
        before = ledger.get(name)
        placed, digest = place_file(
            workspace / name, data, before if isinstance(before, str) else None, beside=False
        )
        if placed != "kept":
            ledger[name] = digest
        if placed == "written":
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


def _fetch_if_on_a_hub() -> None:
    """Fetch the teacher's releases when a course exchange is set; a problem is one line,
    never a reason not to start."""
    from lessons.exchange.fetching import fetch
    from lessons.exchange.layout import ExchangeError
    from lessons.student.workspace import exchange_dir

    if exchange_dir() is None:
        return
    try:
        result = fetch()
    except ExchangeError as error:
        print(error, file=sys.stderr)
        return
    for line in result.lines():
        print(line)


def quiet_lab_config(workspace: Path) -> Path:
    """A Jupyter config folder for the server we start, disabling :data:`NEWS_PLUGIN`
    (``labconfig/page_config.json``, as ``jupyter labextension disable`` writes); it goes
    first on ``JUPYTER_CONFIG_PATH``, so the user's own settings still apply."""
    folder = workspace / ".lessons" / "jupyter-config"
    atomic_write_json(
        folder / "labconfig" / "page_config.json", {"disabledExtensions": {NEWS_PLUGIN: True}}
    )
    return folder


def jupyter_command(workspace: Path, port: int, open_browser: bool, app: bool = False) -> list[str]:
    """JupyterLab on ``workspace``, opening lesson 00; with ``app``, a Jupyter server whose
    Voila extension renders lesson 00 (the student's own server, as on a hub, never a
    Voila shared between visitors)."""
    where = [
        f"--ServerApp.root_dir={workspace}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
    ]
    if app:
        command = [sys.executable, "-m", "jupyter_server", *where]
        command.append(f"--ServerApp.default_url={APP_URL}")
    else:
        command = [sys.executable, "-m", "jupyterlab", *where]
        command += [
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
    app = bool(getattr(args, "app", False))
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
    _fetch_if_on_a_hub()
    if args.no_server:
        return 0
    if app and importlib.util.find_spec("voila") is None:
        print(NO_VOILA, file=sys.stderr)
        return 1
    print(f"Starting {'the lessons in app mode' if app else 'JupyterLab'}; press Ctrl+C to stop.")
    config_path = [str(quiet_lab_config(workspace)), os.environ.get("JUPYTER_CONFIG_PATH", "")]
    env = dict(
        os.environ,
        LESSONS_WORKSPACE=str(workspace),
        JUPYTER_CONFIG_PATH=os.pathsep.join(path for path in config_path if path),
    )
    if case_copy is not None:
        env["LESSONS_CASE"] = str(case_copy)
    return _serve(jupyter_command(workspace, args.port, not args.no_browser, app), workspace, env)


def _serve(command: list[str], workspace: Path, env: dict[str, str]) -> int:
    """Run the server and stop it with this process: a SIGTERM sent to ``lessons start``
    alone (a launcher, a script, ``kill PID``) reaches the server too, so it never keeps
    the port and its kernels after we are gone. Ctrl+C reaches both already."""
    server = subprocess.Popen(command, cwd=workspace, env=env)

    def forward(signum: int, _frame: object) -> None:
        server.send_signal(signum)

    previous = signal.signal(signal.SIGTERM, forward)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
