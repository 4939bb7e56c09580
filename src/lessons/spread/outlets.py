"""The story's outlets for the spread charts: each one's group, its date (kept as uncertain as
it is) and its column left to right in time (:func:`time_layers`).

The outlets and edges come from the case's ``key/sources.toml``; an uncertain date stays a
range (``earliest``/``latest``, either may be missing), never a single day.
"""

from __future__ import annotations

import datetime as dt

from lessons.casestudy import Case, DateInfo
from lessons.sources import Source, sources_key

__all__ = [
    "GROUPS",
    "UNCERTAIN_CONFIDENCE",
    "group_of",
    "outlet_date",
    "short_date",
    "time_layers",
]

#: Date confidences below "medium": such links and dates are shown as "probably".
UNCERTAIN_CONFIDENCE = ("low", "low-medium", "medium-low")

#: How a node is grouped (and coloured) in the charts: by what it did with the claim first
#: (began it, checked it, denied it), else by its kind.
GROUPS: dict[str, str] = {
    "origin": "where the claim began",
    "state-media": "state TV or state media",
    "person": "a person",
    "news-agency": "news agency passing it on",
    "outlet": "news outlet or website passing it on",
    "other": "other source passing it on",
    "fact-check": "fact-check or doubt",
    "denial": "official denial",
}


def group_of(source: Source) -> str:
    """The chart group of an outlet (a key of :data:`GROUPS`)."""
    if source.role == "origin":
        return "origin"
    if source.role == "doubt":
        return "fact-check"
    if source.role == "denial":
        return "denial"
    if source.kind in ("state-tv", "state-media"):
        return "state-media"
    if source.kind in ("person", "news-agency", "outlet"):
        return source.kind
    return "other"


def outlet_date(case: Case, source: Source) -> DateInfo | None:
    """When an outlet first carried the claim: its own date, or its article's, or None."""
    if source.date is not None:
        return source.date
    if source.article is not None:
        return case.article(source.article).date
    return None


def short_date(date: DateInfo | None) -> str:
    """A compact date for a chart label: "5 Aug 2022", "4-5 Aug 2022", "7 Aug 2022 or
    later", "by 5 Aug 2022", "date not found"; "(probably)" when the confidence is low."""
    if date is None or (date.earliest is None and date.latest is None):
        return "date not found"
    first, last = date.earliest, date.latest
    if first is not None and last is not None:
        if first == last:
            text = _short(first)
        elif (first.year, first.month) == (last.year, last.month):
            text = f"{first.day}–{_short(last)}"
        elif first.year == last.year:
            text = f"{first.day} {first:%b}–{_short(last)}"
        else:
            text = f"{_short(first)}–{_short(last)}"
    elif first is not None:
        text = f"{_short(first)} or later"
    else:
        assert last is not None
        text = f"by {_short(last)}"
    if date.confidence in UNCERTAIN_CONFIDENCE:
        text += " (probably)"
    return text


def _short(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def time_layers(case: Case) -> dict[str, int]:
    """Each outlet's column, left to right in time: an outlet always stands right of every
    outlet it got the story from and of every outlet that surely came before it (the
    latest possible date of one before the earliest possible date of the other).

    Raises :class:`lessons.sources.MissingKeyError` when the case has no sources key.
    """
    import networkx as nx

    key = sources_key(case)
    ids = [s.id for s in key.outlets]
    dates = {s.id: outlet_date(case, s) for s in key.outlets}
    graph = nx.DiGraph()
    graph.add_nodes_from(ids)
    graph.add_edges_from((e.source, e.target) for e in key.edges)
    before = [
        (a, b)
        for a in ids
        for b in ids
        if a != b
        and (da := dates[a]) is not None
        and (db := dates[b]) is not None
        and da.latest is not None
        and db.earliest is not None
        and da.latest < db.earliest
    ]
    with_dates = graph.copy()
    with_dates.add_edges_from(before)
    if nx.is_directed_acyclic_graph(with_dates):
        graph = with_dates  # dates that contradict the citations are ignored, not trusted
    layers: dict[str, int] = {}
    for node in nx.topological_sort(graph):
        layers[node] = max((layers[p] + 1 for p in graph.predecessors(node)), default=0)
    return {node: layers[node] for node in ids}
