"""The student's workspace for these tests: a temporary folder, no hub user, no notice left."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.student import progress


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LESSONS_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setattr(progress, "_pending_notice", None)
    return tmp_path
