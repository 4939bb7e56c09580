"""Write a graded class's tables: ``gradebook.csv`` (points per student and task),
``skipped.csv`` (every file not graded, and why), and the LMS imports ``lms/canvas.csv``
and ``lms/grades.csv``. Feedback pages are :mod:`lessons.grading.pages`; the class report
:mod:`lessons.grading.report`.

Formula injection: a cell a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is written with a leading ``'`` when its text comes
from a hand-in (a student's name, a file name, a reason). A roster's cells (names, ids,
sections) are written exactly as the roster has them: they are the LMS's own, and an import
matches them letter for letter.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from lessons.grading.output import duration, number, write_text
from lessons.grading.results import AUTOMATIC_PART_ONLY, ClassResult, ClassRow, late_by

__all__ = ["canvas_column", "write_canvas", "write_gradebook", "write_lms_grades", "write_skipped"]

#: Characters that make a spreadsheet treat a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _name(row: ClassRow) -> str:
    """The row's name: the roster's exactly, a hand-in's guarded."""
    return row.entry.name if row.entry is not None else _cell(row.name)


def _late(result: ClassResult, row: ClassRow) -> str:
    """How late the row's hand-in was (``2 hours 5 minutes``), or empty."""
    late = late_by(result.exercise, row.student) if row.student is not None else None
    return duration(late) if late is not None else ""


def write_gradebook(result: ClassResult, path: Path) -> None:
    """``gradebook.csv``: student, total, maximum, then one column per task (points); a
    ``late`` column when the exercise has a deadline (how late, or empty); with a roster, the
    ``lms id`` and a ``status`` column (handed in, not handed in: points left empty, not on
    the roster: with why); and a ``note`` column when a task's points are only the automatic
    part (:data:`AUTOMATIC_PART_ONLY`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    task_ids = result.exercise.task_ids
    partial = [task for task in task_ids if task in AUTOMATIC_PART_ONLY]
    note = " ".join(f"{task}: {AUTOMATIC_PART_ONLY[task]}" for task in partial)
    deadline = result.exercise.deadline is not None
    roster = result.roster is not None
    marking = bool(partial) and result.marking is not None
    writer.writerow(
        [
            "student",
            "total",
            "maximum",
            *task_ids,
            *(["late"] if deadline else []),
            *(["lms id", "status"] if roster else []),
            *(["teacher's marks"] if marking else []),
            *(["note"] if note else []),
        ]
    )
    for row in result.rows():
        student = row.student
        if student is None:
            scores = ["", number(result.exercise.maximum), *("" for _ in task_ids)]
        else:
            scores = [
                number(student.total),
                number(student.maximum),
                *(number(task.points) for task in student.tasks),
            ]
        status = f"{row.status}: {row.unmatched}" if row.unmatched else row.status
        writer.writerow(
            [
                _name(row),
                *scores,
                *([_late(result, row)] if deadline else []),
                *([row.entry.lms_id if row.entry else "", _cell(status)] if roster else []),
                *([_marked(row, partial)] if marking else []),
                *([_cell(note)] if note else []),
            ]
        )
    write_text(path, buffer.getvalue())


def _marked(row: ClassRow, partial: list[str]) -> str:
    """Which of the row's answers the teacher has marked (``capstone/brief: marked``)."""
    if row.student is None:
        return ""
    said = [
        f"{task.task_id}: {'marked' if task.teacher is not None else 'to mark'}"
        for task in row.student.tasks
        if task.task_id in partial and task.status in ("graded", "invalid")
    ]
    return "; ".join(said)


def canvas_column(result: ClassResult) -> str:
    """The assignment's column in a Canvas gradebook import: ``<title> (<exercise id>)``."""
    return f"{result.exercise.title} ({result.exercise.id})"


def write_canvas(result: ClassResult, path: Path) -> None:
    """``lms/canvas.csv``, for Canvas's gradebook import: Student, ID, SIS User ID, SIS Login
    ID, Section, then the assignment's column (:func:`canvas_column`) with each student's
    total (the teacher's marks counted); the second row is Canvas's ``Points Possible`` (the
    exercise's maximum), as Canvas's own gradebook export has it. With a roster: one line per roster row, its cells exactly as the roster has them,
    the points empty for a student who did not hand in (an import leaves an empty cell
    alone); hand-ins on no roster row are left out (Canvas could not place them: they are in
    gradebook.csv and the report). Without one: each graded student by the hand-in's name,
    the ids empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", canvas_column(result)]
    )
    # Canvas's own export has this second row (the name indented by four spaces): the
    # assignment's points, which an import reads as the column's maximum.
    writer.writerow(["    Points Possible", "", "", "", "", number(result.exercise.maximum)])
    for row in result.rows():
        if row.unmatched:
            continue
        entry = row.entry
        points = number(row.student.total) if row.student is not None else ""
        if entry is None:
            writer.writerow([_name(row), "", "", "", "", points])
        else:
            ids = [entry.lms_id, entry.sis_user_id, entry.sis_login_id, entry.section]
            writer.writerow([entry.name, *ids, points])
    write_text(path, buffer.getvalue())


def write_lms_grades(result: ClassResult, path: Path) -> None:
    """``lms/grades.csv``, for any LMS: ``lms id`` (the roster's ID, else its SIS User ID,
    else empty), ``name``, ``points`` (empty: not handed in), ``maximum``, ``late`` (how
    late, or empty), ``minutes late`` (a whole number, or empty). Every row of
    gradebook.csv, hand-ins on no roster row included."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["lms id", "name", "points", "maximum", "late", "minutes late"])
    maximum = number(result.exercise.maximum)
    for row in result.rows():
        entry = row.entry
        lms_id = (entry.lms_id or entry.sis_user_id) if entry is not None else ""
        student = row.student
        late = late_by(result.exercise, student) if student is not None else None
        minutes = str(-(-int(late.total_seconds()) // 60)) if late is not None else ""
        writer.writerow(
            [
                lms_id,
                _name(row),
                number(student.total) if student is not None else "",
                maximum,
                _late(result, row),
                minutes,
            ]
        )
    write_text(path, buffer.getvalue())


def write_skipped(result: ClassResult, path: Path) -> None:
    """``skipped.csv``: every file not graded (invalid, superseded, or left out unread: a
    hidden file or folder, a link to a folder) and why; and every graded hand-in to look at
    twice (:mod:`lessons.grading.trust`), each flag once, its reason starting ``graded, but``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["file", "reason"])
    for item in result.skipped:
        writer.writerow([_cell(item.file), _cell(item.reason)])
    for old in result.superseded:
        writer.writerow([_cell(old.file), _cell(f"superseded: {old.describe()}")])
    for item in result.ignored:
        writer.writerow([_cell(item.file), _cell(item.reason)])
    for student in result.students:
        for flag in student.flags:
            file, _, what = flag.partition(": ")
            writer.writerow([_cell(file), _cell(f"graded, but: {what}")])
    write_text(path, buffer.getvalue())
