"""The capstone's checker: one route from a ``capstone/<target>`` answer to its feedback."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lessons.capstone.article import check_article
from lessons.capstone.brief import check_brief
from lessons.capstone.targets import ARTICLE_TARGET, BRIEF_TARGET, EXTRA_TARGETS, SKILL
from lessons.casestudy import Case
from lessons.feedback import Feedback

__all__ = ["check_answer"]


def check_answer(
    case: Case,
    target: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    """Check ``capstone/article`` or ``capstone/brief``; anything else gets a plain sentence."""
    if target == BRIEF_TARGET:
        return check_brief(case, answer)
    if target == ARTICLE_TARGET:
        return check_article(case, answer, answers)
    return Feedback.invalid(
        f"{SKILL}/{target}",
        f"There is no capstone task called {target!r}; the tasks are: "
        + ", ".join(f"{SKILL}/{t}" for t in EXTRA_TARGETS)
        + ".",
    )
