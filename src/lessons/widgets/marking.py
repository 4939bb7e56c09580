"""The teacher's marking view: the one cell of ``marking.ipynb`` that ``lessons grade`` writes.

It shows each answer to mark (``marks.csv``, :mod:`lessons.grading.marks`) in full, the
unmarked first, with the checker's points and feedback, a points box, a choice of whether the
mark replaces the automatic points or adds to them, and a comment box. *Save & next* saves the
mark into ``marks.csv`` at once (atomically, never over a mark changed meanwhile in another
tab or a spreadsheet) and opens the next answer; *Previous* goes back. Everything works by
keyboard: Tab moves between the boxes and the buttons, Enter presses a button.

This is the one widget that imports :mod:`lessons.grading`: it is for the teacher, never in a
student's notebook (``tests/test_architecture.py`` names it as the exception).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import ipywidgets as w

from lessons.grading.marks import (
    GONE,
    MARKS_FILE,
    Mark,
    read_marks,
    save_mark,
)
from lessons.grading.output import number
from lessons.validation import DataFileError
from lessons.widgets._base import Displays, KeyboardGuard

__all__ = ["MarkingView"]

_MODES = [
    ("replaces the automatic points", "replace"),
    ("is added to the automatic points", "add"),
]
_BOX = "border:1px solid #d0d7de;border-radius:4px;padding:0.4em 0.9em;margin:0.4em 0;"


class MarkingView(Displays):
    """Mark the answers in ``folder``'s ``marks.csv`` one at a time, the unmarked first.

    ``rerun`` is the command that grades the class again (shown once marking is done: the
    feedback pages, gradebook and LMS files count a mark only after it runs)."""

    def __init__(self, folder: str | Path = ".", *, rerun: str = "") -> None:
        self.path = Path(folder) / MARKS_FILE
        self.rerun = rerun
        self.rows: list[Mark] = []
        self.index = 0
        self.problems: list[str] = []
        self.progress = w.HTML()
        self.heading = w.HTML()
        self.answer = w.HTML()
        self.checker = w.HTML()
        self.points = w.Text(
            description="Points",
            placeholder="e.g. 14",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=w.Layout(width="16em"),
        )
        self.mode = w.Dropdown(
            options=_MODES,
            value="replace",
            description="The mark",
            style={"description_width": "initial"},
            layout=w.Layout(width="26em"),
        )
        self.comment = w.Textarea(
            description="Comment for the student",
            placeholder="What the student reads under the mark on the feedback page",
            style={"description_width": "initial"},
            layout=w.Layout(width="95%", height="6em"),
        )
        self.previous = w.Button(
            description="Previous", tooltip="Go back to the answer before (not saved)"
        )
        self.save_next = w.Button(
            description="Save & next",
            button_style="primary",
            tooltip="Save this mark into marks.csv and open the next answer",
        )
        self.status = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.after = w.HTML()
        self.previous.on_click(lambda _button: self.go(-1))
        self.save_next.on_click(lambda _button: self.save_and_next())
        self.form = w.VBox(
            [
                self.heading,
                self.answer,
                self.checker,
                w.HBox([self.points, self.mode]),
                self.comment,
                w.HBox([self.previous, self.save_next, self.status]),
            ]
        )
        self.view = w.VBox(
            [self.progress, self.form, self.after, KeyboardGuard()],
            layout=w.Layout(border="1px solid #d0d7de", padding="8px"),
        )
        self.view.add_class("lessons-marking")
        self.load()

    # --- what is shown ---------------------------------------------------------------------

    def load(self) -> None:
        """Read ``marks.csv`` again and show the first answer to mark (the unmarked first)."""
        try:
            found = read_marks(self.path)
        except DataFileError as error:
            self.problems = [str(problem) for problem in error.problems]
            self.rows = []
        else:
            self.problems = []
            rows = [row for row in found.values() if row.status != GONE]
            # The unmarked (and those marked for an older text) first, each group in the
            # file's order (the class in name order).
            self.rows = [r for r in rows if not r.marked or r.changed] + [
                r for r in rows if r.marked and not r.changed
            ]
        self.index = 0
        self._show()

    @property
    def current(self) -> Mark | None:
        return self.rows[self.index] if 0 <= self.index < len(self.rows) else None

    @property
    def marked_count(self) -> int:
        return sum(1 for row in self.rows if row.marked and not row.changed)

    @property
    def progress_text(self) -> str:
        """``3 of 10 marked``, as the line above the answer says it."""
        return _text(self.progress.value)

    @property
    def status_text(self) -> str:
        return _text(self.status.value)

    def _show(self) -> None:
        esc = html.escape
        if self.problems:
            self.form.layout.display = "none"
            items = "".join(f"<li>{esc(p)}</li>" for p in self.problems)
            self.progress.value = (
                f"<div role='alert'><p><strong>{esc(str(self.path))} cannot be read; fix "
                f"every line below, then run this cell again:</strong></p><ul>{items}</ul></div>"
            )
            return
        if not self.rows:
            self.form.layout.display = "none"
            self.progress.value = (
                f"<p role='status'>Nothing to mark: {esc(str(self.path))} holds no answers. "
                "Run <code>lessons grade</code> into this folder first (an exercise with a "
                "news brief writes them).</p>"
            )
            return
        self.form.layout.display = ""
        total = len(self.rows)
        row = self.rows[self.index]
        maximum = row.maximum if row.maximum is not None else 0.0
        automatic = row.automatic if row.automatic is not None else 0.0
        # The boxes first, the heading and the count last: each value reaches the browser
        # as its own message, so once the heading names this answer, the boxes are its own
        # (a teacher typing at once never types into a box about to be cleared).
        self.points.description = f"Points (0 to {number(maximum)})"
        self.points.value = number(row.mark) if row.mark is not None and not row.changed else ""
        self.mode.value = row.mode
        self.comment.value = row.comment
        self.previous.disabled = self.index == 0
        changed = ""
        if row.changed:
            earlier = f"{number(row.mark or 0.0)} ({row.mode})"
            said = f": “{esc(row.comment)}”" if row.comment else ""
            changed = (
                "<p role='alert' style='background:#fff8c5;padding:0.3em 0.6em'>"
                f"{esc(row.name)} handed in again after you marked this. Your earlier mark, "
                f"{earlier}{said}, is not counted: read the new text and save a mark.</p>"
            )
        self.answer.value = (
            f"{changed}<div style='{_BOX}'><p style='margin:0.2em 0'><strong>The answer, in "
            f"full</strong></p><div role='document' aria-label='The answer of {esc(row.name)}'"
            " style='white-space:pre-wrap;font-size:1.05em;line-height:1.5'>"
            f"{esc(row.answer) or '<em>(empty)</em>'}</div></div>"
        )
        feedback = "".join(f"<li>{esc(line)}</li>" for line in row.feedback.splitlines() if line)
        self.checker.value = (
            f"<details><summary>The checker gave {number(automatic)} of {number(maximum)}"
            " (it cannot judge the facts): its feedback</summary>"
            f"<ul style='margin:0.2em 0'>{feedback}</ul></details>"
        )
        self.after.value = self._after_text()
        self.heading.value = (
            f"<h3 style='margin:0.4em 0'>{self.index + 1} of {total}: {esc(row.name)}"
            f" <small style='font-weight:normal'>({esc(row.task)})</small></h3>"
        )
        self.progress.value = (
            f"<p role='status' style='font-weight:bold;margin:0'>{self.marked_count} of "
            f"{total} marked</p>"
        )

    def _after_text(self) -> str:
        again = (
            f"<pre style='white-space:pre-wrap;margin:0.2em 0'>{html.escape(self.rerun)}</pre>"
            if self.rerun
            else " <code>lessons grade</code> again with the same options."
        )
        lead = (
            "<strong>Every answer is marked.</strong> "
            if self.rows and self.marked_count == len(self.rows)
            else ""
        )
        return (
            f"<p style='margin:0.6em 0 0 0'>{lead}Marks are saved in marks.csv as you go. "
            "To show them on the feedback pages and in the gradebook, report and LMS files, "
            f"run the grading again into this folder:</p>{again}"
        )

    # --- what the teacher does ---------------------------------------------------------------

    def go(self, step: int) -> None:
        """Open the answer ``step`` places on (``-1``: the one before), nothing saved."""
        if not self.rows:
            return
        self.index = min(len(self.rows) - 1, max(0, self.index + step))
        self.status.value = ""
        self._show()
        self.points.focus()

    def save_and_next(self) -> bool:
        """Save the mark shown and open the next answer; False (and one sentence saying what
        to do) when the points are not a number in range or the mark changed elsewhere."""
        row = self.current
        if row is None:
            return False
        given = self.points.value.strip().replace(",", ".")
        comment = self.comment.value.strip()
        if not given and not comment and not row.marked:
            self._next()
            self.status.value = "<span>Not marked yet; skipped.</span>"
            return True
        maximum = row.maximum if row.maximum is not None else 0.0
        mark = _points(given)
        mode = str(self.mode.value)
        low = 0.0 if mode == "replace" else -maximum
        if mark is None or not low <= mark <= maximum:
            allowed = (
                f"from 0 to {number(maximum)}"
                if mode == "replace"
                else f"from -{number(maximum)} to {number(maximum)} (added to the automatic points)"
            )
            self.status.value = (
                f"<span role='alert'>Give the points as a number {allowed}, such as "
                f"{number(maximum / 2)}.</span>"
            )
            return False
        new = replace(row, mark=mark, mode=mode, comment=comment, marked_for=row.digest)
        try:
            saved = save_mark(self.path, new, row)
        except (OSError, DataFileError) as error:
            why = error.strerror if isinstance(error, OSError) else str(error)
            self.status.value = (
                f"<span role='alert'>The mark could not be saved ({html.escape(str(why))}); "
                "check that marks.csv can be written and is not open elsewhere.</span>"
            )
            return False
        if not saved.saved:
            if saved.mark is not None:
                self.rows[self.index] = saved.mark
            self._show()
            self.status.value = (
                "<span role='alert'>This mark was changed elsewhere (another tab or the "
                "spreadsheet); showing the newer one.</span>"
            )
            return False
        assert saved.mark is not None
        self.rows[self.index] = saved.mark
        self._next()
        self.status.value = (
            f"<span role='status'>Saved: {html.escape(row.name)}, {number(mark)}.</span>"
        )
        return True

    def _next(self) -> None:
        if self.index + 1 < len(self.rows):
            self.index += 1
        self.status.value = ""
        self._show()
        self.points.focus()


def _points(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()
