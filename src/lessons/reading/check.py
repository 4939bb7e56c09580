"""The checker of one article's answer (task id ``reading/<article id>``; its shape is in
:mod:`lessons.reading`): pure, each judgement made once per page and answer, and bad input
gets one plain sentence instead of an exception.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple

from lessons.casestudy import Article, Case, UnknownArticleError
from lessons.feedback import Feedback, FeedbackItem, MalformedAnswer
from lessons.memo import per_case
from lessons.reading.guide import DATE_CHOICES, ReadingGuide, default_guide
from lessons.reading.page import PageLine, accepted_date_choices, date_choice, page_lines

__all__ = ["ANSWER_FIELDS", "check_answer"]

ANSWER_FIELDS = ("furniture", "date", "translation")


class _Answer(NamedTuple):
    """An answer's parts as checked values: marked lines sorted and once each."""

    furniture: tuple[int, ...]
    date: str | None
    translation: bool | None


#: (priority, order, crucial piece): the smallest one a student still lacks is named.
_Missing = tuple[int, int, str]


class _Part(NamedTuple):
    """The judged date or translation: its items, the crucial piece it lacks, if it is right."""

    items: tuple[FeedbackItem, ...]
    missing: _Missing | None
    right: bool


class _FurniturePart(NamedTuple):
    """The judged marked lines: their items, the first crucial piece they lack, the counts."""

    items: tuple[FeedbackItem, ...]
    missing: _Missing | None
    fraction: float
    found: int
    total: int
    wrong: int


class _Judgement(NamedTuple):
    """The feedback on one answer, all but the task and the details."""

    items: tuple[FeedbackItem, ...]
    score: float
    max_score: float
    summary: str
    next_step: str
    level: int


_POINTS = attrgetter("points")
_MAX_POINTS = attrgetter("max_points")
_PRIORITY = {"date": 1, "translation": 2, "article-line": 3, "page-line": 4}


class _Page:
    """One article's page with the shipped guide: every judgement of a single line, date
    choice or translation answer, made once, since it is the same for every student."""

    def __init__(self, article: Article, guide: ReadingGuide) -> None:
        self.article = article
        self.guide = guide
        lines = page_lines(article, guide)
        self.numbers = frozenset(line.number for line in lines)
        self.raw_count = len(article.raw_text.splitlines())
        page = [line for line in lines if line.belongs == "page"]
        self.expected_furniture = tuple(line.number for line in page)
        self.article_lines = tuple(line.number for line in lines if line.belongs == "article")
        self.share = guide.points.furniture / len(page) if page else guide.points.furniture
        last = max(self.numbers, default=0)
        self.missed_items = {
            line.number: _missed_line(guide, line, self.share, last) for line in page
        }
        first_page_line = min((line.number for line in page), default=None)
        self.wrong_reasons = {
            line.number: (_wrong_line_why(guide, line, first_page_line), line.short)
            for line in lines
            if line.belongs == "article"
        }
        self.pieces = {
            line.number: _missing_piece(guide, line) for line in lines if line.belongs != "either"
        }
        self.either_notes = {
            line.number: _either_line(guide, line) for line in lines if line.belongs == "either"
        }
        self.expected_date = date_choice(article)
        self.expected_translation = article.translation_of is not None
        self.dates = {
            picked: _judge_date(article, guide, picked) for picked in (None, *DATE_CHOICES)
        }
        self.translations = {
            said: _judge_translation(article, guide, said) for said in (None, False, True)
        }
        self.publisher = _publisher_item(article)

    def earned(self, found: int) -> float:
        """The points for ``found`` lines around the article (all, if the page has none)."""
        return self.share * found if self.expected_furniture else self.guide.points.furniture

    def penalty(self, found: int, wrong: int) -> float:
        """What ``wrong`` lines of the article marked as not the article cost: a share of the
        points for each, but never more than the ``found`` lines earned."""
        return min(self.earned(found), self.share * self.guide.points.wrong_pick * wrong)


@per_case(entries=256, cases=4)
def _page(case: Case, target: str) -> _Page:
    """The page of ``case``'s article ``target``, made once: a case's articles never change.
    Raises :class:`UnknownArticleError`."""
    return _Page(case.article(target), default_guide())


_FIELD_NAMES = frozenset(ANSWER_FIELDS)
_INT_TYPE = frozenset({int})


def _parse_answer(answer: object, page: _Page) -> _Answer:
    """The answer as typed values; raises :class:`MalformedAnswer` saying what to fix."""
    if not isinstance(answer, Mapping):
        raise MalformedAnswer("This answer is empty or damaged: answer the task again.")
    if not _FIELD_NAMES.issuperset(answer):
        unknown = next(name for name in answer if name not in ANSWER_FIELDS)
        raise MalformedAnswer(
            f"This answer has a part the checker does not know ({str(unknown)[:40]!r}); "
            f"an answer has: {', '.join(ANSWER_FIELDS)}."
        )
    furniture = answer.get("furniture")
    if furniture is None:
        furniture = []
    if isinstance(furniture, str) or not isinstance(furniture, (list, tuple)):
        raise MalformedAnswer(
            "The 'furniture' part must be a list of line numbers, like [1, 14, 31]."
        )
    marked = _marked_lines(furniture, page)
    date = answer.get("date")
    if date is not None and date not in DATE_CHOICES:
        raise MalformedAnswer(
            "Pick one of the answers about the date ("
            + ", ".join(repr(choice) for choice in DATE_CHOICES)
            + ")."
        )
    translation = answer.get("translation")
    if translation is not None and not isinstance(translation, bool):
        raise MalformedAnswer(
            "The 'translation' part must be true or false: is the text a translation?"
        )
    if not marked and date is None and translation is None:
        raise MalformedAnswer(
            "Nothing to check yet: mark the lines that are not the article, say what the page "
            "tells you about the date, and whether the text is a translation."
        )
    return _Answer(marked, date, translation)


def _marked_lines(furniture: list[Any] | tuple[Any, ...], page: _Page) -> tuple[int, ...]:
    """The marked line numbers, sorted and once each; raises :class:`MalformedAnswer` naming
    the first bad mark."""
    if _INT_TYPE.issuperset(map(type, furniture)) and page.numbers.issuperset(furniture):
        return tuple(sorted(set(furniture)))
    for value in furniture:  # find the first bad mark, to name it
        if isinstance(value, bool) or not isinstance(value, int):
            raise MalformedAnswer(
                "Mark lines by their numbers only, like [1, 14, 31]; remove anything else."
            )
        if value not in page.numbers:
            if 1 <= value <= page.raw_count:
                raise MalformedAnswer(f"Line {value} is empty: mark only lines with words on them.")
            raise MalformedAnswer(
                f"There is no line {value} on this page: it has lines 1 to {page.raw_count}."
            )
    return tuple(sorted(set(furniture)))


def check_answer(
    case: Case,
    target: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    """Check one article's answer (shape in the package docstring) against ``case.toml``.

    Pure: no widgets, no files beyond the shipped guide. ``answers`` is not needed here.
    """
    task = f"reading/{target}"
    try:
        page = _page(case, target)
    except UnknownArticleError as error:
        return Feedback.invalid(task, str(error))
    try:
        parsed = _parse_answer(answer, page)
    except MalformedAnswer as error:
        return Feedback.invalid(task, error.message, max_score=page.guide.points.total)
    judgement = _judge(case, target, parsed)
    return Feedback(
        task=task,
        score=judgement.score,
        max_score=judgement.max_score,
        items=judgement.items,
        summary=judgement.summary,
        next_step=judgement.next_step,
        level=judgement.level,
        details={
            "article": page.article.id,
            "furniture": list(parsed.furniture),
            "expected_furniture": list(page.expected_furniture),
            "date": parsed.date,
            "expected_date": page.expected_date,
            "translation": parsed.translation,
            "expected_translation": page.expected_translation,
        },
    )


@per_case(entries=20_000, cases=4)
def _judge(case: Case, target: str, answer: _Answer) -> _Judgement:
    """Put together the judged parts of one answer, as :meth:`Feedback.from_items` would.
    Remembered: a class gives the same answers again and again, and the judgement depends on
    nothing else (the guide is the shipped one, read once)."""
    page = _page(case, target)
    furniture = _judge_furniture(case, page.article.id, answer.furniture)
    date = page.dates[answer.date]
    translation = page.translations[answer.translation]
    items = furniture.items + date.items + translation.items
    if answer.translation is not None:
        items += (page.publisher,)  # it may tell whether the text is a translation or a copy
    missing = [part.missing for part in (furniture, date, translation) if part.missing]
    if missing:
        next_step = f"The crucial piece still missing: {min(missing)[2]}"
    else:
        next_step = "You read this page like a fact-checker. Try the next article."
    return _Judgement(
        items,
        round(sum(map(_POINTS, items)), 4),
        round(sum(map(_MAX_POINTS, items)), 4),
        _summary(
            furniture.found,
            furniture.total,
            furniture.wrong,
            date.right,
            translation.right,
            answer.date is None,
            answer.translation is None,
        ),
        next_step,
        _level(furniture, date.right, translation.right),
    )


# -- the lines that are not the article ------------------------------------------------------


@per_case(entries=20_000, cases=4)
def _judge_furniture(case: Case, article_id: str, marked: tuple[int, ...]) -> _FurniturePart:
    """Judge the marked lines, from the page's ready-made verdict on each line. Remembered:
    answers that differ in the date or the translation often mark the same lines."""
    page = _page(case, article_id)
    points = page.guide.points
    chosen = set(marked)
    found = [number for number in page.expected_furniture if number in chosen]
    wrong = [number for number in page.article_lines if number in chosen]
    total = len(page.expected_furniture)
    earned = page.earned(len(found))
    items: list[FeedbackItem] = []
    if total and found:
        items.append(_found_lines(case, article_id, tuple(found)))
    elif not total:
        items.append(
            FeedbackItem(
                "right" if not wrong else "partly",
                "This page holds nothing but the article",
                "The captured page has no menus, links or buttons to tell apart.",
                points=earned,
                max_points=earned,
            )
        )
    missed = [number for number in page.expected_furniture if number not in chosen]
    items.extend([page.missed_items[number] for number in missed])
    penalty = page.penalty(len(found), len(wrong))
    items.extend(
        [_wrong_line(case, article_id, number, len(found), len(wrong)) for number in wrong]
    )
    items.extend([item for number, item in page.either_notes.items() if number in chosen])
    fraction = (earned - penalty) / points.furniture if points.furniture else 1.0
    first = wrong or missed  # a marked article line comes first (_PRIORITY), then line order
    missing = page.pieces[first[0]] if first else None
    return _FurniturePart(tuple(items), missing, fraction, len(found), total, len(wrong))


@per_case(entries=20_000, cases=4)
def _found_lines(case: Case, article_id: str, found: tuple[int, ...]) -> FeedbackItem:
    """The item for the lines around the article that were marked. Remembered: a class finds
    the same few sets of them."""
    page = _page(case, article_id)
    total = len(page.expected_furniture)
    earned = page.earned(len(found))
    return FeedbackItem(
        # Right for the lines found; each line still to find is its own item.
        "right",
        f"Lines that are not the article, found ({len(found)} of {total}): " + _line_list(found),
        points=earned,
        max_points=earned,
    )


@per_case(entries=20_000, cases=4)
def _wrong_line(case: Case, article_id: str, number: int, found: int, wrong: int) -> FeedbackItem:
    """The item for line ``number`` of the article marked as not the article, one of ``wrong``
    such lines sharing the cost of an answer that found ``found`` lines around the article.
    Remembered: its cost depends only on those two counts."""
    page = _page(case, article_id)
    penalty = page.penalty(found, wrong)
    explanation, quote = page.wrong_reasons[number]
    if penalty:
        explanation += " Take your mark off it: marking the article's own lines takes points off."
    return FeedbackItem(
        "wrong",
        f"Line {number} is part of the article",
        explanation,
        quote=quote,
        points=-penalty / wrong,
    )


def _missed_line(guide: ReadingGuide, line: PageLine, share: float, last: int) -> FeedbackItem:
    """The item for a line around the article left unmarked. Its hint says what kind of
    line and in which ten lines to look, not which line: several missed lines of one kind
    then read as different places to look, not as the same sentence again."""
    kind = guide.kinds[line.kind or ""]
    start = (line.number - 1) // 10 * 10 + 1
    end = min(start + 9, last)
    start = max(1, min(start, end - 9))  # the last few lines: still a range of ten
    where = f"somewhere in lines {start}-{end}" if last > 10 else "on the page"
    return FeedbackItem(
        "missed",
        f"Line {line.number}: {kind.name}",
        kind.why,
        quote=line.short,
        max_points=share,
        hint=f"One more line, {where}, is not the article: {kind.name}. {kind.why}",
    )


def _missing_piece(guide: ReadingGuide, line: PageLine) -> _Missing:
    """The crucial piece a line is when left unmarked (around the article) or marked (in it)."""
    if line.belongs == "page":
        kind = guide.kinds[line.kind or ""]
        piece = f"{kind.name} on the page is not part of the article: find it and mark it too."
        return _PRIORITY["page-line"], line.number, piece
    piece = f"line {line.number} is part of the article: take your mark off it."
    return _PRIORITY["article-line"], line.number, piece


def _wrong_line_why(guide: ReadingGuide, line: PageLine, first_page_line: int | None) -> str:
    """Why a line of the article, marked as not the article, belongs to it."""
    if line.kind is not None:
        return guide.kinds[line.kind].why
    if first_page_line is not None and line.number > first_page_line:
        return (
            "It is part of the article's text: the article goes on after the links and "
            "buttons around it, so read past them."
        )
    return "It is part of the article's text."


def _either_line(guide: ReadingGuide, line: PageLine) -> FeedbackItem:
    """The note for a marked line that may count as page or article."""
    kind = guide.kinds[line.kind or ""]
    return FeedbackItem(
        "note",
        f"Line {line.number}: {kind.name}",
        f"{kind.why} It does not count either way.",
        quote=line.short,
    )


# -- the date, the translation, the publisher -------------------------------------------------


def _judge_date(article: Article, guide: ReadingGuide, picked: str | None) -> _Part:
    """The items for one answer to the date question (``None``: not answered)."""
    points = guide.points
    expected = date_choice(article)
    right = picked in accepted_date_choices(article)
    note = article.shown_date_note or _default_shown_note(expected)
    if right and picked != expected:  # the other reading of an uncertain date
        note = (
            f"This counts too: we are not sure ({article.date.confidence} confidence). The "
            f"likelier reading: {guide.dates[expected][0].lower()}{guide.dates[expected][1:]}. "
            f"{note}"
        )
    label = "What the page tells you about the date"
    if picked is None:
        item = FeedbackItem(
            "missed", label, "You have not answered this yet.", max_points=points.date
        )
        return _Part((item,), (_PRIORITY["date"], 0, _UNANSWERED["date"]), False)
    if right:
        item = FeedbackItem(
            "right",
            f"{label}: {guide.dates[picked]}",
            note,
            points=points.date,
            max_points=points.date,
        )
    else:
        item = FeedbackItem(
            "wrong",
            f"{label}: {guide.dates[picked]}",
            f"Not this time: {guide.dates[expected][0].lower()}{guide.dates[expected][1:]}. {note}",
            max_points=points.date,
        )
    missing = None if right else (_PRIORITY["date"], 0, _DATE_PIECES[expected])
    date = article.date
    explanation = f"{_capital(date.label())} (confidence: {date.confidence})."
    if date.note:
        explanation += f" {date.note}"
    if not date.is_exact:
        explanation += (
            " When the exact day is not known, say so: give the range and how sure it is."
        )
    published = FeedbackItem("note", "When it was published, as far as we know", explanation)
    return _Part((item, published), missing, right)


def _judge_translation(article: Article, guide: ReadingGuide, said: bool | None) -> _Part:
    """The item for one answer to "is it a translation?" (``None``: not answered)."""
    points = guide.points
    original = article.translation_of
    label = "Is it a translation?"
    if original is not None:
        explanation = f"It is a translation of an article in {original.outlet}"
        if original.date is not None:
            explanation += f" of {_day(original.date)}"
        explanation += "."
        if original.note:
            explanation += f" {original.note}"
    else:
        explanation = "As far as we know, it was written in this language, not translated."
        if said:
            explanation += (
                " A page that copies another outlet's article is a copy, not a translation."
            )
    right = said is not None and said == (original is not None)
    if said is None:
        item = FeedbackItem(
            "missed", label, "You have not answered this yet.", max_points=points.translation
        )
        return _Part((item,), (_PRIORITY["translation"], 0, _UNANSWERED["translation"]), False)
    item = FeedbackItem(
        "right" if right else "wrong",
        f"{label} You said {'yes' if said else 'no'}",
        explanation + _TRANSLATION_CLUE if original and not right else explanation,
        points=points.translation if right else 0.0,
        max_points=points.translation,
    )
    if right:
        return _Part((item,), None, True)
    piece = (
        "whether the text is a translation: look for sentences that read oddly, as if "
        "copied word for word from another language."
        if original is not None
        else "whether the text is a translation: nothing on this page suggests it is."
    )
    return _Part((item,), (_PRIORITY["translation"], 0, piece), False)


def _publisher_item(article: Article) -> FeedbackItem:
    """The note on who published the article."""
    explanation = f"{article.published_by} (confidence: {article.outlet_confidence})."
    if article.outlet_note:
        explanation += f" {article.outlet_note}"
    explanation += (
        " The page alone does not always tell you: fact-checkers read laterally, leaving the "
        "page to see where else the text appears."
    )
    return FeedbackItem("note", "Who published it", explanation)


# -- level and summary -------------------------------------------------------------------------


def _level(furniture: _FurniturePart, date_right: bool, translation_right: bool) -> int:
    """Digipo 0-4: 4 when every crucial piece is found; 3 with the date right but a gap, and
    at least a quarter of the lines around the article found (they are the lesson's first
    task: with none found the reading has not begun, whatever the two questions say)."""
    fraction = furniture.fraction
    if furniture.wrong > furniture.found:  # marking (nearly) everything is a first look
        return 1
    if date_right and translation_right and fraction >= 0.75 and not furniture.wrong:
        return 4
    if date_right and ((translation_right and fraction >= 0.25) or fraction >= 0.5):
        return 3
    if date_right or fraction >= 0.5 or translation_right:
        return 2
    return 1


@lru_cache(maxsize=1024)
def _summary(
    found: int,
    total: int,
    wrong: int,
    date_right: bool,
    translation_right: bool,
    date_blank: bool = False,
    translation_blank: bool = False,
) -> str:
    """The summary sentence, remembered: it depends only on these counts and verdicts."""
    if total and found == total:
        parts = [f"You marked all {total} lines that are not the article"]
    elif total:
        parts = [f"You marked {found} of the {total} lines that are not the article"]
    else:
        parts = ["This page has no lines around the article to mark"]
    if wrong:
        parts[0] += (
            f", and {wrong} line{'s' if wrong != 1 else ''} that {'are' if wrong != 1 else 'is'} part of it"
        )
    parts[0] += "."
    # A question left blank says so: "not right yet" reads as a wrong choice.
    parts.append(
        "You read the date right."
        if date_right
        else "You have not answered the date question yet."
        if date_blank
        else "The date is not right yet."
    )
    parts.append(
        "You saw whether it is a translation."
        if translation_right
        else "You have not answered whether it is a translation yet."
        if translation_blank
        else "Whether it is a translation is not right yet."
    )
    return " ".join(parts)


_DATE_PIECES = {
    "no-date": (
        "the date: this page shows no publication date, so the day has to be worked out from "
        "clues in the text and elsewhere."
    ),
    "shown-not-publication": (
        "the date: the date printed on this page is not when the article came out. Ask what "
        "else a date on a page can be."
    ),
    "shown-is-publication": (
        "the date: as far as we know, the date printed on this page is when the article came out."
    ),
}
_UNANSWERED = {
    "date": "the date: say what the page tells you about when it was published (question 2).",
    "translation": "whether the text is a translation: answer question 3.",
}
_TRANSLATION_CLUE = (
    " Clues that a text was translated: sentences that read oddly, words run together, and "
    "grammar copied from another language."
)


def _default_shown_note(expected: str) -> str:
    """A fallback explanation for a case whose ``shown_date_note`` is empty."""
    return {
        "no-date": "No date is shown on the page.",
        "shown-not-publication": "The date on the page is not the publication date.",
        "shown-is-publication": "The date on the page is the publication date.",
    }[expected]


def _line_list(numbers: Iterable[int]) -> str:
    items = [str(number) for number in numbers]
    if len(items) == 1:
        return f"line {items[0]}"
    return "lines " + ", ".join(items[:-1]) + " and " + items[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
