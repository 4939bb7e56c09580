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
(:func:`current_answers`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from lessons.casestudy import Case
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

T = TypeVar("T")

#: What a student and a teacher read for a task handed in with nothing filled in.
NOT_ANSWERED = "Not answered: nothing was filled in for this task."


def split_task_id(task_id: str) -> tuple[str, str]:
    """``"sources/kyiv-post"`` -> ``("sources", "kyiv-post")``."""
    skill, _, target = task_id.partition("/")
    return skill, target


def current_task_id(case: Case, task_id: str) -> str:
    """The task id as the case names it now: an article's former id (``former_ids`` in
    ``case.toml``) becomes its current one; any other task id is returned as it is."""
    skill, _, target = task_id.partition("/")
    current = case.current_id(target) if target else target
    return task_id if current == target else f"{skill}/{current}"


def current_answers(case: Case, by_task: Mapping[str, T]) -> dict[str, T]:
    """``by_task`` (answers, or revisions, keyed by task id) with every task id as the case
    names it now (:func:`current_task_id`). Where a former and a current id both have an
    entry, the current one wins: it was saved after the rename."""
    if not case.renamed:
        return dict(by_task)
    current: dict[str, T] = {}
    for task_id, value in by_task.items():
        now = current_task_id(case, task_id)
        if now == task_id or now not in by_task:
            current[now] = value
    return current


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
