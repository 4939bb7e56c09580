"""The *Hand in* button at the end of each lesson (and of the unit): writes a submission file."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from lessons import skills
from lessons.casestudy import Case
from lessons.skills import SKILLS, task_ids, task_title
from lessons.student import progress
from lessons.student.handin import write_submission
from lessons.student.names import check_student_name
from lessons.student.workspace import read_release
from lessons.tasks import is_unanswered
from lessons.widgets._base import current_case

__all__ = ["HandIn", "expected_tasks", "hand_in"]


def expected_tasks(case: Case, skill: str | None) -> list[str]:
    """The tasks a hand-in should hold: the released exercise's (of this lesson), or outside
    a release the lesson's own tasks (every lesson's for the whole unit)."""
    released = read_release().task_ids
    if released:
        return [t for t in released if skill is None or t.startswith(f"{skill}/")]
    skills = [skill] if skill else list(SKILLS)
    return [task_id for name in skills for task_id in task_ids(case, name)]


class HandIn:
    """A name box and a *Hand in* button; pressing it writes ``submissions/<file>.json``."""

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
        self.name = w.Text(
            value=progress.student_name() or "",
            description="Your name",
            placeholder="First name and last name",
            style={"description_width": "initial"},
        )
        self.button = w.Button(
            description="Hand in",
            button_style="success",
            tooltip="Save your answers in one file for your teacher",
            layout=w.Layout(width="auto"),
        )
        self.status = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.button.on_click(lambda _button: self.hand_in())
        self.view = w.VBox(
            [self.intro, w.HBox([self.name, self.button]), self.status],
            layout=w.Layout(border="1px solid #d0d7de", padding="8px"),
        )

    def hand_in(self) -> str:
        """Write the submission; returns (and shows) the sentence for the student."""
        self.last_path = None
        try:
            typed = check_student_name(self.name.value)
            if typed != progress.student_name():
                progress.set_student_name(typed)
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
        answers = progress.load_answers().answers
        missing = [t for t in expected if is_unanswered(answers.get(t))]
        if not missing:
            return self._show(message)
        names = [self._task_name(case, task_id) for task_id in missing]
        heading = f"{len(missing)} of {len(expected)} not answered yet:"
        after = "You can answer them and hand in again."
        return self._show(
            message + f"\n{heading}\n" + "".join(f"- {n}\n" for n in names) + after,
            html_text=(
                f"<span role='status'>{html.escape(message)}</span>"
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
        role = "alert" if alert else "status"
        self.status.value = html_text or f"<span role='{role}'>{html.escape(message)}</span>"
        return message

    def __str__(self) -> str:
        return self.message

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)


def hand_in(skill: str | None = None) -> HandIn:
    """The *Hand in* button: ``skill`` (e.g. "sources") hands in one lesson, None the unit."""
    return HandIn(skill)
