"""The checker of a student's marks on one article (task id ``hedges/<article id>``).

Judges each mark against the expert key and says what is still missing; pure, and bad
input gets one plain sentence instead of an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple, TypeGuard

from lessons.casestudy import Case, UnknownArticleError
from lessons.feedback import Feedback, FeedbackItem, MalformedAnswer
from lessons.hedges.detector import Detection, Lexicon, default_lexicon, detect
from lessons.hedges.key import ArticleKey, HedgeKey, KeySpan
from lessons.memo import per_case

__all__ = [
    "MAX_MARKS",
    "SKILL",
    "WRONG_CATEGORY_CREDIT",
    "WRONG_MARK_PENALTY",
    "check_answer",
]

SKILL = "hedges"
#: Points taken off for each mark on a word that is not a hedge, attribution or booster.
WRONG_MARK_PENALTY = 0.5
#: Credit for a found span given the wrong category.
WRONG_CATEGORY_CREDIT = 0.5
MAX_MARKS = 400


class _Find(NamedTuple):
    """A key span a mark overlaps closely enough to find it, and the item that earns."""

    accepted: bool
    overlap: int
    span_index: int
    item: FeedbackItem


#: Feedback on a mark that found no key span, and whether it costs points (0 or 1).
_Extra = tuple[FeedbackItem, int]


class _Reading(NamedTuple):
    """One valid mark, trimmed to words, judged against the key on its own."""

    start: int
    end: int
    category: str
    text: str
    finds: tuple[_Find, ...]
    #: The item for the mark when it finds no key span, and whether it costs points (0 or 1).
    extra: _Extra


class _Basis(NamedTuple):
    """What every answer on one article starts from."""

    labels: Mapping[str, str]
    missed: tuple[FeedbackItem, ...]
    #: Each crucial span's index, with the next step while it is the first one missing.
    crucial: tuple[tuple[int, str], ...]


#: Pairs of a key span and a mark are taken best first: the category accepted, then the
#: most characters in common, then the earlier mark.
_RANK = itemgetter(0, 1, 2)
_DAMAGED_ANSWER = "This answer is damaged: mark the hedges in the text again."


def _read_marks(case: Case, key: ArticleKey, lexicon: Lexicon, answer: object) -> list[_Reading]:
    """The student's marks, trimmed to words and each judged on its own; raises
    :class:`MalformedAnswer` with one sentence saying what is wrong."""
    if not isinstance(answer, Mapping) or "spans" not in answer:
        raise MalformedAnswer(_DAMAGED_ANSWER)
    spans = answer["spans"]
    if not isinstance(spans, list | tuple):
        raise MalformedAnswer(_DAMAGED_ANSWER)
    if not spans:
        raise MalformedAnswer(
            "You have not marked anything yet: select the words that hedge, attribute or "
            "boost a claim, pick a category and press Mark."
        )
    if len(spans) > MAX_MARKS:
        raise MalformedAnswer(
            f"That is {len(spans)} marks, more than {MAX_MARKS}: mark only the words that hedge."
        )
    return [
        _read_mark(case, key, lexicon, number, span) for number, span in enumerate(spans, start=1)
    ]


def _read_mark(
    case: Case, key: ArticleKey, lexicon: Lexicon, number: int, span: object
) -> _Reading:
    """Mark number ``number``, trimmed to words and judged on its own; raises
    :class:`MalformedAnswer` saying what is wrong with it."""
    if isinstance(span, list | tuple) and len(span) == 3:
        start, end, category = span
        if type(start) is int and type(end) is int and type(category) is str:
            reading = _plain_mark(case, key.article_id, lexicon, start, end, category)
            if reading is not None:
                return reading
    return _judge_mark(key, lexicon, number, span)


@per_case(entries=20_000)
def _plain_mark(
    case: Case, article_id: str, lexicon: Lexicon, start: int, end: int, category: str
) -> _Reading | None:
    """The reading of a mark of plain ints and a str (what a widget saves), or None when it is
    no valid mark: a class marks the same words again and again, and the reading depends on
    nothing else. Other values may compare equal to these, so they are never remembered."""
    key = _article_key(case, article_id)
    if not 0 <= start < end <= len(key.text) or category not in lexicon.category_ids:
        return None
    return _judged(key, lexicon, start, end, category)


def _judge_mark(key: ArticleKey, lexicon: Lexicon, number: int, span: object) -> _Reading:
    """Validate mark number ``number`` and judge it afresh; raises :class:`MalformedAnswer`
    saying what is wrong with it."""
    if not isinstance(span, list | tuple) or len(span) != 3:
        raise _damaged_mark(number)
    start, end, category = span
    if not _is_offset(start) or not _is_offset(end):
        raise _damaged_mark(number)
    if not 0 <= start < end <= len(key.text):
        raise MalformedAnswer(
            f"Mark number {number} is outside the text: unmark it and mark the words again."
        )
    if not isinstance(category, str) or category not in lexicon.category_ids:
        shown = category if isinstance(category, str) else "none"
        raise MalformedAnswer(
            f"Mark number {number} has the category “{shown}”, which is not one of the "
            "categories: pick one from the list."
        )
    reading = _judged(key, lexicon, start, end, category)
    if reading is None:
        raise MalformedAnswer(
            f"Mark number {number} covers no words: unmark it and mark some words."
        )
    return reading


def _damaged_mark(number: int) -> MalformedAnswer:
    return MalformedAnswer(
        f"Mark number {number} is damaged: unmark it and mark those words again."
    )


def _is_offset(value: object) -> TypeGuard[int]:
    """Whether ``value`` is an int (a bool, or a float such as 1.0, is not an offset)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _judged(
    key: ArticleKey, lexicon: Lexicon, start: int, end: int, category: str
) -> _Reading | None:
    """A valid mark on ``start:end`` with ``category``, trimmed to words and judged against the
    key on its own (None when it covers no words)."""
    piece = key.text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    if start >= end:
        return None
    marked = key.text[start:end]
    labels = _labels(lexicon)
    finds = []
    for index in key.spans_near(start, end):
        span = key.spans[index]
        overlap = _overlap(start, end, span.start, span.end)
        if overlap and not _too_long(start, end, span):
            item = _found_item(span, marked, category, lexicon, labels)
            finds.append(_Find(span.accepts(category), overlap, index, item))
    extra = _explain_extra(start, end, category, marked, key, lexicon, labels)
    return _Reading(start, end, category, marked, tuple(finds), extra)


def _article_key(case: Case, article_id: str) -> ArticleKey:
    """The key of an article :func:`check_answer` has found one for."""
    article_key: ArticleKey | None = case.key(SKILL).article(article_id)
    assert article_key is not None, article_id
    return article_key


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


@per_case(entries=1_000)
def _basis(case: Case, article_id: str, lexicon: Lexicon) -> _Basis:
    """What every answer on the article starts from, the same for every student."""
    key = _article_key(case, article_id)
    labels = _labels(lexicon)
    missed = tuple(_missed_item(span, lexicon, labels) for span in key.spans)
    crucial = tuple(
        (index, _crucial_step(span, labels)) for index, span in enumerate(key.spans) if span.crucial
    )
    return _Basis(labels, missed, crucial)


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
    try:
        marks = _read_marks(case, article_key, lexicon, answer)
    except MalformedAnswer as problem:
        return Feedback.invalid(task, problem.message, max_score=float(len(article_key.spans)))
    return _judge(article_key, marks, _basis(case, target, lexicon), task)


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
    if found == 0 or wrong > found:  # marking everything is no more than a first look
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
    """The item for a key span no mark found: the student reads where to look and what kind
    of word it is; the expert's quote and note wait behind "Show the expert's answer"."""
    category = lexicon.category(span.category)
    where = "headline" if span.part == "headline" else "text"
    return FeedbackItem(
        "missed",
        labels[span.category],
        span.note or category.description,
        quote=span.text,
        max_points=1.0,
        hint=f"In the {where}: one more {labels[span.category]}. {category.description}",
        term=_term(category),
    )


def _term(category: Any) -> str:
    """The technical name and examples of a lexicon category, one hover away."""
    return f"{category.term}: for example {category.examples}"


def _found_item(
    span: KeySpan, marked: str, category: str, lexicon: Lexicon, labels: Mapping[str, str]
) -> FeedbackItem:
    """The item for a key span found by a mark on ``marked`` with ``category``."""
    extent = ""
    if " ".join(marked.split()) != " ".join(span.text.split()):
        extent = f" The expert marked “{_short(span.text)}”."
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
) -> _Extra:
    """Feedback on a mark on ``start:end`` that found no key span, and whether it costs
    points (0 or 1): what the key says of those words, else what the detector says."""
    return (
        _beside_key_spans(start, end, marked, key)
        or _on_alternative(start, end, category, marked, key, labels)
        or _on_lookalike(start, end, marked, key)
        or _by_detector(start, end, marked, key, lexicon, labels)
        or (
            FeedbackItem(
                "wrong",
                "Not a hedge",
                "These words do not make the claim less certain, say whose word it is, or "
                "make it sound surer.",
                quote=_short(marked),
            ),
            1,
        )
    )


def _beside_key_spans(start: int, end: int, marked: str, key: ArticleKey) -> _Extra | None:
    """A mark that overlaps key spans without finding one: far too long, or on a span
    another mark found (free either way); None when it overlaps none."""
    overlapping = [
        key.spans[index]
        for index in key.spans_near(start, end)
        if _overlap(start, end, key.spans[index].start, key.spans[index].end)
    ]
    if not overlapping:
        return None
    if all(_too_long(start, end, span) for span in overlapping):
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
    return (
        FeedbackItem(
            "note",
            "Already counted",
            f"Another of your marks already found “{_short(overlapping[0].text)}”; it counts once.",
            quote=marked,
        ),
        0,
    )


def _on_alternative(
    start: int, end: int, category: str, marked: str, key: ArticleKey, labels: Mapping[str, str]
) -> _Extra | None:
    """A mark on a defensible alternative (free), or None."""
    for alternative in key.alternatives:
        if _overlap(start, end, alternative.start, alternative.end):
            better = ""
            if alternative.category and alternative.category != category:
                better = f" The expert would call it {labels[alternative.category]}."
            note = alternative.note or "The expert did not require it, but it is fair to mark."
            return FeedbackItem("note", "A defensible choice", note + better, quote=marked), 0
    return None


def _on_lookalike(start: int, end: int, marked: str, key: ArticleKey) -> _Extra | None:
    """A mark on one of the key's look-alikes (it costs), or None."""
    for lookalike in key.lookalikes:
        if _overlap(start, end, lookalike.start, lookalike.end):
            return FeedbackItem("wrong", "A look-alike", lookalike.note, quote=marked), 1
    return None


def _by_detector(
    start: int,
    end: int,
    marked: str,
    key: ArticleKey,
    lexicon: Lexicon,
    labels: Mapping[str, str],
) -> _Extra | None:
    """A mark on a look-alike the detector knows (it costs), or on a hedge the expert did not
    count in this article (free); None when the detector finds nothing there."""
    detection = _key_detection(key.text, lexicon)
    for found in detection.lookalikes:
        if _overlap(start, end, found.start, found.end):
            return FeedbackItem("wrong", found.label, found.explanation, quote=marked), 1
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
    return None


def _crucial_step(span: KeySpan, labels: Mapping[str, str]) -> str:
    """The next step while ``span`` is the first crucial span still missing."""
    where = "headline" if span.part == "headline" else "text"
    return (
        f"The crucial piece still missing is in the {where}: one more {labels[span.category]}. "
        "Find it and mark it."
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
