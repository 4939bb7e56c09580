"""The blanket note: noticing when a student gives every article about the same total
(blanket trust or doubt), because telling articles apart is the skill."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lessons.casestudy import Case
from lessons.memo import CaseCache
from lessons.reliability.answers import _complete_levels
from lessons.reliability.key import ReliabilityKey
from lessons.reliability.rubric import Rubric

__all__ = ["BLANKET_MIN_ARTICLES", "BLANKET_SPREAD"]

#: Ratings of several articles whose totals all lie within this many points are "blanket".
BLANKET_SPREAD = 10
#: Fewest fully rated articles before blanket rating is pointed out.
BLANKET_MIN_ARTICLES = 3


#: (levels as items) -> their total when they rate every criterion, else None: the blanket
#: check scores each of the student's other ratings on every answer.
_COMPLETE_TOTALS = CaseCache(cases=4, entries=20_000)
#: (article, total) pairs of a student's ratings -> the blanket note they earn, or None.
_BLANKET_NOTES = CaseCache(cases=4, entries=20_000)
_UNSEEN = object()


def _complete_total(table: dict[Any, int | None], rubric: Rubric, raw: object) -> int | None:
    """The total of a saved rating's levels if they rate every criterion, else None; remembered
    in ``table`` by the levels' items, which is all the total depends on."""
    if type(raw) is not dict and not isinstance(raw, Mapping):  # dict first: no ABC check
        return None
    items = tuple(raw.items())
    try:
        found = table.get(items, _UNSEEN)
    except TypeError:  # a value such as a list cannot be a level, so the rating is incomplete
        return None
    if found is _UNSEEN:
        levels = _complete_levels(rubric, raw)
        found = table[items] = rubric.score(levels) if levels is not None else None
    return found  # type: ignore[return-value]


def _blanket_note(
    case: Case,
    key: ReliabilityKey,
    target: str,
    total: int | None,
    answers: Mapping[str, Mapping[str, Any]] | None,
) -> str | None:
    """A sentence when the student gave every article about the same total, else None.
    ``total`` is the target's total when every criterion of it is rated.

    It looks up only the other articles' ratings (the grader's memo relies on it), and
    stops as soon as two totals lie too far apart, since more ratings cannot narrow that.
    """
    totals: dict[str, int] = {}
    if total is not None:
        totals[target] = total
    complete_totals = _COMPLETE_TOTALS.table(case)
    others = answers or {}
    for other, task_id in key.task_ids:
        if other == target:
            continue
        answer = others.get(task_id)
        if type(answer) is not dict and not isinstance(answer, Mapping):  # dict: no ABC check
            continue
        other_total = _complete_total(complete_totals, key.rubric, answer.get("levels"))
        if other_total is None:
            continue
        totals[other] = other_total
        if max(totals.values()) - min(totals.values()) > BLANKET_SPREAD:
            return None
    if len(totals) < BLANKET_MIN_ARTICLES:
        return None
    notes: dict[tuple[tuple[str, int], ...], str | None] = _BLANKET_NOTES.table(case)
    memo_key = tuple(totals.items())
    if memo_key not in notes:
        notes[memo_key] = _blanket_sentence(case, key, totals)
    return notes[memo_key]


def _blanket_sentence(case: Case, key: ReliabilityKey, totals: Mapping[str, int]) -> str | None:
    """The blanket note for totals (article -> total, in the order rated) that lie within
    BLANKET_SPREAD, or None when the expert bands of those articles lie close together too."""
    lowest, highest = min(totals.values()), max(totals.values())
    midpoints = [key.articles[article_id].midpoint for article_id in totals]
    if max(midpoints) - min(midpoints) <= 2 * BLANKET_SPREAD:
        return None
    mean = sum(totals.values()) / len(totals)
    kind = "blanket trust" if mean >= 60 else "blanket doubt" if mean < 40 else "one rating for all"
    weakest = min(totals, key=lambda a: key.articles[a].midpoint)
    strongest = max(totals, key=lambda a: key.articles[a].midpoint)

    def described(article_id: str) -> str:
        low, high = key.articles[article_id].band
        return f"{low}–{high} for {case.article(article_id).outlet}"

    spread = f"{lowest}" if lowest == highest else f"{lowest}–{highest}"
    return (
        f"You gave all {len(totals)} articles you rated about the same total ({spread}): "
        f"that looks like {kind}. Telling articles apart is the skill; doubting everything is "
        f"as unhelpful as trusting everything. The expert bands run from {described(weakest)} "
        f"to {described(strongest)}."
    )
