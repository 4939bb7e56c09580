"""An article's captured page as numbered lines, each marked as the article or the page
around it, and the right answer to the date question: what every answer is judged against.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lessons.casestudy import Article
from lessons.reading.guide import Belongs, ReadingGuide, default_guide

__all__ = ["PageLine", "accepted_date_choices", "date_choice", "page_lines"]

_QUOTE_LENGTH = 110


@dataclass(frozen=True)
class PageLine:
    """One non-blank line of a captured page, and whether it is part of the article."""

    number: int
    text: str
    kind: str | None  # the furniture kind, or None for a line of the article's body
    belongs: Belongs

    @property
    def short(self) -> str:
        """The line, cut to a quotable length."""
        text = self.text
        return text if len(text) <= _QUOTE_LENGTH else text[: _QUOTE_LENGTH - 1].rstrip() + "…"


def page_lines(article: Article, guide: ReadingGuide | None = None) -> tuple[PageLine, ...]:
    """The page's non-blank lines, numbered from 1 as in the raw text (blank lines count).

    A line equal to a furniture entry of ``case.toml`` (spaces at either end ignored) takes
    that entry's kind, the first entry when several match; other lines are the body.
    """
    if guide is None or guide is default_guide():
        return _default_page_lines(article)
    return _page_lines(article, guide)


@lru_cache(maxsize=64)
def _default_page_lines(article: Article) -> tuple[PageLine, ...]:
    """:func:`page_lines` with the package's guide, remembered per article (articles are
    frozen and compare by value): the checker needs them for every answer."""
    return _page_lines(article, default_guide())


def _page_lines(article: Article, guide: ReadingGuide) -> tuple[PageLine, ...]:
    kinds: dict[str, str] = {}
    for item in article.furniture:
        kinds.setdefault(item.text.strip(), item.kind)
    lines = []
    for number, raw in enumerate(article.raw_text.splitlines(), start=1):
        text = raw.strip()
        if not text:
            continue
        kind = kinds.get(text)
        belongs: Belongs = (
            guide.kinds[kind].belongs if kind is not None and kind in guide.kinds else "article"
        )
        lines.append(PageLine(number, text, kind, belongs))
    return tuple(lines)


def date_choice(article: Article) -> str:
    """The right answer to the date question, from ``case.toml``'s ``shown_date`` and ``date``."""
    if article.shown_date is None:
        return "no-date"
    if article.date.is_exact and article.date.earliest == article.shown_date:
        return "shown-is-publication"
    return "shown-not-publication"


def accepted_date_choices(article: Article) -> tuple[str, ...]:
    """Every answer to the date question that earns its points, the likelier one first.

    When the publication date is only a guess (below medium confidence) and the date shown
    on the page fits it, whether that date is the publication date is uncertain too, so
    either reading of it counts: an inference is not graded as a fact.
    """
    main = date_choice(article)
    shown, date = article.shown_date, article.date
    if shown is None or date.confidence not in ("low", "low-medium", "medium-low"):
        return (main,)
    if (date.earliest is not None and shown < date.earliest) or (
        date.latest is not None and shown > date.latest
    ):
        return (main,)
    other = "shown-not-publication" if main == "shown-is-publication" else "shown-is-publication"
    return (main, other)
