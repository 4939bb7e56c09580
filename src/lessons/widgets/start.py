"""The first lesson's widgets: read the articles, say who you are, say how sure you are."""

from __future__ import annotations

import html
import os
from typing import Any

import ipywidgets as w

from lessons.casestudy import Article
from lessons.student import progress
from lessons.student.workspace import read_release
from lessons.widgets._base import (
    CHANGED_ELSEWHERE_MESSAGE,
    HUB_NAME_NOTE,
    LIVE_CLASS,
    Displays,
    KeyboardGuard,
    current_case,
    current_mode,
    name_box,
)
from lessons.widgets.reopen import app_mode

__all__ = [
    "ArticleReader",
    "CaseOverview",
    "ConfidenceSlider",
    "HowToWork",
    "NameBox",
    "how_sure",
    "how_to_work",
    "overview",
    "read_articles",
    "your_name",
]

CONFIDENCE_TASK = "start/confidence"


def reading_is_assessed() -> bool:
    """An assessment that grades reading closely: the body (the page without its furniture)
    would answer it, so lesson 00 shows every page whole (and never the researched dates)."""
    return current_mode() == "assessment" and any(
        task.startswith("reading/") for task in read_release().task_ids
    )


def article_html(article: Article, *, raw: bool = False) -> str:
    """An article as HTML: outlet and headline, then the body (or the whole page).

    Never the researched date: lesson 01 asks what each page's dates tell, and lessons 00,
    02 and 04, which show articles this way, may be released beside it; their tasks do not
    need the date. Lesson 03 (hedges in date order) and lesson 05 (the timeline) show dates
    by design, after lesson 01."""
    esc = html.escape
    parts = [f"<p><strong>{esc(article.outlet)}</strong></p>"]
    if raw:
        parts.append(
            "<p><em>The whole captured page, with the menus, links and buttons around the "
            "article:</em></p>"
            "<pre style='white-space:pre-wrap;word-break:normal;overflow-wrap:anywhere'>"
            f"{esc(article.raw_text)}</pre>"
        )
    else:
        if article.headline:
            parts.append(f"<h3>{esc(article.headline)}</h3>")
        else:
            parts.append("<p><em>(The captured page has no headline.)</em></p>")
        if article.byline:
            parts.append(f"<p>By {esc(article.byline)}</p>")
        for paragraph in article.body.split("\n"):
            if paragraph.strip():
                parts.append(f"<p>{esc(paragraph)}</p>")
    return "".join(parts)


class ArticleReader(Displays):
    """Pick one of the case's articles and read the whole captured page, as it was saved.

    Never the article without the page around it: which lines are the article is lesson 01's
    first task, so lesson 00 shows every page whole, in practice as in a test. Lessons 02 to
    04, which come after lesson 01, show the article alone (unless lesson 01 is assessed
    in the same release)."""

    def __init__(self) -> None:
        self.case = current_case()
        self.picker = w.Dropdown(
            options=[(a.outlet, a.id) for a in self.case.articles],
            description="Article",
            style={"description_width": "initial"},
            layout=w.Layout(width="max-content"),
        )
        self.text = w.HTML(layout=w.Layout(max_width="48em"))
        self.picker.observe(self._render, names="value")
        self.view = w.VBox([w.HBox([self.picker]), self.text, KeyboardGuard()])
        self._render()

    def _render(self, _change: object = None) -> None:
        self.text.value = article_html(self.case.article(self.picker.value), raw=True)


class NameBox(Displays):
    """Ask for the student's name once; it labels their saved answers and hand-ins.

    On a JupyterHub the sign-in name is the name: the box shows it greyed out, with a line
    saying why. A name typed in a tab showing an older name never overwrites a newer one
    saved since (in another tab, or by *Hand in*): the box shows the newer one instead."""

    def __init__(self) -> None:
        #: The saved name this box last showed or saved.
        self.shown_name = progress.student_name() or ""
        self.name, self.hub_note = name_box(self.shown_name, continuous_update=False)
        self.button = w.Button(
            description="Save my name", tooltip="Remember my name", disabled=self.name.disabled
        )
        self.status = w.HTML()
        self.status.add_class(LIVE_CLASS)
        self._showing = False
        self.button.on_click(lambda _b: self.save())
        # Saved when the whole name has reached the kernel (Enter or leaving the box): saving
        # on the submit event instead raced the last keystrokes and kept a cut-off name.
        self.name.observe(lambda _change: None if self._showing else self.save(), names="value")
        if self.name.value and not self.name.disabled:
            self.status.value = f"Welcome back, {html.escape(self.name.value)}."
        self.view = w.VBox([w.HBox([self.name, self.button]), self.hub_note, self.status])

    def save(self) -> str:
        """Remember the name; returns the sentence shown to the student."""
        if self.name.disabled:  # on a hub: the sign-in name, nothing to save
            return HUB_NAME_NOTE.format(name=self.name.value)
        stored = progress.student_name() or ""
        typed = " ".join(str(self.name.value).split())
        if stored and stored != self.shown_name and typed != stored:
            self.shown_name = stored
            self._showing = True
            try:
                self.name.value = stored
            finally:
                self._showing = False
            message = f"Your name was changed in another tab to {stored}; it is shown here now."
            self.status.value = f"<span role='alert'>{html.escape(message)}</span>"
            return message
        try:
            saved = progress.set_student_name(self.name.value)
        except ValueError as error:
            message = str(error)
        else:
            self.shown_name = saved
            message = f"Thanks, {saved}: your answers will be saved under this name."
        self.status.value = html.escape(message)
        return message


class ConfidenceSlider(Displays):
    """Ask "how sure are you that the claim is true?" and save the answer so later lessons can revisit it.

    A save from a tab showing an older answer never overwrites a newer one saved since: the
    slider shows the newer one instead, and says so."""

    def __init__(self) -> None:
        loaded = progress.load_answers()
        saved = loaded.answers.get(CONFIDENCE_TASK) or {}
        self._revision = loaded.revision(CONFIDENCE_TASK)
        self._showing = False
        self.slider = w.IntSlider(
            value=int(saved.get("percent", 50)),
            min=0,
            max=100,
            step=5,
            description="How sure are you that the claim is true? (%)",
            style={"description_width": "initial"},
            layout=w.Layout(width="36em"),
            continuous_update=False,
        )
        # Moving the slider saves; the button saves the value as it stands, for a student
        # whose answer is where the slider starts.
        self.keep = w.Button(
            description="Keep this answer",
            tooltip="Save the percentage the slider shows now",
        )
        self.status = w.HTML(
            "Saved."
            if saved
            else "Move the slider to give your answer, or press Keep this answer to keep "
            f"{self.slider.value}%."
        )
        self.status.add_class(LIVE_CLASS)
        self.slider.observe(self._save, names="value")
        self.keep.on_click(self._save)
        # The guard names the slider's handle for screen readers (and keeps arrow keys off
        # JupyterLab's shortcuts), even when this is the notebook's only lesson widget.
        self.view = w.VBox([w.HBox([self.slider, self.keep]), self.status, KeyboardGuard()])

    def _save(self, _change: object = None) -> None:
        if self._showing:
            return
        try:
            result = progress.save_answer_if_current(
                CONFIDENCE_TASK, {"percent": self.slider.value}, self._revision
            )
        except OSError as error:
            self.status.value = (
                "<span role='alert'>Your answer could not be saved "
                f"({html.escape(error.strerror or str(error))}); ask your teacher.</span>"
            )
            return
        self._revision = result.revision
        if result.saved:
            self.status.value = f"Saved: {self.slider.value}% sure."
            return
        newer = (result.answer or {}).get("percent")
        if isinstance(newer, int | float) and not isinstance(newer, bool) and 0 <= newer <= 100:
            self._showing = True
            try:
                self.slider.value = int(newer)
            finally:
                self._showing = False
        self.status.value = f"<span role='alert'>{CHANGED_ELSEWHERE_MESSAGE}</span>"


def read_articles() -> ArticleReader:
    """Show the article reader."""
    return ArticleReader()


def your_name() -> NameBox:
    """Ask for the student's name."""
    return NameBox()


def how_sure() -> ConfidenceSlider:
    """Ask how sure the student is that the claim is true."""
    return ConfidenceSlider()


class CaseOverview:
    """The claim and the articles at a glance: HTML in a notebook, plain text elsewhere."""

    def __init__(self) -> None:
        self.case = current_case()

    #: Said once under the list, instead of any date: researched dates would answer lesson 01
    #: (in practice as in a test).
    NO_DATES = "When each one was published is a question for lesson 01."

    def rows(self) -> list[tuple[str, str]]:
        """Each article's id (what a code cell names it by) and outlet, as met on the page."""
        return [(a.id, a.outlet) for a in self.case.articles]

    def __str__(self) -> str:
        lines = [f"The claim: {self.case.claim}", "", "The articles:"]
        lines += [f"- {outlet} (in code: {article_id})" for article_id, outlet in self.rows()]
        return "\n".join([*lines, "", self.NO_DATES])

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        esc = html.escape
        # In app mode there is no code, so no name to use in it.
        items = "".join(
            f"<li><strong>{esc(outlet)}</strong>"
            + ("" if app_mode() else f" (in code: <code>{esc(article_id)}</code>)")
            + "</li>"
            for article_id, outlet in self.rows()
        )
        return (
            f"<blockquote><strong>The claim:</strong> {esc(self.case.claim)}</blockquote>"
            f"<p>The articles:</p><ul>{items}</ul><p>{esc(self.NO_DATES)}</p>"
        )


def overview() -> CaseOverview:
    """The claim under study and the list of articles."""
    return CaseOverview()


#: What lesson 00 says under its first cell in JupyterLab (the page's own text says how to
#: run cells).
LAB_READY = "The lesson's tools are loaded. Carry on down the page, one cell at a time."
#: What it says in app mode (Voila), where that text is left out (its cell is tagged
#: ``lab-only``): no cells to run, answers in the boxes, reload when stuck.
APP_STEPS = (
    "There is no code to run: every task on the page is ready once its boxes and buttons appear.",
    "Type or pick your answers in the boxes. Press Check under a task to see feedback on "
    "your answer.",
    "Your answers are saved every time you change them: close or reload the page and they "
    "come back.",
    "If a task seems stuck, reload the page (the browser's reload button, or F5).",
)


def lessons_list_url() -> str | None:
    """The Voila page that lists this lesson's folder, from the address Voila rendered
    (``SCRIPT_NAME``, ``.../voila/render/FOLDER/LESSON.ipynb``), or None when unknown."""
    path = os.environ.get("SCRIPT_NAME", "")
    head, marker, rest = path.rpartition("/voila/render/")
    if not marker:
        return None
    folder = rest.rpartition("/")[0]
    return f"{head}/voila/tree/{folder}" if folder else f"{head}/voila/tree"


class HowToWork:
    """Lesson 00's help on how to work the lessons, for the front end in use: one line in
    JupyterLab (the lesson's text explains cells), the steps of app mode in Voila."""

    def __init__(self) -> None:
        self.app = app_mode()

    def __str__(self) -> str:
        if not self.app:
            return LAB_READY
        steps = [
            *APP_STEPS,
            "When you finish a lesson, go back to the list of lessons and open the next one.",
        ]
        return "How this page works:\n" + "\n".join(f"- {step}" for step in steps)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        if not self.app:
            return f"<p>{html.escape(LAB_READY)}</p>"
        steps = [html.escape(step) for step in APP_STEPS]
        url = lessons_list_url()
        where = (
            # underlined: a link told apart from its sentence by colour alone fails WCAG 1.4.1
            f"<a href='{html.escape(url)}' style='text-decoration:underline'>the list of "
            "lessons</a>"
            if url
            else "the list of lessons (your browser's Back button)"
        )
        steps.append(f"When you finish a lesson, go back to {where} and open the next one.")
        items = "".join(f"<li>{step}</li>" for step in steps)
        return (
            f"<div class='lessons-how-to-work'><h2>How this page works</h2><ul>{items}</ul></div>"
        )


def how_to_work() -> HowToWork:
    """How to work the lessons here: JupyterLab's cells, or app mode's page (Voila)."""
    return HowToWork()
