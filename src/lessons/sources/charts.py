"""A student's chain of sources beside the expert chain, with the differences marked.

Both chains run top to bottom in the order the story travelled: where it began at the
top, the article at the bottom. In *your chain* each link is marked by what the checker
found (a real link, a skipped step, not a link the story took); in the *expert chain*
the steps missing from yours are marked. Marks are words and line styles as well as
Okabe-Ito colours (the shared style of :mod:`lessons.charts`), the figure has a title, and
its alt text is ``fig.lessons_alt_text``. matplotlib and networkx are imported only when a
figure is drawn.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

from lessons.casestudy import Case
from lessons.charts import MAX_WIDTH, OKABE_ITO, SKY_BLUE_TINT, describe, new_figure
from lessons.sources import ChainTrace, SourcesKey, expert_chain, sources_key, trace_chain

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["LINK_STYLES", "LINK_WORDS", "chain_figure"]


@dataclass(frozen=True)
class LinkStyle:
    """How one kind of link is drawn: colour, line style and the words beside it."""

    colour: str
    line: Literal["solid", "dashed", "dotted"]
    words: str


#: Link verdicts (see :class:`lessons.sources.ChainLink`) and how the chart shows them.
LINK_STYLES: dict[str, LinkStyle] = {
    "direct": LinkStyle(OKABE_ITO["blue"], "solid", "✓ real link"),
    "skip": LinkStyle(OKABE_ITO["orange"], "dashed", "◐ skips a step"),
    "wrong": LinkStyle(OKABE_ITO["vermillion"], "dotted", "✗ not a link the story took"),
    "repeat": LinkStyle(OKABE_ITO["vermillion"], "dotted", "✗ already in the chain"),
    "outside": LinkStyle(OKABE_ITO["vermillion"], "dotted", "✗ did not pass the claim on"),
    "expert": LinkStyle(OKABE_ITO["black"], "solid", ""),
    "unsure": LinkStyle(OKABE_ITO["black"], "dashed", "probably"),
}
#: A student's link verdicts in words, for the alt text and the legend of a chart of chains.
LINK_WORDS: dict[str, str] = {
    "direct": "a real link",
    "skip": "skips a step",
    "wrong": "not a link the story took",
    "repeat": "already in the chain",
    "outside": "did not pass the claim on",
}
ARTICLE_FILL = "#e8e8e8"
SHARED_FILL = SKY_BLUE_TINT  # in both chains
MISSING_EDGE = OKABE_ITO["vermillion"]
_KIND_WORDS = {
    "credited": "credited",
    "uncredited-copy": "copied, no credit",
    "translation": "translated",
}


def _label(key: SourcesKey, source_id: str) -> str:
    return textwrap.fill(key.name(source_id), 24)


def _positions(count: int) -> list[tuple[float, float]]:
    """Where each node of a chain goes, by networkx: node 0 (the article) on the bottom row,
    one row up for each step back, so the two panels line up at the bottom."""
    import networkx as nx

    if count == 1:
        return [(0.0, 0.0)]
    graph = nx.path_graph(count, create_using=nx.DiGraph)
    nx.set_node_attributes(graph, {index: index for index in range(count)}, "layer")
    layout = nx.multipartite_layout(graph, subset_key="layer", align="horizontal")
    # The layers come spread over y in [-1, 1]; rescale to one row per layer.
    return [(0.0, float((layout[i][1] + 1) / 2 * (count - 1))) for i in range(count)]


def _draw_node(
    ax: Axes, xy: tuple[float, float], text: str, *, fill: str, edge: str, dashed: bool, bold: bool
) -> None:
    ax.text(
        *xy,
        text,
        ha="center",
        va="center",
        fontsize=9,
        fontweight="bold" if bold else "normal",
        bbox={
            "boxstyle": "round,pad=0.45",
            "facecolor": fill,
            "edgecolor": edge,
            "linewidth": 2.2 if dashed else 1.2,
            "linestyle": "--" if dashed else "-",
        },
        zorder=3,
    )


def _draw_link(
    ax: Axes, earlier: tuple[float, float], later: tuple[float, float], style: LinkStyle, words: str
) -> None:
    ax.annotate(
        "",
        xy=(later[0], later[1] + 0.28),
        xytext=(earlier[0], earlier[1] - 0.28),
        arrowprops={
            "arrowstyle": "-|>",
            "color": style.colour,
            "linestyle": style.line,
            "linewidth": 2,
            "shrinkA": 0,
            "shrinkB": 0,
        },
        zorder=2,
    )
    if words:
        ax.text(
            earlier[0] + 0.12,
            (earlier[1] + later[1]) / 2,
            words,
            ha="left",
            va="center",
            fontsize=8,
            color=style.colour if style.colour != OKABE_ITO["black"] else "#333333",
            zorder=3,
        )


def _setup(ax: Axes, title: str, rows: int) -> None:
    ax.set_title(title, fontsize=11)
    ax.set_xlim(-1.0, 1.6)
    ax.set_ylim(-0.7, rows - 0.3)
    ax.set_axis_off()


def chain_figure(case: Case, article_id: str, student_chain: Sequence[str]) -> Figure:
    """The student's chain (ids or names, from the immediate source back) beside the expert's.

    Raises :class:`lessons.sources.MissingKeyError` or
    :class:`lessons.casestudy.UnknownArticleError` (each with a plain sentence).
    """
    key = sources_key(case)
    expert = [key.step(s) for s in expert_chain(case, article_id)]
    names = [n for n in student_chain if isinstance(n, str) and n.strip()]
    resolved = [key.resolve(n) for n in names]
    unknown = [n for n, r in zip(names, resolved, strict=True) if r is None]
    trace = trace_chain(key, article_id, [r for r in resolved if r is not None])
    start = trace.start
    mine = [start, *trace.steps]
    theirs = [start, *(s for s in expert if s != start)]  # the origin's own chain is itself
    rows = max(len(mine), len(theirs))
    fig = new_figure(MAX_WIDTH, 1.25 * rows + 1.6)
    outlet = key.name(start)
    fig.suptitle(f"How the story reached {outlet}: your chain and the expert's", fontsize=13)
    left, right = fig.subplots(1, 2)
    _setup(left, "Your chain", rows)
    _setup(right, "The expert's chain", rows)

    origin = key.step(key.origin)
    mine_xy = _positions(len(mine))
    for node, xy in zip(mine, mine_xy, strict=True):
        tag = "\n(where it began)" if node == origin else ""
        fill = ARTICLE_FILL if node == start else SHARED_FILL if node in theirs else "white"
        _draw_node(
            left,
            xy,
            _label(key, node) + tag,
            fill=fill,
            edge=OKABE_ITO["black"],
            dashed=False,
            bold=node == start,
        )
    for index, link in enumerate(trace.links):
        style = LINK_STYLES[link.verdict]
        _draw_link(left, mine_xy[index + 1], mine_xy[index], style, style.words)
    if len(mine) == 1:
        left.text(
            0, 0.6, "You have not built a chain yet.", ha="center", fontsize=9, style="italic"
        )

    theirs_xy = _positions(len(theirs))
    missing = [node for node in theirs[1:] if node not in mine]
    for node, xy in zip(theirs, theirs_xy, strict=True):
        tag = "\n(where it began)" if node == origin else ""
        not_yours = node in missing
        _draw_node(
            right,
            xy,
            _label(key, node) + tag + ("\n— not in your chain" if not_yours else ""),
            fill=ARTICLE_FILL if node == start else "white" if not_yours else SHARED_FILL,
            edge=MISSING_EDGE if not_yours else OKABE_ITO["black"],
            dashed=not_yours,
            bold=node == start,
        )
    for index, (later, earlier) in enumerate(pairwise(theirs)):
        edges = key.step_sources(later).get(earlier, ())
        edge = edges[0] if edges else None
        unsure = edge is not None and edge.inferred
        words = _KIND_WORDS.get(edge.kind, "") if edge else ""
        if edge is not None and edge.kind == "translation" and not edge.credited:
            words = "translated, no credit"
        if unsure:
            words = f"{words} (probably)"
        style = LINK_STYLES["unsure" if unsure else "expert"]
        _draw_link(right, theirs_xy[index + 1], theirs_xy[index], style, words)
    if unknown:
        fig.text(0.01, 0.01, "Not in this story, so not drawn: " + ", ".join(unknown), fontsize=8)
    describe(fig, _alt_text(key, trace, theirs, missing, unknown))
    return fig


def _alt_text(
    key: SourcesKey,
    trace: ChainTrace,
    theirs: Sequence[str],
    missing: Sequence[str],
    unknown: Sequence[str],
) -> str:
    name = key.name
    if trace.links:
        steps = "; ".join(
            f"{name(link.later)} from {name(link.earlier)} ({LINK_WORDS[link.verdict]})"
            for link in trace.links
        )
        yours = f"Your chain: {steps}."
    else:
        yours = "You have not built a chain yet."
    expert = " from ".join(name(node) for node in theirs)
    text = (
        f"How the story reached {name(trace.start)}. {yours} The expert's chain: {expert}, where "
        "the claim began."
    )
    text += (
        f" Missing from your chain: {', '.join(name(n) for n in missing)}."
        if missing
        else " Your chain has every step of the expert's."
    )
    if unknown:
        text += f" Not in this story: {', '.join(unknown)}."
    return text
