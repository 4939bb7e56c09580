"""Reading a student's saved rating: its levels and quotes, checked and spelled as the rubric
does, with one plain sentence (a :class:`MalformedAnswer`) when it cannot be read; and the totals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lessons.casestudy import Case
from lessons.feedback import MalformedAnswer
from lessons.reliability.rubric import LEVEL_SHARE, LEVELS, Rubric, default_rubric

__all__ = ["article_scores", "read_levels"]

_LEVEL_NAMES = frozenset(LEVEL_SHARE)


def _normal_level(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    if value in LEVEL_SHARE:  # the widget's own spelling: the common case
        return value
    level = "-".join(value.strip().lower().replace("_", " ").split())
    return level if level in LEVELS else None


def read_levels(rubric: Rubric, raw: object) -> dict[str, str]:
    """The levels of an answer as ``{criterion id: level}``; raises :class:`MalformedAnswer`."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise MalformedAnswer("This answer is damaged: choose the levels again.")
    try:
        as_spelled = rubric.has_all(raw) and _LEVEL_NAMES.issuperset(raw.values())
    except TypeError:  # a value such as a list, which is no level: read it below
        as_spelled = False
    if as_spelled:
        return dict(raw)  # the widget's own answer: every level spelled as the rubric does
    levels: dict[str, str] = {}
    for criterion_id, value in raw.items():
        if not rubric.has(criterion_id):
            raise MalformedAnswer(
                f"There is no question called {criterion_id!r} in the rubric: choose levels "
                f"for {', '.join(rubric.ids)}."
            )
        if value is None or value == "":
            continue
        level = _normal_level(value)
        if level is None:
            label = rubric.criterion(criterion_id).label
            raise MalformedAnswer(
                f"{value!r} is not a level for “{label}”: choose met, partly or not met."
            )
        levels[criterion_id] = level
    return levels


def _read_rating(rubric: Rubric, answer: object) -> tuple[dict[str, str], dict[str, str]]:
    """The levels and quotes of a rating to check, which must rate at least one question;
    raises :class:`MalformedAnswer`."""
    if not isinstance(answer, Mapping):
        raise MalformedAnswer("This answer is empty or damaged: rate the article again.")
    levels = read_levels(rubric, answer.get("levels"))
    evidence = _read_evidence(rubric, answer.get("evidence"))
    if not levels:
        raise MalformedAnswer(
            "Choose met, partly or not met for at least one question, then press Check."
        )
    return levels, evidence


def _read_evidence(rubric: Rubric, raw: object) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise MalformedAnswer("Your evidence is damaged: pick or paste your quotes again.")
    evidence: dict[str, str] = {}
    for criterion_id, quote in raw.items():
        if quote is None or not rubric.has(criterion_id):
            continue
        if not isinstance(quote, str):
            label = rubric.criterion(criterion_id).label
            raise MalformedAnswer(
                f"Your evidence for “{label}” is not text: pick a sentence or paste a quote."
            )
        quote = quote.strip()
        if quote:
            evidence[criterion_id] = quote
    return evidence


def _complete_levels(rubric: Rubric, raw: object) -> dict[str, str] | None:
    try:
        levels = read_levels(rubric, raw)
    except MalformedAnswer:
        return None
    return levels if len(levels) == len(rubric.ids) else None  # its ids are the rubric's


def article_scores(
    case: Case, answers: Mapping[str, Mapping[str, Any]] | None
) -> dict[str, int | None]:
    """Each article's total from a student's saved answers; None where not fully rated."""
    rubric = default_rubric()
    scores: dict[str, int | None] = {}
    for article_id in case.article_ids:
        answer = (answers or {}).get(f"reliability/{article_id}")
        levels = (
            _complete_levels(rubric, answer.get("levels")) if isinstance(answer, Mapping) else None
        )
        scores[article_id] = rubric.score(levels) if levels else None
    return scores
