"""``bench/bench_hub.py`` still runs on a real hub and prints its figures, at its smallest
size (one student, one lesson: under a minute). Nothing is timed here: the figures are read
from the script's output, as tests/test_bench.py does for the other benchmarks."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.hub.harness import REPO

pytestmark = pytest.mark.hub

EXPECTED = [
    r"hub up \(hub \+ proxy answering\): +[\d.]+ s",
    r"sign-in to a ready kernel, +1 student\(s\) at once: median +[\d.]+ s, max +[\d.]+ s",
    r"after 00_start_here\.ipynb +RSS +\d+ MiB +PSS +\d+ MiB$",
    r"students per 24 GiB node \(2 GiB kept for the system\): \d+ with 1 lesson\(s\) open",
]


def test_hub_benchmark_runs_and_prints_its_figures() -> None:
    if os.geteuid() != 0:
        pytest.fail(
            "The hub benchmark makes system users and starts JupyterHub: run it as root, or "
            "leave it out with -m 'not hub'."
        )
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "bench_hub.py"), "--students", "1", "--lessons", "1"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    missing = [line for line in EXPECTED if not re.search(line, done.stdout, re.MULTILINE)]
    assert not missing, f"bench_hub.py did not print {missing}:\n{done.stdout}"
    assert "failed" not in done.stdout, done.stdout
