"""The student API ``lessons.check``: feedback in practice, one sentence in an assessment;
``lessons.tasks.check``, the route the grader takes, is never refused."""

from __future__ import annotations

from pathlib import Path

import pytest

import lessons
from lessons import tasks
from lessons.cli import main
from lessons.feedback import Feedback
from lessons.student.assessment import ASSESSMENT_REFUSAL, Withheld

CASE = lessons.load_seed_case()
TASK = f"reliability/{CASE.article_ids[0]}"
ANSWER = {"levels": dict(CASE.key("reliability").articles[CASE.article_ids[0]].levels)}


@pytest.fixture
def students(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A released assessment, as the workspace."""
    out = tmp_path / "class"
    assert main(["release", "quiz-reliability", "--out", str(out), "--mode", "assessment"]) == 0
    monkeypatch.setenv("LESSONS_WORKSPACE", str(out))
    return out


def test_outside_an_assessment_check_gives_the_feedback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONS_WORKSPACE", str(tmp_path))
    feedback = lessons.check(CASE, TASK, ANSWER)
    assert isinstance(feedback, Feedback)
    assert feedback == tasks.check(CASE, TASK, ANSWER)
    assert "Score" in feedback.to_text()


def test_in_an_assessment_check_refuses_with_one_sentence(students: Path) -> None:
    result = lessons.check(CASE, TASK, ANSWER)
    assert isinstance(result, Withheld)
    assert str(result) == repr(result) == ASSESSMENT_REFUSAL
    assert "Score" not in result.to_html() and not hasattr(result, "score")


def test_in_an_assessment_the_pure_route_still_checks(students: Path) -> None:
    feedback = tasks.check(CASE, TASK, ANSWER)
    assert isinstance(feedback, Feedback) and feedback.is_valid and feedback.score > 0
