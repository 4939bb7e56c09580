"""Grading one submission: an empty answer is not answered, a damaged one could not be
checked, and a checker that crashes costs that answer only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lessons import tasks
from lessons.casestudy import Case
from lessons.grading import grade_folder
from lessons.teacher.exercises import Exercise
from tests.grading.classes import (
    CASE,
    expert_rating,
    opposite_rating,
    put,
    reliability_answers,
    submission,
)


def test_a_checker_that_crashes_does_not_stop_the_class(
    tmp_path: Path, quiz: Exercise, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "class"
    put(folder, "ann.json", submission("Ann", reliability_answers(expert_rating)))
    put(folder, "ben.json", submission("Ben", reliability_answers(opposite_rating)))
    real_check = tasks.check

    def flaky(case: Case, task_id: str, answer: object, answers: Any = None) -> Any:
        if task_id == "reliability/news-blog":
            raise RuntimeError("bug")
        return real_check(case, task_id, answer, answers)

    monkeypatch.setattr("lessons.tasks.check", flaky)
    result = grade_folder(folder, quiz, show_progress=False)
    assert len(result.students) == 2
    assert len(result.errors) == 2 and all("reliability/news-blog" in e for e in result.errors)
    for student in result.students:
        crashed = [t for t in student.tasks if t.task_id == "reliability/news-blog"]
        assert crashed[0].status == "error" and crashed[0].points == 0
        assert any(t.points > 0 for t in student.tasks) or student.student == "Ben"


def test_an_empty_answer_is_not_answered_and_a_damaged_one_could_not_be_checked(
    tmp_path: Path, quiz: Exercise
) -> None:
    from lessons.grading.pages import feedback_page
    from lessons.grading.report import render_report, task_difficulty

    answers = reliability_answers(expert_rating)
    answers["reliability/kyiv-post"] = {"levels": {}, "evidence": {}}  # pressed Check, empty
    answers["reliability/tyler-durden"] = {"levels": "all of them"}  # damaged
    folder = tmp_path / "class"
    put(folder, "kim.json", submission("Kim", answers))
    result = grade_folder(folder, quiz, show_progress=False)
    (kim,) = result.students
    by_task = {t.task_id: t for t in kim.tasks}
    empty, damaged = by_task["reliability/kyiv-post"], by_task["reliability/tyler-durden"]
    assert empty.status == "unanswered" and empty.points == 0
    assert empty.message.startswith("Not answered")
    assert "press Check" not in empty.message  # no on-screen instructions in the grade
    assert damaged.status == "invalid" and "Answer could not be checked" in damaged.mistakes
    page = feedback_page(kim, CASE, quiz)
    assert "Not answered" in page and "Choose met, partly or not met" not in page
    rows = {row["task"]: row for row in task_difficulty(result)}
    assert rows["reliability/kyiv-post"]["answered"] == 0
    assert rows["reliability/kyiv-post"]["invalid"] == 0
    assert rows["reliability/tyler-durden"]["invalid"] == 1
    assert "Not answered" not in " ".join(m for t in kim.tasks for m in t.mistakes)
    assert render_report(result, CASE, charts=False)


@pytest.mark.parametrize(
    ("answer", "empty"),
    [
        ({}, True),
        ({"levels": {}, "evidence": {}}, True),
        ({"named": [], "immediate": None, "credited": None, "chain": [" "]}, True),
        ({"choices": []}, True),
        ({"credited": False}, False),  # "No" is an answer
        ({"percent": 0}, False),
        ({"levels": "all of them"}, False),  # damaged, not empty
        ("text", False),
    ],
)
def test_is_unanswered_tells_an_untouched_task_from_a_damaged_one(
    answer: object, empty: bool
) -> None:
    assert tasks.is_unanswered(answer) is empty
