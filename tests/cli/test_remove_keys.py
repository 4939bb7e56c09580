"""``lessons remove-keys``: only with --yes, only in an installed wheel's data, one line each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lessons.cli import main, remove_keys
from lessons.resources import seed_case_dir


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the installed data, standing in for the installation the command changes."""
    root = tmp_path / "_data"
    for name in ("seeds", "cases"):
        shutil.copytree(seed_case_dir().parent / name, root / name)
    monkeypatch.setattr(remove_keys, "installed_data_root", lambda: root)
    return root


def test_without_yes_it_says_what_it_would_do_and_removes_nothing(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["remove-keys", "--exercise", "quiz-hedges"]) == 1
    assert "--yes" in capsys.readouterr().out
    assert (data / "seeds" / "key").is_dir()


def test_with_yes_the_keys_are_gone(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remove-keys", "--exercise", "quiz-hedges", "--yes"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Removed 2 key folders") and "grade where the keys are" in said
    assert not list(data.rglob("key"))


def test_a_source_checkout_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(remove_keys, "installed_data_root", lambda: None)
    assert main(["remove-keys", "--exercise", "quiz-hedges", "--yes"]) == 2
    assert "source checkout" in capsys.readouterr().err
    assert (seed_case_dir() / "key").is_dir()


def test_lesson_05s_quiz_is_refused_in_one_line(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["remove-keys", "--exercise", "quiz-spread", "--yes"]) == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "cannot be shown without the keys" in said[0]
    assert (data / "seeds" / "key").is_dir()


def test_an_unknown_exercise_is_one_line(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remove-keys", "--yes", "--exercise", "no-such-quiz"]) == 2
    assert "no such exercise file" in capsys.readouterr().err
    assert (data / "seeds" / "key").is_dir()
