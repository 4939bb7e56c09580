"""Charts of how the claim spread: the citation graph, the timeline of first appearances,
how the hedges changed along the chain, and a student's own traced chains on the same map.

Each function returns a :class:`matplotlib.figure.Figure` built with the object API (no
pyplot state, nothing shown), so notebooks, tests, the command line and reports all use the
same figures. Colours are Okabe-Ito and never the only cue (line styles, hatching, borders
and words carry the meaning too); every figure has a title, a short alt text (one or two
sentences) as ``fig.lessons_alt_text`` and the whole chart in words as
``fig.lessons_description`` (the shared style of :mod:`lessons.charts`), which
:class:`lessons.charts.FigureView` shows under the image. Artists carry ids (``node:<id>``,
``edge:<from>-><to>``, ``date:<id>``, ``link:<article>:<later><-<earlier>``) so tests can
find them. matplotlib and networkx are imported only inside the functions.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from lessons.casestudy import Case, DateInfo
from lessons.charts import (
    MAX_WIDTH,
    OKABE_ITO,
    SKY_BLUE_TINT,
    describe,
    new_figure,
    plain_outlet,
    tidy_axes,
)
from lessons.sources import ChainTrace, Source, SourcesKey, sources_key, trace_chain
from lessons.sources.charts import LINK_STYLES, LINK_WORDS
from lessons.spread import (
    GROUPS,
    group_of,
    outlet_date,
    short_date,
    time_layers,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from lessons.hedges import Source as HedgeSource

__all__ = [
    "BAND_COLOURS",
    "EDGE_STYLES",
    "GROUP_STYLES",
    "citation_graph_figure",
    "graph_positions",
    "hedge_thinning_figure",
    "my_chains_figure",
    "timeline_figure",
]


@dataclass(frozen=True)
class GroupStyle:
    """How a group of nodes is filled, and the colour of the words on it."""

    fill: str
    text: str = "black"


#: Node fill by group (see :data:`lessons.spread.GROUPS`).
GROUP_STYLES: dict[str, GroupStyle] = {
    "origin": GroupStyle(OKABE_ITO["vermillion"]),
    "person": GroupStyle(OKABE_ITO["reddish purple"]),
    "state-media": GroupStyle(OKABE_ITO["orange"]),
    "news-agency": GroupStyle(OKABE_ITO["blue"], "white"),
    "outlet": GroupStyle(OKABE_ITO["sky blue"]),
    "other": GroupStyle("#dddddd"),
    "fact-check": GroupStyle(OKABE_ITO["bluish green"], "white"),
    "denial": GroupStyle(OKABE_ITO["yellow"]),
}


@dataclass(frozen=True)
class EdgeStyle:
    """How one kind of edge is drawn, and the words for it in the legend and alt text."""

    line: Literal["solid", "dashed", "dotted"]
    words: str


#: Edge kinds (see :data:`lessons.sources.EDGE_KINDS`) and how they are drawn.
EDGE_STYLES: dict[str, EdgeStyle] = {
    "credited": EdgeStyle("solid", "names its source"),
    "uncredited-copy": EdgeStyle("dashed", "copies without naming its source"),
    "translation": EdgeStyle("dotted", "translates"),
}
SURE_EDGE = "#222222"
UNSURE_EDGE = "#8c8c8c"
FAINT = "#c8c8c8"
UNRATED = "#eeeeee"

#: Reliability bands (the rubric's plain names, lowest first) and their fill when nodes are
#: coloured by a student's ratings.
BAND_COLOURS: dict[str, str] = {
    "very doubtful": OKABE_ITO["vermillion"],
    "doubtful": OKABE_ITO["orange"],
    "mostly trustworthy, with gaps": OKABE_ITO["yellow"],
    "generally trustworthy": OKABE_ITO["sky blue"],
    "highly trustworthy": OKABE_ITO["bluish green"],
}

_X_STEP = 2.2
#: Characters a line of a box's label may have: with nine time columns in the notebook's
#: width (:data:`lessons.charts.MAX_WIDTH`) a column is about an inch wide.
_LABEL_WIDTH = 11
#: Text sizes of the graphs, in points at the figure's natural size (the notebook shows it
#: at that size, which fits its column): 10 pt or more.
_NODE_FONT = 10.0
_LEGEND_FONT = 10.5
_TITLE_FONT = 13.0


# --------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------


def graph_positions(case: Case) -> dict[str, tuple[float, float]]:
    """Where each outlet goes: one column per time layer (:func:`lessons.spread.time_layers`),
    earliest on the left; within a column, outlets sit near those they got the story from,
    ties broken by the order of the sources key. One unit of y separates two outlets of the
    same column, and each column is centred on y = 0.

    Placed here, not by networkx's multipartite layout, which groups a column's outlets in a
    set: their order, and so the picture, changed with the hash seed of each kernel start.
    """
    key = sources_key(case)
    layers = time_layers(case)
    order = {s.id: index for index, s in enumerate(key.outlets)}
    rank: dict[str, float] = {}
    ordered: list[str] = []
    for layer in sorted(set(layers.values())):
        column = sorted((s for s in layers if layers[s] == layer), key=order.__getitem__)

        def centre(node: str) -> tuple[float, int]:
            earlier = [rank[e.source] for e in key.edges_into(node) if e.source in rank]
            return (sum(earlier) / len(earlier) if earlier else 0.0, order[node])

        column.sort(key=centre)
        for index, node in enumerate(column):
            rank[node] = index - (len(column) - 1) / 2
        ordered += column
    # The first of a column on top; + 0.0 turns -0.0 into 0.0.
    return {node: (layers[node] * _X_STEP, -rank[node] + 0.0) for node in ordered}


def _graph_axes(fig: Figure, positions: Mapping[str, tuple[float, float]]) -> Axes:
    ax = fig.add_subplot()
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    ax.set_xlim(min(xs) - _X_STEP * 0.45, max(xs) + _X_STEP * 0.45)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.set_axis_off()
    return ax


def _place_boxes_first(ax: Axes, nodes: Sequence[Text]) -> None:
    """Make every draw place the nodes' boxes before the arrows are drawn.

    Arrows stop at the box of each node (``patchA``/``patchB``) and pass *under* other
    nodes, so nodes are drawn last; a text only places its box when it is drawn, so an
    invisible artist drawn first places them all, at whatever size and resolution the
    figure is being drawn.
    """
    from matplotlib.artist import Artist

    class BoxPlacer(Artist):
        def draw(self, renderer: Any) -> None:
            for node in nodes:
                node.update_bbox_position_size(renderer)

    placer = BoxPlacer()
    placer.set_zorder(0)
    ax.add_artist(placer)


def _short_name(name: str) -> str:
    """A box's name: without a bracketed aside ("Russian state TV (Channel One or Rossiya 1)"
    becomes "Russian state TV"); the full name is in the chart's description."""
    short = re.sub(r"\s*\([^)]*\)", "", name).strip()
    return short or name


def _node_label(case: Case, source: Source) -> str:
    date = short_date(outlet_date(case, source))
    return (
        f"{textwrap.fill(_short_name(source.name), _LABEL_WIDTH, break_long_words=False)}\n"
        f"{textwrap.fill(date, _LABEL_WIDTH, break_long_words=False)}"
    )


def _graph_size(positions: Mapping[str, tuple[float, float]]) -> tuple[float, float]:
    """Width and height (inches) of a graph: the notebook's width, and room for 10 pt boxes
    in every row."""
    rows = max(sum(1 for p in positions.values() if p[0] == x) for x, _ in positions.values())
    return MAX_WIDTH, max(7.0, 1.45 * rows + 3.2)


def _draw_node(
    ax: Axes,
    node: str,
    xy: tuple[float, float],
    label: str,
    *,
    fill: str,
    text: str = "black",
    seed: bool = False,
    faint: bool = False,
) -> Text:
    artist = ax.text(
        *xy,
        label,
        ha="center",
        va="center",
        fontsize=_NODE_FONT,
        color="#6e6e6e" if faint else text,
        fontweight="bold" if seed and not faint else "normal",
        bbox={
            "boxstyle": "round,pad=0.35",
            "facecolor": "white" if faint else fill,
            "edgecolor": FAINT if faint else "black",
            "linewidth": 2.6 if seed and not faint else 0.8,
        },
        zorder=5 if not faint else 2,
    )
    artist.set_gid(f"node:{node}")
    return artist


def _draw_arrow(
    ax: Axes,
    start: Text,
    end: Text,
    *,
    colour: str,
    line: str,
    width: float,
    rad: float,
    gid: str,
    zorder: float = 3,
) -> None:
    note = ax.annotate(
        "",
        xy=end.get_position(),
        xytext=start.get_position(),
        arrowprops={
            "arrowstyle": "-|>",
            "color": colour,
            "linestyle": line,
            "linewidth": width,
            "mutation_scale": 11,
            "patchA": start.get_bbox_patch(),
            "patchB": end.get_bbox_patch(),
            "shrinkA": 1,
            "shrinkB": 1,
            "connectionstyle": f"arc3,rad={rad}",
        },
        zorder=zorder,
    )
    note.set_gid(gid)


def _rad(a: tuple[float, float], b: tuple[float, float]) -> float:
    """A slight curve, more for long edges, so edges over several columns pass nodes by."""
    span = abs(b[0] - a[0]) / _X_STEP
    return 0.0 if span <= 1 else min(0.08 * span, 0.35)


# --------------------------------------------------------------------------------------
# 1. The citation graph
# --------------------------------------------------------------------------------------


def _edge_words(edge: Any) -> str:
    words = {"credited": "credited", "uncredited-copy": "copied without credit"}.get(
        edge.kind, "translated"
    )
    if edge.kind == "translation" and not edge.credited:
        words = "translated without credit"
    if edge.inferred:
        words += ", probably"
    return words


def citation_graph_figure(case: Case, *, ratings: Mapping[str, int | None] | None = None) -> Figure:
    """Who got the story from whom, earliest on the left.

    Nodes are coloured by group (:data:`lessons.spread.GROUPS`), or, with ``ratings``
    (article id -> the student's reliability total, None when not rated; see
    :func:`lessons.reliability.article_scores`), the case's articles by the band of the
    student's total. Edges are drawn by kind: solid credited, dashed uncredited copy, dotted
    translation; grey when the link is uncertain. Articles of the case have a thick border.

    Raises :class:`lessons.sources.MissingKeyError` when the case has no sources key.
    """
    key = sources_key(case)
    positions = graph_positions(case)
    fig = new_figure(*_graph_size(positions))
    ax = _graph_axes(fig, positions)
    by_ratings = ratings is not None
    artists: dict[str, Text] = {}
    rated: list[str] = []
    for source in key.outlets:
        style = GROUP_STYLES[group_of(source)]
        fill, text = style.fill, style.text
        if ratings is not None:
            fill, said = _rating_fill(source, ratings)
            text = "black"
            if said is not None:
                rated.append(said)
        artists[source.id] = _draw_node(
            ax,
            source.id,
            positions[source.id],
            _node_label(case, source),
            fill=fill,
            text=text,
            seed=source.article is not None,
        )
    _place_boxes_first(ax, list(artists.values()))
    for edge in key.edges:
        unsure = edge.inferred
        _draw_arrow(
            ax,
            artists[edge.source],
            artists[edge.target],
            colour=UNSURE_EDGE if unsure else SURE_EDGE,
            line=EDGE_STYLES[edge.kind].line,
            width=1.0 if unsure else 1.3,
            rad=_rad(positions[edge.source], positions[edge.target]),
            gid=f"edge:{edge.source}->{edge.target}",
        )
    title = "How the claim spread: who got the story from whom, earliest on the left"
    if by_ratings:
        title += "\n(the articles of this case coloured by your reliability ratings)"
    ax.set_title(title, fontsize=_TITLE_FONT)
    _graph_legend(ax, key, by_ratings=by_ratings)
    summary = (
        f"Citation graph of how the claim spread: {len(key.outlets)} outlets, earliest on the "
        f"left, with {len(key.edges)} arrows, each from the outlet a story came from to the one "
        "that took it."
    )
    alt_text = summary
    if by_ratings:
        done = sum(
            1 for s in key.outlets if s.article and (ratings or {}).get(s.article) is not None
        )
        alt_text += (
            f" The articles of this case are coloured by your reliability ratings; you have "
            f"rated {done} of {len(rated)}."
        )
    describe(
        fig,
        alt_text,
        _graph_description(case, key, positions, summary, rated if by_ratings else None),
    )
    return fig


def _rating_fill(source: Source, ratings: Mapping[str, int | None]) -> tuple[str, str | None]:
    """An outlet's fill when the graph is coloured by the student's ratings, and what the
    description says of its rating (None for an outlet that is no article of the case)."""
    from lessons.reliability import band

    if source.article is None:
        return "white", None
    total = ratings.get(source.article)
    if total is None:
        return UNRATED, f"{source.name}: not rated yet"
    rating = band(total)
    return BAND_COLOURS.get(rating, UNRATED), f"{source.name}: you rated it {total} ({rating})"


def _graph_legend(ax: Axes, key: SourcesKey, *, by_ratings: bool) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    if by_ratings:
        handles += [
            Patch(facecolor=colour, edgecolor="black", label=f"your rating: {band}")
            for band, colour in BAND_COLOURS.items()
        ]
        handles.append(Patch(facecolor=UNRATED, edgecolor="black", label="not rated yet"))
    else:
        present = dict.fromkeys(group_of(s) for s in key.outlets)
        handles += [
            Patch(facecolor=GROUP_STYLES[g].fill, edgecolor="black", label=GROUPS[g])
            for g in GROUPS
            if g in present
        ]
    handles.append(
        Patch(facecolor="white", edgecolor="black", linewidth=2.6, label="an article of this case")
    )
    kinds = dict.fromkeys(e.kind for e in key.edges)
    handles += [
        Line2D([], [], color=SURE_EDGE, linestyle=EDGE_STYLES[k].line, label=EDGE_STYLES[k].words)
        for k in EDGE_STYLES
        if k in kinds
    ]
    if any(e.inferred for e in key.edges):
        handles.append(Line2D([], [], color=UNSURE_EDGE, label="grey: a probable link, not proven"))
    ax.figure.legend(
        handles=handles,
        loc="outside lower center",
        ncols=3,
        frameon=False,
        fontsize=_LEGEND_FONT,
    )


def _graph_description(
    case: Case,
    key: SourcesKey,
    positions: Mapping[str, tuple[float, float]],
    summary: str,
    rated: Sequence[str] | None,
) -> str:
    order = sorted(key.outlets, key=lambda s: (positions[s.id][0], -positions[s.id][1]))
    parts = []
    for source in order:
        date = outlet_date(case, source)
        sources = [f"{key.name(e.source)} ({_edge_words(e)})" for e in key.edges_into(source.id)]
        when = date.label() if date else "date not found"
        what = GROUPS[group_of(source)]
        # a fact-check names the outlets it checked: it did not take the story from them
        verb = "names" if source.role in ("doubt", "denial") else "got it from"
        got = f"{verb} {', '.join(sources)}" if sources else "no arrow leads to it"
        seed = ", an article of this case" if source.article else ""
        parts.append(f"{source.name} ({when}; {what}{seed}): {got}")
    text = f"{summary} " + ". ".join(parts) + "."
    if rated is not None:
        text += " Your ratings: " + "; ".join(rated) + "."
    return text


# --------------------------------------------------------------------------------------
# 2. The timeline strip
# --------------------------------------------------------------------------------------

_FAR = dt.date.max


def timeline_figure(case: Case) -> Figure:
    """When each outlet first carried the claim: a diamond for an exact day, a hatched bar
    for a range of possible days (open-ended when only one bound is known), words for a date
    not found. Rows run from earliest (top) to latest.

    Raises :class:`lessons.sources.MissingKeyError` when the case has no sources key.
    """
    import matplotlib.dates as mdates

    dated = _dated_outlets(case)
    days, start, end = _timeline_span(dated)
    fig = new_figure(MAX_WIDTH, 0.42 * len(dated) + 1.9)
    ax = fig.add_subplot()
    left, right = mdates.date2num(start), mdates.date2num(end)
    for row, (source, date) in enumerate(dated):
        _draw_date(ax, row, source, date, left, right)
    _timeline_axes(ax, dated, left, right)
    year = ", ".join(sorted({str(d.year) for d in days}))
    ax.set_xlabel(f"day ({year})")
    ax.set_title(
        "When each outlet first carried the claim\n"
        "(a diamond is an exact day; a striped bar is the range of days it could have been;"
        " ◀ ▶ the range goes on)",
        fontsize=11,
    )
    exact = sum(1 for _source, date in dated if date is not None and date.is_exact)
    summary = (
        "Timeline of when each outlet first carried the claim, earliest first; uncertain dates "
        f"are shown as ranges. {exact} of the {len(dated)} outlets have an exact day (a diamond)."
    )
    when = [
        f"{source.name}: {date.label()} ({date.confidence} confidence)"
        if date
        else f"{source.name}: date not found"
        for source, date in dated
    ]
    describe(fig, summary, f"{summary} " + "; ".join(when) + ".")
    return fig


def _dated_outlets(case: Case) -> list[tuple[Source, DateInfo | None]]:
    """Every outlet with the date it first carried the claim, earliest first (by time layer
    on the same day), those without a date last."""
    layers = time_layers(case)
    dated = [(s, outlet_date(case, s)) for s in sources_key(case).outlets]
    dated.sort(
        key=lambda pair: (
            (pair[1].earliest or pair[1].latest or _FAR) if pair[1] else _FAR,
            layers[pair[0].id],
        )
    )
    return dated


def _timeline_span(
    dated: Sequence[tuple[Source, DateInfo | None]],
) -> tuple[list[dt.date], dt.date, dt.date]:
    """Every known day, and the first and last day the timeline shows: a range longer than
    ten days does not stretch the axis (its bar runs off the edge, marked ▶)."""
    days = [d for _, date in dated if date for d in (date.earliest, date.latest) if d]
    if not days:
        days = [dt.date.today()]
    short = [
        d
        for _, date in dated
        if date
        for d in (date.earliest, date.latest)
        if d and not (date.earliest and date.latest and (date.latest - date.earliest).days > 10)
    ] or days
    return days, min(days) - dt.timedelta(days=2), max(short) + dt.timedelta(days=3)


def _draw_date(
    ax: Axes, row: int, source: Source, date: DateInfo | None, left: float, right: float
) -> None:
    """One outlet's row of the timeline, between the day numbers ``left`` and ``right``: a
    diamond on an exact day, a hatched bar over a range (◀ or ▶ where it runs on), or words."""
    import matplotlib.dates as mdates

    colour = GROUP_STYLES[group_of(source)].fill
    if date is None or (date.earliest is None and date.latest is None):
        ax.text(left + 0.3, row, "date not found", va="center", fontsize=8, style="italic")
        return
    if date.is_exact:
        assert date.earliest is not None
        (marker,) = ax.plot(
            mdates.date2num(date.earliest) + 0.5,
            row,
            marker="D",
            markersize=8,
            color=colour,
            markeredgecolor="black",
            linestyle="none",
            zorder=3,
        )
        marker.set_gid(f"date:{source.id}")
        return
    low = mdates.date2num(date.earliest) if date.earliest else left
    high = mdates.date2num(date.latest) + 1 if date.latest else right
    clipped = high > right
    bars = ax.barh(
        row,
        min(high, right) - low,
        left=low,
        height=0.5,
        color=colour,
        edgecolor="black",
        hatch="//",
        linewidth=0.8,
        zorder=2,
    )
    bars.patches[0].set_gid(f"date:{source.id}")
    if date.earliest is None:
        ax.text(low + 0.1, row, "◀", va="center", ha="left", fontsize=8)
    if date.latest is None or clipped:
        ax.text(right - 0.1, row, "▶", va="center", ha="right", fontsize=8)


def _timeline_axes(
    ax: Axes, dated: Sequence[tuple[Source, DateInfo | None]], left: float, right: float
) -> None:
    """The timeline's axes: outlets down the side, days along the bottom every second day,
    and each known date in words at the right end of its row."""
    import matplotlib.dates as mdates

    ax.set_yticks(
        range(len(dated)), [textwrap.shorten(s.name, 34, placeholder="…") for s, _ in dated]
    )
    ax.set_ylim(len(dated) - 0.4, -0.6)
    ax.set_xlim(left, right)
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.tick_params(axis="x", labelsize=8, labelrotation=0)
    ax.tick_params(axis="y", labelsize=8.5)
    tidy_axes(ax, grid="#e4e4e4")
    for row, (_source, date) in enumerate(dated):
        if date is not None and date.label() != "date unknown":
            ax.annotate(
                short_date(date),
                (1.0, row),
                xycoords=("axes fraction", "data"),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )


# --------------------------------------------------------------------------------------
# 3. Hedges along the chain
# --------------------------------------------------------------------------------------


def _chain_order(case: Case, key: SourcesKey) -> list[Source]:
    """The case's articles' outlets along the chain: by time layer, those that checked or
    questioned the claim last."""
    layers = time_layers(case)
    seeds = [s for s in key.outlets if s.article is not None]

    def place(source: Source) -> tuple[int, int, dt.date]:
        date = outlet_date(case, source)
        return (
            1 if group_of(source) == "fact-check" else 0,
            layers[source.id],
            (date.earliest or date.latest or _FAR) if date else _FAR,
        )

    return sorted(seeds, key=place)


#: The articles the hedge chart puts last (role ``doubt``): not all of them are fact-checks.
_CHECKED = "the articles that checked or questioned the claim"
#: The hedge chart's series: colour, marker, line style and legend label.
_SERIES_STYLES: dict[str, tuple[str, str, str, str]] = {
    "body": (OKABE_ITO["blue"], "o", "solid", "hedges per 100 words in the body"),
    "headline": (OKABE_ITO["orange"], "s", "dashed", "hedges per 100 words in the headline"),
    "boosters": (OKABE_ITO["vermillion"], "^", "dotted", "boosters per 100 words in the body"),
}


def hedge_thinning_figure(case: Case, *, hedge_source: HedgeSource = "auto") -> Figure:
    """Hedges per 100 words in each article's headline and body, and boosters in the body,
    along the chain (time order), with the articles that checked or questioned the claim
    (role ``doubt``) at the end.

    Counts come from the hedges key, or from the detector for an article the key does not
    cover or with ``hedge_source="detector"`` (the title says which). Raises :class:`lessons.sources.MissingKeyError` when the
    case has no sources key.
    """
    import math

    from lessons.spread import appearances_table

    key = sources_key(case)
    table = appearances_table(case, hedge_source=hedge_source).set_index("id")
    chain = _chain_order(case, key)
    series = {
        "body": [float(table.at[s.id, "body_hedges_per_100"]) for s in chain],
        "headline": [float(table.at[s.id, "headline_hedges_per_100"]) for s in chain],
        "boosters": [float(table.at[s.id, "body_boosters_per_100"]) for s in chain],
    }
    fig = new_figure(MAX_WIDTH, 5.8)
    ax = fig.add_subplot()
    checks = [i for i, s in enumerate(chain) if group_of(s) == "fact-check"]
    top = max([v for values in series.values() for v in values if not math.isnan(v)] + [1.0])
    _draw_series(ax, series, top)
    if checks:
        _mark_checks(ax, checks, top)
    ax.set_xticks(range(len(chain)), [_chain_label(case, s) for s in chain], fontsize=8)
    ax.set_xlim(-0.6, len(chain) - 0.4)
    ax.set_ylim(0, top * 1.32)
    ax.set_ylabel("per 100 words")
    tidy_axes(ax)
    counted = {str(table.at[s.id, "hedges_counted_by"]) for s in chain}
    by = (
        "the expert key"
        if counted == {"key"}
        else "the detector"
        if counted == {"detector"}
        else "the expert key and the detector"
    )
    ax.set_title(
        "How the hedges changed along the chain, earliest article on the left,\n"
        f"{_CHECKED} at the end\n(hedges and attributions per 100 words, counted from {by})",
        fontsize=11,
    )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=3, fontsize=8.5, frameon=False)
    summary = (
        "Line chart of hedges per 100 words in the headline and the body of each article, and "
        f"of boosters in the body, along the chain with {_CHECKED} at the end, counted from "
        f"{by}."
    )
    describe(fig, summary, f"{summary} {_series_words(case, chain, series, checks)}.")
    return fig


def _draw_series(ax: Axes, series: Mapping[str, Sequence[float]], top: float) -> None:
    """Each series as a line with its values written beside the points; a missing headline
    is said in words near the top of the chart (``top`` is the largest value)."""
    import math

    for name, values in series.items():
        colour, marker, line, label = _SERIES_STYLES[name]
        xs = list(range(len(values)))
        (curve,) = ax.plot(
            xs,
            values,
            color=colour,
            marker=marker,
            linestyle=line,
            linewidth=1.8,
            markersize=8,
            markeredgecolor="black",
            label=label,
            zorder=3,
        )
        curve.set_gid(f"series:{name}")
        for x, value in zip(xs, values, strict=True):
            if math.isnan(value):
                if name == "headline":
                    ax.text(
                        x,
                        top * 0.9,
                        "no headline\non the saved page",
                        ha="center",
                        fontsize=7.5,
                        style="italic",
                        color="#555555",
                    )
                continue
            ax.annotate(
                f"{value:.1f}",
                (x, value),
                xytext=(7, 3),
                textcoords="offset points",
                fontsize=7.5,
                color=colour if name != "headline" else "#8a5a00",
            )


def _mark_checks(ax: Axes, checks: Sequence[int], top: float) -> None:
    """Shade the columns ``checks`` (the articles that checked or questioned the claim) and
    say so above them."""
    span = ax.axvspan(
        min(checks) - 0.45, max(checks) + 0.45, color="#e3f4ee", zorder=0, hatch="", lw=0
    )
    span.set_gid("fact-checks")
    ax.text(
        sum(checks) / len(checks),
        top * 1.16,
        "checked or\nquestioned it",
        ha="center",
        fontsize=9,
        style="italic",
        color="#1d6b52",
    )


def _chain_label(case: Case, source: Source) -> str:
    """A tick label of the hedge chart: the article's outlet and its date."""
    return (
        f"{textwrap.fill(plain_outlet(case.article(source.article or '')), 18)}\n"
        f"{short_date(outlet_date(case, source))}"
    )


def _series_words(
    case: Case,
    chain: Sequence[Source],
    series: Mapping[str, Sequence[float]],
    checks: Sequence[int],
) -> str:
    """The hedge chart's values in words, article by article along the chain."""
    import math

    def show(value: float) -> str:
        return "no headline" if math.isnan(value) else f"{value:.1f}"

    return "; ".join(
        f"{plain_outlet(case.article(s.article or ''))} ({short_date(outlet_date(case, s))}"
        f"{', checked or questioned the claim' if i in checks else ''}): body {show(series['body'][i])}, headline "
        f"{show(series['headline'][i])}, boosters in the body {show(series['boosters'][i])}"
        for i, s in enumerate(chain)
    )


# --------------------------------------------------------------------------------------
# 4. The student's own chains on the same map
# --------------------------------------------------------------------------------------


def _saved_chain(answers: Mapping[str, Any], article_id: str) -> list[str]:
    answer = answers.get(f"sources/{article_id}")
    chain = answer.get("chain") if isinstance(answer, Mapping) else None
    if not isinstance(chain, list | tuple):
        return []
    return [step for step in chain if isinstance(step, str) and step.strip()]


def my_chains_figure(case: Case, answers: Mapping[str, Any]) -> Figure:
    """The chains a student traced in lesson 02 (saved ``sources/<article>`` answers), drawn
    on the citation graph's layout: each link marked as in the chain chart (a real link, a
    skipped step, not a link the story took), the rest of the graph faint behind.

    Raises :class:`lessons.sources.MissingKeyError` when the case has no sources key.
    """
    key = sources_key(case)
    positions = graph_positions(case)
    fig = new_figure(*_graph_size(positions))
    ax = _graph_axes(fig, positions)
    traced, unknown = _traced_chains(case, key, answers)
    artists = _draw_faint_story(ax, case, key, positions, traced.values())
    used = _draw_traced_links(ax, traced, artists, positions)
    if not traced:
        ax.text(
            sum(ax.get_xlim()) / 2,
            max(y for _, y in positions.values()) + 0.45,
            "No chains saved yet: trace the articles in lesson 02 first.",
            ha="center",
            fontsize=10,
            style="italic",
        )
    _chains_legend(ax, used)
    ax.set_title(
        "Your chains from lesson 02 on the map of the whole story\n"
        "(the outlets your chains pass through are shaded; the rest of the story is faint)",
        fontsize=_TITLE_FONT,
    )
    describe(fig, *_chains_words(case, key, traced, unknown))
    return fig


def _traced_chains(
    case: Case, key: SourcesKey, answers: Mapping[str, Any]
) -> tuple[dict[str, ChainTrace], dict[str, list[str]]]:
    """Each saved chain traced against the key, by article, and the names in it that are not
    in this story."""
    traced: dict[str, ChainTrace] = {}
    unknown: dict[str, list[str]] = {}
    for article in case.articles:
        if article.id not in key.articles:
            continue
        names = _saved_chain(answers, article.id)
        if not names:
            continue
        resolved = [key.resolve(n) for n in names]
        unknown[article.id] = [n for n, r in zip(names, resolved, strict=True) if r is None]
        traced[article.id] = trace_chain(key, article.id, [r for r in resolved if r])
    return traced, unknown


def _draw_faint_story(
    ax: Axes,
    case: Case,
    key: SourcesKey,
    positions: Mapping[str, tuple[float, float]],
    traces: Collection[ChainTrace],
) -> dict[str, Text]:
    """The whole story behind the student's chains: the outlets the chains pass through
    shaded, the rest faint, every edge faint. Returns each outlet's box by id."""
    on_chains = {t.start for t in traces} | {link.earlier for t in traces for link in t.links}
    artists: dict[str, Text] = {}
    for source in key.outlets:
        artists[source.id] = _draw_node(
            ax,
            source.id,
            positions[source.id],
            _node_label(case, source),
            fill=SKY_BLUE_TINT if source.id in on_chains else "white",
            seed=source.article is not None,
            faint=source.id not in on_chains,
        )
    _place_boxes_first(ax, list(artists.values()))
    for edge in key.edges:
        _draw_arrow(
            ax,
            artists[edge.source],
            artists[edge.target],
            colour=FAINT,
            line="solid",
            width=0.7,
            rad=_rad(positions[edge.source], positions[edge.target]),
            gid=f"edge:{edge.source}->{edge.target}",
            zorder=1.5,
        )
    return artists


def _draw_traced_links(
    ax: Axes,
    traced: Mapping[str, ChainTrace],
    artists: Mapping[str, Text],
    positions: Mapping[str, tuple[float, float]],
) -> dict[str, None]:
    """Each link of the student's chains, styled by its verdict as in the chain chart.
    Returns the verdicts drawn, in the order first met, for the legend."""
    used: dict[str, None] = {}
    for article_id, trace in traced.items():
        for link in trace.links:
            if link.earlier not in artists or link.later not in artists:
                continue  # a source outside the graph has no place on the map
            used[link.verdict] = None
            style = LINK_STYLES[link.verdict]
            _draw_arrow(
                ax,
                artists[link.earlier],
                artists[link.later],
                colour=style.colour,
                line=style.line,
                width=2.4,
                rad=_rad(positions[link.earlier], positions[link.later]) + 0.05,
                gid=f"link:{article_id}:{link.later}<-{link.earlier}",
                zorder=4,
            )
    return used


def _chains_words(
    case: Case,
    key: SourcesKey,
    traced: Mapping[str, ChainTrace],
    unknown: Mapping[str, Sequence[str]],
) -> tuple[str, str]:
    """The map of the student's chains in words: its alt text (how many articles are
    traced) and its description (every chain step by step, and what is not traced yet)."""
    described = []
    for article_id, trace in traced.items():
        steps = [
            f"{key.name(link.later)} from {key.name(link.earlier)} ({LINK_WORDS[link.verdict]})"
            for link in trace.links
        ]
        chain = "; ".join(steps) if steps else "no steps back yet"
        if unknown.get(article_id):
            chain += f"; not in this story: {', '.join(unknown[article_id])}"
        described.append(f"{key.name(trace.start)}: {chain}")
    missing = [a.id for a in case.articles if a.id in key.articles and a.id not in traced]
    summary = "Your traced chains drawn on the citation graph of the whole story. "
    summary += (
        f"You have traced {len(traced)} of the {len(traced) + len(missing)} articles."
        if traced
        else "No chains saved yet."
    )
    text = summary
    if described:
        text += " Your chains: " + ". ".join(described) + "."
    if missing and traced:
        text += (
            " Not traced yet: " + ", ".join(key.name(key.outlet_of(a) or a) for a in missing) + "."
        )
    return summary, text


def _chains_legend(ax: Axes, used: Mapping[str, None]) -> None:
    from matplotlib.lines import Line2D

    shown = [v for v in ("direct", "skip", "wrong", "repeat") if v in used] or ["direct"]
    handles: list[Any] = [
        Line2D(
            [],
            [],
            color=LINK_STYLES[v].colour,
            linestyle=LINK_STYLES[v].line,
            linewidth=2.4,
            label=f"your link: {LINK_WORDS[v]}",
        )
        for v in shown
    ]
    handles.append(Line2D([], [], color=FAINT, label="the rest of the story"))
    ax.figure.legend(
        handles=handles,
        loc="outside lower center",
        ncols=3,
        frameon=False,
        fontsize=_LEGEND_FONT,
    )
