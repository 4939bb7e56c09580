"""The expert key (``key/hedges.toml``): the spans to find, defensible alternatives and
look-alikes, and :func:`parse_key`, which resolves their quotes to offsets in the marking text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from typing import Any

from lessons.casestudy import Article, Case, UnknownArticleError, exact_match_hint
from lessons.hedges.detector import default_categories
from lessons.hedges.marking import marking_parts, marking_text
from lessons.text import fold_marks
from lessons.validation import Field, Problems

__all__ = [
    "KEY_FORMAT",
    "PARTS",
    "ArticleKey",
    "HedgeKey",
    "KeyNote",
    "KeySpan",
    "parse_key",
]

KEY_FORMAT = 1
PARTS = ("headline", "body")


@dataclass(frozen=True)
class KeySpan:
    """A hedge, attribution or booster the student should find."""

    start: int
    end: int
    text: str
    category: str
    part: str
    note: str = ""
    also: tuple[str, ...] = ()
    crucial: bool = False

    def accepts(self, category: str) -> bool:
        return category == self.category or category in self.also


@dataclass(frozen=True)
class KeyNote:
    """A defensible alternative (not required, not penalised) or a look-alike, with why."""

    start: int
    end: int
    text: str
    note: str = ""
    category: str | None = None


@dataclass(frozen=True)
class ArticleKey:
    """The expert key for one article (its spans sorted by where they start)."""

    article_id: str
    text: str
    parts: Mapping[str, tuple[int, int]]
    spans: tuple[KeySpan, ...]
    alternatives: tuple[KeyNote, ...] = ()
    lookalikes: tuple[KeyNote, ...] = ()
    summary: str = ""

    @cached_property
    def _starts(self) -> tuple[int, ...]:
        return tuple(span.start for span in self.spans)

    @cached_property
    def _reach(self) -> tuple[int, ...]:
        """How far the spans reach so far: the largest end among each span and those before."""
        return tuple(accumulate((span.end for span in self.spans), max))

    def spans_near(self, start: int, end: int) -> range:
        """The indices of the spans that may overlap ``start:end`` (every one that does), found
        by bisection so a mark is compared with a few spans, not all of them."""
        return range(bisect_right(self._reach, start), bisect_left(self._starts, end))


@dataclass(frozen=True)
class HedgeKey:
    """The expert key for every article that has one."""

    articles: Mapping[str, ArticleKey] = field(default_factory=dict)

    def article(self, article_id: str) -> ArticleKey | None:
        return self.articles.get(article_id)


_TOP_FIELDS = {"format": Field(int, choices=(KEY_FORMAT,)), "articles": Field(dict)}
_ARTICLE_FIELDS = {
    "summary": Field(str, required=False),
    "spans": Field(list),
    "alternatives": Field(list, required=False),
    "lookalikes": Field(list, required=False),
}
_LOCATION_FIELDS = {
    "quote": Field(str),
    "occurrence": Field(int, required=False),
    "within": Field(str, required=False),
    "part": Field(str, required=False, choices=PARTS),
}
_SPAN_FIELDS = {
    **_LOCATION_FIELDS,
    "category": Field(str),
    "also": Field(list, required=False),
    "note": Field(str, required=False),
    "crucial": Field(bool, required=False),
}
_ALTERNATIVE_FIELDS = {
    **_LOCATION_FIELDS,
    "category": Field(str, required=False),
    "note": Field(str, required=False),
}
_LOOKALIKE_FIELDS = {**_LOCATION_FIELDS, "note": Field(str)}


def parse_key(case: Case, table: dict[str, Any], problems: Problems, file: str) -> HedgeKey:
    """Parse and validate ``key/hedges.toml``; every problem goes to ``problems``."""
    category_ids = tuple(category.id for category in default_categories())
    top = problems.check_table(file, "", table, _TOP_FIELDS)
    articles: dict[str, ArticleKey] = {}
    for article_id, article_table in top.get("articles", {}).items():
        where = f"articles.{article_id}"
        try:
            article = case.article(article_id)
        except UnknownArticleError as error:
            problems.add(file, where, f"{error} (article ids come from case.toml)")
            continue
        parser = _ArticleKeyParser(article, category_ids, problems, file)
        articles[article_id] = parser.parse(article_table, where)
    return HedgeKey(articles)


@dataclass(frozen=True)
class _ArticleKeyParser:
    """Parses one article's table of the key: its spans, alternatives and look-alikes, each
    quote resolved to offsets in the article's marking text; problems go to ``problems``."""

    article: Article
    category_ids: tuple[str, ...]
    problems: Problems
    file: str

    @cached_property
    def text(self) -> str:
        return marking_text(self.article)

    @cached_property
    def parts(self) -> Mapping[str, tuple[int, int]]:
        return marking_parts(self.article)

    def parse(self, table: object, where: str) -> ArticleKey:
        fields = self.problems.check_table(self.file, where, table, _ARTICLE_FIELDS)
        spans = self.spans(fields.get("spans", []), where)
        if "spans" in fields and not fields["spans"]:
            self.problems.add(
                self.file, f"{where}.spans", "is empty; list at least one span to find"
            )
        alternatives = self.alternatives(fields.get("alternatives", []), where)
        lookalikes = self.lookalikes(fields.get("lookalikes", []), spans, where)
        return ArticleKey(
            article_id=self.article.id,
            text=self.text,
            parts=self.parts,
            spans=tuple(sorted(spans, key=lambda span: span.start)),
            alternatives=tuple(alternatives),
            lookalikes=tuple(lookalikes),
            summary=fields.get("summary", ""),
        )

    def spans(self, items: list[Any], where: str) -> list[KeySpan]:
        """The spans to find, in the file's order; one that overlaps an earlier one is
        reported and left out."""
        spans: list[KeySpan] = []
        span_index: list[int] = []  # each kept span's index in the file, for messages
        for index, item in enumerate(items):
            at = f"{where}.spans[{index}]"
            span = self.span(item, at)
            if span is None:
                continue
            for earlier_index, earlier in zip(span_index, spans, strict=True):
                if span.start < earlier.end and earlier.start < span.end:
                    self.problems.add(
                        self.file,
                        at,
                        f"{span.text!r} overlaps spans[{earlier_index}] ({earlier.text!r}); "
                        "merge them, or make one an alternative",
                    )
                    break
            else:
                span_index.append(index)
                spans.append(span)
        return spans

    def span(self, item: object, at: str) -> KeySpan | None:
        """One span to find, or None when its quote or category is wrong (reported)."""
        entry = self.problems.check_table(self.file, at, item, _SPAN_FIELDS)
        located = self.locate(entry, at)
        category = self.category(entry.get("category"), f"{at}.category")
        also = entry.get("also", [])
        for number, other in enumerate(also):
            self.category(other, f"{at}.also[{number}]")
        if located is None or category is None:
            return None
        start, end, part = located
        return KeySpan(
            start,
            end,
            self.text[start:end],
            category,
            part,
            entry.get("note", ""),
            tuple(other for other in also if isinstance(other, str)),
            entry.get("crucial", False),
        )

    def alternatives(self, items: list[Any], where: str) -> list[KeyNote]:
        """The defensible alternatives, each with the category the expert would give it."""
        alternatives = []
        for index, item in enumerate(items):
            at = f"{where}.alternatives[{index}]"
            entry = self.problems.check_table(self.file, at, item, _ALTERNATIVE_FIELDS)
            located = self.locate(entry, at)
            category = None
            if "category" in entry:
                category = self.category(entry["category"], f"{at}.category")
            if located is not None:
                start, end, _ = located
                note = entry.get("note", "")
                alternatives.append(KeyNote(start, end, self.text[start:end], note, category))
        return alternatives

    def lookalikes(self, items: list[Any], spans: list[KeySpan], where: str) -> list[KeyNote]:
        """The look-alikes; one that overlaps a span to find is reported and left out."""
        lookalikes = []
        for index, item in enumerate(items):
            at = f"{where}.lookalikes[{index}]"
            entry = self.problems.check_table(self.file, at, item, _LOOKALIKE_FIELDS)
            located = self.locate(entry, at)
            if located is None:
                continue
            start, end, _ = located
            clash = next((s for s in spans if start < s.end and s.start < end), None)
            if clash is not None:
                self.problems.add(
                    self.file,
                    at,
                    f"{self.text[start:end]!r} overlaps the span {clash.text!r}; a look-alike "
                    "cannot also be a hedge",
                )
                continue
            lookalikes.append(KeyNote(start, end, self.text[start:end], entry.get("note", "")))
        return lookalikes

    def category(self, value: object, at: str) -> str | None:
        return self.problems.check_choice(self.file, at, value, self.category_ids, "category")

    def locate(self, entry: Mapping[str, Any], at: str) -> tuple[int, int, str] | None:
        return _locate(self.article, self.text, self.parts, entry, self.problems, self.file, at)


def _quote_regex(quote: str) -> re.Pattern[str]:
    """Match ``quote`` forgiving typographic quotes, dashes and runs of white space."""
    words = fold_marks(quote).split()
    return re.compile(r"\s+".join(re.escape(word) for word in words))


@lru_cache(maxsize=16)
def _folded(text: str) -> str:
    """``text`` with curly quotes and dashes made plain, for finding a key's quotes (worked
    out once per article, not once per quote)."""
    return fold_marks(text)


def _occurrences(folded: str, quote: str, start: int, end: int) -> list[tuple[int, int]]:
    if not quote.strip():
        return []
    return [m.span() for m in _quote_regex(quote).finditer(folded, start, end)]


def _locate(
    article: Article,
    text: str,
    parts: Mapping[str, tuple[int, int]],
    entry: Mapping[str, Any],
    problems: Problems,
    file: str,
    where: str,
) -> tuple[int, int, str] | None:
    """Resolve a quote (with ``part``, ``within``, ``occurrence``) to offsets in ``text``."""
    quote = entry.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        return None
    folded = _folded(text)
    part = entry.get("part")
    region = parts[part] if part else (0, len(text))
    place = f"the {part} of {article.file}" if part else f"the headline or body of {article.file}"
    if part == "headline" and region == (0, 0):
        problems.add(file, f"{where}.part", f"{article.file} has no headline in case.toml")
        return None
    within = entry.get("within")
    if within is not None:
        found = _occurrences(folded, within, *region)
        if len(found) != 1:
            how = "does not occur" if not found else f"occurs {len(found)} times"
            problems.add(
                file, f"{where}.within", f"{within!r} {how} in {place}; it must occur exactly once"
            )
            return None
        region = found[0]
        place = f"the quote {within!r}"
    found = _occurrences(folded, quote, *region)
    occurrence = entry.get("occurrence")
    if not found:
        problems.add(
            file,
            f"{where}.quote",
            f"{quote!r} does not occur in {place}" + exact_match_hint(article, quote),
        )
        return None
    if occurrence is None and len(found) > 1:
        problems.add(
            file,
            f"{where}.quote",
            f"{quote!r} occurs {len(found)} times in {place}; add occurrence = 1 to "
            f"{len(found)} (counting from the top) or within = a longer quote around it",
        )
        return None
    if occurrence is not None and not 1 <= occurrence <= len(found):
        problems.add(
            file,
            f"{where}.occurrence",
            f"is {occurrence}, but {quote!r} occurs {len(found)} time"
            f"{'s' if len(found) != 1 else ''} in {place}",
        )
        return None
    start, end = found[(occurrence or 1) - 1]
    in_part = "headline" if start < parts["headline"][1] else "body"
    return start, end, in_part
