"""Hedges per 100 words for each article (headline and body apart), in date order, and the
headline-versus-body comparison of the hedges lesson.

Counts come from the expert key, or from the detector for a case (or a released copy)
without one; the figure says which. Dates are shown as the case gives them, with their
confidence, so an uncertain date looks uncertain. Colours and the figure come from the shared
style of :mod:`lessons.charts`; matplotlib is imported only when a figure is drawn.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import TYPE_CHECKING, Any

from lessons.casestudy import Article, Case
from lessons.charts import MAX_WIDTH, OKABE_ITO, describe, new_figure, plain_outlet, tidy_axes
from lessons.hedges import (
    SKILL,
    HedgeKey,
    Source,
    hedge_counts,
    hedge_density,
    marking_parts,
    marking_text,
)
from lessons.hedges.detector import find_hedges

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "BODY_COLOUR",
    "HEADLINE_COLOUR",
    "articles_by_date",
    "density_rows",
    "headline_comparison",
    "hedge_density_figure",
]

BODY_COLOUR = OKABE_ITO["blue"]
HEADLINE_COLOUR = OKABE_ITO["orange"]
_FAR_FUTURE = dt.date.max


def articles_by_date(case: Case) -> list[Article]:
    """The case's articles from earliest to latest possible date (undated ones last)."""
    order = {article.id: index for index, article in enumerate(case.articles)}
    return sorted(
        case.articles,
        key=lambda a: (
            a.date.earliest or a.date.latest or _FAR_FUTURE,
            a.date.latest or _FAR_FUTURE,
            order[a.id],
        ),
    )


def date_text(article: Article) -> str:
    """The date as a reader's phrase with its confidence: uncertain dates look uncertain."""
    return f"{article.date.label()} ({article.date.confidence} confidence)"


def density_rows(case: Case, source: Source = "auto") -> list[dict[str, Any]]:
    """One row per article, in date order: hedges per 100 words in headline and body."""
    rows = []
    for article in articles_by_date(case):
        counts = hedge_counts(case, article.id, source=source)
        density = hedge_density(case, article.id, source=source)
        rows.append(
            {
                "id": article.id,
                "outlet": plain_outlet(article),
                "date": date_text(article),
                "headline": density["headline"],
                "body": density["body"],
                "headline_hedges": counts["headline_hedges"],
                "headline_words": counts["headline_words"],
                "body_hedges": counts["body_hedges"],
                "body_words": counts["body_words"],
                "source": counts["source"],
            }
        )
    return rows


def _per_100(value: float | None) -> str:
    return "no headline" if value is None else f"{value:.1f}"


def hedge_density_figure(case: Case, source: Source = "auto") -> Figure:
    """Grouped bars: hedges per 100 words in the body and the headline of each article.

    Boosters are not counted (they are the opposite of hedges). Articles run left to right
    from earliest to latest date; each label gives the date with its confidence.
    """
    from matplotlib.patches import Patch

    rows = density_rows(case, source)
    fig = new_figure(MAX_WIDTH, 5.2)
    ax = fig.add_subplot()
    width = 0.38
    top = max([r["body"] or 0 for r in rows] + [r["headline"] or 0 for r in rows] + [1.0])
    for index, row in enumerate(rows):
        body_bar = ax.bar(
            index - width / 2, row["body"] or 0, width, color=BODY_COLOUR, edgecolor="black"
        )
        ax.bar_label(body_bar, labels=[_per_100(row["body"])], padding=2, fontsize=9)
        if row["headline"] is None:
            ax.text(
                index + width / 2,
                top * 0.02,
                "no headline",
                rotation=90,
                ha="center",
                va="bottom",
                fontsize=9,
                color="#444444",
            )
        else:
            head_bar = ax.bar(
                index + width / 2,
                row["headline"],
                width,
                color=HEADLINE_COLOUR,
                edgecolor="black",
                hatch="//",
            )
            ax.bar_label(head_bar, labels=[_per_100(row["headline"])], padding=2, fontsize=9)
    ax.set_xticks(
        range(len(rows)),
        [textwrap.fill(row["outlet"], 18) + "\n" + textwrap.fill(row["date"], 22) for row in rows],
        fontsize=8.5,
    )
    ax.set_ylim(0, top * 1.2)
    ax.set_ylabel("hedges per 100 words")
    counted = "the expert key" if all(r["source"] == "key" for r in rows) else "the detector"
    ax.set_title(
        "Hedges per 100 words in each article's body and headline, earliest article first\n"
        f"(counted from {counted}; boosters not counted)",
        fontsize=11,
    )
    ax.legend(
        handles=[
            Patch(facecolor=BODY_COLOUR, edgecolor="black", label="body"),
            Patch(facecolor=HEADLINE_COLOUR, edgecolor="black", hatch="//", label="headline"),
        ],
        loc="upper left",
    )
    tidy_axes(ax)
    described = "; ".join(
        f"{row['outlet']}, {row['date']}: body {_per_100(row['body'])}, headline "
        f"{_per_100(row['headline'])}"
        for row in rows
    )
    describe(
        fig,
        "Bar chart of hedges per 100 words in each article's body and headline, articles in "
        f"date order, counted from {counted}. {described}.",
    )
    return fig


def headline_comparison(case: Case, source: Source = "auto") -> list[dict[str, Any]]:
    """For each article with a headline: what the headline hedges, beside the body's rate.

    ``headline_hedges`` are the hedges found in the headline (from the key or detector);
    ``note`` is the expert's note on the headline, when the key has one.
    """
    key: HedgeKey | None = case.key(SKILL)
    rows = []
    for article in articles_by_date(case):
        if not article.headline:
            continue
        density = hedge_density(case, article.id, source=source)
        counts = hedge_counts(case, article.id, source=source)
        article_key = key.article(article.id) if key is not None else None
        hedges: list[str] = []
        note = ""
        if counts["source"] == "key" and article_key is not None:
            in_headline = [s for s in article_key.spans if s.part == "headline"]
            hedges = [s.text for s in in_headline if s.category != "booster"]
            note = next((s.note for s in in_headline if s.note), "")
        else:
            end = marking_parts(article)["headline"][1]
            hedges = [
                hit.text
                for hit in find_hedges(marking_text(article))
                if hit.start < end and hit.category != "booster"
            ]
        rows.append(
            {
                "id": article.id,
                "outlet": plain_outlet(article),
                "date": date_text(article),
                "headline": article.headline,
                "headline_hedges": hedges,
                "headline_per_100": density["headline"],
                "body_per_100": density["body"],
                "note": note,
                "source": counts["source"],
            }
        )
    return rows
