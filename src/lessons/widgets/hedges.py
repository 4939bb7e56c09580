"""Lesson 03 widgets: mark the hedges in an article, and the views the lesson shows around it.

The span marker is an anywidget (``static/span_marker.js`` and ``.css``) that syncs the
text and the student's marks; :class:`HedgeFinder` wraps it in the shared task shell, so
marks are saved on every change, restored on reopening and judged by the hedges checker
through :func:`lessons.tasks.check`.

Task ``hedges/<article_id>``; answer ``{"spans": [[start, end, category], ...]}`` with
offsets (Python string indices) in :func:`lessons.hedges.marking_text`: the headline, a
blank line, then the article body, exactly as the widget shows it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from importlib.resources import files
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

from lessons.casestudy import Article, Case, UnknownArticleError
from lessons.charts import FigureView
from lessons.hedges import SKILL, Source, marking_parts, marking_text
from lessons.hedges.charts import headline_comparison, hedge_density_figure
from lessons.hedges.detector import Detection, default_lexicon, detect
from lessons.student import progress
from lessons.tasks import is_unanswered
from lessons.widgets._base import TaskView, TaskWidget, alert, current_case, current_mode
from lessons.widgets.start import reading_is_assessed

__all__ = [
    "DetectionReport",
    "HedgeFinder",
    "SpanMarker",
    "compare_headlines",
    "detect_hedges",
    "find_hedges",
    "hedge_categories",
    "hedge_chart",
]


def _static(name: str) -> str:
    return files("lessons").joinpath("static", name).read_text(encoding="utf-8")


class SpanMarker(anywidget.AnyWidget):
    """Show a text; let the student mark spans of it (mouse or keyboard) with a category.

    ``spans`` holds ``[start, end, category]`` lists, offsets in code points of ``text``
    (Python string indices). Characters before ``heading_end`` are shown as the headline.
    """

    _esm = _static("span_marker.js")
    _css = _static("span_marker.css")
    text = traitlets.Unicode("").tag(sync=True)
    heading_end = traitlets.Int(0).tag(sync=True)
    spans = traitlets.List(traitlets.List()).tag(sync=True)
    categories = traitlets.List(traitlets.Dict()).tag(sync=True)
    label = traitlets.Unicode("Text to mark").tag(sync=True)


def category_options() -> list[dict[str, str]]:
    """The lexicon's categories as the widget lists them."""
    return [
        {"id": c.id, "label": c.label, "short": c.short, "description": c.description}
        for c in default_lexicon().categories
    ]


def _clean_spans(raw: object, length: int) -> list[list[Any]]:
    """Saved spans that still fit the text; anything damaged is left out."""
    if not isinstance(raw, list):
        return []
    kept = []
    ids = set(default_lexicon().category_ids)
    for span in raw:
        if (
            isinstance(span, list | tuple)
            and len(span) == 3
            and all(isinstance(v, int) and not isinstance(v, bool) for v in span[:2])
            and 0 <= span[0] < span[1] <= length
            and span[2] in ids
        ):
            kept.append([span[0], span[1], span[2]])
    return sorted(kept)


def _header_html(article: Article) -> str:
    """The page as met (its outlet), and the researched date: lesson 03 puts the articles in
    date order, so it follows lesson 01 by design, which asks about the dates a page shows
    (none while lesson 01 is assessed in the same release). Never what the page turns out
    to be (a translation): lessons 01 and 02 ask that."""
    esc = html.escape
    when = (
        ""
        if reading_is_assessed()
        else f" · {esc(article.date.label())} (date confidence: {esc(article.date.confidence)})"
    )
    parts = [f"<p><strong>{esc(article.outlet)}</strong>{when}</p>"]
    if not article.headline:
        parts.append("<p><em>The captured page has no headline, so there is only a body.</em></p>")
    return "".join(parts)


class HedgeFinder(TaskView):
    """The task "find the hedges" for one article: the span marker in the task shell."""

    def __init__(self, article: Article, case: Case) -> None:
        self.case = case
        self.article = article
        self.text = marking_text(article)
        self.marker = SpanMarker(
            text=self.text,
            heading_end=marking_parts(article)["headline"][1],
            categories=category_options(),
            label=f"Text of the article from {article.outlet}. Choose words to mark.",
        )
        self.task = TaskWidget(
            f"{SKILL}/{article.id}",
            [w.HTML(_header_html(article)), self.marker],
            case=case,
            read=self._read,
            write=self._write,
            title=f"Find the hedges: {html.escape(article.outlet)}",
        )
        self.view = self.task.view
        # Attached after the shell has restored the saved answer, so restoring never re-saves.
        self.marker.observe(self._changed, names="spans")

    def _read(self) -> dict[str, Any]:
        return {"spans": [list(span) for span in self.marker.spans]}

    def _write(self, answer: Mapping[str, Any]) -> None:
        self.marker.spans = _clean_spans(answer.get("spans"), len(self.text))

    def _changed(self, _change: object) -> None:
        self.task.changed()

    def mark(self, quote: str, category: str, occurrence: int = 1) -> None:
        """Mark the ``occurrence``-th ``quote`` in the text, as the student would by hand."""
        start = -1
        for _ in range(occurrence):
            start = self.text.find(quote, start + 1)
            if start < 0:
                raise ValueError(f"“{quote}” is not in the text (occurrence {occurrence}).")
        end = start + len(quote)
        kept = [s for s in self.marker.spans if not (start < s[1] and s[0] < end)]
        self.marker.spans = sorted([*kept, [start, end, category]])

    def unmark_all(self) -> None:
        self.marker.spans = []


def find_hedges(article_id: str) -> HedgeFinder | w.HTML:
    """Mark the hedges, attributions and boosters in one article (by id, like ``"buzz-copy"``)."""
    case = current_case()
    try:
        article = case.article(
            case.current_id(article_id) if isinstance(article_id, str) else article_id
        )
    except UnknownArticleError as error:
        return alert(str(error))
    return HedgeFinder(article, case)


class DetectionReport:
    """What the detector finds in a text: highlighted as HTML, listed as plain text."""

    def __init__(self, text: str, detection: Detection) -> None:
        self.text = text
        self.detection = detection

    def __str__(self) -> str:
        label = {c.id: c.label for c in default_lexicon().categories}
        lines = [f"{len(self.detection.hits)} found:"]
        lines += [f"  {label[hit.category]}: “{hit.text}”" for hit in self.detection.hits]
        if self.detection.lookalikes:
            lines.append("Look-alikes (not hedges here):")
            lines += [f"  “{look.text}”: {look.explanation}" for look in self.detection.lookalikes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        esc = html.escape
        label = {c.id: c.label for c in default_lexicon().categories}
        marks = sorted(
            [
                (h.start, h.end, f"sm-cat-{h.category}", label[h.category])
                for h in self.detection.hits
            ]
            + [(k.start, k.end, "", f"not a hedge: {k.label}") for k in self.detection.lookalikes]
        )
        out, cursor = [], 0
        for start, end, css, title in marks:
            if start < cursor:
                continue
            out.append(esc(self.text[cursor:start]))
            style = "" if css else "text-decoration:line-through dotted;"
            out.append(
                f'<mark class="sm-mark {css}" style="{style}" title="{esc(title)}">'
                f"{esc(self.text[start:end])}</mark><sup>{esc(title)}</sup>"
            )
            cursor = end
        out.append(esc(self.text[cursor:]))
        return (
            f"<style>{_static('span_marker.css')}</style>"
            f'<div class="sm-root"><p class="sm-text" style="max-height:none">{"".join(out)}</p>'
            f"<pre>{esc(str(self))}</pre></div>"
        )


def detect_hedges(text: str) -> DetectionReport:
    """Run the hedge detector on any text and show what it finds (and what it skips)."""
    if not isinstance(text, str) or not text.strip():
        return DetectionReport("", Detection((), ()))
    return DetectionReport(text, detect(text))


class _HTMLView:
    """A piece of HTML with a plain-text form (for nbval and terminals)."""

    def __init__(self, html_text: str, plain: str) -> None:
        self.html = html_text
        self.plain = plain

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.plain


def hedge_categories() -> _HTMLView:
    """A table of the hedge categories: what each does, with examples."""
    esc = html.escape
    rows = [
        f"<tr><td><mark class='sm-mark sm-cat-{c.id}'>{esc(c.label)}</mark></td>"
        f"<td>{esc(c.description)}</td><td><em>{esc(c.examples)}</em></td></tr>"
        for c in default_lexicon().categories
    ]
    table = (
        f"<style>{_static('span_marker.css')}</style>"
        "<table class='sm-root'><caption style='text-align:left'>The categories of hedges, "
        "attribution and boosters</caption><thead><tr><th scope='col'>category</th>"
        "<th scope='col'>what it does</th><th scope='col'>examples</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    plain = "\n".join(
        f"{c.label}: {c.description} ({c.examples})" for c in default_lexicon().categories
    )
    return _HTMLView(table, plain)


#: In a row of an article not marked yet: the expert key's counts and note would be its answer.
NOT_MARKED_YET = "Mark this article's hedges above first, then run this cell again."


def _comparison_html(
    rows: Sequence[Mapping[str, Any]], hidden: frozenset[str] = frozenset()
) -> str:
    """The table; the rows of ``hidden`` articles show only the headline and what to do."""
    esc = html.escape
    with_notes = any(row["note"] for row in rows)
    counted = "the expert key" if all(r["source"] == "key" for r in rows) else "the detector"
    body = []
    for row in rows:
        heading = (
            f"<tr><th scope='row'>{esc(row['outlet'])}<br><small>{esc(row['date'])}</small></th>"
            f"<td>{esc(row['headline'])}</td>"
        )
        if row["id"] in hidden:
            span = 4 if with_notes else 3
            body.append(f"{heading}<td colspan='{span}'><em>{esc(NOT_MARKED_YET)}</em></td></tr>")
            continue
        hedges = ", ".join(f"“{esc(h)}”" for h in row["headline_hedges"]) or "none"
        note = f"<td>{esc(row['note'])}</td>" if with_notes else ""
        body.append(
            f"{heading}<td>{hedges}</td>"
            f"<td>{row['headline_per_100']:.1f}</td><td>{row['body_per_100']:.1f}</td>{note}</tr>"
        )
    note_head = "<th scope='col'>the expert's note</th>" if with_notes else ""
    return (
        "<table><caption style='text-align:left'>Headline against body: the hedges in each "
        f"headline, and hedges per 100 words in headline and body (counted from {counted})"
        "</caption><thead><tr><th scope='col'>article</th><th scope='col'>headline</th>"
        "<th scope='col'>hedges in the headline</th><th scope='col'>per 100 words: "
        f"headline</th><th scope='col'>per 100 words: body</th>{note_head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _display_source() -> Source:
    """The expert key in practice; the detector in an assessment, so no key shows before grading."""
    return "detector" if current_mode() == "assessment" else "auto"


def compare_headlines() -> _HTMLView:
    """Each headline beside its body: which hedges the headline kept, and the rates."""
    case = current_case()
    rows = headline_comparison(case, source=_display_source())
    # Ask before telling: a row counted from the expert key waits until its article is marked.
    answers = progress.load_answers(case=case).answers
    hidden = frozenset(
        row["id"]
        for row in rows
        if row["source"] == "key" and is_unanswered(answers.get(f"{SKILL}/{row['id']}"))
    )
    plain = "\n".join(
        f"{row['outlet']}: “{row['headline']}” — {NOT_MARKED_YET}"
        if row["id"] in hidden
        else f"{row['outlet']}: “{row['headline']}” — headline hedges: "
        f"{', '.join(row['headline_hedges']) or 'none'}; per 100 words: headline "
        f"{row['headline_per_100']:.1f}, body {row['body_per_100']:.1f}"
        for row in rows
    )
    return _HTMLView(_comparison_html(rows, hidden), plain)


def hedge_chart() -> FigureView:
    """Hedges per 100 words in each article's body and headline, earliest article first."""
    return FigureView(hedge_density_figure(current_case(), source=_display_source()))
