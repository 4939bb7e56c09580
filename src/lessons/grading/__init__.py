"""Grade a class's hand-ins with the lessons' own checkers."""

from lessons.grading.run import (
    LESSON_TITLES,
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
    task_title,
)

__all__ = [
    "LESSON_TITLES",
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
