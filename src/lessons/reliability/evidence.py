"""Judging evidence: whether a student's quote is in the article (not in the page around it)
and bears on the criterion it is meant to support, because a rating without evidence is a guess."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from lessons.casestudy import Article, Case
from lessons.memo import per_case
from lessons.reliability.rubric import Criterion
from lessons.sources import SourcesKey
from lessons.text import normalize_quote

__all__ = ["MIN_QUOTE_WORDS", "EvidenceJudgement", "judge_evidence"]

#: The evidence statuses that count as supported (:attr:`EvidenceJudgement.is_ok`).
_OK_STATUSES = ("ok", "optional")
#: Fewest words in a quote (unless it is a whole line, such as a byline).
MIN_QUOTE_WORDS = 3
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

    def in_article(self, wanted: str) -> bool:
        return any(wanted in text for text in (self.body, self.headline, self.byline) if text)


@per_case(entries=256)
def _article_text(case: Case, article_id: str) -> _ArticleText:
    """The folded texts of one of the case's articles."""
    return _fold_article(case.article(article_id))


@per_case(entries=20_000)
def _sentences_touched(case: Case, article_id: str, wanted: str) -> frozenset[int]:
    """The sentences of an article a folded quote lies in, or that lie wholly inside it: the
    same quotes (the expert's above all) are compared again and again."""
    return frozenset(
        index
        for index, sentence in enumerate(_article_text(case, article_id).sentences)
        if wanted in sentence or sentence in wanted
    )


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


def _locate(text: _ArticleText, criterion: Criterion, quote: str) -> tuple[str, str]:
    """Where a quote is: ``article`` (headline, byline, body), ``evidence-furniture`` (page
    furniture this criterion accepts), ``furniture`` (other furniture, with its kind) or ``""``."""
    wanted = _fold(quote)
    if not wanted:
        return "", ""
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


def _overlaps_expert(case: Case, article_id: str, mine: str, expert_quotes: Sequence[str]) -> bool:
    """Whether a folded quote overlaps one of the expert's: same words, or the same sentence."""
    my_sentences = _sentences_touched(case, article_id, mine)
    my_words: frozenset[str] | None = None  # worked out only if no sentence is shared
    for expert_quote in expert_quotes:
        theirs, their_words = _expert_quote(expert_quote)
        if mine in theirs or theirs in mine:
            return True
        if my_sentences & _sentences_touched(case, article_id, theirs):
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
    from lessons.hedges.detector import find_hedges  # its lexicon loads when first needed

    return bool(find_hedges(quote))


def _sources_key_quotes(case: Case, article_id: str) -> tuple[str, ...]:
    """The quotes the sources key gives for an article: the sources it names, and where it
    says it got the story. Empty when the case has no sources key."""
    key: SourcesKey | None = case.key("sources")
    article_key = key.articles.get(article_id) if key is not None else None
    if article_key is None:
        return ()
    quotes: list[str | None] = [named.quote for named in article_key.named]
    quotes.append(article_key.immediate_quote)
    return tuple(quote for quote in quotes if isinstance(quote, str) and quote.strip())


def judge_evidence(
    case: Case,
    article: Article,
    criterion: Criterion,
    level: str,
    quote: str | None,
    expert_quotes: Sequence[str] = (),
) -> EvidenceJudgement:
    """Judge a student's quote for one criterion: is it in the article (one of ``case``'s),
    and does it bear on it?"""
    text = normalize_quote(quote or "")
    if not text:
        if level == "not-met" or not expert_quotes:
            return EvidenceJudgement("optional", points=1.0)
        return EvidenceJudgement(
            "missing",
            "Add a quote from the article that shows this: a rating without evidence is a guess.",
        )
    folded = text.lower()
    article_text = _article_text(case, article.id)
    if len(_WORD.findall(text)) < MIN_QUOTE_WORDS and folded not in article_text.whole_lines:
        return EvidenceJudgement(
            "too-short",
            f"Quote at least {MIN_QUOTE_WORDS} words, so a reader can find the place in the article.",
        )
    where, kind = _locate(article_text, criterion, text)
    if where == "furniture":
        return EvidenceJudgement(
            "furniture",
            f"Your quote is {_FURNITURE_WORDS.get(kind, 'page furniture')}, part of the web page "
            "around the article, not the article: rate what the article itself says.",
        )
    if not where:
        for other in case.articles:
            if other.id != article.id and _article_text(case, other.id).in_article(folded):
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
        or _overlaps_expert(case, article.id, folded, expert_quotes)
        or criterion.cue_pattern.search(folded) is not None
        or ("hedges" in criterion.evidence_from and _has_hedge(text))
        or (
            "sources" in criterion.evidence_from
            and _overlaps_expert(case, article.id, folded, _sources_key_quotes(case, article.id))
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
