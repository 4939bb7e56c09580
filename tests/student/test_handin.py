"""Handing in writes a checked submission of the saved answers (one lesson's, or the unit's),
never overwrites an earlier one, and says which released tasks are still open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lessons.skills import load_seed_case
from lessons.student import progress
from lessons.student.handin import HandInError, write_submission
from lessons.student.submission import parse_submission, read_submission
from lessons.student.workspace import atomic_write_json


def test_hand_in_writes_a_checked_submission_of_one_lesson(workspace: Path) -> None:
    case = load_seed_case(with_keys=False)
    progress.set_student_name("Ann Smith")
    progress.save_answer("sources/kyiv-post", {"immediate": "business-insider"})
    progress.save_answer("hedges/tyler-durden", {"spans": [[0, 5, "booster"]]})
    progress.save_answer("start/confidence", {"percent": 40})

    result = write_submission("sources", case=case)

    assert result.path.parent == workspace / "submissions"
    assert result.path.name.startswith("ann-smith-sources-")
    assert result.task_ids == ("sources/kyiv-post",)
    submission = read_submission(result.path)
    assert submission.student == "Ann Smith"
    # The lesson's answers, and lesson 00's that later checkers compare with; no other lesson's.
    assert dict(submission.answers) == {
        "sources/kyiv-post": {"immediate": "business-insider"},
        "start/confidence": {"percent": 40},
    }
    assert submission.case_id == case.id
    data = json.loads(result.path.read_text(encoding="utf-8"))
    assert data["skill"] == "sources"
    assert data["package"]["version"]


def test_handing_in_the_unit_takes_every_answer(workspace: Path) -> None:
    case = load_seed_case(with_keys=False)
    progress.set_student_name("Ann")
    progress.save_answer("sources/kyiv-post", {"immediate": "regnum"})
    progress.save_answer("start/confidence", {"percent": 40})
    first = write_submission(case=case)
    second = write_submission(case=case)
    assert first.path != second.path  # handing in twice never overwrites
    data = parse_submission(json.loads(second.path.read_text(encoding="utf-8")))
    assert set(data.answers) == {"sources/kyiv-post", "start/confidence"}


def test_hand_in_lists_the_released_tasks_not_answered(workspace: Path) -> None:
    case = load_seed_case(with_keys=False)
    atomic_write_json(
        workspace / ".lessons" / "release.json",
        {
            "mode": "assessment",
            "exercise": "quiz-sources",
            "tasks": [{"id": "sources/kyiv-post"}, {"id": "sources/deep-dive"}],
        },
    )
    progress.set_student_name("Ann")
    progress.save_answer("sources/kyiv-post", {"immediate": "regnum"})
    result = write_submission("sources", case=case)
    assert result.missing == ("sources/deep-dive",)
    assert read_submission(result.path).exercise == "quiz-sources"


def test_hand_in_needs_a_name_and_an_answer(workspace: Path) -> None:
    case = load_seed_case(with_keys=False)
    with pytest.raises(HandInError, match="Type your name"):
        write_submission(case=case)
    progress.set_student_name("Ann")
    progress.save_answer("hedges/tyler-durden", {"spans": []})
    progress.save_answer("start/confidence", {"percent": 40})
    with pytest.raises(HandInError, match="no saved answers for the sources tasks"):
        write_submission("sources", case=case)
    assert not (workspace / "submissions").exists()


def test_answers_saved_before_an_article_was_renamed_are_handed_in_under_its_id(
    workspace: Path,
) -> None:
    case = load_seed_case(with_keys=False)
    progress.set_student_name("Ann Smith")
    path = progress.progress_path()
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    atomic_write_json(
        path,
        {
            **data,
            "format": progress.PROGRESS_FORMAT,
            "student": "Ann Smith",
            "answers": {"hedges/zerohedge": {"spans": [[0, 5, "booster"]]}},
        },
    )
    result = write_submission("hedges", case=case)
    assert result.task_ids == ("hedges/tyler-durden",)
    assert dict(read_submission(result.path).answers) == {
        "hedges/tyler-durden": {"spans": [[0, 5, "booster"]]}
    }
