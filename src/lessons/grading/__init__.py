"""Grade a class's hand-ins with the lessons' own checkers."""

from lessons.grading.run import (
    ClassResult,
    Skipped,
    StudentResult,
    Superseded,
    TaskResult,
    collect_submissions,
    grade,
    grade_folder,
    grade_submission,
    pick_newest,
    read_folder,
    task_points,
)
from lessons.skills import task_title

__all__ = [
    "ClassResult",
    "Skipped",
    "StudentResult",
    "Superseded",
    "TaskResult",
    "collect_submissions",
    "grade",
    "grade_folder",
    "grade_submission",
    "pick_newest",
    "read_folder",
    "task_points",
    "task_title",
]
