"""Each student's feedback page (``feedback/<student>.html``): the points of every task, then
each task's feedback as the checker gave it, self-contained and accessible. An answer the
teacher marks (:mod:`lessons.grading.marks`) is shown in full, with the teacher's mark. A class's pages
share most of their pieces, so :class:`PageParts` builds each piece once."""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from lessons.casestudy import Case
from lessons.grading.marks import answer_text
from lessons.grading.output import PAGE_STYLE, duration, number, points
from lessons.grading.results import (
    AUTOMATIC_PART_ONLY,
    ClassResult,
    StudentResult,
    TaskResult,
    late_by,
)
from lessons.skills import task_title
from lessons.teacher.exercises import Exercise

__all__ = ["FeedbackWriter", "PageParts", "feedback_page", "write_feedback_pages"]


class PageParts:
    """The pieces of feedback pages that many students share, remembered for one exercise.

    A task's section is remembered by the identity of its result: students who gave the
    same answer share one result object (:class:`lessons.grading._memo.CheckMemo`). The result
    is held with its HTML, so an id is never reused for another object while remembered.
    Rows and the pieces of a section are remembered by value. Each table is emptied when it
    holds :attr:`LIMIT` entries.
    """

    LIMIT = 5000

    def __init__(self, case: Case) -> None:
        self.case = case
        self._titles: dict[str, tuple[str, str]] = {}
        self._sections: dict[int, tuple[TaskResult, bytes]] = {}
        self._pieces: dict[Hashable, bytes] = {}

    def heading(self, task_id: str) -> tuple[str, str]:
        """The task's id and title, escaped for HTML."""
        found = self._titles.get(task_id)
        if found is None:
            esc = html.escape
            found = self._titles[task_id] = (esc(task_id), esc(task_title(self.case, task_id)))
        return found

    def row(self, task: TaskResult) -> bytes:
        """The task's row in the table of points, as UTF-8."""
        key = ("row", task.task_id, task.points, task.max_points, task.teacher is not None)
        return self._by_value(key, self._row, task)

    def section(self, task: TaskResult) -> bytes:
        """The task's section (its title, points and feedback) as UTF-8: kept encoded, so a
        page of shared sections is joined, not encoded again."""
        found = self._sections.get(id(task))
        if found is not None and found[0] is task:
            return found[1]
        if len(self._sections) >= self.LIMIT:
            self._sections.clear()
        if task.status == "graded" and task.feedback is not None:
            body = task.feedback.to_html().encode("utf-8")
        else:
            body = self._by_value(("message", task.message), self._message, task.message)
        text = b"".join(
            (
                self._by_value(
                    ("opening", task.task_id, task.points, task.max_points), self._opening, task
                ),
                body,
                self._by_value(("closing", task.task_id), self._closing, task.task_id),
            )
        )
        self._sections[id(task)] = (task, text)
        return text

    def marked_section(self, task: TaskResult, answer: object) -> bytes:
        """The section of a task the teacher marks: the teacher's mark and comment first,
        then the answer in full and the checker's feedback (unmarked: a note that the teacher
        still marks it). Built for each student: the answer and the mark are their own."""
        esc = html.escape
        anchor, title = self.heading(task.task_id)
        parts = [
            f"<section id='{anchor}'><h2>{title} "
            f"({number(task.points)} of {points(task.max_points)})</h2>"
        ]
        mark = task.teacher
        if mark is not None:  # first: what the student looks for
            said = f"{number(task.points)}/{number(task.max_points)}"
            if mark.mode == "add":
                sign = "plus" if mark.mark >= 0 else "minus"
                said += (
                    f" (the automatic {number(mark.automatic)} {sign} "
                    f"{number(abs(mark.mark))} from your teacher)"
                )
            comment = f" – {esc(mark.comment)}" if mark.comment else ""
            parts.append(
                "<p role='note' class='teacher-mark' style='border-left:4px solid #0072b2;"
                f"padding:0.3em 0.8em'><strong>Your teacher's mark: {said}</strong>{comment}</p>"
            )
        text = answer_text(answer) if answer is not None else ""
        if text.strip():
            parts.append(
                "<figure style='margin:0.5em 0'><figcaption>Your answer, as you handed it in:"
                "</figcaption><blockquote style='white-space:pre-wrap;border-left:4px solid "
                f"#d0d7de;margin:0.3em 0;padding:0.2em 1em'>{esc(text)}</blockquote></figure>"
            )
        if task.status == "graded" and task.feedback is not None:
            # The checker's own scale differs from the task's points: say whose score it is.
            whose = (
                "your teacher's mark above is what counts"
                if mark is not None
                else "your teacher still reads your answer and marks it"
            )
            parts.append(
                f"<p>What the automatic check said (it cannot judge the facts; {whose}):</p>"
            )
            parts.append(task.feedback.to_html())
        else:
            parts.append(f"<p>{esc(task.message)}</p>")
        parts.append(
            "</section>" if mark is not None else self._closing(task.task_id).decode("utf-8")
        )
        return "".join(parts).encode("utf-8")

    def _by_value(self, key: Hashable, make: Callable[[Any], bytes], value: Any) -> bytes:
        found = self._pieces.get(key)
        if found is None:
            if len(self._pieces) >= self.LIMIT:
                self._pieces.clear()
            found = self._pieces[key] = make(value)
        return found

    def _row(self, task: TaskResult) -> bytes:
        anchor, title = self.heading(task.task_id)
        if task.teacher is not None:
            said = " (your teacher's mark)"
        elif task.task_id in AUTOMATIC_PART_ONLY:
            said = " (automatic part only: your teacher still grades the facts)"
        else:
            said = ""
        return (
            f"<tr><td><a href='#{anchor}'>{title}</a>"
            f"</td><td>{number(task.points)} of {number(task.max_points)}{said}"
            "</td></tr>"
        ).encode()

    def _opening(self, task: TaskResult) -> bytes:
        anchor, title = self.heading(task.task_id)
        return (
            f"<section id='{anchor}'><h2>{title} "
            f"({number(task.points)} of {points(task.max_points)})</h2>"
        ).encode()

    @staticmethod
    def _message(message: str) -> bytes:
        return f"<p>{html.escape(message)}</p>".encode()

    @staticmethod
    def _closing(task_id: str) -> bytes:
        note = AUTOMATIC_PART_ONLY.get(task_id)
        return (
            f"<p role='note'><strong>Not your final mark:</strong> {html.escape(note)}</p>"
            if note
            else ""
        ).encode("utf-8") + b"</section>"


def feedback_page(
    result: StudentResult, case: Case, exercise: Exercise, parts: PageParts | None = None
) -> str:
    """One student's feedback as a self-contained, accessible HTML page.

    ``parts`` remembers what pages share (pass one :class:`PageParts` for a whole class)."""
    return _page_bytes(result, exercise, PageParts(case) if parts is None else parts).decode()


def _page_bytes(result: StudentResult, exercise: Exercise, parts: PageParts) -> bytes:
    """:func:`feedback_page` as UTF-8, as it is written."""
    esc = html.escape
    head = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>Feedback for {esc(result.student)}: {esc(exercise.title)}</title>",
        f"<style>{PAGE_STYLE}</style></head><body>",
        f"<h1>{esc(exercise.title)}</h1>",
        f"<p>Feedback for <strong>{esc(result.student)}</strong>, handed in "
        f"{result.submission.created:%d %B %Y at %H:%M} UTC.</p>",
        f"<p class='points'>Total: {number(result.total)} out of {points(result.maximum)}.</p>",
    ]
    late = late_by(exercise, result)
    if late is not None and exercise.deadline is not None:
        head.append(
            f"<p role='note'>Handed in {duration(late)} after the deadline "
            f"({exercise.deadline:%d %B %Y at %H:%M} UTC).</p>"
        )
    head.extend(f"<p role='note'><em>{esc(note)}</em></p>" for note in result.notes)
    head.append(
        "<table><caption>Points per task</caption><thead><tr><th scope='col'>task</th>"
        "<th scope='col'>points</th></tr></thead><tbody>"
    )
    page = ["".join(head).encode("utf-8")]
    page.extend([parts.row(task) for task in result.tasks])
    page.append(b"</tbody></table>")
    answers = result.submission.answers
    page.extend(
        [
            parts.marked_section(task, answers.get(task.task_id))
            if task.task_id in AUTOMATIC_PART_ONLY or task.teacher is not None
            else parts.section(task)
            for task in result.tasks
        ]
    )
    page.append(b"</body></html>")
    return b"".join(page)


class FeedbackWriter:
    """Writes ``<folder>/<student>.html`` for each graded student (names are file-name safe)."""

    def __init__(self, folder: Path, case: Case, exercise: Exercise) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.root = folder.resolve()
        self.case = case
        self.exercise = exercise
        self._parts = PageParts(case)

    def __call__(self, student: StudentResult) -> None:
        self._path(student).write_bytes(_page_bytes(student, self.exercise, self._parts))

    def remove(self, student: StudentResult) -> None:
        """Remove the student's page (written for a result that no longer counts)."""
        self._path(student).unlink(missing_ok=True)

    def _path(self, student: StudentResult) -> Path:
        path = self.root / f"{student.slug}.html"
        if path.parent != self.root:  # cannot happen with a slug; refuse rather than escape
            raise ValueError(f"unsafe feedback file name for {student.student!r}")
        return path


def write_feedback_pages(result: ClassResult, folder: Path, case: Case) -> None:
    """``feedback/<student>.html`` for every student of a result that kept its feedback."""
    writer = FeedbackWriter(folder, case, result.exercise)
    for student in result.students:
        writer(student)
