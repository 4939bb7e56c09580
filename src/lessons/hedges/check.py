"""Find the hedges: the expert key, the checker of a student's marks, and hedge density.

A student marks spans of an article's *marking text* (:func:`marking_text`: the headline,
a blank line, then the body) and gives each a category of the hedge lexicon. The answer is
``{"spans": [[start, end, category], ...]}`` with character offsets in that text. The expert
key (``key/hedges.toml``, format in ``seeds/README.md``) lists the spans to find, defensible
alternatives and look-alikes, as quotes resolved to offsets when the case loads.

The detector itself lives in :mod:`lessons.hedge_detector`; ``find_hedges`` and ``Hit`` are
re-exported here for convenience.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import Any, Literal, NamedTuple

from lessons.case_cache import CaseCache
from lessons.casestudy import Article, Case, UnknownArticleError
from lessons.feedback import Feedback, FeedbackItem
from lessons.hedge_detector import (
    Detection,
    Hit,
    Lexicon,
    default_categories,
    default_lexicon,
    detect,
    find_hedges,
)
from lessons.text import word_count
from lessons.validation import Field, Problems

__all__ = [
    "KEY_FORMAT",
    "SKILL",
    "ArticleKey",
    "HedgeKey",
    "Hit",
    "KeyNote",
    "KeySpan",
    "check_answer",
    "find_hedges",
    "hedge_counts",
    "hedge_density",
    "marking_parts",
    "marking_text",
    "parse_key",
]

SKILL = "hedges"
KEY_FORMAT = 1
PARTS = ("headline", "body")
#: Points taken off for each mark on a word that is not a hedge, attribution or booster.
WRONG_MARK_PENALTY = 0.5
#: Credit for a found span given the wrong category.
WRONG_CATEGORY_CREDIT = 0.5
MAX_MARKS = 400
_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


# --------------------------------------------------------------------------------------
# The text students mark


def marking_text(article: Article) -> str:
    """The text the span widget shows, in which answers and keys count their offsets.

    The headline (when the case gives one), a blank line, then :attr:`Article.body`. When
    the body already starts with the headline, the body alone.
    """
    return "".join(_parts(article))


def _parts(article: Article) -> tuple[str, str, str]:
    """(headline, separator, body) of the marking text; the first two may be empty."""
    body = article.body
    headline = (article.headline or "").strip()
    if not headline:
        return "", "", body
    first_line = body.split("\n", 1)[0].strip()
    if first_line == headline:
        rest = body[len(body.split("\n", 1)[0]) :]
        separator = rest[: len(rest) - len(rest.lstrip())]
        return body[: len(body.split("\n", 1)[0])], separator, rest.lstrip()
    return headline, "\n\n", body


def marking_parts(article: Article) -> dict[str, tuple[int, int]]:
    """Where the headline and the body lie in :func:`marking_text`, as (start, end)."""
    headline, separator, body = _parts(article)
    body_start = len(headline) + len(separator)
    return {"headline": (0, len(headline)), "body": (body_start, body_start + len(body))}


# --------------------------------------------------------------------------------------
# The expert key


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
        parsed = _parse_article_key(article, article_table, category_ids, problems, file, where)
        if parsed is not None:
            articles[article_id] = parsed
    return HedgeKey(articles)


def _parse_article_key(
    article: Article,
    table: object,
    category_ids: tuple[str, ...],
    problems: Problems,
    file: str,
    where: str,
) -> ArticleKey | None:
    fields = problems.check_table(file, where, table, _ARTICLE_FIELDS)
    text = marking_text(article)
    parts = marking_parts(article)
    spans: list[KeySpan] = []
    span_index: list[int] = []  # each kept span's index in the file, for messages
    for index, item in enumerate(fields.get("spans", [])):
        at = f"{where}.spans[{index}]"
        entry = problems.check_table(file, at, item, _SPAN_FIELDS)
        located = _locate(article, text, parts, entry, problems, file, at)
        category = problems.check_choice(
            file, f"{at}.category", entry.get("category"), category_ids, "category"
        )
        also = entry.get("also", [])
        for number, other in enumerate(also):
            problems.check_choice(file, f"{at}.also[{number}]", other, category_ids, "category")
        if located is None or category is None:
            continue
        start, end, part = located
        for earlier_index, earlier in zip(span_index, spans, strict=True):
            if start < earlier.end and earlier.start < end:
                problems.add(
                    file,
                    at,
                    f"{text[start:end]!r} overlaps spans[{earlier_index}] ({earlier.text!r}); "
                    "merge them, or make one an alternative",
                )
                break
        else:
            span_index.append(index)
            spans.append(
                KeySpan(
                    start,
                    end,
                    text[start:end],
                    category,
                    part,
                    entry.get("note", ""),
                    tuple(other for other in also if isinstance(other, str)),
                    entry.get("crucial", False),
                )
            )
    if "spans" in fields and not fields["spans"]:
        problems.add(file, f"{where}.spans", "is empty; list at least one span to find")
    alternatives = []
    for index, item in enumerate(fields.get("alternatives", [])):
        at = f"{where}.alternatives[{index}]"
        entry = problems.check_table(file, at, item, _ALTERNATIVE_FIELDS)
        located = _locate(article, text, parts, entry, problems, file, at)
        category = None
        if "category" in entry:
            category = problems.check_choice(
                file, f"{at}.category", entry["category"], category_ids, "category"
            )
        if located is not None:
            start, end, _ = located
            alternatives.append(
                KeyNote(start, end, text[start:end], entry.get("note", ""), category)
            )
    lookalikes = []
    for index, item in enumerate(fields.get("lookalikes", [])):
        at = f"{where}.lookalikes[{index}]"
        entry = problems.check_table(file, at, item, _LOOKALIKE_FIELDS)
        located = _locate(article, text, parts, entry, problems, file, at)
        if located is None:
            continue
        start, end, _ = located
        clash = next((s for s in spans if start < s.end and s.start < end), None)
        if clash is not None:
            problems.add(
                file,
                at,
                f"{text[start:end]!r} overlaps the span {clash.text!r}; a look-alike cannot also be a hedge",
            )
            continue
        lookalikes.append(KeyNote(start, end, text[start:end], entry.get("note", "")))
    spans.sort(key=lambda span: span.start)
    return ArticleKey(
        article_id=article.id,
        text=text,
        parts=parts,
        spans=tuple(spans),
        alternatives=tuple(alternatives),
        lookalikes=tuple(lookalikes),
        summary=fields.get("summary", ""),
    )


def _quote_regex(quote: str) -> re.Pattern[str]:
    """Match ``quote`` forgiving typographic quotes, dashes and runs of white space."""
    words = quote.translate(_FOLD).split()
    return re.compile(r"\s+".join(re.escape(word) for word in words))


@lru_cache(maxsize=16)
def _folded(text: str) -> str:
    """``text`` with curly quotes and dashes made plain, for finding a key's quotes (worked
    out once per article, not once per quote)."""
    return text.translate(_FOLD)


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
        problems.add(file, f"{where}.quote", f"{quote!r} does not occur in {place}")
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


# --------------------------------------------------------------------------------------
# Checking a student's marks


class _Find(NamedTuple):
    """A key span a mark overlaps closely enough to find it, and the item that earns."""

    accepted: bool
    overlap: int
    span_index: int
    item: FeedbackItem


class _Reading(NamedTuple):
    """One valid mark, trimmed to words, judged against the key on its own."""

    start: int
    end: int
    category: str
    text: str
    finds: tuple[_Find, ...]
    #: The item for the mark when it finds no key span, and whether it costs points (0 or 1).
    extra: tuple[FeedbackItem, int]


class _Basis(NamedTuple):
    """What every answer on one article starts from."""

    labels: Mapping[str, str]
    missed: tuple[FeedbackItem, ...]
    #: Each crucial span's index, with the next step while it is the first one missing.
    crucial: tuple[tuple[int, str], ...]


#: (article id, lexicon, start, end, category) of a mark -> its :class:`_Reading`: a class
#: marks the same words again and again, and the reading depends on nothing else.
_READINGS = CaseCache(cases=4, entries=20_000)
#: (article id, lexicon) -> its :class:`_Basis`, the same for every student.
_BASES = CaseCache(cases=4, entries=1_000)
#: Pairs of a key span and a mark are taken best first: the category accepted, then the
#: most characters in common, then the earlier mark.
_RANK = itemgetter(0, 1, 2)


def _read_marks(
    answer: object, key: ArticleKey, lexicon: Lexicon, readings: dict[Any, _Reading]
) -> list[_Reading] | str:
    """The student's marks, trimmed to words, or one sentence saying what is wrong.

    A mark of plain ints and a str is looked up in (and added to) ``readings``; any other
    mark is read afresh, since its values may compare equal to a valid mark's.
    """
    damaged = "This answer is damaged: mark the hedges in the text again."
    if not isinstance(answer, Mapping) or "spans" not in answer:
        return damaged
    spans = answer["spans"]
    if not isinstance(spans, list | tuple):
        return damaged
    if not spans:
        return (
            "You have not marked anything yet: select the words that hedge, attribute or "
            "boost a claim, pick a category and press Mark."
        )
    if len(spans) > MAX_MARKS:
        return f"That is {len(spans)} marks, more than {MAX_MARKS}: mark only the words that hedge."
    article_id = key.article_id
    marks: list[_Reading] = []
    for number, span in enumerate(spans, start=1):
        if not isinstance(span, list | tuple) or len(span) != 3:
            return f"Mark number {number} is damaged: unmark it and mark those words again."
        start, end, category = span
        memo_key = (article_id, lexicon, start, end, category)
        exact = type(start) is int and type(end) is int and type(category) is str
        reading = readings.get(memo_key) if exact else None
        if reading is None:
            read = _read_mark(number, start, end, category, key, lexicon)
            if isinstance(read, str):
                return read
            reading = read
            if exact:
                readings[memo_key] = reading
        marks.append(reading)
    return marks


def _read_mark(
    number: int, start: object, end: object, category: object, key: ArticleKey, lexicon: Lexicon
) -> _Reading | str:
    """Validate one mark and judge it against the key, or say what is wrong with it."""
    text = key.text
    if not isinstance(start, int) or isinstance(start, bool):
        return f"Mark number {number} is damaged: unmark it and mark those words again."
    if not isinstance(end, int) or isinstance(end, bool):
        return f"Mark number {number} is damaged: unmark it and mark those words again."
    if not 0 <= start < end <= len(text):
        return f"Mark number {number} is outside the text: unmark it and mark the words again."
    if not isinstance(category, str) or category not in lexicon.category_ids:
        shown = category if isinstance(category, str) else "none"
        return (
            f"Mark number {number} has the category “{shown}”, which is not one of the "
            "categories: pick one from the list."
        )
    piece = text[start:end]
    trimmed_start = start + (len(piece) - len(piece.lstrip()))
    trimmed_end = end - (len(piece) - len(piece.rstrip()))
    if trimmed_start >= trimmed_end:
        return f"Mark number {number} covers no words: unmark it and mark some words."
    marked = text[trimmed_start:trimmed_end]
    labels = _labels(lexicon)
    finds = []
    for index in key.spans_near(trimmed_start, trimmed_end):
        span = key.spans[index]
        overlap = _overlap(trimmed_start, trimmed_end, span.start, span.end)
        if overlap and not _too_long(trimmed_start, trimmed_end, span):
            item = _found_item(span, marked, category, lexicon, labels)
            finds.append(_Find(span.accepts(category), overlap, index, item))
    extra = _explain_extra(trimmed_start, trimmed_end, category, marked, key, lexicon, labels)
    return _Reading(trimmed_start, trimmed_end, category, marked, tuple(finds), extra)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _too_long(start: int, end: int, span: KeySpan) -> bool:
    length = span.end - span.start
    return end - start > max(3 * length, length + 40)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=4)
def _labels(lexicon: Lexicon) -> Mapping[str, str]:
    """Each category's label, per lexicon (compared by identity, so never another's)."""
    return {category.id: category.label for category in lexicon.categories}


def _basis(case: Case, key: ArticleKey, lexicon: Lexicon) -> _Basis:
    """The article's :class:`_Basis`, worked out once per case, article and lexicon."""
    bases: dict[tuple[str, Lexicon], _Basis] = _BASES.table(case)
    basis = bases.get((key.article_id, lexicon))
    if basis is None:
        labels = _labels(lexicon)
        missed = tuple(_missed_item(span, lexicon, labels) for span in key.spans)
        crucial = tuple(
            (index, _crucial_step(span, labels))
            for index, span in enumerate(key.spans)
            if span.crucial
        )
        basis = bases[key.article_id, lexicon] = _Basis(labels, missed, crucial)
    return basis


def check_answer(
    case: Case,
    target: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    """Judge a student's marks on one article against the expert key.

    Each key span found earns a point (half a point with the wrong category); missed spans
    are listed with the expert's note; marks on look-alikes and on plain words each cost
    half a point and say why; defensible alternatives cost nothing.
    """
    task = f"{SKILL}/{target}"
    try:
        case.article(target)
    except UnknownArticleError as error:
        return Feedback.invalid(task, str(error))
    key: HedgeKey | None = case.key(SKILL)
    article_key = key.article(target) if key is not None else None
    if article_key is None:
        return Feedback.invalid(
            task,
            "There is no expert key for this article yet, so your marks cannot be checked; "
            "ask your teacher.",
        )
    lexicon = default_lexicon()
    marks = _read_marks(answer, article_key, lexicon, _READINGS.table(case))
    if isinstance(marks, str):
        return Feedback.invalid(task, marks, max_score=float(len(article_key.spans)))
    return _judge(article_key, marks, _basis(case, article_key, lexicon), task)


def _judge(key: ArticleKey, marks: list[_Reading], basis: _Basis, task: str) -> Feedback:
    """Pair each key span with at most one mark, best pairs first, and give the feedback."""
    ranked = [
        (find.accepted, find.overlap, -number, number, find)
        for number, mark in enumerate(marks, start=1)
        for find in mark.finds
    ]
    ranked.sort(key=_RANK, reverse=True)
    matched: dict[int, _Find] = {}
    used: set[int] = set()
    for _, _, _, number, find in ranked:
        if find.span_index not in matched and number not in used:
            matched[find.span_index] = find
            used.add(number)

    items = list(basis.missed)
    right = 0
    for index, find in matched.items():
        items[index] = find.item
        right += find.accepted
    found = len(matched)

    wrong = 0
    for number, mark in enumerate(marks, start=1):
        if number not in used:
            item, costs = mark.extra
            items.append(item)
            wrong += costs

    penalty = 0.0
    if wrong:
        penalty = min(sum(item.points for item in items), wrong * WRONG_MARK_PENALTY)
    if penalty:
        items.append(
            FeedbackItem(
                "wrong",
                "Marks on words that do not hedge",
                f"{wrong} of your marks {'is' if wrong == 1 else 'are'} not a hedge, "
                f"attribution or booster here, so {penalty:g} "
                f"point{'s' if penalty != 1 else ''} come{'s' if penalty == 1 else ''} off "
                f"(half a point each).",
                points=-penalty,
            )
        )
    total = len(key.spans)
    missed = total - found
    crucial_missed = [(index, step) for index, step in basis.crucial if index not in matched]
    recall = found / total if total else 0.0
    if found == 0:
        level = 1
    elif recall < 0.5:
        level = 2
    elif crucial_missed or recall < 0.8:
        level = 3
    else:
        level = 4
    summary = (
        f"You found {found} of the {total} hedges, attributions and boosters the expert "
        f"marked in this article, {right} of them with the right category."
    )
    return Feedback.from_items(
        task,
        items,
        summary=summary,
        next_step=(
            crucial_missed[0][1]
            if crucial_missed
            else _next_step(key, missed, found - right, wrong)
        ),
        level=level,
        details={
            "found": found,
            "total": total,
            "right_category": right,
            "wrong_marks": wrong,
            "missed_crucial": [key.spans[index].text for index, _ in crucial_missed],
        },
    )


def _missed_item(span: KeySpan, lexicon: Lexicon, labels: Mapping[str, str]) -> FeedbackItem:
    """The item for a key span no mark found."""
    return FeedbackItem(
        "missed",
        labels[span.category],
        span.note or lexicon.category(span.category).description,
        quote=span.text,
        max_points=1.0,
    )


def _found_item(
    span: KeySpan, marked: str, category: str, lexicon: Lexicon, labels: Mapping[str, str]
) -> FeedbackItem:
    """The item for a key span found by a mark on ``marked`` with ``category``."""
    extent = ""
    if " ".join(marked.split()) != " ".join(span.text.split()):
        extent = f" The key marks “{_short(span.text)}”."
    if span.accepts(category):
        return FeedbackItem(
            "right",
            labels[span.category],
            (span.note + extent).strip(),
            quote=marked,
            points=1.0,
            max_points=1.0,
        )
    return FeedbackItem(
        "partly",
        labels[span.category],
        f"You found it, but called it {labels[category]}; it is "
        f"{labels[span.category]}: {lexicon.category(span.category).description}"
        + (f" {span.note}" if span.note else "")
        + extent,
        quote=marked,
        points=WRONG_CATEGORY_CREDIT,
        max_points=1.0,
    )


@lru_cache(maxsize=32)
def _key_detection(text: str, lexicon: Lexicon) -> Detection:
    """The detector's findings in an article's marking text, worked out once per text: the
    checker explains extra marks with them (a case has a handful of texts)."""
    return detect(text, lexicon)


def _explain_extra(
    start: int,
    end: int,
    category: str,
    marked: str,
    key: ArticleKey,
    lexicon: Lexicon,
    labels: Mapping[str, str],
) -> tuple[FeedbackItem, int]:
    """Feedback on a mark on ``start:end`` that found no key span, and whether it costs
    points (0 or 1)."""
    overlapping = [
        key.spans[index]
        for index in key.spans_near(start, end)
        if _overlap(start, end, key.spans[index].start, key.spans[index].end)
    ]
    if overlapping and all(_too_long(start, end, span) for span in overlapping):
        return (
            FeedbackItem(
                "wrong",
                "Too long to count",
                "This mark covers a whole stretch of text: mark only the few words that do "
                "the hedging, one mark for each.",
                quote=_short(marked),
            ),
            0,
        )
    if overlapping:
        return (
            FeedbackItem(
                "note",
                "Already counted",
                f"Another of your marks already found “{_short(overlapping[0].text)}”; it counts once.",
                quote=marked,
            ),
            0,
        )
    for alternative in key.alternatives:
        if _overlap(start, end, alternative.start, alternative.end):
            better = ""
            if alternative.category and alternative.category != category:
                better = f" The expert would call it {labels[alternative.category]}."
            return (
                FeedbackItem(
                    "note",
                    "A defensible choice",
                    (
                        (
                            alternative.note
                            or "The expert did not require it, but it is fair to mark."
                        )
                        + better
                    ),
                    quote=marked,
                ),
                0,
            )
    for lookalike in key.lookalikes:
        if _overlap(start, end, lookalike.start, lookalike.end):
            return (
                FeedbackItem("wrong", "A look-alike", lookalike.note, quote=marked),
                1,
            )
    detection = _key_detection(key.text, lexicon)
    for found in detection.lookalikes:
        if _overlap(start, end, found.start, found.end):
            return (
                FeedbackItem("wrong", found.label, found.explanation, quote=marked),
                1,
            )
    for hit in detection.hits:
        if _overlap(start, end, hit.start, hit.end):
            return (
                FeedbackItem(
                    "note",
                    "Not in the key",
                    f"“{hit.text}” can be {labels[hit.category]}, but the expert did not count "
                    "it in this article; it neither gains nor loses points. Ask your teacher "
                    "if you think it should count.",
                    quote=marked,
                ),
                0,
            )
    return (
        FeedbackItem(
            "wrong",
            "Not a hedge",
            "These words do not make the claim less certain, say whose word it is, or "
            "make it sound surer.",
            quote=_short(marked),
        ),
        1,
    )


def _crucial_step(span: KeySpan, labels: Mapping[str, str]) -> str:
    """The next step while ``span`` is the first crucial span still missing."""
    where = "headline" if span.part == "headline" else "text"
    return (
        f"The crucial piece still missing is “{_short(span.text)}” in the {where} "
        f"({labels[span.category]}): {span.note or 'find it and mark it.'}"
    )


def _next_step(key: ArticleKey, missed: int, wrong_category: int, wrong_marks: int) -> str:
    """The next step once every crucial span is found."""
    if missed:
        return (
            f"You have the crucial pieces. {missed} more are listed as Missed: read "
            "each note, then look for the same kind of word in other articles."
        )
    if wrong_category:
        return "Every hedge is found. Check the category of each mark labelled Partly."
    if wrong_marks:
        return "Every hedge is found. Unmark the words labelled Not quite and read why."
    return key.summary or "Every hedge is found. Now compare the headline with the body."


# --------------------------------------------------------------------------------------
# Hedge density, for charts of how hedging changes along the chain

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
