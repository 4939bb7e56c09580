"""Hedge counts and density (hedges per 100 words in the headline and the body), for
charts of how hedging changes along the chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from lessons.casestudy import Case
from lessons.hedges.check import SKILL, _overlap
from lessons.hedges.detector import default_lexicon, detect
from lessons.hedges.key import PARTS, HedgeKey
from lessons.hedges.marking import marking_parts, marking_text
from lessons.text import word_count

__all__ = ["Source", "hedge_counts", "hedge_density"]

Source = Literal["auto", "key", "detector"]


def hedge_counts(
    case: Case,
    article_id: str,
    *,
    source: Source = "auto",
    categories: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Hedges and words in the headline and the body of one article.

    ``source="key"`` counts the expert's spans, ``"detector"`` the detector's hits (for a
    case without a key), ``"auto"`` the key when it covers the article. ``categories``
    defaults to every category except ``booster`` (a booster is the opposite of a hedge).
    """
    article = case.article(article_id)
    lexicon = default_lexicon()
    wanted = set(categories or [c for c in lexicon.category_ids if c != "booster"])
    key: HedgeKey | None = case.key(SKILL)
    article_key = key.article(article_id) if key is not None else None
    if source == "key" and article_key is None:
        raise LookupError(f"The case has no hedge key for {article_id!r}.")
    use_key = article_key is not None and source != "detector"
    text = marking_text(article)
    parts = marking_parts(article)
    if use_key:
        assert article_key is not None
        spans = [(s.start, s.end, s.category) for s in article_key.spans]
    else:
        spans = []
        for hit in detect(text, lexicon).hits:
            if not any(_overlap(hit.start, hit.end, s, e) for s, e, _ in spans):
                spans.append((hit.start, hit.end, hit.category))
    counts: dict[str, Any] = {"source": "key" if use_key else "detector"}
    for part in PARTS:
        start, end = parts[part]
        counts[f"{part}_words"] = word_count(text[start:end])
        counts[f"{part}_hedges"] = sum(
            1 for s, _, category in spans if start <= s < end and category in wanted
        )
    return counts


def hedge_density(
    case: Case,
    article_id: str,
    *,
    source: Source = "auto",
    categories: Sequence[str] | None = None,
) -> dict[str, float | None]:
    """Hedges per 100 words: ``{"headline": per100 or None (no headline), "body": per100}``."""
    counts = hedge_counts(case, article_id, source=source, categories=categories)
    density: dict[str, float | None] = {}
    for part in PARTS:
        words = counts[f"{part}_words"]
        density[part] = round(100 * counts[f"{part}_hedges"] / words, 2) if words else None
    return density
