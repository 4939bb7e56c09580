"""Lesson 04's widgets: rate one article on the rubric with evidence, say how sure you are now,
and see your ratings beside the expert bands. Thin: the checker and the charts do the work."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from lessons.casestudy import Article, Case, UnknownArticleError
from lessons.charts import FigureView
from lessons.feedback import Feedback
from lessons.reliability import (
    HOW_SURE_TARGET,
    LEVEL_WORDS,
    LEVELS,
    START_CONFIDENCE_TASK,
    Band,
    Criterion,
    Rubric,
    article_scores,
    default_rubric,
    read_levels,
)
from lessons.reliability.charts import confidence_figure, ratings_figure
from lessons.student import progress
from lessons.widgets._base import (
    TaskView,
    TaskWidget,
    alert,
    current_case,
    current_mode,
    find_article,
)
from lessons.widgets.start import article_html, reading_is_assessed

__all__ = [
    "HowSureNow",
    "ReliabilityRater",
    "RubricView",
    "how_sure_chart",
    "how_sure_now",
    "my_ratings_chart",
    "rate",
    "show_rubric",
]

EVIDENCE_PLACEHOLDER = "Pick a sentence from the list, or paste a quote from the article"
HOW_SURE_TASK = f"reliability/{HOW_SURE_TARGET}"


def _evidence_options(article: Article, criterion: Criterion) -> list[str]:
    """What the evidence picker offers: headline, byline, the body's sentences, and the
    furniture lines this criterion accepts (a corrections link, an author box)."""
    options: list[str] = []
    if article.headline:
        options.append(article.headline)
    if article.byline and criterion.furniture:
        options.append(article.byline)
    options += [sentence.text for sentence in article.sentences]
    options += [item.text.strip() for item in article.furniture if item.kind in criterion.furniture]
    return list(dict.fromkeys(option for option in options if option.strip()))


def _criterion_heading(criterion: Criterion) -> str:
    esc = html.escape
    levels = "".join(
        f"<li><strong>{esc(LEVEL_WORDS[level].capitalize())}</strong>: "
        f"{esc(criterion.descriptions[level])}</li>"
        for level in LEVELS
    )
    return (
        f"<div style='margin-top:10px'><strong>{esc(criterion.label)}</strong> "
        f"<span style='color:#57606a'>({criterion.weight} points)</span>"
        f"<details><summary>What each level looks like</summary><ul>{levels}</ul></details></div>"
    )


class ReliabilityRater(TaskView):
    """Rate one article: a met / partly / not met choice and a quote for every criterion,
    a running total with its band, and *Check*. Saved on every change as
    ``reliability/<article id>``: ``{"levels": {criterion: level}, "evidence": {criterion: quote}}``."""

    def __init__(self, article: Article, case: Case, rubric: Rubric | None = None) -> None:
        self.case = case
        self.article = article
        self.rubric = rubric or default_rubric()
        self.task_id = f"reliability/{article.id}"
        self.checked = False  # pressed Check once: the expert band may show on the chart
        self.levels: dict[str, w.ToggleButtons] = {}
        self.evidence: dict[str, w.Combobox] = {}
        rows: list[w.Widget] = []
        for criterion in self.rubric.criteria:
            level = w.ToggleButtons(
                options=[(LEVEL_WORDS[lv], lv) for lv in LEVELS],
                value=None,
                # The question itself, so a screen reader names the buttons by it.
                description=criterion.question,
                tooltips=[criterion.descriptions[lv] for lv in LEVELS],
                # The chosen level shows a check mark (drawn by the lessons' CSS), not only
                # the slight grey of a pressed button: changing the buttons' icons instead
                # re-drew them and sent keyboard focus to the page.
                style={"description_width": "initial", "button_width": "7em"},
                layout=w.Layout(flex_flow="row wrap"),
            )
            quote = w.Combobox(
                options=_evidence_options(article, criterion),
                value="",
                placeholder=EVIDENCE_PLACEHOLDER,
                # Shown as "Evidence"; read out with its question and article, so each of
                # the lesson's boxes has a name of its own.
                description=(
                    "Evidence<span class='lessons-sr-only'> for "
                    f"{html.escape(criterion.label)}, {html.escape(article.outlet)}</span>"
                ),
                description_allow_html=True,
                tooltip=f"A quote from the article that shows your answer to: {criterion.question}",
                ensure_option=False,
                continuous_update=False,
                style={"description_width": "14em"},
                layout=w.Layout(width="95%"),
            )
            self.levels[criterion.id] = level
            self.evidence[criterion.id] = quote
            rows.append(w.VBox([w.HTML(_criterion_heading(criterion)), level, quote]))
        self.reader = w.Accordion(
            # The article alone answers lesson 01; shown whole while lesson 01 is assessed.
            children=[
                w.HTML(
                    article_html(article, raw=reading_is_assessed()),
                    layout=w.Layout(max_width="48em"),
                )
            ],
            titles=("Read the article again",),
            selected_index=None,
        )
        self.total = w.HTML(layout=w.Layout(margin="10px 0 4px 0"))
        for control in self.levels.values():
            control.observe(self._show_total, names="value")
        self.task = TaskWidget(
            self.task_id,
            [self.reader, *rows, self.total],
            case=case,
            read=self._read,
            write=self._write,
            on_feedback=self._checked,
            watch=[*self.levels.values(), *self.evidence.values()],
            title=f"Rate the article: {html.escape(article.outlet)}",
        )
        self.view = self.task.view
        self._show_total()

    # The answer as plain data, and back.
    def _read(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "levels": {cid: c.value for cid, c in self.levels.items() if c.value is not None},
            "evidence": {
                cid: c.value.strip() for cid, c in self.evidence.items() if c.value.strip()
            },
        }
        if self.checked:
            answer["checked"] = True
        return answer

    def _write(self, answer: Mapping[str, Any]) -> None:
        try:
            levels = read_levels(self.rubric, answer.get("levels"))
        except ValueError:
            levels = {}
        evidence = answer.get("evidence")
        evidence = evidence if isinstance(evidence, Mapping) else {}
        self.checked = answer.get("checked") is True
        for criterion_id, control in self.levels.items():
            control.value = levels.get(criterion_id)
        for criterion_id, control in self.evidence.items():
            quote = evidence.get(criterion_id)
            control.value = quote if isinstance(quote, str) else ""

    def _checked(self, _answer: Mapping[str, Any], feedback: Feedback) -> None:
        if not self.checked and self.task.mode == "practice" and feedback.problem is None:
            self.checked = True  # remembered, so the ratings chart may now show the band
            self.task.save()

    def _show_total(self, _change: object = None) -> None:
        self.total.value = self.total_text()

    def total_text(self) -> str:
        """The running total and its band, as the student sees it (HTML)."""
        levels = {cid: c.value for cid, c in self.levels.items() if c.value is not None}
        count = len(self.rubric.criteria)
        if not levels:
            return (
                "<span role='status'>Choose a level for each question: your total appears "
                "here.</span>"
            )
        total = self.rubric.score(levels)
        so_far = "Total" if len(levels) == count else "Total so far"
        return (
            f"<span role='status'>{so_far}: <strong>{total}</strong> out of 100 "
            f"({html.escape(self.rubric.band(total))}), {len(levels)} of {count} questions "
            "rated.</span>"
        )


class HowSureNow(TaskView):
    """Ask again, at the end of the lesson, how sure the student is that the claim is true.

    The slider starts at 50%, which is no answer yet: it counts once the student moves the
    slider or presses *Keep this answer* (or a saved answer is back)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.answered = False
        self.slider = w.IntSlider(
            value=50,
            min=0,
            max=100,
            step=5,
            description="How sure are you now that the claim is true? (%)",
            style={"description_width": "initial"},
            layout=w.Layout(width="40em"),
            continuous_update=False,
        )
        # Before the shell's own observer, so the moved value is read as an answer.
        self.slider.observe(self._moved, names="value")
        self.keep = w.Button(
            description="Keep this answer",
            tooltip="Count the percentage the slider shows now as your answer",
            layout=w.Layout(width="auto"),
        )
        self.task = TaskWidget(
            HOW_SURE_TASK,
            [w.HBox([self.slider, self.keep])],
            case=case,
            read=lambda: {"percent": int(self.slider.value)} if self.answered else {},
            write=self._write,
            watch=[self.slider],
        )
        self.keep.on_click(lambda _button: self.keep_answer())
        self.view = self.task.view

    def _moved(self, _change: object) -> None:
        self.answered = True

    def keep_answer(self) -> None:
        """Count the slider's value as the answer, though it was not moved (saves it)."""
        self.answered = True
        self.task.changed()

    def _write(self, answer: Mapping[str, Any]) -> None:
        value = answer.get("percent")
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 100:
            self.slider.value = int(value)
            self.answered = True


def _span(band: Band) -> str:
    return f"{band.low}" if band.low == band.high else f"{band.low}-{band.high}"


class RubricView:
    """The rubric as a table (HTML in a notebook, plain text elsewhere)."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><th scope='row'>{esc(c.label)}</th><td>{esc(c.question)}</td>"
            f"<td style='text-align:right'>{c.weight}</td>"
            + "".join(f"<td>{esc(c.descriptions[level])}</td>" for level in LEVELS)
            + "</tr>"
            for c in self.rubric.criteria
        )
        bands = ", ".join(
            f"{_span(b)}: {esc(b.name)}" + (f" (NewsGuard: “{esc(b.term)}”)" if b.term else "")
            for b in self.rubric.bands
        )
        return (
            "<table class='lessons-rubric'><caption>The reliability rubric: met earns the "
            "points, partly earns half, not met earns nothing.</caption><thead><tr>"
            "<th scope='col'>Criterion</th><th scope='col'>The question</th>"
            "<th scope='col'>Points</th><th scope='col'>Met</th><th scope='col'>Partly</th>"
            f"<th scope='col'>Not met</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<p><strong>Bands:</strong> {bands}.</p>"
        )

    def __repr__(self) -> str:
        lines = [f"{c.label} ({c.weight} points): {c.question}" for c in self.rubric.criteria]
        lines.append(
            "Bands: "
            + "; ".join(
                f"{_span(b)} {b.name}" + (f" (NewsGuard: “{b.term}”)" if b.term else "")
                for b in self.rubric.bands
            )
        )
        return "\n".join(lines)


def rate(article: str) -> ReliabilityRater | w.HTML:
    """Rate one article (by id, like ``"deep-dive"``, or by outlet name) on the rubric."""
    case = current_case()
    try:
        found = find_article(case, article)
    except UnknownArticleError as error:
        return alert(str(error))
    return ReliabilityRater(found, case)


def how_sure_now() -> HowSureNow:
    """Ask how sure the student is now that the claim is true (saved, compared with lesson 00)."""
    return HowSureNow(current_case())


def show_rubric() -> RubricView:
    """Show the reliability rubric: the questions, their points and what each level looks like."""
    return RubricView(default_rubric())


def my_ratings_chart() -> FigureView:
    """The student's saved totals, each beside its expert band once the student has rated
    that article fully and pressed Check; in an assessment no band is shown."""
    case = current_case()
    answers = progress.load_answers(case=case).answers
    scores = article_scores(case, answers)
    if current_mode() == "assessment":
        return FigureView(
            ratings_figure(
                case,
                scores,
                reveal=(),
                hidden_note="you will see after your teacher grades your work",
            )
        )
    checked = {
        article_id
        for article_id, score in scores.items()
        if score is not None and (answers.get(f"reliability/{article_id}") or {}).get("checked")
    }
    return FigureView(ratings_figure(case, scores, reveal=checked))


def how_sure_chart() -> FigureView:
    """How sure the student was in lesson 00 and is now, side by side."""
    case = current_case()
    answers = progress.load_answers(case=case).answers

    def percent(task_id: str) -> int | None:
        value = (answers.get(task_id) or {}).get("percent")
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 100:
            return round(value)
        return None

    return FigureView(
        confidence_figure(percent(START_CONFIDENCE_TASK), percent(HOW_SURE_TASK), claim=case.claim)
    )
