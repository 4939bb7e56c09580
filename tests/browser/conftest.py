"""Real-browser harness: JupyterLab on 127.0.0.1 driven by Debian's Chromium via Playwright.

Every lesson's browser test reuses these fixtures:

- ``lab`` (session): a JupyterLab server whose root is a temporary copy of ``notebooks/``
  (answers go to that folder too, never into the repository);
- :func:`serve_lab`: the same server on another root, e.g. a workspace from ``lessons start``;
- :func:`serve_app`: app mode, the server ``lessons start --app`` runs (Voila's server
  extension in a Jupyter server of the student's own) on a workspace;
- ``page`` (per test): a fresh browser tab; a screenshot is saved under ``test-results/``;
- :func:`open_notebook`, :func:`run_all_cells`, :func:`outputs`: the steps a student takes.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
KERNEL_TIMEOUT_MS = 120_000
#: How long an ``expect`` waits for what a student would see (Playwright's default is 5 s).
#: A busy two-core machine can take longer than that to open a notebook or run a cell; an
#: assertion that holds returns as soon as it does, so a generous wait costs nothing.
EXPECT_TIMEOUT_MS = 45_000
RESULTS = REPO / "test-results"

LAB_SETTINGS = {
    # Render every cell (JupyterLab 4 otherwise renders only visible ones), and never fetch news.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab server."""

    url: str
    root: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float, path: str = "/api/status"
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The server exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)  # polling a server that is starting, not waiting in a test
    raise RuntimeError(
        f"The server did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}"
    )


@contextmanager
def serve_lab(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """Run JupyterLab rooted at ``root`` (also the lessons' workspace) until the block ends.

    Settings and workspaces go to fresh temporary folders and the log beside ``root``, so
    a test can serve a second root (a workspace made by ``lessons start``) next to ``lab``.
    """
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing: run `apt-get install -y chromium` (as root).")
    settings = tmp_path_factory.mktemp("lab-settings")
    for name, values in LAB_SETTINGS.items():
        plugin, _, file = name.rpartition("/")
        (settings / plugin).mkdir(parents=True, exist_ok=True)
        (settings / plugin / file).write_text(json.dumps(values))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        LESSONS_WORKSPACE=str(root),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path_factory.mktemp("lab-workspaces")),
        MPLBACKEND="Agg",
    )
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
        "--ServerApp.disable_check_xsrf=True",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = root.parent / "jupyterlab.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log_file, stderr=log_file)
        try:
            _wait_until_up(url, process, log, timeout=120)
            yield Lab(url=url, root=root)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def serve_app(root: Path) -> Iterator[Lab]:
    """Serve the lessons in ``root`` in app mode until the block ends: the command
    ``lessons start --app`` runs (:func:`lessons.cli.start.jupyter_command`), with no token
    and no browser. Up once Voila's list of lessons answers, not just the server."""
    from lessons.cli.start import jupyter_command

    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing: run `apt-get install -y chromium` (as root).")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, LESSONS_WORKSPACE=str(root), MPLBACKEND="Agg")
    command = jupyter_command(root, port, open_browser=False, app=True)
    command += ["--ServerApp.port_retries=0", "--IdentityProvider.token=", "--ServerApp.password="]
    log = root.parent / "app-mode.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log_file, stderr=log_file)
        try:
            _wait_until_up(url, process, log, timeout=120, path="/voila/tree")
            yield Lab(url=url, root=root)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    root = tmp_path_factory.mktemp("lab-root")
    for notebook in (REPO / "notebooks").glob("*.ipynb"):
        shutil.copy(notebook, root / notebook.name)
    with serve_lab(root, tmp_path_factory) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    context.set_default_timeout(KERNEL_TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        RESULTS.mkdir(exist_ok=True)
        name = request.node.name.replace("/", "_").replace("[", "_").replace("]", "")
        try:
            tab.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
        finally:
            context.close()


CURRENT_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
KERNEL_READY_JS = """() => {
    const kernel = window.jupyterapp?.shell?.currentWidget?.sessionContext?.session?.kernel;
    return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""


def wait_for_kernel(page: object) -> None:
    """Wait until the open notebook's kernel is connected and idle (before running cells)."""
    page.wait_for_function(KERNEL_READY_JS, timeout=KERNEL_TIMEOUT_MS)  # type: ignore[attr-defined]


def open_notebook(page: object, lab: Lab, name: str) -> None:
    """Open ``name`` in JupyterLab and wait until its kernel is connected and idle."""
    from playwright.sync_api import expect

    # ?reset: open only this notebook, not the tabs an earlier test left in the workspace.
    page.goto(f"{lab.url}/lab/tree/{name}?reset")  # type: ignore[attr-defined]
    expect(page.locator(CURRENT_NOTEBOOK)).to_be_visible(timeout=KERNEL_TIMEOUT_MS)  # type: ignore[attr-defined]
    wait_for_kernel(page)


def run_all_cells(page: object) -> None:
    """Run every cell through JupyterLab's own command and wait until all have finished."""
    page.evaluate(  # type: ignore[attr-defined]
        "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
    )
    from playwright.sync_api import expect

    expect(page.locator(".jp-InputArea-prompt:has-text('[*]')")).to_have_count(0)  # type: ignore[attr-defined]


def restart_kernel(page: object, lab: Lab, name: str) -> None:
    """Give the notebook a fresh kernel, as *Kernel → Restart Kernel* would, and reopen it.

    The kernel's session is ended on the server and the page reloads, so JupyterLab starts
    a new kernel. Restarting from inside the page can race the page's own reconnection on a
    loaded machine and leave it "Starting" for good; ending the session cannot.
    """
    with urllib.request.urlopen(f"{lab.url}/api/sessions", timeout=30) as response:
        sessions = json.load(response)
    for session in sessions:
        if session.get("path") == name:
            request = urllib.request.Request(
                f"{lab.url}/api/sessions/{session['id']}", method="DELETE"
            )
            urllib.request.urlopen(request, timeout=60).close()
    open_notebook(page, lab, name)


def outputs(page: object) -> object:
    """The open notebook's output areas only (a plain text search would also match source code)."""
    return page.locator(CURRENT_NOTEBOOK).locator(".jp-OutputArea")  # type: ignore[attr-defined]
