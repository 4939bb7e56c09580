"""What every lesson widget shares: answers saved on each change, restored on reopen,
checked through :func:`lessons.tasks.check` (the one route from an answer to a verdict, as
for the grader), and feedback shown in place. Lesson widgets stay thin.

No widget is ever dead without saying so: its saved output reads "Run this cell ..."
(:mod:`lessons.widgets.reopen`), the keyboard guard inside it says when the kernel behind
it restarted, and a save from a tab showing an older answer shows the newer one instead of
overwriting it."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

from lessons import tasks
from lessons.casestudy import Article, Case, UnknownArticleError
from lessons.feedback import Feedback
from lessons.skills import load_case, load_seed_case
from lessons.student import progress
from lessons.student.assessment import Withheld
from lessons.student.workspace import Mode, read_release, release_mode, workspace_dir
from lessons.text import normalize_name
from lessons.widgets.reopen import app_mode, fallback_bundle

__all__ = [
    "APP_STOPPED_MESSAGE",
    "CHANGED_ELSEWHERE_MESSAGE",
    "HUB_NAME_NOTE",
    "LESSONS_CSS",
    "LIVE_CLASS",
    "STOPPED_MESSAGE",
    "Displays",
    "KeyboardGuard",
    "Mode",
    "TaskView",
    "TaskWidget",
    "alert",
    "current_case",
    "current_mode",
    "find_article",
    "hub_user",
    "name_box",
    "widget_bundle",
]


#: The lessons' own look, inside every task (and beside every guard):
#: - labels of checkboxes and radio buttons wrap instead of being cut off (ipywidgets keeps
#:   them on one line, which hid the end of long choices, "... (described wrongly)"), and a
#:   wrapped label's row grows with it instead of overlapping the next;
#: - a closed accordion's title is dark enough to read (JupyterLab's #6d6d6d on #eeeeee is
#:   4.45:1, below the 4.5:1 WCAG AA asks);
#: - a pressed level button shows a check mark drawn by CSS (changing the buttons' icons
#:   re-drew them and sent keyboard focus to the page), left out of the button's name
#:   (``/ ''``): ``aria-pressed`` says it;
#: - ``lessons-sr-only`` text is read by screen readers and not shown (a control's full name);
#: - charts never overflow the output: they scale down to its width.
LESSONS_CSS = (
    "<style>.lessons-task .widget-label-basic, .lessons-task .widget-radio-box label "
    "{white-space: normal !important; overflow: visible !important; height: auto !important;"
    " line-height: 1.35;} .lessons-task .widget-checkbox {height: auto !important;"
    " align-items: flex-start;} .lessons-task .widget-checkbox input {flex: none;"
    " margin-top: 0.2em;} .lessons-task .widget-radio-box label {display: flex;"
    " align-items: flex-start; gap: 0.4em; margin-bottom: 4px;} .lessons-task"
    " .widget-radio-box input {order: -1; flex: none; margin-top: 0.2em;}"
    " .jp-OutputArea-output .jupyter-widget-Collapse-header,"
    " .jp-OutputArea-output .lm-TabBar-tab {color: #1f2328 !important;}"
    " .lessons-task .widget-toggle-button.mod-active::before {content: '\\2713\\00a0' / '';}"
    " .lessons-sr-only {position: absolute !important; width: 1px; height: 1px; padding: 0;"
    " margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;}"
    " .jp-OutputArea-output figure.lessons-chart img {max-width: 100% !important;"
    " height: auto !important;}</style>"
)
#: The class that makes a widget's own element a polite live region (role "status"): the
#: element exists, empty or not, before its text changes, so screen readers announce each
#: change (a ``role="status"`` inserted with its text already in it is often skipped).
LIVE_CLASS = "lessons-live"

ASSESSMENT_MESSAGE = (
    "Your answer is saved. This is an assessment, so your teacher will give you feedback "
    "after grading."
)

#: The receipt when an assessment's answer could not be saved (the status says why).
NOT_SAVED_MESSAGE = "Your answer could not be saved: ask your teacher."

#: Shown in a widget whose kernel restarted: its controls no longer reach Python.
STOPPED_MESSAGE = (
    "This task stopped when the kernel restarted: run the cell again (or Run > Run All "
    "Cells); your saved answers come back."
)
#: The same in app mode (Voila), where reloading the page runs every cell again.
APP_STOPPED_MESSAGE = (
    "This task stopped: reload the page to bring it back; your saved answers come back."
)

#: Under the greyed-out name box on a JupyterHub, where the sign-in name is the name.
HUB_NAME_NOTE = (
    "You signed in to your class's JupyterHub as {name}, so your answers and hand-ins "
    "carry that name: there is nothing to type here."
)

#: Shown when a save found a newer answer saved from another tab, and the widget shows it.
CHANGED_ELSEWHERE_MESSAGE = "This answer was changed in another tab; showing the newer one."


@lru_cache(maxsize=4)
def _case_at(path: str | None) -> Case:
    return load_case(path) if path else load_seed_case()


def current_case() -> Case:
    """The case study the lessons use.

    ``$LESSONS_CASE`` if set; else the case a teacher's release put in the workspace
    (``case_dir`` in ``.lessons/release.json``: an assessment copy carries no keys);
    else the bundled seed case.
    """
    chosen = os.environ.get("LESSONS_CASE")
    if not chosen:
        released = read_release().case_dir
        if released:
            folder = workspace_dir() / released
            chosen = str(folder) if (folder / "case.toml").is_file() else None
    return _case_at(chosen)


def current_mode(workspace: Path | None = None, task_id: str | None = None) -> Mode:
    """``assessment`` when the workspace was released as an assessment, or an open
    assessment in the course exchange covers ``task_id``; else ``practice``."""
    return release_mode(workspace, task_id)


class KeyboardGuard(anywidget.AnyWidget):
    """Stops JupyterLab's notebook shortcuts from firing while a lesson control has focus.

    In command mode JupyterLab treats keys pressed on a focused dropdown, radio button or
    button as notebook commands: typing "d d" to pick an option deletes the cell
    (ipywidgets issue 3912). Lumino skips shortcuts for an element carrying
    ``data-lm-suppress-shortcuts``, so this invisible widget marks every control in the
    notebook's outputs as it gains focus. One guard covers the whole notebook.

    It also adds what ipywidgets 8 leaves out for screen readers: a slider's handle
    (role "slider") and readout are named by the slider's description, and a row of
    ToggleButtons is a group named by its description whose buttons say if they are pressed
    (their decorative icons are hidden from screen readers). Every element with the class
    :data:`LIVE_CLASS` (a task's status line and feedback) becomes a polite live region.

    And it says when its widget is dead. When the kernel restarts, ipywidgets marks every
    view it had with the class ``jupyter-widgets-disconnected`` and the controls keep
    looking alive while nothing they do reaches Python. The guard watches that class on
    itself and on the box it sits in; once set, it shows :data:`STOPPED_MESSAGE` (taken
    from ``stopped_message``) as an alert at the top of that box, and dims its controls.
    In app mode (Voila) the message is :data:`APP_STOPPED_MESSAGE`: there is no cell to run.
    """

    _esm = """
    function attach(el, tries) {
      const notebook = el.closest(".jp-Notebook") || el.closest(".jp-LinkedOutputView");
      if (!notebook) {
        if (tries < 300) requestAnimationFrame(() => attach(el, tries + 1));
        return;
      }
      if (notebook.dataset.lessonsKeyboardGuard) return;
      notebook.dataset.lessonsKeyboardGuard = "on";
      notebook.addEventListener("focusin", (event) => {
        const target = event.target;
        if (target instanceof Element && target.closest(".jp-OutputArea-output")) {
          target.setAttribute("data-lm-suppress-shortcuts", "true");
        }
      }, true);
      let pending = false;
      const sweep = () => { pending = false; describeControls(notebook); };
      new MutationObserver((mutations) => {
        if (!pending && mutations.some((m) => m.target.closest?.(".jp-OutputArea"))) {
          pending = true;
          requestAnimationFrame(sweep);
        }
      }).observe(notebook, {
        childList: true, subtree: true, attributes: true, attributeFilter: ["class"],
      });
      sweep();
    }
    function setAttr(element, name, value) {
      if (element.getAttribute(name) !== value) element.setAttribute(name, value);
    }
    function nameBy(element, label) {
      if (!label || !label.textContent.trim()) return;
      if (!label.id) label.id = "lessons-label-" + Math.random().toString(36).slice(2);
      setAttr(element, "aria-labelledby", label.id);
    }
    function describeControls(root) {
      for (const region of root.querySelectorAll(".jp-OutputArea-output .lessons-live")) {
        setAttr(region, "role", "status");
        setAttr(region, "aria-live", "polite");
      }
      for (const slider of root.querySelectorAll(".jp-OutputArea-output .widget-slider")) {
        const label = slider.querySelector(":scope > .widget-label");
        for (const part of slider.querySelectorAll(".noUi-handle, .widget-readout")) {
          nameBy(part, label);
        }
      }
      for (const row of root.querySelectorAll(".jp-OutputArea-output .widget-toggle-buttons")) {
        const buttons = row.querySelectorAll(".widget-toggle-button");
        if (buttons.length) {
          setAttr(buttons[0].parentElement, "role", "group");
          nameBy(buttons[0].parentElement, row.querySelector(":scope > .widget-label"));
        }
        for (const button of buttons) {
          setAttr(button, "aria-pressed", String(button.classList.contains("mod-active")));
          // The check mark is a font glyph that would join the name; aria-pressed says it.
          for (const icon of button.querySelectorAll("i")) setAttr(icon, "aria-hidden", "true");
        }
      }
    }
    const DEAD = "jupyter-widgets-disconnected";
    function watchLiveness(el, model, tries) {
      const host = el.parentElement && el.parentElement.closest(".jupyter-widgets");
      if (!host) {
        if (tries < 300) requestAnimationFrame(() => watchLiveness(el, model, tries + 1));
        return;
      }
      const update = () => {
        if (el.dataset.lessonsStopped) return;
        if (!el.classList.contains(DEAD) && !host.classList.contains(DEAD)) return;
        el.dataset.lessonsStopped = "on";
        const note = document.createElement("p");
        note.className = "lessons-stopped";
        note.setAttribute("role", "alert");
        note.textContent = model.get("stopped_message");
        note.style.cssText = "margin:6px 0;padding:6px 10px;background:#fff8c5;" +
          "border:1px solid #d4a72c;border-radius:4px;color:#1f2328;";
        for (const child of host.children) {
          if (!child.contains(el)) child.style.opacity = "0.55";
        }
        host.classList.add("lessons-stopped-task");
        host.prepend(note);  // at the top: a long task's end may be scrolled out of view
      };
      const watch = new MutationObserver(update);
      watch.observe(el, { attributes: true, attributeFilter: ["class"] });
      watch.observe(host, { attributes: true, attributeFilter: ["class"] });
      update();
    }
    export default {
      render({ model, el }) {
        el.style.display = "none";
        el.setAttribute("aria-hidden", "true");
        attach(el, 0);
        watchLiveness(el, model, 0);
      },
    };
    """
    active = traitlets.Bool(True).tag(sync=True)
    stopped_message = traitlets.Unicode(STOPPED_MESSAGE).tag(sync=True)

    @traitlets.default("stopped_message")
    def _stopped_message(self) -> str:
        return APP_STOPPED_MESSAGE if app_mode() else STOPPED_MESSAGE


class TaskWidget:
    """One task's answer controls, a *Check* button and the feedback, kept in progress.

    ``read`` turns the controls into a plain answer dict; ``write`` puts a saved dict back
    into the controls. *Check* hands that dict, with the student's other saved answers, to
    :func:`lessons.tasks.check` for ``case``, as the grader does; ``on_feedback(answer,
    feedback)`` then lets a widget react to the verdict (remember it was checked, draw a
    chart) before the feedback shows. In an assessment the button is *Save*: the answer is
    saved and a receipt (:class:`~lessons.student.assessment.Withheld`) shown, and nothing
    is checked, so a student's ``.check()`` in a cell reads no feedback either.
    """

    def __init__(
        self,
        task_id: str,
        controls: Sequence[w.Widget],
        *,
        case: Case,
        read: Callable[[], dict[str, Any]],
        write: Callable[[Mapping[str, Any]], None],
        on_feedback: Callable[[Mapping[str, Any], Feedback], None] | None = None,
        watch: Sequence[w.Widget] = (),
        title: str = "",
        mode: Mode | None = None,
        heading: int = 4,
    ) -> None:
        self.task_id = task_id
        self.case = case
        self._read = read
        self._write = write
        self._on_feedback = on_feedback
        self.mode: Mode = mode or current_mode(task_id=task_id)
        self.last_feedback: Feedback | None = None
        #: In an assessment, the receipt *Save* last showed (no feedback is ever made there).
        self.receipt: Withheld | None = None
        self.save_failed = False
        #: True when the last save found a newer answer from another tab and showed it.
        self.refreshed = False
        self._revision = 0
        self._stale = False
        self.check_button = w.Button(
            description="Check" if self.mode == "practice" else "Save",
            button_style="primary",
            tooltip="Check your answer and see feedback"
            if self.mode == "practice"
            else "Save your answer for your teacher",
            layout=w.Layout(width="auto"),
        )
        self.status = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.status.add_class(LIVE_CLASS)
        self.feedback = w.HTML()
        self.feedback.add_class(LIVE_CLASS)
        self.check_button.on_click(lambda _button: self.check())
        children: list[w.Widget] = []
        if title:
            # ``heading``: the title's level, one below the notebook heading it sits under.
            children.append(w.HTML(f"<h{heading} style='margin:4px 0'>{title}</h{heading}>"))
        children += [
            *controls,
            w.HBox([self.check_button, self.status]),
            self.feedback,
            KeyboardGuard(),
            w.HTML(LESSONS_CSS),
        ]
        self.view = w.VBox(children, layout=w.Layout(border="1px solid #d0d7de", padding="8px"))
        self.view.add_class("lessons-task")
        self._restoring = False
        self.restore()
        for control in watch:
            control.observe(self._on_change, names="value")

    @property
    def answer(self) -> dict[str, Any]:
        """The answer as currently entered, as plain data."""
        return self._read()

    def restore(self) -> None:
        """Put the saved answer (if any) back into the controls, and remember its revision."""
        result = progress.load_answers(case=self.case)
        saved = result.answers.get(self.task_id)
        self._revision = result.revision(self.task_id)
        if saved is not None:
            self._show(saved)
            self.status.value = "<span>Your saved answer is back.</span>"
        if result.notice:
            self.status.value = f"<span role='alert'>{html.escape(result.notice)}</span>"

    def _show(self, answer: Mapping[str, Any]) -> None:
        """Put ``answer`` into the controls without saving it again."""
        self._restoring = True
        try:
            self._write(answer)
        finally:
            self._restoring = False

    def save(self) -> None:
        """Save the current answer at once (``save_failed`` says if it could not be).

        The save carries the revision this widget last loaded or saved. If another tab
        saved the task since, nothing is overwritten: the widget shows the newer answer and
        says so in one sentence (``refreshed`` is then True)."""
        self.refreshed = False
        try:
            result = progress.save_answer_if_current(
                self.task_id, self.answer, self._revision, case=self.case
            )
        except OSError as error:
            self.save_failed = True
            self.status.value = (
                "<span role='alert'>Your answer could not be saved "
                f"({error.strerror}); ask your teacher.</span>"
            )
            return
        self.save_failed = False
        self._revision = result.revision
        if result.saved:
            self.status.value = "<span>Saved.</span>"
            return
        self.refreshed = True
        if result.answer is not None:
            self._show(result.answer)
        self.status.value = f"<span role='alert'>{CHANGED_ELSEWHERE_MESSAGE}</span>"

    def _on_change(self, _change: object) -> None:
        if not self._restoring:
            self.changed()

    def changed(self) -> None:
        """Save an answer the student just changed; feedback on the old answer is marked stale."""
        self.save()
        shown = self.last_feedback is not None or self.receipt is not None
        if shown and not self._stale:
            self._stale = True
            self.feedback.value = f"<p><em>{self._stale_message()}</em></p>"

    def _stale_message(self) -> str:
        return f"Your answer has changed: press {self.check_button.description} again."

    def saved_answers(self) -> Mapping[str, Mapping[str, Any]]:
        """Every answer the student has saved (this one too), which some checks compare
        with: how sure they were at the start, the tasks of the capstone's article."""
        return progress.load_answers(case=self.case).answers

    def check(self) -> Feedback | Withheld:
        """Save, then check the answer and show the feedback.

        In an assessment this is *Save*: the answer is saved and a receipt shown and
        returned, and the answer is never checked, so no feedback exists for a cell that
        calls ``.check()`` to print."""
        self.save()  # from a tab showing an older answer: shows the newer one, checked below
        self._stale = False
        if self.mode == "assessment" or current_mode(task_id=self.task_id) == "assessment":
            # A quiz the teacher opened after this widget was drawn withholds feedback too.
            receipt = NOT_SAVED_MESSAGE if self.save_failed else ASSESSMENT_MESSAGE
            self.receipt = Withheld(self.task_id, receipt)
            self.feedback.value = self.receipt.to_html()
            return self.receipt
        answer = self.answer
        feedback = tasks.check(self.case, self.task_id, answer, self.saved_answers())
        if self._on_feedback is not None:
            self._on_feedback(answer, feedback)
        shown = _inside_live_region(feedback.to_html())
        again = self.last_feedback is not None and self.feedback.value == shown
        self.last_feedback = feedback
        self.feedback.value = shown
        if not self.save_failed and not self.refreshed:
            # A second press with the same answer changes nothing on screen: say it checked.
            when = datetime.now().strftime("%H:%M")
            self.status.value = (
                f"<span>Saved. Checked again at {when}: same result.</span>"
                if again
                else f"<span>Saved. Checked at {when}.</span>"
            )
        return feedback

    @property
    def feedback_text(self) -> str:
        """What the student is shown, as text (for tests and nbval)."""
        if self._stale:
            return self._stale_message()
        if self.receipt is not None:
            return self.receipt.to_text()
        return self.last_feedback.to_text() if self.last_feedback else ""

    @property
    def status_text(self) -> str:
        """The status line as the student reads it (for tests)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.status.value))

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return widget_bundle(self.view, **kwargs)


def _inside_live_region(markup: str) -> str:
    """Feedback HTML for the task's feedback area, which is itself the live region: the
    block's own ``role="status"`` (right on a page of feedback) would add a second region,
    inserted with its text already in it, which screen readers often skip."""
    return markup.replace(' role="status"', "", 1)


def widget_bundle(view: w.Widget, **kwargs: Any) -> Any:
    """``view``'s mime bundle, with the line a reopened notebook shows instead of the widget
    (:mod:`lessons.widgets.reopen`) as its HTML and plain text."""
    bundle = view._repr_mimebundle_(**kwargs)
    return fallback_bundle(bundle) if isinstance(bundle, dict) else bundle


def _has_guard(view: object) -> bool:
    if isinstance(view, KeyboardGuard):
        return True
    return any(_has_guard(child) for child in getattr(view, "children", ()))


class Displays:
    """Shows the object's ``view`` widget when it ends a notebook cell.

    A view without a :class:`KeyboardGuard` inside is shown with one below it, so every
    lesson widget says when the kernel behind it restarted (the guard shows nothing else).
    """

    view: w.Widget
    _guarded: w.VBox | None = None

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        view = self.view
        if not _has_guard(view):
            if self._guarded is None or self._guarded.children[0] is not view:
                self._guarded = w.VBox([view, KeyboardGuard()])
            view = self._guarded
        return widget_bundle(view, **kwargs)


class TaskView(Displays):
    """A lesson widget built around one :class:`TaskWidget` (``self.task``).

    Gives every lesson the same student- and test-facing surface: ``answer``, ``check()``
    and ``feedback_text``. Subclasses set ``self.task`` and ``self.view``.
    """

    task: TaskWidget

    @property
    def answer(self) -> dict[str, Any]:
        return self.task.answer

    def check(self) -> Feedback | Withheld:
        """Save, check and show the feedback (in an assessment: save, and a receipt)."""
        return self.task.check()

    @property
    def feedback_text(self) -> str:
        return self.task.feedback_text


def hub_user() -> str | None:
    """The JupyterHub sign-in name (``$JUPYTERHUB_USER``), or None outside a hub."""
    return os.environ.get("JUPYTERHUB_USER", "").strip() or None


def name_box(value: str, **options: Any) -> tuple[w.Text, w.HTML]:
    """The "Your name" box showing ``value``. On a JupyterHub it shows the sign-in name and
    is greyed out, and the line returned says why; elsewhere the line is empty."""
    name = w.Text(
        value=value,
        description="Your name",
        placeholder="First name and last name",
        style={"description_width": "initial"},
        **options,
    )
    signed_in = hub_user()
    note = w.HTML()
    if signed_in is not None:
        name.value = signed_in
        name.disabled = True
        note.value = (
            f"<p style='margin:2px 0'>{html.escape(HUB_NAME_NOTE.format(name=signed_in))}</p>"
        )
    return name, note


def alert(text: str) -> w.HTML:
    """One plain sentence for the student, announced by screen readers."""
    return w.HTML(f"<p role='alert'>{html.escape(text)}</p>")


def find_article(case: Case, name: object) -> Article:
    """The article with this id (or a former id: a notebook from before a rename), or whose
    outlet starts with this name (case and "the" ignored)."""
    if isinstance(name, str):
        try:
            return case.article(case.current_id(name.strip()))
        except UnknownArticleError:
            wanted = normalize_name(name)
            for article in case.articles:
                if wanted and normalize_name(article.outlet).startswith(wanted):
                    return article
    raise UnknownArticleError(name, case.article_ids)
