"""Grading one submission: an empty answer is not answered, a damaged one could not be
checked, and a checker that crashes costs that answer only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lessons import tasks
from lessons.casestudy import Case
from lessons.grading import grade_folder
from lessons.student.submission import seal
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


def _as_before_the_rename(task_id: str) -> str:
    return task_id.replace("tyler-durden", "zerohedge").replace("spark-chronicles", "il-messaggero")


def _handed_in_before_the_rename(student: str, answers: dict[str, Any]) -> dict[str, Any]:
    """A hand-in as the lessons wrote it before the seed's articles were renamed: the old
    task ids, and the case's fingerprint under the old article ids."""
    from lessons.student.submission import case_fingerprint, case_fingerprints

    data = submission(student, {_as_before_the_rename(t): a for t, a in answers.items()})
    (former,) = case_fingerprints(CASE) - {case_fingerprint(CASE)}
    return seal({**data, "case": {**data["case"], "fingerprint": former}})


def test_a_hand_in_made_before_an_article_was_renamed_grades_under_its_id(
    tmp_path: Path, quiz: Exercise
) -> None:
    folder = tmp_path / "class"
    answers = reliability_answers(expert_rating)
    old = _handed_in_before_the_rename("Ann", answers)
    assert "reliability/zerohedge" in old["answers"]
    put(folder, "ann.json", old)
    result = grade_folder(folder, quiz, show_progress=False)
    (ann,) = result.students
    by_task = {task.task_id: task for task in ann.tasks}
    for task_id in ("reliability/tyler-durden", "reliability/spark-chronicles"):
        assert by_task[task_id].status == "graded", task_id
        assert by_task[task_id].points == by_task[task_id].max_points
    assert ann.notes == ()  # same texts: no "handed in on different article texts"
    assert ann.flags == ()  # no "answers to tasks no lesson has"
    assert result.skipped == ()


def test_an_old_hedges_hand_in_grades_as_hedges_tyler_durden(tmp_path: Path) -> None:
    from lessons.grading import grade_submission
    from lessons.student.submission import parse_submission
    from lessons.teacher.exercises import load_exercise

    hedges = load_exercise("quiz-hedges")
    key = CASE.key("hedges").article("tyler-durden")
    spans = {"spans": [[span.start, span.end, span.category] for span in key.spans]}
    data = _handed_in_before_the_rename("Ann", {"hedges/tyler-durden": spans})
    assert list(data["answers"]) == ["hedges/zerohedge"]
    graded = grade_submission(CASE, hedges, parse_submission(data))
    by_task = {task.task_id: task for task in graded.tasks}
    assert by_task["hedges/tyler-durden"].status == "graded"
    assert by_task["hedges/tyler-durden"].points == by_task["hedges/tyler-durden"].max_points
    # The newer of two files wins task by task, whichever id each used.
    folder = tmp_path / "class"
    put(folder, "old.json", data)
    newer = submission("Ann", {"hedges/tyler-durden": {"spans": []}}, minutes=5)
    put(folder, "new.json", newer)
    (ann,) = grade_folder(folder, hedges, show_progress=False).students
    (task,) = [t for t in ann.tasks if t.task_id == "hedges/tyler-durden"]
    assert task.status == "unanswered"  # the newer, empty answer counts
