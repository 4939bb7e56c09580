"""The end-of-lesson reflection, "how sure are you now?", set beside how sure the student was
in the first lesson, so they notice whether the evidence changed their mind."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lessons.casestudy import Case
from lessons.feedback import Feedback, FeedbackItem, MalformedAnswer

__all__ = ["EXTRA_TARGETS", "HOW_SURE_TARGET", "START_CONFIDENCE_TASK"]

#: Task target for "how sure are you now?", asked again at the end of the lesson.
HOW_SURE_TARGET = "how-sure-now"
#: Tasks of this lesson besides one per article (``lessons.teacher.exercises`` reads this).
EXTRA_TARGETS: tuple[str, ...] = (HOW_SURE_TARGET,)
START_CONFIDENCE_TASK = "start/confidence"


def _percent(answer: object) -> int | None:
    if not isinstance(answer, Mapping):
        return None
    value = answer.get("percent")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        return None
    return round(value)


def _check_how_sure(
    case: Case, answer: object, answers: Mapping[str, Mapping[str, Any]] | None
) -> Feedback:
    """The end-of-lesson reflection: how sure the student is now, beside lesson 00's answer;
    raises :class:`MalformedAnswer` when the slider was not moved."""
    task = f"reliability/{HOW_SURE_TARGET}"
    now = _percent(answer)
    if now is None:
        raise MalformedAnswer(
            "Move the slider to say how sure you are now (0 to 100%), then press Check."
        )
    before = _percent((answers or {}).get(START_CONFIDENCE_TASK))
    items = [
        FeedbackItem(
            "note",  # no wrong answer here: the point is for answering
            "Your view now",
            f"You are {now}% sure the claim is true. There is no right or wrong answer to this "
            "question: you earn its point for answering.",
            points=1.0,
            max_points=1.0,
        )
    ]
    if before is None:
        summary = "You gave no answer in the first lesson, so there is nothing to compare with."
    else:
        items.append(
            FeedbackItem("note", "At the start", f"In the first lesson you were {before}% sure.")
        )
        change = now - before
        if change == 0:
            summary = "You are exactly as sure as at the start. What would change your mind?"
        else:
            summary = (
                f"You are {abs(change)} points {'more' if change > 0 else 'less'} sure than at "
                "the start. Which article or which missing piece of evidence changed your mind?"
            )
    if case.claim_status:
        items.append(FeedbackItem("note", "What is known about the claim", case.claim_status))
    return Feedback.from_items(task, items, summary=summary)
