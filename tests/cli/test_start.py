"""``lessons start`` really starts JupyterLab on 127.0.0.1, on the first lesson."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_start_serves_the_first_lesson_from_the_workspace(tmp_path: Path) -> None:
    workspace = tmp_path / "my-lessons"
    port = _free_port()
    log = tmp_path / "start.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lessons",
                "start",
                "--dir",
                str(workspace),
                "--no-browser",
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        opener = urllib.request.build_opener(_NoRedirect)
        deadline = time.monotonic() + 120
        location = None
        while time.monotonic() < deadline and location is None:
            assert process.poll() is None, log.read_text()
            try:
                opener.open(f"http://127.0.0.1:{port}/", timeout=5)
            except urllib.error.HTTPError as redirect:
                location = redirect.headers.get("Location")
            except OSError:
                time.sleep(0.25)  # the server is still starting
        assert location is not None, log.read_text()
        assert location.split("?")[0].endswith("/lab/tree/00_start_here.ipynb")
        assert (workspace / "00_start_here.ipynb").is_file()
        assert re.search(
            rf"http://127\.0\.0\.1:{port}/lab/tree/00_start_here\.ipynb", log.read_text()
        )
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
