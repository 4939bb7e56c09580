"""Lesson 01's widget: read one captured page like a fact-checker, then *Check*.

Thin over :mod:`lessons.reading`: every non-blank line of the raw page is a labelled
checkbox ("mark the lines that are not the article"), then a question about the date and
one about translation. The answer is the plain dict that module documents, saved as task
``reading/<article id>`` on every change. A worked example (``example=True``) is the same
widget that is never saved or restored, so it cannot overwrite the student's own answer.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from lessons.casestudy import Article, Case, UnknownArticleError
from lessons.reading import default_guide, page_lines
from lessons.widgets._base import TaskView, TaskWidget, alert, current_case

__all__ = ["PageReader", "read_closely"]

_WIDE = {"description_width": "initial"}
# ipywidgets cuts checkbox labels to one line; a page line must wrap to be read.
_STYLE = """<style>
.lessons-page-lines .widget-checkbox { height: auto; width: 100%; margin: 0; }
.lessons-page-lines .widget-checkbox .widget-label-basic {
  white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.4;
  display: flex; align-items: baseline; gap: 0.5em; padding: 3px 0;
}
.lessons-page-lines .widget-checkbox:nth-child(even) { background: #f6f8fa; }
</style>"""


class _ExampleTask(TaskWidget):
    """A task shell that never saves or restores: for worked examples in a notebook."""

    def restore(self) -> None:
        self.status.value = "<span>A worked example: nothing here is saved.</span>"

    def save(self) -> None:
        return None

    def saved_answers(self) -> Mapping[str, Mapping[str, Any]]:
        return {}  # an example stands alone: the student's saved work plays no part


class PageReader(TaskView):
    """One captured page, line by line: mark what is not the article, then the date and
    whether it is a translation; *Check* shows the feedback."""

    def __init__(self, article: Article, case: Case, *, example: bool = False) -> None:
        self.case = case
        self.article = article
        self.task_id = f"reading/{article.id}"
        guide = default_guide()
        intro = w.HTML(
            _STYLE + "<p><strong>1. Which lines are not part of the article?</strong> This is "
            "the whole page as it was saved, line by line. Tick every line that belongs to "
            "the website around the article: links to other stories, buttons, menus, comment "
            "boxes, a date at the top of the site.</p>"
        )
        self.lines: dict[int, w.Checkbox] = {
            line.number: w.Checkbox(
                value=False,
                description=f"Line {line.number}: {line.text}",
                indent=False,
                layout=w.Layout(width="100%"),
            )
            for line in page_lines(article, guide)
        }
        page = w.VBox(
            list(self.lines.values()),
            layout=w.Layout(max_width="52em", border="1px solid #d0d7de", padding="4px 8px"),
        )
        page.add_class("lessons-page-lines")
        self.date = w.RadioButtons(
            options=guide.date_options(),
            value=None,
            description="2. What does the page tell you about when it was published?",
            style=_WIDE,
            layout=w.Layout(width="max-content"),
        )
        self.translation = w.RadioButtons(
            options=[
                ("Yes: it is translated from an article in another language", True),
                ("No: it was written in the language you read", False),
            ],
            value=None,
            description="3. Is the text a translation?",
            style=_WIDE,
            layout=w.Layout(width="max-content"),
        )
        shell = _ExampleTask if example else TaskWidget
        title = "Worked example" if example else "Read like a fact-checker"
        self.task = shell(
            self.task_id,
            [intro, page, self.date, self.translation],
            case=case,
            read=self._read,
            write=self._write,
            watch=[*self.lines.values(), self.date, self.translation],
            title=f"{title}: {html.escape(article.outlet)}",
        )
        self.view = self.task.view

    # -- the answer as plain data ---------------------------------------------------------

    def _read(self) -> dict[str, Any]:
        return {
            "furniture": [number for number, box in self.lines.items() if box.value],
            "date": self.date.value,
            "translation": self.translation.value,
        }

    def _write(self, answer: Mapping[str, Any]) -> None:
        marked = answer.get("furniture")
        wanted = (
            {n for n in marked if isinstance(n, int) and not isinstance(n, bool)}
            if isinstance(marked, list | tuple)
            else set()
        )
        for number, box in self.lines.items():
            box.value = number in wanted
        date = answer.get("date")
        choices = {value for _label, value in self.date.options}
        self.date.value = date if date in choices else None
        translation = answer.get("translation")
        self.translation.value = translation if isinstance(translation, bool) else None

    # What tests, notebooks and the student use.
    def mark_lines(self, *numbers: int) -> None:
        """Tick these lines as "not the article" (the same as clicking their boxes)."""
        for number in numbers:
            if number not in self.lines:
                valid = ", ".join(str(n) for n in self.lines)
                raise ValueError(f"There is no line {number!r} to mark; lines are: {valid}.")
            self.lines[number].value = True


def read_closely(article_id: str, *, example: bool = False) -> PageReader | w.HTML:
    """Read one captured page like a fact-checker (``"kyiv-post"``, ``"news-blog"``...).

    ``example=True`` makes a worked example that is never saved.
    """
    case = current_case()
    try:
        name = article_id.strip() if isinstance(article_id, str) else article_id
        article = case.article(case.current_id(name) if isinstance(name, str) else name)
    except UnknownArticleError as error:
        return alert(str(error))
    return PageReader(article, case, example=example)
