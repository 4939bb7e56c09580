"""Lesson 06's widgets: one article end to end with the lessons' own widgets, and the brief.

Thin over :mod:`lessons.capstone`. :func:`capstone_article` lets the student pick one article
(saved as task ``capstone/article``) and shows the widgets of the skills the capstone builds
on (:data:`lessons.capstone.ARTICLE_SKILLS`: lessons 02, 03 and 04) for it, which keep their
own task ids (``sources/<id>``, ``hedges/<id>``, ``reliability/<id>``), so work done there
before comes back. :func:`write_brief` is a text box for the corrected news
brief (task ``capstone/brief``, ``{"text": ...}``) with a live word count.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from lessons.capstone import (
    ARTICLE_SKILLS,
    ARTICLE_TARGET,
    BRIEF_TARGET,
    SKILL,
    Capstone,
    default_capstone,
)
from lessons.casestudy import Case
from lessons.skills import SKILLS
from lessons.text import word_count
from lessons.widgets._base import Displays, TaskView, TaskWidget, current_case

__all__ = [
    "BriefEditor",
    "BriefRubric",
    "CapstoneArticle",
    "brief_rubric",
    "capstone_article",
    "write_brief",
]

PICK = "Pick an article…"
#: The value of the "Pick ..." option: ipywidgets shows a Dropdown set to None as blank.
NOTHING = ""


def _skill_widgets() -> dict[str, Callable[[str], Displays | w.HTML]]:
    """The widget of each skill a capstone article is worked with, by skill id (imported
    when an article is picked: each lesson's widgets are their own module)."""
    from lessons.widgets.hedges import find_hedges
    from lessons.widgets.reliability import rate
    from lessons.widgets.sources import trace

    return {"sources": trace, "hedges": find_hedges, "reliability": rate}


class CapstoneArticle(TaskView):
    """Pick one article; its three tasks appear below, each with its own *Check*. The
    *Check* of this card sums up how far the article has got, end to end."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.picker = w.Dropdown(
            options=[(PICK, NOTHING), *((a.outlet, a.id) for a in case.articles)],
            value=NOTHING,
            description="The article you will work on",
            style={"description_width": "initial"},
            layout=w.Layout(width="max-content"),
        )
        self.steps = w.Accordion(children=[], layout=w.Layout(width="100%"))
        self.parts: dict[str, Displays | w.HTML] = {}
        self.picker.observe(self._show_article, names="value")
        self.task = TaskWidget(
            f"{SKILL}/{ARTICLE_TARGET}",
            [self.picker],
            case=case,
            read=lambda: {"article": self.picker.value} if self.picker.value else {},
            write=self._write,
            watch=[self.picker],
            title="Your article, end to end",
            heading=3,  # under the lesson's "Part 1" (a level-2 heading)
        )
        # After the shell has saved the choice (observers run in the order they were added).
        self.picker.observe(self._check_again_if_told_to_pick, names="value")
        self.view = w.VBox([self.task.view, self.steps])

    def _check_again_if_told_to_pick(self, _change: object = None) -> None:
        """Once an article is picked, "pick the article first" no longer holds: check again."""
        shown = self.task.last_feedback
        told_to_pick = shown is not None and shown.problem is not None
        if self.task.mode == "practice" and told_to_pick and self.picker.value:
            self.task.check()

    def _write(self, answer: Mapping[str, Any]) -> None:
        wanted = answer.get("article")
        values = {value for _label, value in self.picker.options}
        self.picker.value = wanted if wanted and wanted in values else NOTHING

    def _show_article(self, _change: object = None) -> None:
        article_id = self.picker.value
        if not article_id:
            self.parts = {}
            self.steps.children = []
            return
        widgets = _skill_widgets()
        self.parts = {skill: widgets[skill](article_id) for skill in ARTICLE_SKILLS}
        views = [part.view if isinstance(part, Displays) else part for part in self.parts.values()]
        self.steps.children = views
        self.steps.titles = tuple(
            f"{number}. {SKILLS[skill].title}" for number, skill in enumerate(self.parts, 1)
        )
        self.steps.selected_index = 0

    def choose(self, article_id: str) -> None:
        """Pick an article, as a student would (saves the choice)."""
        self.picker.value = article_id


class BriefEditor(TaskView):
    """A text box for the corrected news brief, a live word count, and *Check*."""

    def __init__(self, case: Case) -> None:
        self.case = case
        #: The capstone's rules, as :func:`lessons.tasks.check` judges the brief by them.
        self.rules: Capstone = default_capstone()
        brief = self.rules.brief
        self.text = w.Textarea(
            value="",
            placeholder=f"Write your news brief here: {brief.min_words} to {brief.max_words} words.",
            description="Your news brief",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%", height="14em"),
        )
        self.count = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.text.observe(self._count, names="value")
        self.task = TaskWidget(
            f"{SKILL}/{BRIEF_TARGET}",
            [self.text, self.count],
            case=case,
            read=lambda: {"text": self.text.value},
            write=self._write,
            watch=[self.text],
            title="Your corrected news brief",
        )
        self.view = self.task.view
        self._count()

    def _write(self, answer: Mapping[str, Any]) -> None:
        text = answer.get("text")
        self.text.value = text if isinstance(text, str) else ""

    def _count(self, _change: object = None) -> None:
        self.count.value = f"<span aria-live='polite'>{html.escape(self.word_count_text)}</span>"

    @property
    def word_count_text(self) -> str:
        """The live count under the box: how many words, and whether that is in the limits."""
        brief = self.rules.brief
        words = word_count(self.text.value)
        if words < brief.min_words:
            where = f"{brief.min_words - words} more to reach {brief.min_words}"
        elif words > brief.max_words:
            where = f"{words - brief.max_words} too many: cut to {brief.max_words}"
        else:
            where = f"inside {brief.min_words}-{brief.max_words}"
        return f"{words} {'word' if words == 1 else 'words'} ({where})"

    def write(self, text: str) -> None:
        """Type ``text`` into the box, as a student would (saves it)."""
        self.text.value = text


class BriefRubric:
    """The brief's rubric as a table (HTML in a notebook, plain text elsewhere)."""

    def __init__(self, rules: Capstone) -> None:
        self.rules = rules

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><th scope='row'>{esc(row.label)}</th><td>{esc(row.strong)}</td>"
            f"<td>{esc(row.weak)}</td><td>{'the checker and your teacher' if row.checked else 'your teacher'}</td></tr>"
            for row in self.rules.rubric
        )
        return (
            "<table class='lessons-rubric'><caption style='text-align:left'>What makes a good "
            "corrected news brief</caption><thead><tr><th scope='col'>What is judged</th>"
            "<th scope='col'>A strong brief</th><th scope='col'>A weak brief</th>"
            f"<th scope='col'>Who judges it</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    def __repr__(self) -> str:
        return "\n".join(
            f"{row.label}: {row.strong} ({'checked, then graded' if row.checked else 'graded by your teacher'})"
            for row in self.rules.rubric
        )


def capstone_article() -> CapstoneArticle:
    """Pick one article and work on it end to end with lessons 02, 03 and 04's widgets."""
    return CapstoneArticle(current_case())


def write_brief() -> BriefEditor:
    """The box for the corrected news brief (100 to 150 words), with a word count and Check."""
    return BriefEditor(current_case())


def brief_rubric() -> BriefRubric:
    """What the teacher (and, for some rows, the checker) looks for in the brief."""
    return BriefRubric(default_capstone())
