"""The teacher's marks: ``OUT/marks.csv``, beside the gradebook, read and written here.

``lessons grade`` writes one row for each answer a checker judges only in part
(:data:`~lessons.grading.results.AUTOMATIC_PART_ONLY`: the capstone's brief): the student,
the answer in full, the automatic points and the checker's feedback. The teacher fills in
``mark`` (points), ``mode`` (``replace`` the automatic points, or ``add`` to them) and
``comment``, in the marking notebook (:mod:`lessons.widgets.marking`) or in a spreadsheet;
the next ``lessons grade`` into the same folder keeps every mark and applies it.

A mark is for the text the teacher read: its ``marked for`` column holds that answer's
digest. When the student hands in again, the new answer has another digest; the mark is then
kept but not applied, and the row says ``changed since marked`` until the teacher marks it
again (or clears ``marked for`` in a spreadsheet, which confirms the mark for the text now
in the row). Writes are atomic and under a lock; :func:`save_mark` refuses to overwrite a
mark changed since it was read (another tab, the spreadsheet).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lessons.grading.output import number, write_text
from lessons.grading.results import (
    AUTOMATIC_PART_ONLY,
    MARK_MODES,
    MarkingCounts,
    StudentResult,
    TaskResult,
    TeacherMark,
    round_points,
)
from lessons.teacher.exercises import Exercise
from lessons.validation import DataFileError, Problem

__all__ = [
    "CHANGED",
    "COLUMNS",
    "GONE",
    "MARKABLE",
    "MARKED",
    "MARKING_NOTEBOOK",
    "MARKS_FILE",
    "TO_MARK",
    "Mark",
    "MarkKey",
    "Saved",
    "answer_digest",
    "answer_row",
    "answer_text",
    "apply_mark",
    "counts",
    "locked",
    "marked_student",
    "marks_path",
    "merge_marks",
    "read_marks",
    "save_mark",
    "teacher_tasks",
    "write_marking_notebook",
    "write_marks",
]

MARKS_FILE = "marks.csv"

#: The file's columns, what a teacher reads first on the left. ``mark``, ``mode``,
#: ``comment`` and ``marked for`` are the teacher's; ``lessons grade`` rewrites the others.
COLUMNS = (
    "name",
    "task",
    "answer",
    "automatic",
    "maximum",
    "mark",
    "mode",
    "comment",
    "status",
    "checker feedback",
    "student",
    "answer digest",
    "marked for",
    "revision",
)
#: Columns a marks file must have: without them no row can be placed or marked.
_REQUIRED = ("student", "task", "mark")

TO_MARK = "to mark"
MARKED = "marked"
CHANGED = "changed since marked"
GONE = "not in the last grading"

#: Characters that make a spreadsheet run a cell as a formula (as in gradebook.csv).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

MarkKey = tuple[str, str]

#: The answers a teacher marks: those the checker judged in part, and those it could not
#: read (a brief far too long, say), which only the teacher can judge.
MARKABLE = ("graded", "invalid")


def teacher_tasks(exercise: Exercise) -> tuple[str, ...]:
    """The exercise's tasks the teacher marks: those a checker judges only in part."""
    return tuple(task for task in exercise.task_ids if task in AUTOMATIC_PART_ONLY)


def answer_text(answer: object) -> str:
    """An answer as the teacher reads it: a brief's text, else every text in it."""
    if isinstance(answer, Mapping):
        text = answer.get("text")
        if isinstance(text, str):
            return text
        return "\n".join(str(value) for value in answer.values() if isinstance(value, str))
    return answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)


def answer_digest(answer: object) -> str:
    """A short digest of an answer: the same answer gives the same digest, any change another."""
    data = json.dumps(answer, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Mark:
    """One row of ``marks.csv``: an answer to mark, and the teacher's mark if given."""

    student: str
    task: str
    name: str = ""
    answer: str = ""
    automatic: float | None = None
    maximum: float | None = None
    mark: float | None = None
    mode: str = "replace"
    comment: str = ""
    status: str = TO_MARK
    feedback: str = ""
    digest: str = ""
    marked_for: str = ""
    revision: int = 0

    @property
    def key(self) -> MarkKey:
        return (self.student, self.task)

    @property
    def marked(self) -> bool:
        return self.mark is not None

    @property
    def for_digest(self) -> str:
        """The answer the mark is for: ``marked for``, else the answer the row showed."""
        return self.marked_for or self.digest

    @property
    def changed(self) -> bool:
        """Marked, but for another text than the answer now in the row."""
        return self.marked and bool(self.digest) and self.for_digest != self.digest

    def points(self, automatic: float, maximum: float) -> float:
        """The task's points with this mark: the mark, or the automatic points plus it,
        kept within 0 and ``maximum``."""
        assert self.mark is not None
        value = self.mark if self.mode == "replace" else automatic + self.mark
        return round_points(min(maximum, max(0.0, value)))

    def same_as(self, other: Mark | None) -> bool:
        """Whether ``other`` holds the same teacher's mark (what a save must not overwrite)."""
        if other is None:
            return not self.marked and not self.comment
        return (self.mark, self.mode, self.comment, self.marked_for, self.revision) == (
            other.mark,
            other.mode,
            other.comment,
            other.marked_for,
            other.revision,
        )


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def _number_or_empty(value: float | None) -> str:
    return "" if value is None else number(value)


def write_marks(path: Path, marks: Iterable[Mark]) -> None:
    """Write ``marks.csv`` atomically, as UTF-8 with a byte-order mark (so a spreadsheet
    reads names in any script right); text a spreadsheet would run as a formula is
    written with a leading ``'`` (read back without it)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for mark in marks:
        writer.writerow(
            [
                _cell(mark.name),
                mark.task,
                _cell(mark.answer),
                _number_or_empty(mark.automatic),
                _number_or_empty(mark.maximum),
                _number_or_empty(mark.mark),
                mark.mode,
                _cell(mark.comment),
                mark.status,
                _cell(mark.feedback),
                _cell(mark.student),
                mark.digest,
                mark.marked_for,
                str(mark.revision),
            ]
        )
    write_text(path, buffer.getvalue())


def read_marks(path: Path, tasks: Sequence[str] | None = None) -> dict[MarkKey, Mark]:
    """The marks in ``path`` by (student, task), ``{}`` when there is no such file.

    Raises :class:`~lessons.validation.DataFileError` listing every problem at once (file,
    row as a spreadsheet numbers it, column, what is allowed): a mark that is no number or out of range, an unknown
    mode or task (``tasks``: those allowed), a row without its student, a row twice."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(
            [
                Problem(
                    str(path),
                    "file",
                    f"cannot be read as UTF-8 text ({error}); save it as CSV UTF-8",
                )
            ]
        ) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [column for column in _REQUIRED if column not in header]
    if missing:
        raise DataFileError(
            [
                Problem(
                    str(path),
                    "header",
                    f"has no column {', '.join(repr(m) for m in missing)}; the first line "
                    f"must name the columns: {', '.join(COLUMNS)}",
                )
            ]
        )
    problems: list[Problem] = []
    found: dict[MarkKey, Mark] = {}
    lines: dict[MarkKey, int] = {}
    for line, row in enumerate(reader, start=2):  # as a spreadsheet numbers its rows
        mark = _read_row(path, line, row, tasks, problems)
        if mark is None:
            continue
        if mark.key in found:
            problems.append(
                Problem(
                    str(path),
                    f"row {line}",
                    f"{mark.student!r} and {mark.task!r} are on row {lines[mark.key]} too; "
                    "keep one row for each student and task",
                )
            )
            continue
        found[mark.key] = mark
        lines[mark.key] = line
    if problems:
        raise DataFileError(problems)
    return found


def _read_row(
    path: Path,
    line: int,
    row: Mapping[str, str | None],
    tasks: Sequence[str] | None,
    problems: list[Problem],
) -> Mark | None:
    """One row as a :class:`Mark`, or None (a blank row, or problems added)."""

    def get(column: str) -> str:
        value = row.get(column)
        return value.strip() if isinstance(value, str) else ""

    if not any(isinstance(value, str) and value.strip() for value in row.values()):
        return None
    where = f"row {line}"
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(Problem(str(path), f"{where}, column {column!r}", message))

    student, task = _uncell(get("student")), get("task")
    if not student:
        problem("student", "is empty; keep the student column lessons grade wrote")
    if not task:
        problem("task", "is empty; keep the task column lessons grade wrote")
    elif tasks is not None and task not in tasks:
        problem("task", f"{task!r} is not a task of this exercise; one of: {', '.join(tasks)}")
    maximum = _float(get("maximum"))
    automatic = _float(get("automatic"))
    mode = get("mode").lower() or "replace"
    if mode not in MARK_MODES:
        problem("mode", f"{get('mode')!r} is not allowed; one of: {', '.join(MARK_MODES)}")
    mark: float | None = None
    given = get("mark")
    if given:
        mark = _float(given)
        top = number(maximum) if maximum is not None else "the task's points"
        if mark is None:
            problem(
                "mark",
                f"{given!r} is not a number; give points such as 4 or 4.5 (from 0 to {top}), "
                "or leave it empty",
            )
        elif maximum is not None and mode == "replace" and not 0 <= mark <= maximum:
            problem("mark", f"{given} is out of range; with mode 'replace' give 0 to {top}")
        elif maximum is not None and mode == "add" and not -maximum <= mark <= maximum:
            problem("mark", f"{given} is out of range; with mode 'add' give -{top} to {top}")
    revision_text = get("revision") or "0"
    revision = int(revision_text) if revision_text.isdigit() else None
    if revision is None:
        problem("revision", f"{revision_text!r} is not a whole number; leave it as it was")
    if len(problems) > before:
        return None
    return Mark(
        student=student,
        task=task,
        name=_uncell(get("name")),
        answer=_uncell(row.get("answer") or ""),
        automatic=automatic,
        maximum=maximum,
        mark=mark,
        mode=mode,
        comment=_uncell((row.get("comment") or "").strip()),
        status=get("status") or TO_MARK,
        feedback=_uncell(row.get("checker feedback") or ""),
        digest=get("answer digest"),
        marked_for=get("marked for"),
        revision=revision or 0,
    )


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold a lock beside ``path`` (``.marks.csv.lock``) while it is read and rewritten, so a
    save from the marking notebook and a grading run never interleave (no lock where the
    system has none: the revision check still refuses to overwrite a newer mark)."""
    try:
        import fcntl
    except ImportError:  # not on Windows
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Saved:
    """What :func:`save_mark` did: ``saved``, and the row as the file now has it (the newer
    one, when the save was refused)."""

    saved: bool
    mark: Mark | None


def save_mark(path: Path, new: Mark, expected: Mark | None) -> Saved:
    """Save the teacher's mark ``new`` into ``path`` unless its row changed since it was read
    as ``expected`` (then nothing is written, and the newer row is returned). The row gets
    the next revision; the rest of the file is kept as it is."""
    with locked(path):
        current = read_marks(path)
        now = current.get(new.key)
        if now is not None and expected is not None and not now.same_as(expected):
            return Saved(False, now)
        if now is None and expected is not None and expected.marked:
            return Saved(False, None)
        base = now or new
        updated = replace(
            base,
            mark=new.mark,
            mode=new.mode,
            comment=new.comment,
            marked_for=new.marked_for,
            status=(CHANGED if new.marked_for and new.marked_for != base.digest else MARKED)
            if new.mark is not None
            else TO_MARK,
            revision=(now.revision if now is not None else 0) + 1,
        )
        current[new.key] = updated
        write_marks(path, current.values())
    return Saved(True, updated)


def merge_marks(previous: Mapping[MarkKey, Mark], graded: Iterable[Mark]) -> list[Mark]:
    """The marks file after a grading run: each answer graded now, with the teacher's mark
    kept from ``previous`` (flagged ``changed since marked`` when the answer changed since),
    then the earlier rows no answer matches now (kept, never dropped)."""
    rows: list[Mark] = []
    seen: set[MarkKey] = set()
    for row in graded:
        seen.add(row.key)
        before = previous.get(row.key)
        if before is None:
            rows.append(row)
            continue
        marked_for = before.for_digest if before.marked else before.marked_for
        merged = replace(
            row,
            mark=before.mark,
            mode=before.mode,
            comment=before.comment,
            marked_for=marked_for,
            revision=before.revision,
        )
        status = TO_MARK if not merged.marked else CHANGED if merged.changed else MARKED
        rows.append(replace(merged, status=status))
    rows += [replace(row, status=GONE) for key, row in previous.items() if key not in seen]
    return rows


def apply_mark(task: TaskResult, mark: Mark | None, digest: str) -> TaskResult:
    """The task's result with the teacher's mark counted, when ``mark`` is for this answer
    (``digest``); else the result as it is."""
    if mark is None or mark.mark is None or mark.for_digest != digest:
        return task
    teacher = TeacherMark(mark.mark, mark.mode, mark.comment, task.points)
    return replace(task, points=mark.points(task.points, task.max_points), teacher=teacher)


def marked_student(
    student: StudentResult, marks: Mapping[MarkKey, Mark], tasks: Sequence[str]
) -> StudentResult:
    """The student's result with every teacher's mark that is for the answer handed in."""
    if not marks:
        return student
    answers = student.submission.answers
    changed = False
    results = []
    for task in student.tasks:
        mark = marks.get((student.slug, task.task_id)) if task.task_id in tasks else None
        if mark is not None and task.status in MARKABLE and task.task_id in answers:
            new = apply_mark(task, mark, answer_digest(answers[task.task_id]))
            changed = changed or new is not task
            results.append(new)
        else:
            results.append(task)
    return replace(student, tasks=tuple(results)) if changed else student


def answer_row(student: StudentResult, task: TaskResult, answer: Any) -> Mark:
    """The row ``lessons grade`` writes for one answer to mark (no teacher's mark yet)."""
    feedback = task.feedback.to_text(full=True) if task.feedback is not None else ""
    return Mark(
        student=student.slug,
        task=task.task_id,
        name=student.student,
        answer=answer_text(answer),
        automatic=task.points,
        maximum=task.max_points,
        feedback=feedback,
        digest=answer_digest(answer),
    )


def counts(rows: Iterable[Mark]) -> MarkingCounts:
    """How many answers there are to mark, are marked, and are marked for an older text."""
    answers = marked = changed = 0
    for row in rows:
        if row.status == GONE:
            continue
        answers += 1
        if row.changed:
            changed += 1
        elif row.marked:
            marked += 1
    return MarkingCounts(answers, marked, changed)


def marks_path(out_dir: Path) -> Path:
    """Where the marks of a grading run's folder are."""
    return out_dir / MARKS_FILE


MARKING_NOTEBOOK = "marking.ipynb"


def write_marking_notebook(out_dir: Path, exercise: Exercise, rerun: str = "") -> Path:
    """Write ``marking.ipynb`` into ``out_dir`` unless it is there: a line saying what to do,
    and one cell showing the marking view (:mod:`lessons.widgets.marking`). An existing one is
    left alone (the teacher may have it open)."""
    path = out_dir / MARKING_NOTEBOOK
    if path.exists():
        return path
    again = f"```\n{rerun}\n```" if rerun else "`lessons grade` with the same options as before."
    intro = (
        f"# Marking: {exercise.title}\n\n"
        "Run the cell below (Shift+Enter). It shows each answer to mark in full, the "
        "unmarked first, with the checker's points and feedback. Type the points and a "
        "comment, then press *Save & next* or Ctrl+Enter (Tab moves between the boxes, Enter "
        "presses a button). Every mark is saved at once in `marks.csv`, beside the gradebook.\n\n"
        "When you have marked, run the grading again into this folder, so the feedback "
        f"pages, `gradebook.csv`, `lms/` and `report.html` count your marks:\n\n{again}"
    )
    code = f'from lessons.widgets.marking import MarkingView\n\nMarkingView(".", rerun={rerun!r})'
    notebook = {
        "cells": [
            {"cell_type": "markdown", "id": "marking-intro", "metadata": {}, "source": intro},
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "marking-view",
                "metadata": {},
                "outputs": [],
                "source": code,
            },
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    write_text(path, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
    return path
