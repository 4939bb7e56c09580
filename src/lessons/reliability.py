"""Rate an article's reliability: the rubric, the expert key with its bands, and the checker.

Students rate each *article* (not the outlet's brand) on the weighted criteria of
``lessons/data/rubric.toml``, quoting the sentence behind each judgement. The checker
compares each level with the expert's, judges whether the quote is in the article and
bears on the criterion, places the total inside or outside the expert's band, and notices
blanket ratings (every article rated the same), because telling articles apart is the skill.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from lessons.case_cache import CaseCache
from lessons.casestudy import (
    CONFIDENCE_LEVELS,
    FURNITURE_KINDS,
    Article,
    Case,
    UnknownArticleError,
)
from lessons.feedback import Feedback, FeedbackItem
from lessons.resources import package_data_file
from lessons.text import normalize_quote
from lessons.validation import Field, Problems, load_data_file

__all__ = [
    "BLANKET_SPREAD",
    "EVIDENCE_FROM",
    "EXTRA_TARGETS",
    "HOW_SURE_TARGET",
    "LEVELS",
    "ArticleKey",
    "Band",
    "Criterion",
    "CriterionKey",
    "EvidenceJudgement",
    "ReliabilityKey",
    "Rubric",
    "article_scores",
    "band",
    "check_answer",
    "default_rubric",
    "judge_evidence",
    "load_rubric",
    "parse_key",
    "read_levels",
    "score",
]

#: The three levels of every criterion, strongest first, and the share of the weight each earns.
LEVELS: tuple[str, ...] = ("met", "partly", "not-met")
LEVEL_SHARE: dict[str, float] = {"met": 1.0, "partly": 0.5, "not-met": 0.0}
_LEVEL_NAMES = frozenset(LEVEL_SHARE)
#: The evidence statuses that count as supported (:attr:`EvidenceJudgement.is_ok`).
_OK_STATUSES = ("ok", "optional")
LEVEL_WORDS: dict[str, str] = {"met": "met", "partly": "partly met", "not-met": "not met"}

#: Ratings of several articles whose totals all lie within this many points are "blanket".
BLANKET_SPREAD = 10
#: Fewest fully rated articles before blanket rating is pointed out.
BLANKET_MIN_ARTICLES = 3
#: Outside the band by at most this many points still earns half the overall points.
NEAR_BAND = 10
#: Fewest words in a quote (unless it is a whole line, such as a byline).
MIN_QUOTE_WORDS = 3
#: Other skills whose work can show that a quote bears on a criterion (rubric `evidence_from`):
#: "sources", the quotes the sources key gives for the article (who it names, where it got
#: the story); "hedges", any hedge, attribution or booster the hedge detector finds in the quote.
EVIDENCE_FROM: tuple[str, ...] = ("sources", "hedges")
#: Task target for "how sure are you now?", asked again at the end of the lesson.
HOW_SURE_TARGET = "how-sure-now"
#: Tasks of this lesson besides one per article (``lessons.exercises`` reads this).
EXTRA_TARGETS: tuple[str, ...] = (HOW_SURE_TARGET,)
START_CONFIDENCE_TASK = "start/confidence"

RUBRIC_FORMAT = 1
KEY_FORMAT = 1
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WORD = re.compile(r"[\w’'-]+")
_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "the a an and or of to in on at for with by from as is are was were be been that this "
        "it its his her their they he she we our you your not but also which who has have had "
        "will would there than then so if into about",
    )
)

_FURNITURE_WORDS: dict[str, str] = {
    "headline": "the headline line",
    "byline": "the byline",
    "date-header": "the site's date header",
    "breadcrumb": "the site's menu path",
    "related-link": "a link to another story",
    "share-button": "a share button",
    "comment-box": "the comment box",
    "author-box": "the author box",
    "image-credit": "a picture credit",
    "advertising": "an advert",
    "correction-notice": "the site's corrections link",
    "disclaimer": "a disclaimer",
}


# --- the rubric -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """One question of the rubric, with what each level looks like and how to spot evidence."""

    id: str
    label: str
    question: str
    weight: int
    descriptions: Mapping[str, str]
    look_for: str
    cues: tuple[str, ...]
    based_on: str = ""
    opening: bool = False
    furniture: tuple[str, ...] = ()
    evidence_from: tuple[str, ...] = ()

    @property
    def cue_pattern(self) -> re.Pattern[str]:
        return _cue_pattern(self.cues)


@lru_cache(maxsize=64)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(cue.lower()) for cue in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@dataclass(frozen=True)
class Band:
    """A named range of totals, ``low`` to ``high`` inclusive."""

    name: str
    low: int
    high: int


@dataclass(frozen=True)
class Rubric:
    """The weighted criteria (weights add up to 100) and the bands that name a total."""

    criteria: tuple[Criterion, ...]
    bands: tuple[Band, ...]
    source: str = ""

    @cached_property
    def ids(self) -> tuple[str, ...]:
        return tuple(criterion.id for criterion in self.criteria)

    @cached_property
    def _by_id(self) -> dict[str, Criterion]:
        return {criterion.id: criterion for criterion in self.criteria}

    @cached_property
    def _weights(self) -> dict[str, int]:
        return {criterion.id: criterion.weight for criterion in self.criteria}

    def has(self, criterion_id: object) -> bool:
        """Whether the rubric has a criterion with this id."""
        return criterion_id in self._by_id

    def has_all(self, criterion_ids: Mapping[str, Any]) -> bool:
        """Whether every key of ``criterion_ids`` is a criterion of the rubric."""
        return criterion_ids.keys() <= self._by_id.keys()

    def criterion(self, criterion_id: str) -> Criterion:
        found = self._by_id.get(criterion_id)
        if found is not None:
            return found
        raise KeyError(
            f"There is no criterion called {criterion_id!r}. Choose one of: {', '.join(self.ids)}."
        )

    def score(self, levels: Mapping[str, str]) -> int:
        """The total of the rated criteria (unrated ones add nothing), rounded half up."""
        weights = self._weights
        total = 0.0
        for criterion_id, level in levels.items():
            share = LEVEL_SHARE.get(level)
            if share is None:
                raise ValueError(f"{level!r} is not a level; use one of: {', '.join(LEVELS)}")
            weight = weights.get(criterion_id)
            if weight is None:
                weight = self.criterion(criterion_id).weight  # raises, naming the criteria
            total += weight * share
        return math.floor(total + 0.5)

    def band(self, total: float) -> str:
        """The name of the band ``total`` falls in."""
        for item in self.bands:
            if item.low <= total <= item.high:
                return item.name
        raise ValueError(f"{total!r} is not a total between 0 and 100")


_CRITERION_FIELDS = {
    "id": Field(str),
    "label": Field(str),
    "question": Field(str),
    "weight": Field(int),
    "met": Field(str),
    "partly": Field(str),
    "not_met": Field(str),
    "look_for": Field(str),
    "based_on": Field(str, required=False),
    "cues": Field(list),
    "opening": Field(bool, required=False),
    "furniture": Field(list, required=False),
    "evidence_from": Field(list, required=False),
}
_BAND_FIELDS = {"name": Field(str), "min": Field(int)}
_RUBRIC_FIELDS = {
    "format": Field(int, choices=(RUBRIC_FORMAT,)),
    "criteria": Field(list),
    "bands": Field(list),
}


def default_rubric_path() -> Path:
    """The rubric shipped with the package."""
    return package_data_file("rubric.toml")


@lru_cache(maxsize=1)
def default_rubric() -> Rubric:
    """The package's rubric, read and validated once."""
    return load_rubric(default_rubric_path())


def load_rubric(path: str | Path) -> Rubric:
    """Read and validate a rubric file; raises :class:`lessons.validation.DataFileError`
    listing every problem at once."""
    return load_data_file(path, _parse_rubric)


def _parse_rubric(data: Mapping[str, Any], file: str, problems: Problems) -> Rubric:
    top = problems.check_table(file, "", data, _RUBRIC_FIELDS)
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for index, table in enumerate(top.get("criteria", [])):
        where = f"criteria[{index}]"
        criterion = _parse_criterion(file, where, table, problems)
        if criterion is None:
            continue
        if criterion.id in seen:
            problems.add(file, f"{where}.id", f"{criterion.id!r} is used twice; ids must be unique")
            continue
        seen.add(criterion.id)
        criteria.append(criterion)
    if "criteria" in top:
        total = sum(criterion.weight for criterion in criteria)
        if not criteria:
            problems.add(file, "criteria", "is empty; a rubric needs at least one criterion")
        elif total != 100 and len(criteria) == len(top["criteria"]):
            problems.add(
                file,
                "criteria.weight",
                f"the weights add up to {total}; they must add up to 100",
            )
    bands = _parse_bands(file, top.get("bands", []), problems)
    return Rubric(tuple(criteria), bands, file)


def _parse_criterion(file: str, where: str, table: object, problems: Problems) -> Criterion | None:
    before = len(problems)
    fields = problems.check_table(file, where, table, _CRITERION_FIELDS)
    criterion_id = fields.get("id", "")
    if criterion_id and not _ID.match(criterion_id):
        problems.add(
            file,
            f"{where}.id",
            f"{criterion_id!r} must be lower-case letters, digits and single hyphens, like 'names-sources'",
        )
    if fields.get("weight", 1) <= 0:
        problems.add(
            file, f"{where}.weight", f"must be a whole number above 0, not {fields['weight']}"
        )
    for name in ("label", "question", "met", "partly", "not_met", "look_for"):
        if name in fields and not fields[name].strip():
            problems.add(file, f"{where}.{name}", "is empty; say it in a few words")
    cues = fields.get("cues", [])
    if "cues" in fields and not cues:
        problems.add(file, f"{where}.cues", "is empty; list words that show a quote bears on it")
    for index, cue in enumerate(cues):
        if not isinstance(cue, str) or not cue.strip():
            problems.add(file, f"{where}.cues[{index}]", f"must be a word or phrase, not {cue!r}")
    for index, kind in enumerate(fields.get("furniture", [])):
        if kind not in FURNITURE_KINDS:
            problems.add(
                file,
                f"{where}.furniture[{index}]",
                f"{kind!r} is not a kind of furniture; use one of: {', '.join(FURNITURE_KINDS)}",
            )
    for index, name in enumerate(fields.get("evidence_from", [])):
        if name not in EVIDENCE_FROM:
            problems.add(
                file,
                f"{where}.evidence_from[{index}]",
                f"{name!r} is not a source of evidence; use one of: {', '.join(EVIDENCE_FROM)}",
            )
    if len(problems) > before:
        return None
    return Criterion(
        id=criterion_id,
        label=fields["label"],
        question=fields["question"],
        weight=fields["weight"],
        descriptions={
            "met": fields["met"],
            "partly": fields["partly"],
            "not-met": fields["not_met"],
        },
        look_for=fields["look_for"],
        cues=tuple(" ".join(cue.lower().split()) for cue in cues),
        based_on=fields.get("based_on", ""),
        opening=fields.get("opening", False),
        furniture=tuple(fields.get("furniture", [])),
        evidence_from=tuple(fields.get("evidence_from", [])),
    )


def _parse_bands(file: str, tables: Sequence[object], problems: Problems) -> tuple[Band, ...]:
    parsed: list[tuple[str, int]] = []
    for index, table in enumerate(tables):
        fields = problems.check_table(file, f"bands[{index}]", table, _BAND_FIELDS)
        if "name" in fields and "min" in fields:
            if not 0 <= fields["min"] <= 100:
                problems.add(
                    file, f"bands[{index}].min", f"must be between 0 and 100, not {fields['min']}"
                )
            parsed.append((fields["name"], fields["min"]))
    if not tables:
        problems.add(file, "bands", "is empty; list the bands from the lowest (min = 0) up")
        return ()
    if parsed and parsed[0][1] != 0:
        problems.add(
            file, "bands[0].min", f"must be 0 so every total has a band, not {parsed[0][1]}"
        )
    for index in range(1, len(parsed)):
        if parsed[index][1] <= parsed[index - 1][1]:
            problems.add(
                file,
                f"bands[{index}].min",
                f"{parsed[index][1]} must be above the previous band's min ({parsed[index - 1][1]})",
            )
    names = [name for name, _ in parsed]
    for name in sorted({name for name in names if names.count(name) > 1}):
        problems.add(file, "bands.name", f"{name!r} is used twice; band names must be unique")
    bounds = [low for _, low in parsed[1:]] + [101]
    return tuple(
        Band(name, low, high - 1) for (name, low), high in zip(parsed, bounds, strict=True)
    )


def score(levels: Mapping[str, str]) -> int:
    """The total (0-100) of ``levels`` (criterion id -> level) on the package's rubric."""
    return default_rubric().score(levels)


def band(total: float) -> str:
    """The name of the band a total falls in, e.g. ``band(64) == "credible with exceptions"``."""
    return default_rubric().band(total)


# --- the expert key -------------------------------------------------------------------------


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
        parsed = _parse_article_key(case, article, rubric, file, where, article_table, problems)
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
    case: Case,
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
            case, article, rubric.criterion(criterion_id), file, place, criterion_table, problems
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
    case: Case,
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
        elif _locate(article, criterion, quote)[0] not in ("article", "evidence-furniture"):
            allowed = " or the byline"
            if criterion.furniture:
                allowed += " or page furniture of kind " + ", ".join(criterion.furniture)
            problems.add(
                file,
                place,
                f"{quote!r} does not occur in the headline, body{allowed} of {article.file}",
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


# --- judging evidence -----------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceJudgement:
    """Whether a quote supports a rating: ``status``, a sentence saying why not, and points (0-1).

    Status is one of ``ok``, ``optional`` (no quote where none is needed: for "not met", as
    absence cannot always be quoted, or where the expert found nothing on the page to quote),
    ``missing``, ``too-short``, ``not-in-article``, ``other-article``, ``furniture``
    or ``off-topic`` (in the article, but not bearing on the criterion).
    """

    status: str
    message: str = ""
    points: float = 0.0

    @property
    def is_ok(self) -> bool:
        return self.status in _OK_STATUSES


def _fold(text: str) -> str:
    """The form quotes are compared in: typographic marks and spacing folded, lower case."""
    return normalize_quote(text).lower()


@dataclass(frozen=True)
class _ArticleText:
    """An article's texts folded once, so judging many quotes stays fast."""

    article_id: str
    body: str
    headline: str
    byline: str
    sentences: tuple[str, ...]
    opening: tuple[str, ...]
    whole_lines: frozenset[str]
    furniture: tuple[tuple[str, str], ...]  # (kind, folded text)
    _touched: dict[str, frozenset[int]] = field(default_factory=dict, compare=False, repr=False)

    def in_article(self, wanted: str) -> bool:
        return any(wanted in text for text in (self.body, self.headline, self.byline) if text)

    def sentences_touched(self, wanted: str) -> frozenset[int]:
        """The sentences a quote lies in, or that lie wholly inside it (remembered)."""
        found = self._touched.get(wanted)
        if found is None:
            found = frozenset(
                index
                for index, sentence in enumerate(self.sentences)
                if wanted in sentence or sentence in wanted
            )
            if len(self._touched) < 4096:
                self._touched[wanted] = found
        return found


_ARTICLE_TEXTS: dict[int, tuple[Article, _ArticleText]] = {}


def _article_text(article: Article) -> _ArticleText:
    """The folded texts of an article, computed once per article object."""
    cached = _ARTICLE_TEXTS.get(id(article))
    if cached is not None and cached[0] is article:
        return cached[1]
    if len(_ARTICLE_TEXTS) > 256:
        _ARTICLE_TEXTS.clear()
    text = _fold_article(article)
    _ARTICLE_TEXTS[id(article)] = (article, text)
    return text


def _fold_article(article: Article) -> _ArticleText:
    sentences = tuple(_fold(sentence.text) for sentence in article.sentences)
    headline = _fold(article.headline or "")
    lines = {_fold(line) for line in article.raw_text.splitlines()}
    lines.update({headline, _fold(article.byline or "")})
    lines.discard("")
    return _ArticleText(
        article_id=article.id,
        body=_fold(article.body),
        headline=headline,
        byline=_fold(article.byline or ""),
        sentences=sentences,
        opening=tuple(text for text in (headline, *sentences[:1]) if text),
        whole_lines=frozenset(lines),
        furniture=tuple((item.kind, _fold(item.text)) for item in article.furniture),
    )


def _locate(article: Article, criterion: Criterion, quote: str) -> tuple[str, str]:
    """Where a quote is: ``article`` (headline, byline, body), ``evidence-furniture`` (page
    furniture this criterion accepts), ``furniture`` (other furniture, with its kind) or ``""``."""
    wanted = _fold(quote)
    if not wanted:
        return "", ""
    text = _article_text(article)
    if text.in_article(wanted):
        return "article", ""
    for kind, line in text.furniture:
        if wanted in line:
            return ("evidence-furniture" if kind in criterion.furniture else "furniture"), kind
    return "", ""


def _content_words(text: str) -> frozenset[str]:
    words = {word.strip("'’-") for word in _WORD.findall(text)} - _STOPWORDS
    return frozenset(word for word in words if len(word) > 2)


@lru_cache(maxsize=1024)
def _expert_quote(quote: str) -> tuple[str, frozenset[str]]:
    """An expert quote folded, with its content words (keys are few; remember them)."""
    folded = _fold(quote)
    return folded, _content_words(folded)


def _overlaps_expert(text: _ArticleText, mine: str, expert_quotes: Sequence[str]) -> bool:
    """Whether a folded quote overlaps one of the expert's: same words, or the same sentence."""
    my_sentences = text.sentences_touched(mine)
    my_words: frozenset[str] | None = None  # worked out only if no sentence is shared
    for expert_quote in expert_quotes:
        theirs, their_words = _expert_quote(expert_quote)
        if mine in theirs or theirs in mine:
            return True
        if my_sentences & text.sentences_touched(theirs):
            return True
        if my_words is None:
            my_words = _content_words(mine)
        shared = my_words & their_words
        if shared and len(shared) >= 0.5 * min(len(my_words), len(their_words)):
            return True
    return False


@lru_cache(maxsize=4096)
def _has_hedge(quote: str) -> bool:
    """Whether the hedge detector finds a hedge, attribution or booster in the quote."""
    try:
        from lessons.hedge_detector import find_hedges
    except ImportError:  # a build without the hedges lesson: the rubric's cues still apply
        return False
    return bool(find_hedges(quote))


def _sources_key_quotes(case: Case, article_id: str) -> tuple[str, ...]:
    """The quotes the sources key gives for an article: the sources it names, and where it
    says it got the story. Empty when the case has no sources key."""
    article_key = getattr(case.key("sources"), "articles", {}).get(article_id)
    if article_key is None:
        return ()
    quotes = [getattr(named, "quote", None) for named in getattr(article_key, "named", ())]
    quotes.append(getattr(article_key, "immediate_quote", None))
    return tuple(quote for quote in quotes if isinstance(quote, str) and quote.strip())


def judge_evidence(
    case: Case,
    article: Article,
    criterion: Criterion,
    level: str,
    quote: str | None,
    expert_quotes: Sequence[str] = (),
) -> EvidenceJudgement:
    """Judge a student's quote for one criterion: is it in the article, and does it bear on it?"""
    text = normalize_quote(quote or "")
    if not text:
        if level == "not-met" or not expert_quotes:
            return EvidenceJudgement("optional", points=1.0)
        return EvidenceJudgement(
            "missing",
            "Add a quote from the article that shows this: a rating without evidence is a guess.",
        )
    folded = text.lower()
    article_text = _article_text(article)
    if len(_WORD.findall(text)) < MIN_QUOTE_WORDS and folded not in article_text.whole_lines:
        return EvidenceJudgement(
            "too-short",
            f"Quote at least {MIN_QUOTE_WORDS} words, so a reader can find the place in the article.",
        )
    where, kind = _locate(article, criterion, text)
    if where == "furniture":
        return EvidenceJudgement(
            "furniture",
            f"Your quote is {_FURNITURE_WORDS.get(kind, 'page furniture')}, part of the web page "
            "around the article, not the article: rate what the article itself says.",
        )
    if not where:
        for other in case.articles:
            if other.id != article.id and _article_text(other).in_article(folded):
                return EvidenceJudgement(
                    "other-article",
                    f"Your quote comes from another article ({other.outlet}): pick a sentence "
                    "from this one.",
                )
        return EvidenceJudgement(
            "not-in-article",
            "Your quote is not in this article: copy the words exactly, or pick a sentence "
            "from the list.",
        )
    bears = (
        where == "evidence-furniture"
        or (criterion.opening and any(folded in part for part in article_text.opening))
        or _overlaps_expert(article_text, folded, expert_quotes)
        or criterion.cue_pattern.search(folded) is not None
        or ("hedges" in criterion.evidence_from and _has_hedge(text))
        or (
            "sources" in criterion.evidence_from
            and _overlaps_expert(article_text, folded, _sources_key_quotes(case, article.id))
        )
    )
    if bears:
        return EvidenceJudgement("ok", points=1.0)
    return EvidenceJudgement(
        "off-topic",
        "Your quote is in the article but does not seem to bear on this question: look for "
        f"{criterion.look_for}.",
        points=0.5,
    )


# --- reading answers ------------------------------------------------------------------------


class AnswerProblem(ValueError):
    """An answer that cannot be checked; the message is one sentence for the student."""


def _normal_level(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    if value in LEVEL_SHARE:  # the widget's own spelling: the common case
        return value
    level = "-".join(value.strip().lower().replace("_", " ").split())
    return level if level in LEVELS else None


def read_levels(rubric: Rubric, raw: object) -> dict[str, str]:
    """The levels of an answer as ``{criterion id: level}``; raises :class:`AnswerProblem`."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise AnswerProblem("This answer is damaged: choose the levels again.")
    try:
        as_spelled = rubric.has_all(raw) and _LEVEL_NAMES.issuperset(raw.values())
    except TypeError:  # a value such as a list, which is no level: read it below
        as_spelled = False
    if as_spelled:
        return dict(raw)  # the widget's own answer: every level spelled as the rubric does
    levels: dict[str, str] = {}
    for criterion_id, value in raw.items():
        if not rubric.has(criterion_id):
            raise AnswerProblem(
                f"There is no question called {criterion_id!r} in the rubric: choose levels "
                f"for {', '.join(rubric.ids)}."
            )
        if value is None or value == "":
            continue
        level = _normal_level(value)
        if level is None:
            label = rubric.criterion(criterion_id).label
            raise AnswerProblem(
                f"{value!r} is not a level for “{label}”: choose met, partly or not met."
            )
        levels[criterion_id] = level
    return levels


def _read_evidence(rubric: Rubric, raw: object) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise AnswerProblem("Your evidence is damaged: pick or paste your quotes again.")
    evidence: dict[str, str] = {}
    for criterion_id, quote in raw.items():
        if quote is None or not rubric.has(criterion_id):
            continue
        if not isinstance(quote, str):
            label = rubric.criterion(criterion_id).label
            raise AnswerProblem(
                f"Your evidence for “{label}” is not text: pick a sentence or paste a quote."
            )
        quote = quote.strip()
        if quote:
            evidence[criterion_id] = quote
    return evidence


def _complete_levels(rubric: Rubric, raw: object) -> dict[str, str] | None:
    try:
        levels = read_levels(rubric, raw)
    except AnswerProblem:
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


# --- the checker ----------------------------------------------------------------------------


def check_answer(
    case: Case,
    target: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    """Check one article's rating (``target`` = article id) against the expert key.

    ``answer`` is ``{"levels": {criterion: "met"|"partly"|"not-met"}, "evidence":
    {criterion: quote}}``; ``answers`` holds the student's other answers, used to spot
    blanket ratings across articles. Never raises on bad input.
    """
    task = f"reliability/{target}"
    if target == HOW_SURE_TARGET and target not in case.article_ids:
        return _check_how_sure(case, answer, answers)
    try:
        article = case.article(target)
    except UnknownArticleError as error:
        return Feedback.invalid(task, str(error))
    key: ReliabilityKey | None = case.key("reliability")
    if key is None or target not in key.articles:
        return Feedback.invalid(
            task,
            "This case study has no expert rating for this article yet, so your answer is saved "
            "but cannot be checked: ask your teacher.",
        )
    rubric = key.rubric
    if not isinstance(answer, Mapping):
        return Feedback.invalid(task, "This answer is empty or damaged: rate the article again.")
    try:
        levels = read_levels(rubric, answer.get("levels"))
        evidence = _read_evidence(rubric, answer.get("evidence"))
    except AnswerProblem as problem:
        return Feedback.invalid(task, str(problem))
    if not levels:
        return Feedback.invalid(
            task, "Choose met, partly or not met for at least one question, then press Check."
        )
    return _judge_rating(case, article, key.articles[target], key, levels, evidence, answers)


@dataclass(frozen=True)
class _CriterionResult:
    criterion: Criterion
    level: str
    agreement: str  # "agree", "close" or "far"
    evidence: EvidenceJudgement


def _agreement(expert: CriterionKey, level: str) -> str:
    if level in expert.accepted:
        return "agree"
    distance = min(abs(LEVELS.index(level) - LEVELS.index(ok)) for ok in expert.accepted)
    return "close" if distance == 1 else "far"


def _criterion_item(result: _CriterionResult, expert: CriterionKey) -> FeedbackItem:
    criterion, level = result.criterion, result.level
    quote: str | None = None
    if result.agreement == "agree" and level == expert.level:
        explanation = f"You and the expert both say {LEVEL_WORDS[level]}."
    elif result.agreement == "agree":
        explanation = (
            f"The expert says {LEVEL_WORDS[expert.level]}, and {LEVEL_WORDS[level]} is "
            f"defensible too: {expert.reason}"
        )
    else:
        explanation = (
            f"You say {LEVEL_WORDS[level]}; the expert says {LEVEL_WORDS[expert.level]}: "
            f"{expert.reason}"
        )
        quote = expert.quotes[0] if expert.quotes else None
    if not result.evidence.is_ok:
        explanation += " " + result.evidence.message
    if quote is not None:
        explanation += " The expert's evidence:"
    level_points = {"agree": 1.0, "close": 0.5, "far": 0.0}[result.agreement]
    if result.agreement == "far":
        verdict = "wrong"
    elif result.agreement == "agree" and result.evidence.is_ok:
        verdict = "right"
    else:
        verdict = "partly"
    return FeedbackItem(
        verdict,  # type: ignore[arg-type]
        criterion.label,
        explanation,
        quote=quote,
        points=level_points + result.evidence.points,
        max_points=2.0,
    )


_Judged = tuple[_CriterionResult, FeedbackItem]


#: (article, criterion, level, quote) -> the judgement and its feedback item: a class picks
#: the same levels and sentences again and again, and judging a quote is the slow part.
_JUDGED = CaseCache(cases=4, entries=20_000)


def _judge_criterion(
    case: Case,
    article: Article,
    article_key: ArticleKey,
    criterion: Criterion,
    level: str,
    quote: str | None,
) -> _Judged:
    expert = article_key.criteria[criterion.id]
    result = _CriterionResult(
        criterion,
        level,
        expert.agreements[level],
        judge_evidence(case, article, criterion, level, quote, expert.quotes),
    )
    return result, _criterion_item(result, expert)


@dataclass(frozen=True)
class _LevelsJudgement:
    """What the levels of one rating decide, whatever its quotes: the total against the band,
    the items and summary about them, and the next step unless the quotes must decide it."""

    total: int
    complete: bool
    inside: bool | None
    agreements: int
    items: tuple[FeedbackItem, ...]  # after the criteria: what is unrated, the overall rating
    context: tuple[FeedbackItem, ...]  # after any blanket note: the outlet's track record
    summary: str
    next_step: str | None  # None when every level agrees: then the quotes decide it
    evidence_order: tuple[Criterion, ...]  # how weak quotes are ranked, when next_step is None
    crucial_agrees: bool  # whether the crucial criterion's level (if rated) is accepted


#: (article, levels as items in the answer's order) -> what those levels alone decide: a
#: class repeats the same levels far more often than the same quotes.
_BY_LEVELS = CaseCache(cases=4, entries=20_000)


def _levels_judgement(
    case: Case, rubric: Rubric, article_key: ArticleKey, levels: Mapping[str, str]
) -> _LevelsJudgement:
    """The judgement of validated ``levels``, remembered per case by (article, levels' items):
    it reads nothing but the levels, the rubric and the article's key."""
    table: dict[tuple[str, tuple[tuple[str, str], ...]], _LevelsJudgement]
    table = _BY_LEVELS.table(case)
    memo_key = (article_key.article_id, tuple(levels.items()))
    found = table.get(memo_key)
    if found is None:
        found = table[memo_key] = _judge_levels(rubric, article_key, levels)
    return found


def _judge_levels(
    rubric: Rubric, article_key: ArticleKey, levels: Mapping[str, str]
) -> _LevelsJudgement:
    """Judge validated ``levels`` against the article's key, leaving the quotes aside."""
    rated: list[Criterion] = []
    unrated: list[Criterion] = []
    agreements: dict[str, str] = {}  # rated criterion -> "agree", "close" or "far"
    for criterion in rubric.criteria:
        level = levels.get(criterion.id)
        if level is None:
            unrated.append(criterion)
        else:
            rated.append(criterion)
            agreements[criterion.id] = article_key.criteria[criterion.id].agreements[level]
    agreed = list(agreements.values()).count("agree")
    crucial = article_key.crucial
    crucial_agrees = crucial not in agreements or agreements[crucial] == "agree"
    next_step = _levels_step(article_key, rated, agreements, unrated)
    evidence_order = (  # only an all-agreeing rating needs it
        tuple(sorted(rated, key=lambda c: (c.id != crucial, -c.weight)))
        if next_step is None
        else ()
    )
    total = rubric.score(levels)
    low, high = article_key.band
    if unrated:
        missed = FeedbackItem(
            "missed",
            "Not rated yet",
            "Choose met, partly or not met for: "
            + ", ".join(f"“{c.label}”" for c in unrated)
            + ".",
            max_points=2.0 * len(unrated),
        )
        overall = FeedbackItem(
            "missed",
            "Overall rating",
            f"Rate all {len(rubric.criteria)} questions to get a total to compare with the "
            "expert band.",
            max_points=2.0,
        )
        summary = (
            f"You have rated {len(rated)} of {len(rubric.criteria)} questions and agree with "
            f"the expert on {agreed} of them."
        )
        return _LevelsJudgement(
            total,
            False,
            None,
            agreed,
            (missed, overall),
            (),
            summary,
            next_step,
            evidence_order,
            crucial_agrees,
        )
    inside = low <= total <= high
    context = FeedbackItem(  # context for a finished rating, never a shortcut to one
        "note",
        "About the outlet (context, not part of your score)",
        f"{article_key.track_record} (Confidence: {article_key.track_record_confidence}.)",
    )
    where = "inside" if inside else "outside"
    summary = (
        f"You agree with the expert on {agreed} of {len(rated)} questions. Your total, "
        f"{total} ({rubric.band(total)}), is {where} the expert band ({low}–{high})."
    )
    return _LevelsJudgement(
        total,
        True,
        inside,
        agreed,
        (_overall_item(rubric, article_key, levels, total),),
        (context,),
        summary,
        next_step,
        evidence_order,
        crucial_agrees,
    )


def _levels_step(
    article_key: ArticleKey,
    rated: Sequence[Criterion],
    agreements: Mapping[str, str],
    unrated: Sequence[Criterion],
) -> str | None:
    """The next step the levels call for (a skipped question, the crucial piece, the worst
    disagreement), or None when they all agree with the expert."""
    if unrated:
        return f"Rate the questions you skipped, starting with “{unrated[0].label}”."
    crucial = next((c for c in rated if c.id == article_key.crucial), None)
    if crucial is not None and agreements[crucial.id] != "agree":
        return (
            f"The crucial piece for this article is “{crucial.label}”: "
            f"{crucial.question} Read the expert's reason above, then look again."
        )
    disagreements = sorted(
        (c for c in rated if agreements[c.id] != "agree"),
        key=lambda c: (agreements[c.id] != "far", -c.weight),
    )
    if disagreements:
        first = disagreements[0]
        return f"Look again at “{first.label}”: {first.question}"
    return None


def _judge_rating(
    case: Case,
    article: Article,
    article_key: ArticleKey,
    key: ReliabilityKey,
    levels: Mapping[str, str],
    evidence: Mapping[str, str],
    answers: Mapping[str, Mapping[str, Any]] | None,
) -> Feedback:
    rubric = key.rubric
    items: list[FeedbackItem] = []
    statuses: dict[str, str] = {}  # each rated criterion's evidence status, in rubric order
    judged: dict[tuple[str, str, str, str | None], _Judged] = _JUDGED.table(case)
    for criterion in rubric.criteria:
        level = levels.get(criterion.id)
        if level is None:
            continue
        quote = evidence.get(criterion.id)
        memo_key = (article.id, criterion.id, level, quote)
        found = judged.get(memo_key)
        if found is None:
            found = _judge_criterion(case, article, article_key, criterion, level, quote)
            judged[memo_key] = found
        items.append(found[1])
        statuses[criterion.id] = found[0].evidence.status
    by_levels = _levels_judgement(case, rubric, article_key, levels)
    complete = by_levels.complete
    items.extend(by_levels.items)
    blanket = _blanket_note(case, key, article.id, by_levels.total if complete else None, answers)
    if blanket:
        items.append(FeedbackItem("note", "Telling articles apart", blanket))
    items.extend(by_levels.context)
    return Feedback.from_items(
        f"reliability/{article.id}",
        items,
        summary=by_levels.summary,
        next_step=_next_step(by_levels, statuses, blanket is not None),
        level=_digipo_level(by_levels, article_key.crucial, statuses),
        details={
            "article": article.id,
            "levels": dict(levels),
            "total": by_levels.total if complete else None,
            "band": list(article_key.band),
            "inside_band": by_levels.inside,
            "agreements": by_levels.agreements,
            "evidence": statuses,
            "blanket": blanket is not None,
        },
    )


def _overall_item(
    rubric: Rubric, article_key: ArticleKey, levels: Mapping[str, str], total: int
) -> FeedbackItem:
    low, high = article_key.band
    text = f"Your total is {total} ({rubric.band(total)})"
    if low <= total <= high:
        return FeedbackItem(
            "right",
            "Overall rating",
            f"{text}, inside the expert band {low}–{high}.",
            points=2.0,
            max_points=2.0,
        )
    above = total > high
    distance = total - high if above else low - total
    expert_levels = article_key.levels
    differences = sorted(
        (
            (
                criterion.weight
                * (LEVEL_SHARE[levels[criterion.id]] - LEVEL_SHARE[expert_levels[criterion.id]])
                * (1 if above else -1),
                criterion.label,
            )
            for criterion in rubric.criteria
        ),
        reverse=True,
    )
    named = [f"“{label}”" for gap, label in differences if gap > 0][:3]
    explanation = (
        f"{text}, {distance} points {'above' if above else 'below'} the expert band {low}–{high}."
    )
    if named:
        saw = "less" if above else "more"
        explanation += f" The expert saw {saw} than you in: {', '.join(named)}."
    near = distance <= NEAR_BAND
    return FeedbackItem(
        "partly" if near else "wrong",
        "Overall rating",
        explanation,
        points=1.0 if near else 0.0,
        max_points=2.0,
    )


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


def _next_step(by_levels: _LevelsJudgement, statuses: Mapping[str, str], blanket: bool) -> str:
    """The levels' next step, else the first weak quote, else what to do with a good rating."""
    if by_levels.next_step is not None:
        return by_levels.next_step
    for criterion in by_levels.evidence_order:
        if statuses[criterion.id] not in _OK_STATUSES:
            return f"Find better evidence for “{criterion.label}”: look for {criterion.look_for}."
    if blanket:
        return "Rate each of the other articles on its own evidence, then compare the totals."
    return (
        "Compare your rating with a classmate's: where do you differ, and whose evidence is "
        "stronger?"
    )


def _digipo_level(
    by_levels: _LevelsJudgement, crucial: str | None, statuses: Mapping[str, str]
) -> int:
    quoted = [status for status in statuses.values() if status != "optional"]
    if not quoted or quoted.count("missing") == len(quoted):
        return 1
    good = quoted.count("ok") / len(quoted)
    if good < 0.5:
        return 2
    crucial_ok = (
        crucial is None
        or crucial not in statuses
        or (by_levels.crucial_agrees and statuses[crucial] in _OK_STATUSES)
    )
    if by_levels.complete and by_levels.inside and crucial_ok and good >= 0.75:
        return 4
    return 3


# --- "how sure are you now?" ----------------------------------------------------------------


def _percent(answer: object) -> int | None:
    if not isinstance(answer, Mapping):
        return None
    value = answer.get("percent")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        return None
    return round(value)


def _check_how_sure(
    case: Case, answer: object, answers: Mapping[str, Mapping[str, Any]] | None
) -> Feedback:
    """The end-of-lesson reflection: how sure the student is now, beside lesson 00's answer."""
    task = f"reliability/{HOW_SURE_TARGET}"
    now = _percent(answer)
    if now is None:
        return Feedback.invalid(
            task, "Move the slider to say how sure you are now (0 to 100%), then press Check."
        )
    before = _percent((answers or {}).get(START_CONFIDENCE_TASK))
    items = [
        FeedbackItem(
            "note",  # no wrong answer here: the point is for answering
            "Your view now",
            f"You are {now}% sure the claim is true. There is no right or wrong answer to this "
            "question: you earn its point for answering.",
            points=1.0,
            max_points=1.0,
        )
    ]
    if before is None:
        summary = "You gave no answer in the first lesson, so there is nothing to compare with."
    else:
        items.append(
            FeedbackItem("note", "At the start", f"In the first lesson you were {before}% sure.")
        )
        change = now - before
        if change == 0:
            summary = "You are exactly as sure as at the start. What would change your mind?"
        else:
            summary = (
                f"You are {abs(change)} points {'more' if change > 0 else 'less'} sure than at "
                "the start. Which article or which missing piece of evidence changed your mind?"
            )
    if case.claim_status:
        items.append(FeedbackItem("note", "What is known about the claim", case.claim_status))
    return Feedback.from_items(task, items, summary=summary)
