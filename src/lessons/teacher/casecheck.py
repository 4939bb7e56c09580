"""What a valid case is ready for: per lesson, which tasks can be checked and which key file
each of the others needs, and each article's expert reliability total against its band.

``lessons validate`` prints :func:`report`; a notebook or a release can ask :func:`readiness`
and :func:`reliability_totals` directly. Everything here is pure: it reads the loaded case.
"""

from __future__ import annotations

from dataclasses import dataclass

from lessons.casestudy import Case
from lessons.reliability import ReliabilityKey
from lessons.skills import SKILLS, Skill, task_ids

__all__ = [
    "LessonReadiness",
    "ReliabilityTotal",
    "TaskReadiness",
    "key_file",
    "readiness",
    "reliability_totals",
    "report",
]


def key_file(skill_id: str) -> str:
    """The key file of a skill, as a teacher finds it in the case folder."""
    return f"key/{skill_id}.toml"


@dataclass(frozen=True)
class TaskReadiness:
    """One task: the key files it still needs (none when ready) or, when they are there,
    what they lack for it."""

    task_id: str
    needs: tuple[str, ...] = ()
    gap: str = ""

    @property
    def ready(self) -> bool:
        return not self.needs and not self.gap

    def reason(self) -> str:
        """Why the task cannot be checked yet, in a phrase ("needs key/sources.toml")."""
        if self.needs:
            return "needs " + " and ".join(self.needs)
        return self.gap


@dataclass(frozen=True)
class LessonReadiness:
    """One lesson (a skill): its notebook number, title and every task's readiness."""

    skill_id: str
    title: str
    notebook: str
    tasks: tuple[TaskReadiness, ...]

    @property
    def ready(self) -> tuple[str, ...]:
        return tuple(task.task_id for task in self.tasks if task.ready)

    @property
    def not_ready(self) -> tuple[TaskReadiness, ...]:
        return tuple(task for task in self.tasks if not task.ready)


@dataclass(frozen=True)
class ReliabilityTotal:
    """An article's total from the expert's levels, and the band the key gives for it."""

    article_id: str
    total: int
    band: tuple[int, int]

    @property
    def inside(self) -> bool:
        return self.band[0] <= self.total <= self.band[1]


def _task(case: Case, skill: Skill, task_id: str) -> TaskReadiness:
    target = task_id.partition("/")[2]
    needed = skill.needs(target)
    missing = tuple(key_file(name) for name in needed if case.key(name) is None)
    if missing:
        return TaskReadiness(task_id, needs=missing)
    own = case.key(skill.id)
    if skill.id in needed and skill.covers is not None and not skill.covers(own, target):
        return TaskReadiness(task_id, gap=f"{key_file(skill.id)} has no entry for {target!r}")
    return TaskReadiness(task_id)


def readiness(case: Case) -> tuple[LessonReadiness, ...]:
    """Every lesson of the unit, in teaching order, with the readiness of each of its tasks."""
    return tuple(
        LessonReadiness(
            skill.id,
            skill.title,
            skill.notebook,
            tuple(_task(case, skill, task_id) for task_id in task_ids(case, skill.id)),
        )
        for skill in SKILLS.values()
    )


def reliability_totals(case: Case) -> tuple[ReliabilityTotal, ...]:
    """Each rated article's total from the expert's levels, with its band; none without
    ``key/reliability.toml``."""
    key = case.key("reliability")
    if not isinstance(key, ReliabilityKey):
        return ()
    return tuple(
        ReliabilityTotal(article_id, key.rubric.score(article.levels), article.band)
        for article_id, article in key.articles.items()
    )


def report(case: Case) -> list[str]:
    """The lines ``lessons validate`` prints for a valid case: lessons, then totals."""
    lines = ["Lessons (task ids as in exercise files):"]
    for lesson in readiness(case):
        count = len(lesson.tasks)
        head = f"  {lesson.notebook} {lesson.title}:"
        if not lesson.not_ready:
            lines.append(f"{head} all {count} tasks ready")
            continue
        lines.append(f"{head} {len(lesson.ready)} of {count} tasks ready")
        if lesson.ready:
            lines.append(f"      ready: {', '.join(lesson.ready)}")
        groups: dict[str, list[str]] = {}
        for task in lesson.not_ready:
            groups.setdefault(task.reason(), []).append(task.task_id)
        for reason, tasks in groups.items():
            lines.append(f"      not ready, {reason}: {', '.join(tasks)}")
    totals = reliability_totals(case)
    if totals:
        lines.append("Expert reliability totals (from the key's levels) against each band:")
        for item in totals:
            flag = "" if item.inside else "  <- OUTSIDE the band"
            lines.append(
                f"  {item.article_id}: total {item.total}, band {item.band[0]}-{item.band[1]}{flag}"
            )
    return lines
