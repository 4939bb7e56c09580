"""``lessons key``: the key for a teacher, one sentence and no key in an assessment's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.cli import main
from lessons.skills import load_seed_case
from lessons.student.assessment import ASSESSMENT_REFUSAL


@pytest.fixture
def outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A teacher's own folder, no release in it, as the current folder."""
    folder = tmp_path / "teacher"
    folder.mkdir()
    monkeypatch.delenv("LESSONS_WORKSPACE", raising=False)
    monkeypatch.chdir(folder)
    return folder


def release(out: Path, mode: str) -> None:
    assert main(["release", "quiz-reliability", "--out", str(out), "--mode", mode]) == 0


def test_a_teacher_gets_the_key_in_their_own_folder(
    outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["key", "--skill", "reliability"]) == 0
    printed = capsys.readouterr().out
    outlet = load_seed_case(with_keys=False).articles[0].outlet
    assert f"### {outlet}" in printed and "Expert band" in printed


def test_in_an_assessment_it_refuses_with_one_sentence_and_no_key(
    outside: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    students = outside / "class"
    release(students, "assessment")
    capsys.readouterr()
    monkeypatch.setenv("LESSONS_WORKSPACE", str(students))
    for argv in (["key"], ["key", "--skill", "sources"], ["key", str(load_seed_case().path)]):
        assert main(argv) == 1
        printed = capsys.readouterr()
        assert printed.out == ""
        assert printed.err.strip() == ASSESSMENT_REFUSAL
        assert "Traceback" not in printed.err


def test_the_current_folder_counts_when_no_workspace_is_set(
    outside: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    students = outside / "class"
    release(students, "assessment")
    monkeypatch.chdir(students)
    assert main(["key"]) == 1
    assert ASSESSMENT_REFUSAL in capsys.readouterr().err


def test_a_practice_release_still_shows_the_key(
    outside: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    students = outside / "class"
    release(students, "practice")
    capsys.readouterr()
    monkeypatch.setenv("LESSONS_WORKSPACE", str(students))
    assert main(["key", "--skill", "reliability"]) == 0
    assert "Expert band" in capsys.readouterr().out
