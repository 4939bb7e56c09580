"""The capstone's checker routes each task to its checker, and the capstone releases as an
assessment."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons import tasks
from lessons.capstone import check_answer, check_brief
from lessons.casestudy import Case
from lessons.skills import load_seed_case
from tests.cases import GOOD_BRIEF


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


def brief(text: str) -> dict[str, str]:
    return {"text": text}


def test_tasks_route_to_the_capstone(case: Case) -> None:
    assert tasks.check(case, "capstone/brief", brief(GOOD_BRIEF)) == check_brief(
        case, brief(GOOD_BRIEF)
    )
    unknown = check_answer(case, "essay", brief("x"))
    assert not unknown.is_valid and "capstone/article, capstone/brief" in str(unknown)


def test_the_capstone_releases_as_an_assessment_with_no_key_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lessons.cli import main

    assert main(["release", "capstone", "--out", str(tmp_path / "class")]) == 0
    notebook = (tmp_path / "class" / "06_capstone.ipynb").read_text(encoding="utf-8")
    assert "lessons.write_brief()" in notebook and "practice-only" not in notebook
    assert "No answer-key text is in the folder" in capsys.readouterr().out
