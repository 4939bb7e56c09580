"""The capstone's two tasks (``capstone/article`` and ``capstone/brief``) and their titles."""

from __future__ import annotations

__all__ = [
    "ARTICLE_TARGET",
    "ARTICLE_TASKS",
    "BRIEF_TARGET",
    "EXTRA_TARGETS",
    "SKILL",
    "TARGET_TITLES",
    "target_title",
]

SKILL = "capstone"
ARTICLE_TARGET = "article"
BRIEF_TARGET = "brief"
#: The capstone's task targets (read by :mod:`lessons.teacher.exercises`); none is an article id.
EXTRA_TARGETS = (ARTICLE_TARGET, BRIEF_TARGET)
ARTICLE_TASKS = False
#: A reader's name for each target, for gradebooks and reports.
TARGET_TITLES = {
    ARTICLE_TARGET: "One article, end to end",
    BRIEF_TARGET: "The corrected news brief",
}


def target_title(target: str) -> str:
    """A reader's name for a capstone task target, or the target itself."""
    return TARGET_TITLES.get(target, target)
