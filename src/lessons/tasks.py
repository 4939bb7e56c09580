"""Route a task id to the checker that judges it, so widgets and the grader share checkers.

A task id is ``"<skill>/<target>"``: ``"sources/kyiv-post"``, ``"hedges/zerohedge"``,
``"reliability/deep-dive"``. Every checker is a pure function
``check_answer(case, target, answer, answers=None) -> Feedback``; ``answers`` holds the
student's other answers for checks that compare across tasks. Some saved answers are no
task to check (``"start/confidence"``, how sure a student was at the start, is read by the
reliability lesson's "how sure are you now" question): :func:`check` says so in a sentence.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from functools import cache
from types import ModuleType
from typing import Any

from lessons.casestudy import Case
from lessons.feedback import Feedback

__all__ = ["CHECKERS", "NOT_ANSWERED", "check", "is_unanswered", "split_task_id"]

#: What a student and a teacher read for a task handed in with nothing filled in.
NOT_ANSWERED = "Not answered: nothing was filled in for this task."

#: The module whose ``check_answer`` judges each skill's tasks.
CHECKERS: dict[str, str] = {
    "sources": "lessons.sources",
    "hedges": "lessons.hedges",
    "reliability": "lessons.reliability",
    "spread": "lessons.spread",
    "capstone": "lessons.capstone",
    "reading": "lessons.reading",
}


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
    skill, target = split_task_id(task_id)
    if skill not in CHECKERS:
        return Feedback.invalid(task_id, f"There is no task called {task_id!r}.")
    if not isinstance(answer, Mapping):
        return Feedback.invalid(task_id, "This answer is empty or damaged: answer the task again.")
    checker: Callable[..., Feedback] = _checker_module(skill).check_answer
    return checker(case, target, answer, answers=answers)


@cache
def _checker_module(skill: str) -> ModuleType:
    """The skill's checker module, imported when first needed and then looked up in one
    step: the grader asks thousands of times."""
    return importlib.import_module(CHECKERS[skill])
