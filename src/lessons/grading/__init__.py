"""Grade a class's hand-ins with the lessons' own checkers.

One concern a module, the result types at the bottom: ``roster`` (the class list an LMS
exports, read and matched to hand-ins), ``results`` (what grading finds), ``_memo`` (reusing
the feedback of an answer already judged), ``submission`` (grading one hand-in), ``trust``
(what to look at twice in a hand-in), ``folder`` (reading a folder of them), ``output``
(what written files share), ``gradebook`` (the CSV tables and the LMS imports), ``pages``
(feedback pages), ``report`` and ``report_charts`` (the class report), ``marks`` (the
teacher's marks of briefs, ``marks.csv``, and the marking notebook), ``run`` (:func:`grade`:
all of it for one folder).
"""

from lessons.grading.folder import collect_submissions, pick_newest, read_folder
from lessons.grading.results import (
    ClassResult,
    Skipped,
    StudentResult,
    Superseded,
    TaskResult,
    task_points,
)
from lessons.grading.run import grade, grade_folder
from lessons.grading.submission import grade_submission
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
