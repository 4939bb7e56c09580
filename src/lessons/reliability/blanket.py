"""The blanket note: noticing when a student gives every article about the same total
(blanket trust or doubt), because telling articles apart is the skill."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lessons.casestudy import Case
from lessons.memo import per_case
from lessons.reliability.answers import _complete_levels
from lessons.reliability.key import ReliabilityKey

__all__ = ["BLANKET_MIN_ARTICLES", "BLANKET_SPREAD"]

#: Ratings of several articles whose totals all lie within this many points are "blanket".
BLANKET_SPREAD = 10
#: Fewest fully rated articles before blanket rating is pointed out.
BLANKET_MIN_ARTICLES = 3


def _complete_total(case: Case, raw: object) -> int | None:
    """The total of a saved rating's levels if they rate every criterion, else None."""
    if type(raw) is not dict and not isinstance(raw, Mapping):  # dict first: no ABC check
        return None
    return _total_if_complete(case, tuple(raw.items()))


@per_case(entries=20_000)
def _total_if_complete(case: Case, levels: tuple[tuple[Any, Any], ...]) -> int | None:
    """The total of a rating's levels (their items) if they rate every criterion, else None:
    the blanket check scores each of the student's other ratings on every answer."""
    rubric = case.key("reliability").rubric
    complete = _complete_levels(rubric, dict(levels))
    return rubric.score(complete) if complete is not None else None


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
    others = answers or {}
    for other, task_id in key.task_ids:
        if other == target:
            continue
        answer = others.get(task_id)
        if type(answer) is not dict and not isinstance(answer, Mapping):  # dict: no ABC check
            continue
        other_total = _complete_total(case, answer.get("levels"))
        if other_total is None:
            continue
        totals[other] = other_total
        if max(totals.values()) - min(totals.values()) > BLANKET_SPREAD:
            return None
    if len(totals) < BLANKET_MIN_ARTICLES:
        return None
    return _blanket_sentence(case, tuple(totals.items()))


@per_case(entries=20_000)
def _blanket_sentence(case: Case, rated: tuple[tuple[str, int], ...]) -> str | None:
    """The blanket note for (article, total) pairs, in the order rated, whose totals lie within
    BLANKET_SPREAD, or None when the expert bands of those articles lie close together too."""
    key: ReliabilityKey = case.key("reliability")
    totals = dict(rated)
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
