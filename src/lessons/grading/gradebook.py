"""Write a graded class's tables: ``gradebook.csv`` (points per student and task) and
``skipped.csv`` (every file not graded, and why). Feedback pages are
:mod:`lessons.grading.pages`; the class report :mod:`lessons.grading.report`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from lessons.grading.output import number, write_text
from lessons.grading.results import AUTOMATIC_PART_ONLY, ClassResult

__all__ = ["write_gradebook", "write_skipped"]

#: Characters that make a spreadsheet treat a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_gradebook(result: ClassResult, path: Path) -> None:
    """``gradebook.csv``: student, total, maximum, then one column per task (points); and a
    ``note`` column when a task's points are only the automatic part (:data:`AUTOMATIC_PART_ONLY`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    task_ids = result.exercise.task_ids
    partial = [task for task in task_ids if task in AUTOMATIC_PART_ONLY]
    note = " ".join(f"{task}: {AUTOMATIC_PART_ONLY[task]}" for task in partial)
    writer.writerow(["student", "total", "maximum", *task_ids, *(["note"] if note else [])])
    for student in result.students:
        writer.writerow(
            [
                _cell(student.student),
                number(student.total),
                number(student.maximum),
                *(number(task.points) for task in student.tasks),
                *([_cell(note)] if note else []),
            ]
        )
    write_text(path, buffer.getvalue())


def write_skipped(result: ClassResult, path: Path) -> None:
    """``skipped.csv``: every file not graded (invalid or superseded) and why."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["file", "reason"])
    for item in result.skipped:
        writer.writerow([_cell(item.file), _cell(item.reason)])
    for old in result.superseded:
        writer.writerow([_cell(old.file), _cell(f"superseded: {old.describe()}")])
    write_text(path, buffer.getvalue())
