"""Reusing feedback for an answer already judged: never a different grade, and never when
the other answers a checker read differ."""

from __future__ import annotations

from typing import Any

import pytest

from lessons.casestudy import Case
from lessons.feedback import Feedback
from lessons.grading import grade_submission
from lessons.grading._memo import CheckMemo
from lessons.skills import load_seed_case
from lessons.student.submission import build_submission, parse_submission
from lessons.teacher.exercises import Exercise, load_exercise

CASE = load_seed_case()
FLIP = {"met": "not-met", "not-met": "met", "partly": "met"}


def rating(article_id: str, flipped: int) -> dict[str, Any]:
    """The expert's rating of an article with its first ``flipped`` levels turned round."""
    expert = CASE.key("reliability").articles[article_id]
    levels = dict(expert.levels)
    for criterion in list(levels)[:flipped]:
        levels[criterion] = FLIP[levels[criterion]]
    return {"levels": levels}


@pytest.fixture(scope="module")
def quiz() -> Exercise:
    return load_exercise("quiz-reliability")


def test_reusing_feedback_for_identical_answers_changes_no_grade(quiz: Exercise) -> None:
    submissions = [
        parse_submission(
            build_submission(
                student=f"Student {flipped}-{copy}",
                answers={
                    f"reliability/{a}": rating(a, flipped) for a in CASE.article_ids[: copy + 2]
                },
                case=CASE,
            )
        )
        for flipped in range(4)
        for copy in range(3)
    ]
    repeated = submissions * 3  # every answer, in the same context, three times
    memo = CheckMemo(CASE)
    with_memo = [grade_submission(CASE, quiz, s, memo=memo) for s in repeated]
    without = [grade_submission(CASE, quiz, s) for s in repeated]
    assert memo.hits > 0
    for fast, slow in zip(with_memo, without, strict=True):
        assert [t.points for t in fast.tasks] == [t.points for t in slow.tasks]
        assert [t.feedback.to_text() if t.feedback else t.message for t in fast.tasks] == [
            t.feedback.to_text() if t.feedback else t.message for t in slow.tasks
        ]


def test_feedback_is_reused_only_when_the_other_answers_read_are_equal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A checker that compares with another task's answer (like the blanket-rating note)."""
    calls: list[str] = []

    def compares(case: Case, task_id: str, answer: Any, answers: Any = None) -> Feedback:
        calls.append(task_id)
        other = answers.get("reliability/deep-dive", {}).get("total")
        same = other == answer["total"]
        return Feedback(task=task_id, score=0 if same else 1, max_score=1, summary=str(same))

    monkeypatch.setattr("lessons.tasks.check", compares)
    memo = CheckMemo(CASE)

    def run(total: int, other: int) -> Feedback:
        answers = {
            "reliability/kyiv-post": {"total": total},
            "reliability/deep-dive": {"total": other},
        }
        return memo("reliability/kyiv-post", answers["reliability/kyiv-post"], answers, {})

    assert run(50, 50).summary == "True"
    assert run(50, 50).summary == "True"  # the same answer in the same context twice: kept
    assert run(50, 90).summary == "False"  # same answer, different other answer: checked
    calls_before = len(calls)
    assert run(50, 50).summary == "True" and len(calls) == calls_before  # reused
    assert run(50, 90).summary == "False" and len(calls) == calls_before + 1  # seen once only
    assert run(50, 90).summary == "False" and len(calls) == calls_before + 1  # now reused
    assert memo.hits == 2
