"""The expert key, ``key/reliability.toml``: the expert's level, quotes and reason for every
criterion of every article, and a band for its total, validated against the case and the rubric."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lessons.casestudy import (
    CONFIDENCE_LEVELS,
    Article,
    Case,
    UnknownArticleError,
    exact_match_hint,
)
from lessons.reliability.evidence import _ArticleText, _fold_article, _locate
from lessons.reliability.rubric import LEVELS, Criterion, Rubric, default_rubric
from lessons.validation import Field, Problems

__all__ = ["KEY_FORMAT", "ArticleKey", "CriterionKey", "ReliabilityKey", "parse_key"]

KEY_FORMAT = 1


@dataclass(frozen=True)
class CriterionKey:
    """The expert's level for one criterion of one article, the quotes that show it and why."""

    level: str
    reason: str
    quotes: tuple[str, ...] = ()
    also: tuple[str, ...] = ()

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.level, *self.also)

    @cached_property
    def agreements(self) -> dict[str, str]:
        """Each level's agreement with the expert ("agree", "close" or "far"), worked out once."""
        return {level: _agreement(self, level) for level in LEVELS}


@dataclass(frozen=True)
class ArticleKey:
    """The expert rating of one article: a level per criterion and a band for the total."""

    article_id: str
    band: tuple[int, int]
    criteria: Mapping[str, CriterionKey]
    track_record: str
    track_record_confidence: str
    crucial: str | None = None

    @property
    def levels(self) -> dict[str, str]:
        return {criterion_id: key.level for criterion_id, key in self.criteria.items()}

    @property
    def midpoint(self) -> float:
        return (self.band[0] + self.band[1]) / 2


@dataclass(frozen=True)
class ReliabilityKey:
    """The expert ratings of every article of a case, and the rubric they use."""

    articles: Mapping[str, ArticleKey]
    rubric: Rubric

    @cached_property
    def task_ids(self) -> tuple[tuple[str, str], ...]:
        """Each rated article with the id of its task, built once for the blanket check."""
        return tuple((article_id, f"reliability/{article_id}") for article_id in self.articles)


def _agreement(expert: CriterionKey, level: str) -> str:
    if level in expert.accepted:
        return "agree"
    distance = min(abs(LEVELS.index(level) - LEVELS.index(ok)) for ok in expert.accepted)
    return "close" if distance == 1 else "far"


_KEY_FIELDS = {"format": Field(int, choices=(KEY_FORMAT,)), "articles": Field(dict)}
_ARTICLE_KEY_FIELDS = {
    "band": Field(list),
    "crucial": Field(str, required=False),
    "track_record": Field(str),
    "track_record_confidence": Field(str, choices=CONFIDENCE_LEVELS),
    "criteria": Field(dict),
}
_CRITERION_KEY_FIELDS = {
    "level": Field(str, choices=LEVELS),
    "also": Field(list, required=False),
    "quotes": Field(list, required=False),
    "reason": Field(str),
}


def parse_key(
    case: Case, table: Mapping[str, Any], problems: Problems, file: str
) -> ReliabilityKey:
    """Validate ``key/reliability.toml`` against the case and the rubric; record every problem."""
    rubric = default_rubric()
    top = problems.check_table(file, "", table, _KEY_FIELDS)
    articles: dict[str, ArticleKey] = {}
    given = top.get("articles", {})
    for article_id, article_table in given.items():
        where = f"articles.{article_id}"
        try:
            article = case.article(article_id)
        except UnknownArticleError as error:
            problems.add(file, where, str(error))
            continue
        parsed = _parse_article_key(article, rubric, file, where, article_table, problems)
        if parsed is not None:
            articles[article_id] = parsed
    if "articles" in top:
        for article_id in case.article_ids:
            if article_id not in given:
                problems.add(
                    file,
                    f"articles.{article_id}",
                    "is missing; the key must rate every article of the case",
                )
    return ReliabilityKey(articles, rubric)


def _parse_article_key(
    article: Article,
    rubric: Rubric,
    file: str,
    where: str,
    table: object,
    problems: Problems,
) -> ArticleKey | None:
    before = len(problems)
    fields = problems.check_table(file, where, table, _ARTICLE_KEY_FIELDS)
    low_high = fields.get("band")
    if low_high is not None and not (
        len(low_high) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in low_high)
        and 0 <= low_high[0] <= low_high[1] <= 100
    ):
        problems.add(
            file,
            f"{where}.band",
            f"must be [low, high], two whole numbers with 0 <= low <= high <= 100, not {low_high!r}",
        )
    crucial = fields.get("crucial")
    if crucial is not None and crucial not in rubric.ids:
        problems.add(
            file,
            f"{where}.crucial",
            f"{crucial!r} is not a criterion; use one of: {', '.join(rubric.ids)}",
        )
    criteria: dict[str, CriterionKey] = {}
    given = fields.get("criteria", {})
    folded = _fold_article(article)  # where the expert's quotes are looked for
    for criterion_id, criterion_table in given.items():
        place = f"{where}.criteria.{criterion_id}"
        if criterion_id not in rubric.ids:
            problems.add(
                file,
                place,
                f"unknown criterion; the rubric's criteria are: {', '.join(rubric.ids)}",
            )
            continue
        parsed = _parse_criterion_key(
            folded, article, rubric.criterion(criterion_id), file, place, criterion_table, problems
        )
        if parsed is not None:
            criteria[criterion_id] = parsed
    if "criteria" in fields:
        for criterion_id in rubric.ids:
            if criterion_id not in given:
                problems.add(
                    file,
                    f"{where}.criteria.{criterion_id}",
                    "is missing; give the expert's level, quotes and reason for every criterion",
                )
    if len(problems) > before:
        return None
    low, high = low_high  # type: ignore[misc]
    expert_total = rubric.score({cid: key.level for cid, key in criteria.items()})
    if not low <= expert_total <= high:
        problems.add(
            file,
            f"{where}.band",
            f"the expert levels add up to {expert_total}, outside the band [{low}, {high}]; "
            "widen the band or change a level",
        )
        return None
    return ArticleKey(
        article_id=article.id,
        band=(low, high),
        criteria={cid: criteria[cid] for cid in rubric.ids},
        track_record=fields["track_record"],
        track_record_confidence=fields["track_record_confidence"],
        crucial=crucial,
    )


def _parse_criterion_key(
    folded: _ArticleText,
    article: Article,
    criterion: Criterion,
    file: str,
    where: str,
    table: object,
    problems: Problems,
) -> CriterionKey | None:
    before = len(problems)
    fields = problems.check_table(file, where, table, _CRITERION_KEY_FIELDS)
    also = fields.get("also", [])
    for index, level in enumerate(also):
        if level not in LEVELS or level == fields.get("level"):
            problems.add(
                file,
                f"{where}.also[{index}]",
                f"must be another level than `level` (one of: {', '.join(LEVELS)}), not {level!r}",
            )
    quotes = fields.get("quotes", [])
    for index, quote in enumerate(quotes):
        place = f"{where}.quotes[{index}]"
        if not isinstance(quote, str) or not quote.strip():
            problems.add(file, place, f"must be a non-empty quote from the article, not {quote!r}")
        elif _locate(folded, criterion, quote)[0] not in ("article", "evidence-furniture"):
            allowed = " or the byline"
            if criterion.furniture:
                allowed += " or page furniture of kind " + ", ".join(criterion.furniture)
            problems.add(
                file,
                place,
                f"{quote!r} does not occur in the headline, body{allowed} of {article.file}"
                + exact_match_hint(article, quote),
            )
    if "reason" in fields and not fields["reason"].strip():
        problems.add(file, f"{where}.reason", "is empty; give the expert's reason in one line")
    if len(problems) > before:
        return None
    return CriterionKey(
        level=fields["level"],
        reason=fields["reason"].strip(),
        quotes=tuple(quotes),
        also=tuple(also),
    )
