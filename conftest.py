"""Test-session set-up shared by the unit tests and nbval: answers go to a temporary workspace."""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # Set before any kernel starts, so nbval's kernels inherit it and never write into the repo.
    if "LESSONS_WORKSPACE" not in os.environ:
        os.environ["LESSONS_WORKSPACE"] = tempfile.mkdtemp(prefix="lessons-test-workspace-")
    os.environ.pop("JUPYTERHUB_USER", None)
    os.environ.setdefault("MPLBACKEND", "Agg")
