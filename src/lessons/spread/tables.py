"""The spread data as pandas DataFrames: :func:`appearances_table` (one row per outlet, with
its date, time layer, hedges per 100 words and reliability band) and :func:`edges_table` (one
row per citation). pandas is imported only inside the functions that need it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from lessons.casestudy import Case, DateInfo
from lessons.reliability import ReliabilityKey
from lessons.sources import sources_key
from lessons.spread.outlets import group_of, outlet_date, time_layers

if TYPE_CHECKING:
    import pandas as pd

    from lessons.hedges import Source as HedgeSource

__all__ = ["appearances_table", "edges_table"]


def _is_exact(date: DateInfo | None) -> bool:
    return date is not None and date.is_exact


def _timestamp(day: dt.date | None) -> Any:
    import pandas as pd

    return pd.Timestamp(day) if day is not None else pd.NaT


def appearances_table(case: Case, *, hedge_source: HedgeSource = "auto") -> pd.DataFrame:
    """One row per outlet of the story (seed or not), in key order.

    Columns: ``id``, ``name``, ``kind``, ``role``, ``group`` (see
    :data:`lessons.spread.GROUPS`), ``article`` (the case's article it published, or None),
    ``is_seed``, ``earliest`` and ``latest`` (Timestamps, NaT when that bound is unknown),
    ``date_exact``, ``date_label`` ("between 4 August 2022 and 5 August 2022"),
    ``date_confidence``, ``date_note``, ``layer`` (column in time order),
    ``headline_hedges_per_100`` and ``body_hedges_per_100`` (seeds only; NaN when there is no
    headline or no text), ``body_boosters_per_100``, ``hedges_counted_by`` (``key`` or
    ``detector``; ``hedge_source`` chooses as in :func:`lessons.hedges.hedge_counts`),
    ``band_low``, ``band_high`` and ``band`` (the expert's reliability band of the article,
    where the case has one).
    """
    import pandas as pd

    key = sources_key(case)
    layers = time_layers(case)
    reliability: ReliabilityKey | None = case.key("reliability")
    rows = []
    for source in key.outlets:
        date = outlet_date(case, source)
        row: dict[str, Any] = {
            "id": source.id,
            "name": source.name,
            "kind": source.kind,
            "role": source.role,
            "group": group_of(source),
            "article": source.article,
            "is_seed": source.article is not None,
            "earliest": _timestamp(date.earliest if date else None),
            "latest": _timestamp(date.latest if date else None),
            "date_exact": _is_exact(date),
            "date_label": date.label() if date else "date not found",
            "date_confidence": date.confidence if date else None,
            "date_note": date.note if date else "",
            "layer": layers[source.id],
            **_hedge_columns(case, source.article, hedge_source),
            **_band_columns(reliability, source.article),
        }
        rows.append(row)
    table = pd.DataFrame(rows)
    for column in ("earliest", "latest"):
        table[column] = pd.to_datetime(table[column])
    return table


def _hedge_columns(case: Case, article_id: str | None, source: HedgeSource) -> dict[str, Any]:
    from lessons.hedges import hedge_counts

    nan = float("nan")
    if article_id is None:
        return {
            "headline_hedges_per_100": nan,
            "body_hedges_per_100": nan,
            "body_boosters_per_100": nan,
            "hedges_counted_by": None,
        }
    hedges = hedge_counts(case, article_id, source=source)
    boosters = hedge_counts(case, article_id, source=source, categories=["booster"])

    def per_100(count: int, words: int) -> float:
        return round(100 * count / words, 2) if words else nan

    return {
        "headline_hedges_per_100": per_100(hedges["headline_hedges"], hedges["headline_words"]),
        "body_hedges_per_100": per_100(hedges["body_hedges"], hedges["body_words"]),
        "body_boosters_per_100": per_100(boosters["body_hedges"], boosters["body_words"]),
        "hedges_counted_by": hedges["source"],
    }


def _band_columns(reliability: ReliabilityKey | None, article_id: str | None) -> dict[str, Any]:
    expert = reliability.articles.get(article_id) if reliability and article_id else None
    if expert is None:
        return {"band_low": None, "band_high": None, "band": None}
    low, high = expert.band
    return {"band_low": low, "band_high": high, "band": f"{low}-{high}"}


def edges_table(case: Case) -> pd.DataFrame:
    """One row per edge of the citation graph: the story went ``from`` one outlet ``to``
    another. Columns: ``from``, ``to``, ``kind`` (``credited``, ``uncredited-copy``,
    ``translation``), ``credited``, ``known`` (``quote`` or ``case-note``), ``confidence``,
    ``uncertain`` (confidence below medium), ``quote``, ``note``."""
    import pandas as pd

    key = sources_key(case)
    columns = [
        "from",
        "to",
        "kind",
        "credited",
        "known",
        "confidence",
        "uncertain",
        "quote",
        "note",
    ]
    rows = [
        {
            "from": edge.source,
            "to": edge.target,
            "kind": edge.kind,
            "credited": edge.credited,
            "known": edge.known,
            "confidence": edge.confidence,
            "uncertain": edge.inferred,
            "quote": edge.quote,
            "note": edge.note,
        }
        for edge in key.edges
    ]
    return pd.DataFrame(rows, columns=columns)
