"""What a student may ask for in an assessment: no feedback, no key, until the teacher grades.

A workspace released in assessment mode (``.lessons/release.json``, read by
:mod:`lessons.student.workspace`) gives no feedback. The student-facing ways to a verdict
refuse there with one plain sentence: ``lessons.check(...)`` (this module's :func:`check`),
a widget's ``.check()`` (it saves the answer, as *Save* does) and ``lessons key``. The one
route from an answer to a verdict, :func:`lessons.tasks.check`, stays pure and unrefused:
the grader and the widgets' practice mode use it, and a teacher may grade from anywhere.

With a course exchange (``$LESSONS_EXCHANGE``) the mode comes from the teacher's release
there, and an open assessment refuses feedback on its tasks in every workspace of the hub,
including the practice copy of the same lesson (:func:`lessons.student.workspace.release_mode`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessons import tasks
from lessons.casestudy import Case
from lessons.feedback import Feedback
from lessons.student.workspace import release_mode

__all__ = ["ASSESSMENT_REFUSAL", "Withheld", "check", "in_assessment"]

#: What a student reads when they ask for feedback or the key in an assessment.
ASSESSMENT_REFUSAL = "This is an assessment: your teacher gives feedback after grading."


@dataclass(frozen=True)
class Withheld:
    """What a student gets instead of feedback in an assessment: one plain sentence.

    It shows as that sentence in a notebook cell and in a terminal, and has no score, no
    verdicts and no key, so nothing of the answer's grade can be read from it."""

    task: str
    message: str = ASSESSMENT_REFUSAL

    def to_text(self) -> str:
        return self.message

    def to_html(self) -> str:
        return f"<p role='status'>{html.escape(self.message)}</p>"

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message


def in_assessment(workspace: Path | None = None, task_id: str | None = None) -> bool:
    """Whether the workspace (``$LESSONS_WORKSPACE``, else the current folder, as the
    widgets resolve it) was released as an assessment, or an open assessment in the course
    exchange covers ``task_id`` (without one: any open assessment)."""
    return release_mode(workspace, task_id) == "assessment"


def check(
    case: Case,
    task_id: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback | Withheld:
    """``lessons.check``: the feedback on one answer, as :func:`lessons.tasks.check` gives
    it; in an assessment workspace, :class:`Withheld` (one sentence, no feedback)."""
    if in_assessment(task_id=task_id):
        return Withheld(task_id)
    return tasks.check(case, task_id, answer, answers)
