"""Lesson 05's widgets: the quiz beside the charts, and the charts of how the claim spread.

Thin over :mod:`lessons.spread` and :mod:`lessons.spread.charts`: a question widget collects
``{"choices": [choice id, ...]}``, saves it as task ``spread/<question>`` on every change and
shows the checker's feedback; the chart functions return a
:class:`lessons.charts.FigureView` (an image with its alt text), or one plain
sentence when the case cannot draw it.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, TypeVar

import ipywidgets as w

from lessons.casestudy import Case
from lessons.charts import FigureView
from lessons.reliability import article_scores
from lessons.sources import MissingKeyError
from lessons.spread import MissingQuizError, Question, choice_label, question
from lessons.student import progress
from lessons.widgets._base import TaskView, TaskWidget, alert, current_case, current_mode

__all__ = [
    "SpreadQuestion",
    "citation_graph",
    "hedge_thinning",
    "my_chains",
    "spread_question",
    "spread_table",
    "spread_timeline",
]

T = TypeVar("T")
_COLOURS = {"kind": "kind", "my ratings": "my ratings", "ratings": "my ratings"}


def shuffled(
    items: Sequence[T], student: str, question_id: str, *, key: Callable[[T], str]
) -> list[T]:
    """``items`` in an order of their own for this student and question, the same on every
    reload (sorted by a hash of name, question and item), so the right choice is not always
    first, as it is in the key."""

    def rank(item: T) -> str:
        text = f"{student}\x1f{question_id}\x1f{key(item)}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    return sorted(items, key=rank)


class SpreadQuestion(TaskView):
    """One question of the quiz: the prompt, a choice (or several to tick), *Check*."""

    def __init__(self, found: Question, case: Case) -> None:
        self.case = case
        self.question = found
        self.task_id = f"spread/{found.id}"
        student = progress.student_name() or ""
        labels = [
            (choice_label(case, found, c), c.id)
            for c in shuffled(found.choices, student, found.id, key=lambda c: c.id)
        ]
        self.prompt = w.HTML(f"<p><strong>{html.escape(found.prompt)}</strong></p>")
        self.radio: w.RadioButtons | None = None
        self.boxes: dict[str, w.Checkbox] = {}
        if found.choose == "one":
            self.radio = w.RadioButtons(
                options=labels,
                value=None,
                description="Your answer",
                style={"description_width": "initial"},
                layout=w.Layout(width="100%"),
            )
            controls: list[w.Widget] = [self.prompt, self.radio]
            watch: list[w.Widget] = [self.radio]
        else:
            for label, choice_id in labels:
                self.boxes[choice_id] = w.Checkbox(
                    value=False, description=label, indent=False, layout=w.Layout(width="100%")
                )
            tick = w.HTML("<p style='margin:0'><em>Tick every answer you think is right.</em></p>")
            controls = [self.prompt, tick, *self.boxes.values()]
            watch = list(self.boxes.values())
        self.task = TaskWidget(
            self.task_id,
            [*controls],
            case=case,
            read=self._read,
            write=self._write,
            watch=watch,
        )
        self.view = self.task.view
        self.task.view.add_class("lessons-quiz")

    def _read(self) -> dict[str, Any]:
        if self.radio is not None:
            return {"choices": [self.radio.value] if self.radio.value is not None else []}
        return {"choices": [choice_id for choice_id, box in self.boxes.items() if box.value]}

    def _write(self, answer: Mapping[str, Any]) -> None:
        picks = answer.get("choices")
        wanted = {p for p in picks if isinstance(p, str)} if isinstance(picks, list) else set()
        if self.radio is not None:
            values = [value for _label, value in self.radio.options]
            self.radio.value = next((v for v in values if v in wanted), None)
        else:
            for choice_id, box in self.boxes.items():
                box.value = choice_id in wanted

    def choose(self, *choice_ids: str) -> None:
        """Tick these choices (and only these), as a student would; saves the answer."""
        if self.radio is not None:
            self.radio.value = choice_ids[0] if choice_ids else None
        else:
            for choice_id, box in self.boxes.items():
                box.value = choice_id in choice_ids


def spread_question(question_id: str) -> SpreadQuestion | w.HTML:
    """One question of lesson 05's quiz, e.g. ``spread_question("hidden-source")``."""
    case = current_case()
    try:
        return SpreadQuestion(question(case, question_id), case)
    except MissingQuizError as error:
        return alert(str(error))


def citation_graph(colour: str = "kind") -> FigureView | w.HTML:
    """The citation graph of the whole story; ``colour="my ratings"`` colours the articles
    by the student's saved reliability ratings from lesson 04."""
    from lessons.spread.charts import citation_graph_figure

    case = current_case()
    mode = _COLOURS.get(colour.strip().lower()) if isinstance(colour, str) else None
    if mode is None:
        return alert(f'Colour the graph by "kind" or by "my ratings", not by {colour!r}.')
    ratings = None
    if mode == "my ratings":
        ratings = article_scores(case, progress.load_answers(case=case).answers)
    try:
        return FigureView(citation_graph_figure(case, ratings=ratings))
    except MissingKeyError as error:
        return alert(str(error))


def spread_timeline() -> FigureView | w.HTML:
    """When each outlet first carried the claim, uncertain dates as ranges."""
    from lessons.spread.charts import timeline_figure

    try:
        return FigureView(timeline_figure(current_case()))
    except MissingKeyError as error:
        return alert(str(error))


def hedge_thinning() -> FigureView | w.HTML:
    """Hedges per 100 words along the chain, headline and body apart, fact-checks last.

    In an assessment the counts come from the detector, so no key shows before grading.
    """
    from lessons.spread.charts import hedge_thinning_figure

    source: Literal["detector", "auto"] = "detector" if current_mode() == "assessment" else "auto"
    try:
        return FigureView(hedge_thinning_figure(current_case(), hedge_source=source))
    except MissingKeyError as error:
        return alert(str(error))


def my_chains() -> FigureView | w.HTML:
    """The chains the student traced in lesson 02, on the map of the whole story."""
    from lessons.spread.charts import my_chains_figure

    if current_mode() == "assessment":
        return alert(
            "This is an assessment: you will see your chains marked after your teacher grades them."
        )
    try:
        case = current_case()
        return FigureView(my_chains_figure(case, progress.load_answers(case=case).answers))
    except MissingKeyError as error:
        return alert(str(error))


class _Table:
    """A small table: HTML in a notebook, aligned text elsewhere."""

    def __init__(self, frame: Any, caption: str) -> None:
        self.frame = frame
        self.caption = caption

    def _repr_html_(self) -> str:
        table = self.frame.to_html(index=False, escape=True, border=0)
        return table.replace(
            "<thead>",
            f"<caption style='text-align:left'>{html.escape(self.caption)}</caption><thead>",
            1,
        )

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.frame.to_string(index=False)}"


def spread_table() -> _Table | w.HTML:
    """Every outlet of the story: when it first carried the claim, how sure that date is,
    and what it did with the claim, earliest first."""
    from lessons.spread import GROUPS, appearances_table

    try:
        table = appearances_table(current_case())
    except MissingKeyError as error:
        return alert(str(error))
    table = table.sort_values(["layer", "earliest"], kind="stable", na_position="last")
    shown = table.assign(
        what=table["group"].map(GROUPS),
        article=table["is_seed"].map({True: "yes", False: ""}),
        confidence=table["date_confidence"].fillna(""),
    )[["name", "date_label", "confidence", "what", "article"]]
    shown.columns = ["outlet", "first carried the claim", "how sure", "what it did", "in this case"]
    return _Table(shown, "Every outlet of the story, earliest first")
