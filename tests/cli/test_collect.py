"""``lessons collect`` and ``lessons grade --exchange``: hand-ins copied by owner, graded,
and the statuses the teacher's scripts see."""

from __future__ import annotations

import csv
import os
import pwd
from pathlib import Path

import pytest

from lessons.cli import main
from lessons.skills import load_seed_case
from lessons.student import progress
from lessons.student.handin import write_submission


@pytest.fixture
def handed_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An exchange with the sources quiz released and one hand-in for it in its inbox."""
    exchange = tmp_path / "exchange"
    assert main(["exchange", "create", str(exchange)]) == 0
    assert main(["release", "quiz-sources", "--exchange", str(exchange)]) == 0
    monkeypatch.setenv("LESSONS_EXCHANGE", str(exchange))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setattr(progress, "_pending_notice", None)
    workspace = tmp_path / "quiz-sources"  # where fetch puts it
    workspace.mkdir()
    case = load_seed_case(with_keys=False)
    progress.set_student_name(pwd.getpwuid(os.geteuid()).pw_name, workspace)
    progress.save_answer(f"sources/{case.articles[0].id}", {"sources": []}, workspace)
    write_submission(case=case, workspace=workspace)
    return exchange


def test_collect_copies_the_inbox_by_owner(
    handed_in: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "collected"
    capsys.readouterr()
    assert main(["collect", "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"Collected 1 new hand-in file(s) into {out}")
    me = pwd.getpwuid(os.geteuid()).pw_name
    assert len(list((out / me).iterdir())) == 1
    os.symlink("/etc/hostname", handed_in / "inbox" / "stray.json")
    assert main(["collect", "--out", str(out)]) == 1  # left out: said why
    assert "left out stray.json: is a link: left out." in capsys.readouterr().err


def test_grade_with_exchange_collects_then_grades(
    handed_in: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results"
    status = main(
        [
            "grade",
            "--exchange",
            str(handed_in),
            "--exercise",
            "quiz-sources",
            "--out",
            str(out),
            "--quiet",
        ]
    )
    assert status == 0, capsys.readouterr().err
    assert (out / "collected" / "owners.csv").is_file()
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1


def test_grade_needs_a_folder_or_an_exchange(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["grade", "--exercise", "quiz-sources", "--out", str(tmp_path / "r")]) == 2
    assert (
        capsys.readouterr().err.strip() == "Give the folder of submission files, or --exchange DIR."
    )


def test_collect_from_no_exchange_is_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["collect", "--exchange", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "'lessons exchange create' made" in capsys.readouterr().err
