"""Write a graded class out: ``gradebook.csv``, ``skipped.csv`` and one feedback page per
student (``feedback/<student>.html``). The class report with charts is
:mod:`lessons.class_report`."""

from __future__ import annotations

import csv
import html
import io
import os
import tempfile
from pathlib import Path

from lessons.casestudy import Case
from lessons.exercises import Exercise
from lessons.feedback import Feedback
from lessons.grading import ClassResult, StudentResult, task_title

__all__ = [
    "AUTOMATIC_PART_ONLY",
    "PAGE_STYLE",
    "FeedbackWriter",
    "feedback_page",
    "number",
    "plural",
    "write_feedback_pages",
    "write_gradebook",
    "write_skipped",
    "write_text",
]

#: Tasks whose checker judges only part of the answer, and what it leaves to the teacher.
#: A full score from such a checker is not a full grade: every output says so.
AUTOMATIC_PART_ONLY: dict[str, str] = {
    "capstone/brief": (
        "The automatic check of the brief only looks at its length, attribution (who claims "
        "what, where the claim began, who checked it) and hedging; it cannot tell whether the "
        "facts are right. The teacher still grades the facts."
    ),
}

#: Characters that make a spreadsheet treat a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and the noun agreeing with it: ``1 student``, ``2 students``, ``0 answers``."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def _points(value: float) -> str:
    """``1 point``, ``2.5 points``."""
    return f"{number(value)} {'point' if value == 1 else 'points'}"


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_text(path: Path, text: str) -> None:
    """Write ``text`` atomically (a temporary file renamed over the old one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(name, 0o644)  # readable like any report, not private like mkstemp's 0600
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


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


PAGE_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:52em;margin:2em auto;padding:0 1em;"
    "line-height:1.45;color:#1f2328}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em}"
    "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px;"
    "text-align:left}.points{font-weight:bold}"
)


def feedback_page(
    result: StudentResult,
    case: Case,
    exercise: Exercise,
    rendered: dict[int, tuple[Feedback, str]] | None = None,
    *,
    titles: dict[str, tuple[str, str]] | None = None,
) -> str:
    """One student's feedback as a self-contained, accessible HTML page.

    ``rendered`` caches each Feedback's HTML by identity (students who gave the same answer
    share one Feedback object, see :class:`CheckMemo`); it holds the object too, so an id
    is never reused for another one while cached. ``titles`` caches each task's id and
    title, escaped, for the pages of one case (:class:`FeedbackWriter` keeps both).
    """
    rendered = {} if rendered is None else rendered
    titles = {} if titles is None else titles
    esc = html.escape

    def heading(task_id: str) -> tuple[str, str]:
        """The task's id and title, escaped for HTML."""
        found = titles.get(task_id)
        if found is None:
            found = titles[task_id] = (esc(task_id), esc(task_title(case, task_id)))
        return found

    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>Feedback for {esc(result.student)}: {esc(exercise.title)}</title>",
        f"<style>{PAGE_STYLE}</style></head><body>",
        f"<h1>{esc(exercise.title)}</h1>",
        f"<p>Feedback for <strong>{esc(result.student)}</strong>, handed in "
        f"{result.submission.created:%d %B %Y at %H:%M} UTC.</p>",
        f"<p class='points'>Total: {number(result.total)} out of {_points(result.maximum)}.</p>",
    ]
    for note in result.notes:
        parts.append(f"<p role='note'><em>{esc(note)}</em></p>")
    parts.append(
        "<table><caption>Points per task</caption><thead><tr><th scope='col'>task</th>"
        "<th scope='col'>points</th></tr></thead><tbody>"
    )
    for task in result.tasks:
        anchor, title = heading(task.task_id)
        parts.append(
            f"<tr><td><a href='#{anchor}'>{title}</a>"
            f"</td><td>{number(task.points)} of {number(task.max_points)}"
            f"{' (automatic part only: your teacher still grades the facts)' if task.task_id in AUTOMATIC_PART_ONLY else ''}"
            "</td></tr>"
        )
    parts.append("</tbody></table>")
    for task in result.tasks:
        anchor, title = heading(task.task_id)
        parts.append(
            f"<section id='{anchor}'><h2>{title} "
            f"({number(task.points)} of {_points(task.max_points)})</h2>"
        )
        if task.status == "graded" and task.feedback is not None:
            cached = rendered.get(id(task.feedback))
            if cached is None or cached[0] is not task.feedback:
                cached = (task.feedback, task.feedback.to_html())
                rendered[id(task.feedback)] = cached
            parts.append(cached[1])
        else:
            parts.append(f"<p>{esc(task.message)}</p>")
        if task.task_id in AUTOMATIC_PART_ONLY:
            parts.append(
                f"<p role='note'><strong>Not your final mark:</strong> "
                f"{esc(AUTOMATIC_PART_ONLY[task.task_id])}</p>"
            )
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)


class FeedbackWriter:
    """Writes ``<folder>/<student>.html`` for each graded student (names are file-name safe)."""

    #: Cached HTML blocks kept at most; the cache is emptied when full.
    CACHE_LIMIT = 5000

    def __init__(self, folder: Path, case: Case, exercise: Exercise) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.root = folder.resolve()
        self.case = case
        self.exercise = exercise
        self._rendered: dict[int, tuple[Feedback, str]] = {}
        self._titles: dict[str, tuple[str, str]] = {}

    def __call__(self, student: StudentResult) -> None:
        path = self.root / f"{student.slug}.html"
        if path.parent != self.root:  # cannot happen with a slug; refuse rather than escape
            raise ValueError(f"unsafe feedback file name for {student.student!r}")
        if len(self._rendered) > self.CACHE_LIMIT:
            self._rendered.clear()
        page = feedback_page(student, self.case, self.exercise, self._rendered, titles=self._titles)
        path.write_text(page, encoding="utf-8")


def write_feedback_pages(result: ClassResult, folder: Path, case: Case) -> None:
    """``feedback/<student>.html`` for every student of a result that kept its feedback."""
    writer = FeedbackWriter(folder, case, result.exercise)
    for student in result.students:
        writer(student)
