"""Route a task id to its skill's checker: the one way from an answer to a verdict.

A task id is ``"<skill>/<target>"``: ``"sources/<article id>"``, ``"spread/<question>"``.
Widgets, the grader and the tests all call :func:`check`, which asks the skill registry
(:mod:`lessons.skills`) for the checker, a pure function
``check(case, target, answer, answers=None) -> Feedback``; ``answers`` holds the student's
other answers for checks that compare across tasks. Some saved answers are no task to check
(``"start/confidence"``, how sure a student was at the start, is read by the reliability
lesson's "how sure are you now" question): :func:`check` says so in a sentence.

An article renamed in its case keeps its old ids in ``former_ids``; a task id naming one
(``"hedges/old-name"`` saved before the article became ``new-name``) is read as
the current one by :func:`current_task_id`, the one place that maps them, which both a
student's saved progress and the grader's reading of hand-ins go through
(:func:`current_answers`). Both live with the case (:mod:`lessons.casestudy`), which
owns ``former_ids``, so saved progress maps ids without importing the checkers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lessons.casestudy import Case, current_answers, current_task_id
from lessons.feedback import Feedback
from lessons.skills import SKILLS

__all__ = [
    "NOT_ANSWERED",
    "check",
    "current_answers",
    "current_task_id",
    "is_unanswered",
    "split_task_id",
]

#: What a student and a teacher read for a task handed in with nothing filled in.
NOT_ANSWERED = "Not answered: nothing was filled in for this task."


def split_task_id(task_id: str) -> tuple[str, str]:
    """``"sources/kyiv-post"`` -> ``("sources", "kyiv-post")``."""
    skill, _, target = task_id.partition("/")
    return skill, target


def is_unanswered(answer: object) -> bool:
    """Whether an answer holds nothing the student filled in: every part is empty (None,
    blank text, an empty list or table, or parts that are empty themselves). Pressing Check
    on an untouched task saves such an answer; it is "not answered", not damaged. A choice
    made (``False`` for "No", a number) counts as filled in."""
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, Mapping):
        return all(is_unanswered(value) for value in answer.values())
    if isinstance(answer, list | tuple):
        return all(is_unanswered(value) for value in answer)
    return False


def check(
    case: Case,
    task_id: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    """Check one answer with its skill's checker; unknown tasks get a plain sentence."""
    skill_id, target = split_task_id(task_id)
    skill = SKILLS.get(skill_id)
    if skill is None:
        return Feedback.invalid(task_id, f"There is no task called {task_id!r}.")
    if not isinstance(answer, Mapping):
        return Feedback.invalid(task_id, "This answer is empty or damaged: answer the task again.")
    return skill.check(case, target, answer, answers=answers)
