"""The chart style every lesson shares: the Okabe-Ito palette, a figure shown with its alt text
and "the chart in words", and the small helpers the skills' charts draw with.

Each skill keeps its own charts in ``lessons.<skill>.charts``; the class report's SVG charts
(:mod:`lessons.grading.report_charts`) take their colours from here too, so the teacher's
report looks like the students' charts. A figure says what it shows with :func:`describe`
(``fig.lessons_alt_text``, and ``fig.lessons_description`` when the chart needs more words),
and :class:`FigureView` shows it in a notebook. matplotlib is imported only inside functions.
"""

from __future__ import annotations

import base64
import html
import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lessons.casestudy import Article, Case
from lessons.text import split_sentences

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "BAND_COLOUR",
    "GRID_COLOUR",
    "MAX_WIDTH",
    "MEDIAN_COLOUR",
    "OKABE_ITO",
    "SHORT_ALT",
    "SKY_BLUE_TINT",
    "STUDENT_COLOUR",
    "FigureView",
    "describe",
    "new_figure",
    "plain_outlet",
    "short_outlet",
    "swarm_offsets",
    "tidy_axes",
]

#: Okabe-Ito colours by name (Okabe and Ito, 2008), safe for every common colour vision.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}
#: A score beside an expert band, in a student's chart and in the class report alike: the
#: band (hatched, edged in blue), one student's value (a diamond) and the class median.
BAND_COLOUR = OKABE_ITO["sky blue"]
STUDENT_COLOUR = OKABE_ITO["vermillion"]
MEDIAN_COLOUR = OKABE_ITO["black"]
#: A light tint of Okabe-Ito sky blue: a box's fill that black text reads well on.
SKY_BLUE_TINT = "#cfe8f7"
#: Grid lines behind the data.
GRID_COLOUR = "#dddddd"

#: A figure's own alt text longer than this (in characters), with no separate description, is
#: cut to its opening sentence or two for the image's ``alt``; the whole text is still shown
#: under the image in "The chart in words".
SHORT_ALT = 250
#: The widest a figure may be, in inches at its 100 dpi: 960 pixels, what fits the output of a
#: JupyterLab notebook in a 1,280-pixel window (about 968 pixels) without scrolling sideways.
MAX_WIDTH = 9.6


def new_figure(width: float, height: float) -> Figure:
    """A figure of ``width`` by ``height`` inches at 100 dpi, laid out by matplotlib's
    constrained layout, made with the object API (no pyplot state, nothing shown).

    ``width`` is at most :data:`MAX_WIDTH`, so the figure fits a notebook's column at its
    natural size (a wider request is drawn at that width)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(min(width, MAX_WIDTH), height), dpi=100, layout="constrained")


def describe(fig: Figure, alt_text: str, description: str | None = None) -> None:
    """Give ``fig`` its alt text (one or two sentences) and, for a chart that needs more
    words, its whole description, which :class:`FigureView` shows under the image."""
    fig.lessons_alt_text = alt_text  # type: ignore[attr-defined]
    if description is not None:
        fig.lessons_description = description  # type: ignore[attr-defined]


def tidy_axes(ax: Axes, *, grid: str | None = None) -> None:
    """Hide the top and right spines; with ``grid`` (a colour), draw vertical grid lines
    behind the data."""
    if grid is not None:
        ax.grid(axis="x", color=grid, linewidth=0.8)
        ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)


def short_outlet(case: Case, article_id: str, width: int = 30, lines: int = 2) -> str:
    """The article's outlet as an axis label: its whole name wrapped on at most ``lines``
    lines of ``width`` characters, the last shortened with "…" when it does not fit."""
    wrapped = textwrap.wrap(case.article(article_id).outlet, width) or [article_id]
    if len(wrapped) > lines:
        wrapped = [
            *wrapped[: lines - 1],
            textwrap.shorten(" ".join(wrapped[lines - 1 :]), width, placeholder=" …"),
        ]
    return "\n".join(wrapped)


def plain_outlet(article: Article) -> str:
    """The outlet as met, without its parenthesised explanation ("Kyiv Post", "A personal
    news blog"): a short name for a tick label or a table. Never what the page turns out to
    be (a translation, a copy): charts sit beside lessons that ask that."""
    return article.outlet.split(" (")[0].strip()


def swarm_offsets(scores: Sequence[float], step: float = 0.09, limit: float = 0.32) -> list[float]:
    """Vertical offsets that spread equal or close scores apart, the same every time.

    Scores come sorted, so only the dots placed within 2.5 points to the left can clash:
    the search looks at that window, not at every dot placed so far."""
    candidates = [0.0]
    k = 1
    while k * step <= limit:
        candidates += [k * step, -k * step]
        k += 1
    offsets: list[float] = []
    placed: list[tuple[float, float]] = []
    first = 0  # the first placed dot within 2.5 points of the current score
    for score in scores:
        while first < len(placed) and score - placed[first][0] > 2.5:
            first += 1
        near = placed[first:]
        chosen = candidates[-1]
        for offset in candidates:
            if all(abs(score - s) > 2.5 or abs(offset - o) >= step for s, o in near):
                chosen = offset
                break
        placed.append((score, chosen))
        offsets.append(chosen)
    return offsets


@dataclass(frozen=True)
class FigureView:
    """A figure shown in a notebook as an image with a short alt text (one or two sentences)
    and, under it, the whole chart in words in a ``<details>`` block: a screen reader is not
    made to read a long description every time it meets the image. Its text form is the
    description.

    A figure gives its short alt text as ``fig.lessons_alt_text`` and its description as
    ``fig.lessons_description`` (see :func:`describe`); a figure with only a long
    ``lessons_alt_text`` gets its opening sentence or two as alt text and the whole of it as
    description.
    """

    figure: Figure

    @property
    def description(self) -> str:
        """The chart in words, shown under the image."""
        text = getattr(self.figure, "lessons_description", None)
        return str(text or getattr(self.figure, "lessons_alt_text", None) or "A chart.")

    @property
    def alt_text(self) -> str:
        """The image's alt text: one or two sentences that say what the chart shows."""
        alt = str(getattr(self.figure, "lessons_alt_text", None) or "").strip()
        if alt and (len(alt) <= SHORT_ALT or getattr(self.figure, "lessons_description", None)):
            return alt
        return _opening(alt or self.description)

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png()).decode("ascii")
        alt = html.escape(self.alt_text)
        words = html.escape(self.description)
        width, height = (round(v) for v in self.figure.get_size_inches() * 100)
        # At its natural size, so its text stays readable; a wide chart scrolls sideways.
        return (
            f'<figure class="lessons-chart" style="margin:0"><div class="lessons-chart-scroll" '
            f'style="overflow-x:auto;max-width:100%" tabindex="0" role="group" '
            f'aria-label="Chart (scroll sideways if it is wider than the page)">'
            f'<img src="data:image/png;base64,{data}" alt="{alt}" width="{width}" '
            f'height="{height}" style="max-width:none;width:{width}px;height:auto"></div>'
            f'<figcaption style="font-size:90%">'
            f'<details class="lessons-chart-words"><summary>The chart in words</summary>'
            f"<p>{words}</p></details></figcaption></figure>"
        )

    def __repr__(self) -> str:
        return self.description


def _opening(text: str) -> str:
    """The first sentence of ``text``, and the second if both fit in :data:`SHORT_ALT`
    characters; a first sentence longer than that is shortened."""
    sentences = [s.text for s in split_sentences(text)][:2] or ["A chart."]
    both = " ".join(sentences)
    if len(both) <= SHORT_ALT:
        return both
    first = sentences[0]
    if len(first) <= SHORT_ALT:
        return first
    cut = first[: SHORT_ALT - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"
