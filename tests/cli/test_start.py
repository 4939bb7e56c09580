"""``lessons start``: prepares the workspace (with a teacher's case when asked) and really
starts JupyterLab on 127.0.0.1, on the first lesson."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from lessons.cli import main
from lessons.cli.start import APP_URL, NEWS_PLUGIN, NO_VOILA, jupyter_command
from lessons.resources import seed_case_dir
from lessons.student.workspace import read_release, release_info


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _teachers_case(folder: Path) -> Path:
    """A copy of the seed case under another id, as a teacher's own case would be."""
    shutil.copytree(seed_case_dir(), folder)
    toml = folder / "case.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('id = "nk-volunteers-2022"', 'id = "my-case"'),
        encoding="utf-8",
    )
    return folder


def test_no_server_prepares_the_workspace_and_exits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = tmp_path / "ws"
    assert main(["start", "--dir", str(workspace), "--no-server"]) == 0
    out = capsys.readouterr().out
    assert f"Lessons are in {workspace}." in out
    assert "Starting JupyterLab" not in out
    assert (workspace / "00_start_here.ipynb").is_file()
    assert read_release(workspace).case_dir is None


def test_start_with_a_case_copies_it_where_the_lessons_look(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = _teachers_case(tmp_path / "teacher" / "my-case")
    workspace = tmp_path / "ws"
    (workspace / ".lessons").mkdir(parents=True)
    (workspace / ".lessons" / "release.json").write_text('{"mode": "practice", "exercise": "x"}')
    monkeypatch.setenv("LESSONS_CASE", str(case))
    assert main(["start", "--dir", str(workspace), "--no-server"]) == 0
    out = capsys.readouterr().out
    assert f"The lessons use the case study copied to {workspace / 'case'}." in out
    assert (workspace / "case" / "case.toml").read_bytes() == (case / "case.toml").read_bytes()
    assert (workspace / "case" / "key" / "sources.toml").is_file()
    assert read_release(workspace).case_dir == "case"
    assert release_info(workspace)["exercise"] == "x"  # what a release wrote is kept

    from lessons.widgets._base import current_case

    monkeypatch.delenv("LESSONS_CASE")
    monkeypatch.setenv("LESSONS_WORKSPACE", str(workspace))
    assert current_case().id == "my-case"


def test_start_with_an_invalid_case_lists_the_problems_and_copies_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = _teachers_case(tmp_path / "my-case")
    (case / "001_70ae67a01f55abd5.txt").unlink()
    workspace = tmp_path / "ws"
    assert main(["start", "--case", str(case), "--dir", str(workspace), "--no-server"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("case.toml: articles[1].file: '001_70ae67a01f55abd5.txt' not found")
    assert err[-1].endswith("problems found, not a valid case study; nothing copied.")
    assert any(line.startswith("key/") and "not checked" in line for line in err)
    assert not workspace.exists()


def test_jupyterlab_fetches_no_news(tmp_path: Path) -> None:
    assert "--LabApp.news_url=None" in jupyter_command(tmp_path, 8888, open_browser=False)


def test_app_mode_is_a_jupyter_server_of_the_students_own_opening_lesson_00(
    tmp_path: Path,
) -> None:
    """Not JupyterLab, and not a standalone Voila (which shares one workspace between
    everyone who opens it): a Jupyter server on the student's folder, on 127.0.0.1."""
    command = jupyter_command(tmp_path, 8899, open_browser=False, app=True)
    assert command[1:3] == ["-m", "jupyter_server"]
    assert f"--ServerApp.root_dir={tmp_path}" in command
    assert "--ServerApp.ip=127.0.0.1" in command and "--ServerApp.port=8899" in command
    assert "--ServerApp.default_url=/voila/render/00_start_here.ipynb" in command
    assert "--no-browser" in command


def test_app_mode_without_voila_says_how_to_get_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "voila" else real(name, *a)
    )
    workspace = tmp_path / "ws"
    assert main(["start", "--dir", str(workspace), "--app", "--no-browser"]) == 1
    captured = capsys.readouterr()
    assert NO_VOILA in captured.err and "pip install 'lessons[app]'" in captured.err
    assert (workspace / "00_start_here.ipynb").is_file()  # the lessons are ready anyway


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _start(workspace: Path, port: int, log: Path, *flags: str) -> subprocess.Popen[bytes]:
    """``lessons start`` in a process group of its own (to stop it with its server)."""
    command = [sys.executable, "-m", "lessons", "start", "--dir", str(workspace)]
    command += ["--no-browser", "--port", str(port), *flags]
    with log.open("wb") as out:
        return subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _first_redirect(port: int, process: subprocess.Popen[bytes], log: Path) -> str:
    """Where the server sends a visitor of ``/``, once it answers."""
    opener = urllib.request.build_opener(_NoRedirect)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            opener.open(f"http://127.0.0.1:{port}/", timeout=5)
        except urllib.error.HTTPError as redirect:
            location = redirect.headers.get("Location")
            if location:
                return str(location)
        except OSError:
            time.sleep(0.25)  # the server is still starting
    raise AssertionError(log.read_text())


@pytest.mark.slow
def test_start_serves_the_first_lesson_from_the_workspace(tmp_path: Path) -> None:
    workspace = tmp_path / "my-lessons"
    port = _free_port()
    log = tmp_path / "start.log"
    process = _start(workspace, port, log)
    try:
        location = _first_redirect(port, process, log)
        assert location.split("?")[0].endswith("/lab/tree/00_start_here.ipynb")
        assert (workspace / "00_start_here.ipynb").is_file()
        found = re.search(
            rf"http://127\.0\.0\.1:{port}/lab/tree/00_start_here\.ipynb\?token=(\w+)",
            log.read_text(),
        )
        assert found, log.read_text()
        page = urllib.request.urlopen(found.group(0), timeout=30).read().decode("utf-8")
        config = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.DOTALL)
        assert config, page[:2000]
        # no "Would you like to get notified about official Jupyter news?" pop-up
        assert NEWS_PLUGIN in json.loads(config.group(1))["disabledExtensions"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.mark.slow
def test_start_app_serves_lesson_00_in_voila_with_no_code(tmp_path: Path) -> None:
    workspace = tmp_path / "my-lessons"
    port = _free_port()
    log = tmp_path / "start.log"
    process = _start(workspace, port, log, "--app")
    try:
        location = _first_redirect(port, process, log)
        assert location.split("?")[0].endswith(APP_URL)
        found = re.search(rf"http://127\.0\.0\.1:{port}/\S*\?token=(\w+)", log.read_text())
        assert found, log.read_text()
        token = found.group(1)
        url = f"http://127.0.0.1:{port}{APP_URL}?token={token}"
        page = urllib.request.urlopen(url, timeout=120).read().decode("utf-8")
        assert "How this page works" in page  # lesson 00's first cell ran, in app mode
        assert "Shift + Enter" not in page  # the lab-only text is left out
        assert "lessons.your_name()" not in page  # and so is the code
        # nothing the page loads comes from another host (a CDN)
        assert not re.search(r"""(src|href)=["']https?://|import\(["']https?://""", page), page
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.mark.slow
def test_stopping_lessons_start_by_its_pid_stops_its_server(tmp_path: Path) -> None:
    """``kill PID`` on ``lessons start`` (what a launcher or a script does) must not leave
    the server behind, holding the port and its kernels."""
    port = _free_port()
    log = tmp_path / "start.log"
    process = _start(tmp_path / "my-lessons", port, log, "--app")
    try:
        _first_redirect(port, process, log)
        process.send_signal(signal.SIGTERM)  # this process only, not its group
        process.wait(timeout=60)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
            except OSError:
                break  # nobody answers on the port any more
            time.sleep(0.25)  # the server is still shutting down
        else:
            raise AssertionError(f"the server still answers on port {port}")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
