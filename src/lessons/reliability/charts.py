"""Charts for the reliability lesson: a student's ratings beside the expert bands, "how sure
were you?" then and now, and a class's spread of ratings for the teacher.

Figures use matplotlib's object API (no pyplot state), the shared style of
:mod:`lessons.charts` (the Okabe-Ito colour-blind-safe palette) and shapes as well as colours;
each carries a title and its alt text. matplotlib and pandas are imported only inside the
functions.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lessons.casestudy import Case
from lessons.charts import (
    BAND_COLOUR,
    GRID_COLOUR,
    MEDIAN_COLOUR,
    OKABE_ITO,
    STUDENT_COLOUR,
    describe,
    new_figure,
    short_outlet,
    swarm_offsets,
    tidy_axes,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "class_ratings_alt_text",
    "class_ratings_figure",
    "confidence_figure",
    "expert_bands",
    "ratings_figure",
    "scores_figure",
]


def expert_bands(case: Case) -> dict[str, tuple[int, int]]:
    """Each article's expert band (lowest, highest total) from the case's reliability key;
    empty when the case has no such key."""
    key = case.key("reliability")
    if key is None:
        return {}
    return {article_id: article_key.band for article_id, article_key in key.articles.items()}


def _article_axis(ax: Axes, labels: Sequence[str]) -> None:
    ax.set_ylim(len(labels) - 0.5, -0.5)  # the first article at the top
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 10))
    ax.set_xlabel("reliability total (0-100)")
    tidy_axes(ax, grid=GRID_COLOUR)


def _draw_band(ax: Axes, row: int, low: int, high: int) -> None:
    # A band of zero width (low == high) still shows as a thin bar.
    ax.barh(
        row,
        max(high - low, 0.8),
        left=low if high > low else low - 0.4,
        height=0.55,
        color=BAND_COLOUR,
        edgecolor=OKABE_ITO["blue"],
        hatch="//",
        linewidth=1,
        zorder=1,
    )


def _legend(
    ax: Axes, *, student_label: str, with_median: bool = False, with_band: bool = True
) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    band = Patch(
        facecolor=BAND_COLOUR, edgecolor=OKABE_ITO["blue"], hatch="//", label="expert band"
    )
    handles: list[Any] = [
        *([band] if with_band else []),
        Line2D(
            [],
            [],
            marker="D",
            linestyle="none",
            markerfacecolor=STUDENT_COLOUR,
            markeredgecolor="black",
            label=student_label,
        ),
    ]
    if with_median:
        handles.append(
            Line2D(
                [],
                [],
                color=MEDIAN_COLOUR,
                marker="|",
                markersize=14,
                linestyle="none",
                markeredgewidth=2.5,
                label="class median",
            )
        )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
        ncols=len(handles),
        frameon=False,
    )


def _position(score: float, low: int, high: int) -> str:
    if low <= score <= high:
        return "inside"
    if score > high:
        return f"{score - high:g} above"
    return f"{low - score:g} below"


def ratings_figure(
    case: Case,
    student_scores: Mapping[str, int | None],
    *,
    reveal: Collection[str] | None = None,
    hidden_note: str = "shown after you rate it and press Check",
) -> Figure:
    """The student's total for each article (a diamond) beside the expert band (a bar).

    ``student_scores`` maps article id -> total, or None for an article not fully rated
    (see :func:`lessons.reliability.article_scores`). ``reveal`` lists the articles whose
    expert band may be drawn (None: all), so the chart gives no answer away before the
    student has worked; ``hidden_note`` says when a hidden band will appear.
    """
    bands = {
        article_id: band
        for article_id, band in expert_bands(case).items()
        if reveal is None or article_id in reveal
    }
    any_hidden = reveal is not None and any(
        article_id not in reveal for article_id in expert_bands(case)
    )
    ids = list(case.article_ids)
    fig = new_figure(8, 1.0 + 0.62 * len(ids))
    ax = fig.add_subplot()
    _article_axis(ax, [short_outlet(case, a) for a in ids])
    described: list[str] = []
    for row, article_id in enumerate(ids):
        band = bands.get(article_id)
        if band:
            _draw_band(ax, row, *band)
        score = student_scores.get(article_id)
        outlet = case.article(article_id).outlet
        if band:
            expert = f"expert {band[0]}-{band[1]}"
        elif any_hidden and article_id in expert_bands(case):
            expert = f"expert band {hidden_note}"
        else:
            expert = "no expert band"
        if score is None:
            ax.text(1, row, "not rated yet", va="center", fontsize=9, style="italic")
            described.append(f"{outlet}: not rated yet, {expert}")
            continue
        ax.plot(
            score,
            row,
            marker="D",
            markersize=10,
            color=STUDENT_COLOUR,
            markeredgecolor="black",
            linestyle="none",
            zorder=3,
        )
        ax.annotate(
            str(score),
            (score, row),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=9,
            fontweight="bold",
        )
        where = f" ({_position(score, *band)} the band)" if band else ""
        described.append(f"{outlet}: you {score}, {expert}{where}")
    if bands:
        ax.set_title("Your reliability ratings beside the expert bands")
        beside = "each beside the band the expert gave it where that band is shown"
    else:
        ax.set_title("Your reliability ratings")
        beside = "with no expert band shown"
    _legend(ax, student_label="your total", with_band=bool(bands))
    describe(
        fig,
        f"Chart of your reliability totals (0 to 100) for {len(ids)} articles, {beside}. "
        + "; ".join(described)
        + ".",
    )
    return fig


def confidence_figure(before: int | None, now: int | None, *, claim: str = "") -> Figure:
    """How sure the student was that the claim is true in the first lesson, and now (0-100 %)."""
    fig = new_figure(7, 2.6)
    ax = fig.add_subplot()
    labels = ["At the start (lesson 00)", "Now (after rating the articles)"]
    values = [before, now]
    colours = [OKABE_ITO["orange"], OKABE_ITO["blue"]]
    hatches = ["..", ""]
    ax.set_ylim(1.6, -0.6)
    ax.set_yticks(range(2), labels)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% sure the claim is true")
    tidy_axes(ax, grid=GRID_COLOUR)
    for row, (value, colour, hatch) in enumerate(zip(values, colours, hatches, strict=True)):
        if value is None:
            ax.text(1, row, "no answer saved", va="center", fontsize=9, style="italic")
            continue
        ax.barh(row, value, height=0.55, color=colour, hatch=hatch, edgecolor="black")
        ax.text(
            min(value, 100) + 1 if value < 90 else value - 1,
            row,
            f"{value}%",
            va="center",
            ha="left" if value < 90 else "right",
            fontweight="bold",
        )
    ax.set_title("How sure are you that the claim is true?")
    said = [
        f"at the start {before}%" if before is not None else "no answer saved at the start",
        f"now {now}%" if now is not None else "no answer saved now",
    ]
    text = "Bar chart of how sure you were that the claim is true: " + ", ".join(said) + "."
    if claim:
        text += f" The claim: {claim}"
    describe(fig, text)
    return fig


REQUIRED_COLUMNS = ("student", "article", "score")


def _clean_ratings(case: Case, ratings: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    if not isinstance(ratings, pd.DataFrame):
        raise TypeError(f"ratings must be a pandas DataFrame, not {type(ratings).__name__}")
    missing = [column for column in REQUIRED_COLUMNS if column not in ratings.columns]
    if missing:
        raise ValueError(
            f"ratings needs the columns {', '.join(REQUIRED_COLUMNS)}; missing: {', '.join(missing)}"
        )
    table = ratings.loc[:, list(REQUIRED_COLUMNS)].copy()
    unknown = sorted(set(table["article"].astype(str)) - set(case.article_ids))
    if unknown:
        raise ValueError(
            f"ratings name articles that are not in the case: {', '.join(unknown)}; "
            f"the articles are: {', '.join(case.article_ids)}"
        )
    table["score"] = pd.to_numeric(table["score"], errors="coerce")
    out_of_range = table[(table["score"] < 0) | (table["score"] > 100)]
    if not out_of_range.empty:
        raise ValueError(f"scores must be between 0 and 100, not {out_of_range['score'].iloc[0]:g}")
    return table.dropna(subset=["score"])


def class_ratings_figure(case: Case, ratings: pd.DataFrame) -> Figure:
    """The spread of a class's totals per article (one dot per student) against the expert band.

    ``ratings`` has the columns ``student``, ``article`` and ``score`` (one row per student
    and fully rated article). Rows without a score are left out.
    """
    table = _clean_ratings(case, ratings)
    return scores_figure(
        case,
        {
            article_id: [float(s) for s in table.loc[table["article"] == article_id, "score"]]
            for article_id in case.article_ids
        },
    )


def scores_figure(case: Case, scores_by_article: Mapping[str, Sequence[float]]) -> Figure:
    """:func:`class_ratings_figure` from each article's totals (0 to 100), for callers that
    have the totals without a DataFrame."""
    bands = expert_bands(case)
    ids = list(case.article_ids)
    fig = new_figure(8.5, 1.2 + 0.8 * len(ids))
    ax = fig.add_subplot()
    _article_axis(ax, [short_outlet(case, a) for a in ids])
    for row, article_id in enumerate(ids):
        band = bands.get(article_id)
        if band:
            _draw_band(ax, row, *band)
        scores = sorted(float(s) for s in scores_by_article.get(article_id, ()))
        if not scores:
            ax.text(1, row, "no ratings", va="center", fontsize=9, style="italic")
            continue
        offsets = swarm_offsets(scores)
        ax.scatter(
            scores,
            [row + o for o in offsets],
            s=30,
            marker="D",
            color=STUDENT_COLOUR,
            edgecolors="black",
            linewidths=0.6,
            zorder=3,
        )
        median = statistics.median(scores)
        ax.plot(
            [median, median], [row - 0.38, row + 0.38], color=MEDIAN_COLOUR, linewidth=2.5, zorder=4
        )
    ax.set_title("Class reliability ratings beside the expert bands")
    _legend(ax, student_label="one student's total", with_median=True)
    describe(fig, class_ratings_alt_text(case, scores_by_article))
    return fig


def class_ratings_alt_text(case: Case, scores_by_article: Mapping[str, Sequence[float]]) -> str:
    """The alt text of a chart of a class's totals per article: for each article how many
    ratings, their range and median, and how many lie inside the expert band."""
    bands = expert_bands(case)
    described: list[str] = []
    for article_id in case.article_ids:
        band = bands.get(article_id)
        scores = sorted(float(s) for s in scores_by_article.get(article_id, ()))
        outlet = case.article(article_id).outlet
        if not scores:
            described.append(f"{outlet}: no ratings")
            continue
        if len(scores) == 1:
            summary = f"{outlet}: 1 rating, {scores[0]:g}"
        else:
            summary = (
                f"{outlet}: {len(scores)} ratings from {min(scores):g} to {max(scores):g}, "
                f"median {statistics.median(scores):g}"
            )
        if band:
            inside = sum(band[0] <= s <= band[1] for s in scores)
            summary += f", {inside} inside the expert band {band[0]}-{band[1]}"
        described.append(summary)
    return (
        f"Chart of the class's reliability totals (0 to 100) for {len(case.article_ids)} "
        "articles, one diamond per student, with the class median and the expert band. "
        + "; ".join(described)
        + "."
    )
