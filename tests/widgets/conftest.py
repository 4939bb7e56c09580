"""What every widget test starts from: a fresh workspace and a case the lessons load."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lessons.casestudy import Case
from lessons.widgets import _base


@pytest.fixture
def case_dir() -> Path | None:
    """The case folder the lessons load: ``None`` is the shipped seed case. A test module
    that needs its own copy (with a key removed or changed) overrides this fixture."""
    return None


@pytest.fixture
def case(case_dir: Path | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Case]:
    """A fresh workspace for each test, and the lessons pointed at ``case_dir``."""
    monkeypatch.setenv("LESSONS_WORKSPACE", str(tmp_path / "workspace"))
    if case_dir is None:
        monkeypatch.delenv("LESSONS_CASE", raising=False)
    else:
        monkeypatch.setenv("LESSONS_CASE", str(case_dir))
    _base._case_at.cache_clear()
    yield _base.current_case()
    _base._case_at.cache_clear()
