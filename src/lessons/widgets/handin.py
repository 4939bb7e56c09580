"""The *Hand in* button at the end of each lesson (and of the unit): writes a submission file."""

from __future__ import annotations

import html

import ipywidgets as w

from lessons import skills
from lessons.casestudy import Case
from lessons.skills import SKILLS, task_ids, task_title
from lessons.student import progress
from lessons.student.handin import write_submission
from lessons.student.names import check_student_name
from lessons.student.workspace import read_release
from lessons.tasks import is_unanswered
from lessons.widgets._base import (
    LIVE_CLASS,
    Displays,
    KeyboardGuard,
    alert,
    current_case,
    name_box,
)

__all__ = ["NAME_CHANGED_ELSEWHERE", "HandIn", "expected_tasks", "hand_in"]

#: When the name was changed in another tab after this box showed it.
NAME_CHANGED_ELSEWHERE = (
    "Your name was changed in another tab to {name}; it is shown here now. Press the "
    "button again to use it, or type another name."
)

#: White on this green is 5.1:1 (WCAG AA asks 4.5:1); ipywidgets' "success" green is 4.1:1.
HAND_IN_GREEN = "#2e7d32"


def expected_tasks(case: Case, skill: str | None) -> list[str]:
    """The tasks a hand-in should hold: the released exercise's (of this lesson), or outside
    a release the lesson's own tasks (every lesson's for the whole unit)."""
    released = read_release().task_ids
    if released:
        return [t for t in released if skill is None or t.startswith(f"{skill}/")]
    skills = [skill] if skill else list(SKILLS)
    return [task_id for name in skills for task_id in task_ids(case, name)]


class HandIn(Displays):
    """A name box and a *Hand in* button; pressing it writes ``submissions/<file>.json``.

    Like every lesson widget it says when its kernel restarted, and a name typed in a tab
    showing an older name never overwrites a newer one saved since (from lesson 00 or
    another tab): the box then shows the newer name and says so."""

    def __init__(self, skill: str | None = None) -> None:
        if skill is not None and skill not in SKILLS:
            raise ValueError(
                f"There is no lesson called {skill!r}; use one of: {', '.join(SKILLS)}, "
                "or nothing for the whole unit."
            )
        self.skill = skill
        self.message = ""
        self.last_path: str | None = None
        scope = (
            f"your answers to the tasks of <em>{html.escape(skills.title(skill))}</em>"
            if skill
            else "all your answers in this unit"
        )
        self.intro = w.HTML(
            f"<p>When you have finished, press <strong>Hand in</strong> to save {scope} in one "
            "file for your teacher. You can hand in again later: your teacher grades the "
            "newest file.</p>"
        )
        #: The saved name this box last showed: a newer one saved since is not overwritten.
        self.shown_name = progress.student_name() or ""
        self.name, self.hub_note = name_box(self.shown_name)
        self.button = w.Button(
            description="Hand in",
            tooltip="Save your answers in one file for your teacher",
            layout=w.Layout(width="auto"),
            style={"button_color": HAND_IN_GREEN, "text_color": "white"},
        )
        self.status = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.status.add_class(LIVE_CLASS)
        self.button.on_click(lambda _button: self.hand_in())
        self.view = w.VBox(
            [
                self.intro,
                w.HBox([self.name, self.button]),
                self.hub_note,
                self.status,
                KeyboardGuard(),
            ],
            layout=w.Layout(border="1px solid #d0d7de", padding="8px"),
        )
        self.view.add_class("lessons-task")

    def hand_in(self) -> str:
        """Write the submission; returns (and shows) the sentence for the student."""
        self.last_path = None
        try:
            stored = progress.student_name() or ""
            # A name saved elsewhere since this box showed it (on a hub the box is fixed).
            if not self.name.disabled and stored and stored != self.shown_name:
                typed_here = " ".join(self.name.value.split())
                edited_here = typed_here != self.shown_name
                self.shown_name = stored
                self.name.value = stored
                if edited_here and typed_here != stored:
                    return self._show(NAME_CHANGED_ELSEWHERE.format(name=stored), alert=True)
            typed = check_student_name(self.name.value)
            if typed != progress.student_name():
                progress.set_student_name(typed)
            self.shown_name = typed
            result = write_submission(self.skill, case=current_case())
        except ValueError as error:  # HandInError is a ValueError too
            return self._show(str(error), alert=True)
        except OSError as error:
            return self._show(
                f"Your answers could not be handed in ({error.strerror}); ask your teacher.",
                alert=True,
            )
        self.last_path = result.relative_path
        count = len(result.task_ids)
        message = (
            f"Handed in {count} answer{'s' if count != 1 else ''} as {result.relative_path}. "
            "Give this file to your teacher (or upload it where your teacher says)."
        )
        case = current_case()
        expected = expected_tasks(case, self.skill)
        answers = progress.load_answers(case=case).answers
        missing = [t for t in expected if is_unanswered(answers.get(t))]
        if not missing:
            return self._show(message)
        names = [self._task_name(case, task_id) for task_id in missing]
        heading = f"{len(missing)} of {len(expected)} not answered yet:"
        after = "You can answer them and hand in again."
        return self._show(
            message + f"\n{heading}\n" + "".join(f"- {n}\n" for n in names) + after,
            html_text=(
                f"<span>{html.escape(message)}</span>"
                f"<p style='margin:6px 0 0 0'><strong>{html.escape(heading)}</strong></p>"
                "<ul style='margin:2px 0'>"
                + "".join(f"<li>{html.escape(n)}</li>" for n in names)
                + f"</ul><p style='margin:0'>{html.escape(after)}</p>"
            ),
        )

    def _task_name(self, case: Case, task_id: str) -> str:
        """A task's name in the list: without the lesson's title when one lesson is handed in."""
        title = task_title(case, task_id)
        prefix = f"{skills.title(self.skill) if self.skill else ''}: "
        return title[len(prefix) :] if self.skill and title.startswith(prefix) else title

    def _show(self, message: str, *, alert: bool = False, html_text: str | None = None) -> str:
        self.message = message
        # The status line is itself a live region; an alert is announced at once.
        plain = (
            f"<span role='alert'>{html.escape(message)}</span>" if alert else html.escape(message)
        )
        self.status.value = html_text or plain
        return message

    def __str__(self) -> str:
        return self.message


def hand_in(skill: str | None = None) -> HandIn | w.HTML:
    """The *Hand in* button: ``skill`` (e.g. "sources") hands in one lesson, None the unit.

    An unknown lesson gives one sentence listing the lessons, not a traceback."""
    try:
        return HandIn(skill)
    except ValueError as error:
        return alert(str(error))
