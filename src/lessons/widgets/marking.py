"""The teacher's marking view: the one cell of ``marking.ipynb`` that ``lessons grade`` writes.

It shows each answer to mark (``marks.csv``, :mod:`lessons.grading.marks`) in full, the
unmarked first, with the checker's points and feedback, a points box, a choice of whether the
mark replaces the automatic points or adds to them, and a comment box. *Save & next* (or Ctrl+Enter) saves
the mark into ``marks.csv`` at once (atomically, never over a mark changed meanwhile in another
tab or a spreadsheet) and opens the next answer; *Previous* goes back. Everything works by
keyboard: Tab moves between the boxes and the buttons, Enter presses a button.

This is the one widget that imports :mod:`lessons.grading`: it is for the teacher, never in a
student's notebook (``tests/test_architecture.py`` names it as the exception).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

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

__all__ = ["MarkForm", "MarkingView"]
_BOX = "border:1px solid #d0d7de;border-radius:4px;padding:0.4em 0.9em;margin:0.4em 0;"


class MarkForm(anywidget.AnyWidget):
    """The points box, the mode, the comment box and the two buttons, in the browser.

    A button press sends every value with it, in one message: typed values never reach the
    kernel on their own, so a press can never overtake them and a late one can never fill
    the next answer's box. A new ``row`` puts the kernel's values into the boxes and moves
    the focus to the points box. Ctrl+Enter in any box is *Save & next*.
    """

    _esm = """
    function field(el, tag, label, id) {
      const wrap = document.createElement("div");
      wrap.style.cssText = "margin:0.35em 0;display:flex;gap:0.6em;align-items:flex-start;";
      const name = document.createElement("label");
      name.htmlFor = id;
      name.textContent = label;
      name.style.cssText = "min-width:12em;padding-top:0.25em;";
      const input = document.createElement(tag);
      input.id = id;
      wrap.append(name, input);
      el.append(wrap);
      return [name, input];
    }
    export default {
      render({ model, el }) {
        const id = "lessons-mark-" + Math.random().toString(36).slice(2);
        el.classList.add("lessons-mark-form");
        const [pointsLabel, points] = field(el, "input", "", id + "-points");
        points.type = "text";
        points.inputMode = "decimal";
        points.autocomplete = "off";
        points.style.width = "6em";
        const [, mode] = field(el, "select", "The mark", id + "-mode");
        for (const [value, text] of [
          ["replace", "replaces the automatic points"],
          ["add", "is added to the automatic points"],
        ]) {
          const option = document.createElement("option");
          option.value = value;
          option.textContent = text;
          mode.append(option);
        }
        const [, comment] = field(el, "textarea", "Comment for the student", id + "-comment");
        comment.rows = 4;
        comment.style.cssText = "flex:1;min-width:20em;font:inherit;";
        comment.placeholder = "What the student reads under the mark on the feedback page";
        const buttons = document.createElement("div");
        buttons.style.cssText = "margin:0.5em 0;display:flex;gap:0.6em;";
        const back = document.createElement("button");
        back.textContent = "Previous";
        back.title = "Go back to the answer before (what is typed here is not saved)";
        const save = document.createElement("button");
        save.textContent = "Save & next";
        save.title = "Save this mark into marks.csv and open the next answer (Ctrl+Enter)";
        for (const button of [back, save]) {
          button.type = "button";
          button.className = "jupyter-button widget-button";
          button.style.cssText = "width:auto;padding:0 1em;";
        }
        save.classList.add("mod-primary");
        buttons.append(back, save);
        el.append(buttons);
        let shown = -1;
        const show = () => {
          pointsLabel.textContent = "Points (0 to " + model.get("maximum") + ")";
          back.disabled = !model.get("can_go_back");
          back.style.opacity = back.disabled ? "0.5" : "";
          if (model.get("row") === shown) return;
          const first = shown === -1;
          shown = model.get("row");
          points.value = model.get("points");
          mode.value = model.get("mode");
          comment.value = model.get("comment");
          if (!first) points.focus();
        };
        const press = (action) => model.send({
          action, row: shown, points: points.value, mode: mode.value, comment: comment.value,
        });
        save.addEventListener("click", () => press("save"));
        back.addEventListener("click", () => press("previous"));
        el.addEventListener("keydown", (event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            press("save");
          }
        });
        model.on("change:row", show);
        model.on("change:maximum", show);
        model.on("change:can_go_back", show);
        show();
      },
    };
    """
    row = traitlets.Int(0).tag(sync=True)
    points = traitlets.Unicode("").tag(sync=True)
    mode = traitlets.Unicode("replace").tag(sync=True)
    comment = traitlets.Unicode("").tag(sync=True)
    maximum = traitlets.Unicode("").tag(sync=True)
    can_go_back = traitlets.Bool(False).tag(sync=True)

    def __init__(self, on_press: Callable[[str, Mapping[str, Any]], None]) -> None:
        super().__init__()
        self._on_press = on_press
        self.on_msg(self._message)

    def _message(self, _widget: object, content: Any, _buffers: object) -> None:
        if isinstance(content, Mapping) and content.get("row") == self.row:
            self._on_press(str(content.get("action")), content)

    def show(self, points: str, mode: str, comment: str, maximum: str, can_go_back: bool) -> None:
        """Put a new answer's values into the boxes (and the focus on the points box)."""
        with self.hold_sync():
            self.points, self.mode, self.comment = points, mode, comment
            self.maximum, self.can_go_back = maximum, can_go_back
            self.row += 1

    def press(
        self, action: str, *, points: str = "", mode: str = "replace", comment: str = ""
    ) -> None:
        """What a press of a button sends (``save`` or ``previous``), for tests and scripts."""
        self._message(
            self,
            {"action": action, "row": self.row, "points": points, "mode": mode, "comment": comment},
            None,
        )


class MarkingView(Displays):
    """Mark the answers in ``folder``'s ``marks.csv`` one at a time, the unmarked first.

    ``rerun`` is the command that grades the class again (shown under the form: the
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
        self.form = MarkForm(self._pressed)
        self.status = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.after = w.HTML()
        self.body = w.VBox([self.heading, self.answer, self.checker, self.form, self.status])
        self.view = w.VBox(
            [self.progress, self.body, self.after, KeyboardGuard()],
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
            self.body.layout.display = "none"
            items = "".join(f"<li>{esc(p)}</li>" for p in self.problems)
            self.progress.value = (
                f"<div role='alert'><p><strong>{esc(str(self.path))} cannot be read; fix "
                f"every line below, then run this cell again:</strong></p><ul>{items}</ul></div>"
            )
            return
        if not self.rows:
            self.body.layout.display = "none"
            self.progress.value = (
                f"<p role='status'>Nothing to mark: {esc(str(self.path))} holds no answers. "
                "Run <code>lessons grade</code> into this folder first (an exercise with a "
                "news brief writes them).</p>"
            )
            return
        self.body.layout.display = ""
        total = len(self.rows)
        row = self.rows[self.index]
        maximum = row.maximum if row.maximum is not None else 0.0
        automatic = row.automatic if row.automatic is not None else 0.0
        changed = ""
        if row.changed:
            earlier = f"{number(row.mark or 0.0)} ({row.mode})"
            said = f": “{esc(row.comment)}”" if row.comment else ""
            changed = (
                "<p role='alert' style='background:#fff8c5;padding:0.3em 0.6em'>"
                f"{esc(row.name)} handed in again after you marked this. Your earlier mark, "
                f"{earlier}{said}, is not counted: read the new text and save a mark.</p>"
            )
        self.heading.value = (
            f"<h3 style='margin:0.4em 0'>{self.index + 1} of {total}: {esc(row.name)}"
            f" <small style='font-weight:normal'>({esc(row.task)})</small></h3>"
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
        self.form.show(
            number(row.mark) if row.mark is not None and not row.changed else "",
            row.mode,
            row.comment,
            number(maximum),
            self.index > 0,
        )
        self.progress.value = (
            f"<p role='status' style='font-weight:bold;margin:0'>{self.marked_count} of "
            f"{total} marked</p>"
        )
        self.after.value = self._after_text()

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

    def _pressed(self, action: str, values: Mapping[str, Any]) -> None:
        if action == "previous":
            self.go(-1)
        elif action == "save":
            self.save_and_next(
                str(values.get("points") or ""),
                mode=str(values.get("mode") or "replace"),
                comment=str(values.get("comment") or ""),
            )

    def go(self, step: int) -> None:
        """Open the answer ``step`` places on (``-1``: the one before), nothing saved."""
        if not self.rows:
            return
        self.index = min(len(self.rows) - 1, max(0, self.index + step))
        self.status.value = ""
        self._show()

    def save_and_next(self, points: str, *, mode: str = "replace", comment: str = "") -> bool:
        """Save the mark for the answer shown and open the next; False (and one sentence
        saying what to do) when the points are not a number in range or the mark was
        changed elsewhere meanwhile."""
        row = self.current
        if row is None:
            return False
        given = points.strip().replace(",", ".")
        comment = comment.strip()
        if not given and not comment and not row.marked:
            self._next()
            self.status.value = "<span role='status'>Not marked yet; skipped.</span>"
            return True
        maximum = row.maximum if row.maximum is not None else 0.0
        mark = _points(given)
        mode = mode if mode in ("replace", "add") else "replace"
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


def _points(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()
