"""Read like a fact-checker: tell the article from the page around it, its date, its origin.

Lesson 01 asks three first questions about a captured web page, before anyone asks whether
the story is true: which lines are the article and which are the website around it (links
to other stories, share buttons, comment boxes, a date header); does the page show when
the article was published; and is the text a translation. Every answer comes from the
case study's own ``case.toml`` (its ``furniture``, ``date``, ``shown_date``,
``translation_of``), so the lesson works on any case; what each kind of furniture is, the
points and the date choices are in the package's ``data/reading.toml``.

A student's answer for one article (task id ``reading/<article id>``) is a plain dict::

    {
        "furniture": [1, 2, 31],   # line numbers (from 1) of the raw page marked "not the article"
        "date": "shown-not-publication",  # one of DATE_CHOICES: "shown-is-publication",
                                          # "shown-not-publication", "no-date"
        "translation": False,      # is the text a translation of an article in another language?
    }

Any part may be left out (``None``) or empty, but not all of them. Line numbers count
every line of the raw text, blank ones included, as :func:`page_lines` numbers them.
Bad input never raises: :func:`check_answer` returns :meth:`Feedback.invalid` with one
sentence saying what to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from lessons.casestudy import FURNITURE_KINDS, Article, Case, UnknownArticleError
from lessons.feedback import Feedback, FeedbackItem
from lessons.resources import package_data_file
from lessons.validation import Field, Problems, load_data_file

__all__ = [
    "ANSWER_FIELDS",
    "BELONGS",
    "DATE_CHOICES",
    "FurnitureKind",
    "PageLine",
    "ReadingGuide",
    "check_answer",
    "date_choice",
    "default_guide",
    "load_guide",
    "page_lines",
]

ANSWER_FIELDS = ("furniture", "date", "translation")
#: The answers to the date question, in the order students see them.
DATE_CHOICES = ("shown-is-publication", "shown-not-publication", "no-date")
#: Where a line of furniture belongs: around the article, in it, or either is defensible.
BELONGS = ("page", "article", "either")
Belongs = Literal["page", "article", "either"]
GUIDE_FORMAT = 1
_QUOTE_LENGTH = 110


@dataclass(frozen=True)
class FurnitureKind:
    """One kind of page furniture: what to call it, where it belongs and why."""

    kind: str
    name: str
    belongs: Belongs
    why: str


@dataclass(frozen=True)
class Points:
    """Points for each part of an answer."""

    furniture: float
    date: float
    translation: float
    wrong_pick: float

    @property
    def total(self) -> float:
        return self.furniture + self.date + self.translation


@dataclass(frozen=True)
class ReadingGuide:
    """What the lesson teaches about page furniture, its date choices and its points."""

    points: Points
    dates: Mapping[str, str]
    kinds: Mapping[str, FurnitureKind]

    def date_options(self) -> list[tuple[str, str]]:
        """``(label, choice)`` pairs for the date question, in :data:`DATE_CHOICES` order."""
        return [(self.dates[choice], choice) for choice in DATE_CHOICES]


_POINT_FIELDS = {
    "furniture": Field(float),
    "date": Field(float),
    "translation": Field(float),
    "wrong_pick": Field(float),
}
_KIND_FIELDS = {"name": Field(str), "belongs": Field(str, choices=BELONGS), "why": Field(str)}
_GUIDE_FIELDS = {
    "format": Field(int, choices=(GUIDE_FORMAT,)),
    "points": Field(dict),
    "dates": Field(dict),
    "kinds": Field(dict),
}


def default_guide_path() -> Path:
    """The guide shipped with the package."""
    return package_data_file("reading.toml")


@lru_cache(maxsize=1)
def default_guide() -> ReadingGuide:
    """The shipped guide, read once."""
    return load_guide(default_guide_path())


def load_guide(path: str | Path) -> ReadingGuide:
    """Read and validate a guide file; :class:`DataFileError` lists every problem at once."""
    return load_data_file(path, _parse_guide)


def _parse_guide(data: Mapping[str, Any], file: str, problems: Problems) -> ReadingGuide:
    top = problems.check_table(file, "", data, _GUIDE_FIELDS)
    raw_points = problems.check_table(file, "points", top.get("points", {}), _POINT_FIELDS)
    for name, value in raw_points.items():
        if value < 0 or (name == "wrong_pick" and value > 1):
            limit = "between 0 and 1" if name == "wrong_pick" else "0 or more"
            problems.add(file, f"points.{name}", f"must be a number {limit}, not {value!r}")
    points = Points(**{name: float(raw_points.get(name, 0)) for name in _POINT_FIELDS})
    date_fields = {choice: Field(str) for choice in DATE_CHOICES}
    dates = problems.check_table(file, "dates", top.get("dates", {}), date_fields)
    kinds: dict[str, FurnitureKind] = {}
    raw_kinds = top.get("kinds", {})
    for kind in raw_kinds:
        if kind not in FURNITURE_KINDS:
            problems.add(
                file,
                f"kinds.{kind}",
                f"is not a kind of furniture; kinds are: {', '.join(FURNITURE_KINDS)}",
            )
    for kind in FURNITURE_KINDS:
        if kind not in raw_kinds:
            problems.add(file, f"kinds.{kind}", "is missing; every kind of furniture needs a table")
            continue
        fields = problems.check_table(file, f"kinds.{kind}", raw_kinds[kind], _KIND_FIELDS)
        if len(fields) == len(_KIND_FIELDS):
            kinds[kind] = FurnitureKind(kind, fields["name"], fields["belongs"], fields["why"])
    return ReadingGuide(points, dates, kinds)


# -- the page, line by line -------------------------------------------------------------


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


@lru_cache(maxsize=64)
def _raw_line_count(article: Article) -> int:
    """How many lines the captured page has, blank ones included (remembered per article)."""
    return len(article.raw_text.splitlines())


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
        belongs: Belongs = guide.kinds[kind].belongs if kind in guide.kinds else "article"
        lines.append(PageLine(number, text, kind, belongs))
    return tuple(lines)


def date_choice(article: Article) -> str:
    """The right answer to the date question, from ``case.toml``'s ``shown_date`` and ``date``."""
    if article.shown_date is None:
        return "no-date"
    if article.date.is_exact and article.date.earliest == article.shown_date:
        return "shown-is-publication"
    return "shown-not-publication"


# -- checking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Answer:
    furniture: tuple[int, ...]
    date: str | None
    translation: bool | None


def _parse_answer(answer: object, lines: Sequence[PageLine], raw_count: int) -> _Answer | str:
    """The answer as typed values, or one sentence saying what to fix."""
    if not isinstance(answer, Mapping):
        return "This answer is empty or damaged: answer the task again."
    unknown = [name for name in answer if name not in ANSWER_FIELDS]
    if unknown:
        return (
            f"This answer has a part the checker does not know ({str(unknown[0])[:40]!r}); "
            f"an answer has: {', '.join(ANSWER_FIELDS)}."
        )
    numbers = {line.number for line in lines}
    furniture = answer.get("furniture")
    if furniture is None:
        furniture = []
    if isinstance(furniture, str) or not isinstance(furniture, list | tuple):
        return "The 'furniture' part must be a list of line numbers, like [1, 14, 31]."
    marked: list[int] = []
    for value in furniture:
        if isinstance(value, bool) or not isinstance(value, int):
            return "Mark lines by their numbers only, like [1, 14, 31]; remove anything else."
        if value not in numbers:
            if 1 <= value <= raw_count:
                return f"Line {value} is empty: mark only lines with words on them."
            return f"There is no line {value} on this page: it has lines 1 to {raw_count}."
        marked.append(value)
    date = answer.get("date")
    if date is not None and date not in DATE_CHOICES:
        return (
            "Pick one of the answers about the date ("
            + ", ".join(repr(choice) for choice in DATE_CHOICES)
            + ")."
        )
    translation = answer.get("translation")
    if translation is not None and not isinstance(translation, bool):
        return "The 'translation' part must be true or false: is the text a translation?"
    if not marked and date is None and translation is None:
        return (
            "Nothing to check yet: mark the lines that are not the article, say what the page "
            "tells you about the date, and whether the text is a translation."
        )
    return _Answer(tuple(sorted(set(marked))), date, translation)


def check_answer(
    case: Case,
    target: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    """Check one article's answer (shape in the module docstring) against ``case.toml``.

    Pure: no widgets, no files beyond the shipped guide. ``answers`` is not needed here.
    """
    task = f"reading/{target}"
    try:
        article = case.article(target)
    except UnknownArticleError as error:
        return Feedback.invalid(task, str(error))
    guide = default_guide()
    lines = page_lines(article, guide)
    parsed = _parse_answer(answer, lines, _raw_line_count(article))
    if isinstance(parsed, str):
        return Feedback.invalid(task, parsed, max_score=guide.points.total)
    return _Checker(article, guide, lines, parsed).feedback(task)


_PRIORITY = {"date": 1, "translation": 2, "article-line": 3, "page-line": 4}


class _Checker:
    """Builds the feedback for one parsed answer; each part adds items and missing pieces."""

    def __init__(
        self, article: Article, guide: ReadingGuide, lines: Sequence[PageLine], answer: _Answer
    ) -> None:
        self.article = article
        self.guide = guide
        self.lines = lines
        self.answer = answer
        self.items: list[FeedbackItem] = []
        self.missing: list[tuple[int, int, str]] = []  # (priority, order, crucial piece)

    def feedback(self, task: str) -> Feedback:
        furniture_fraction, found, total, wrong = self._furniture()
        date_right = self._date()
        translation_right = self._translation()
        if self.answer.translation is not None:
            self._publisher()  # it may tell whether the text is a translation or a copy
        level = self._level(furniture_fraction, wrong, date_right, translation_right)
        if self.missing:
            next_step = f"The crucial piece still missing: {min(self.missing)[2]}"
        else:
            next_step = "You read this page like a fact-checker. Try the next article."
        return Feedback.from_items(
            task,
            self.items,
            summary=self._summary(found, total, wrong, date_right, translation_right),
            next_step=next_step,
            level=level,
            details={
                "article": self.article.id,
                "furniture": list(self.answer.furniture),
                "expected_furniture": [
                    line.number for line in self.lines if line.belongs == "page"
                ],
                "date": self.answer.date,
                "expected_date": date_choice(self.article),
                "translation": self.answer.translation,
                "expected_translation": self.article.translation_of is not None,
            },
        )

    # -- the lines that are not the article ----------------------------------------------

    def _furniture(self) -> tuple[float, int, int, int]:
        points = self.guide.points
        page = [line for line in self.lines if line.belongs == "page"]
        marked = set(self.answer.furniture)
        found = [line for line in page if line.number in marked]
        wrong = [line for line in self.lines if line.belongs == "article" and line.number in marked]
        either = [line for line in self.lines if line.belongs == "either" and line.number in marked]
        share = points.furniture / len(page) if page else points.furniture
        earned = share * len(found) if page else points.furniture
        if page and found:
            self.items.append(
                FeedbackItem(
                    # Right for the lines found; each line still to find is its own item.
                    "right",
                    f"Lines that are not the article, found ({len(found)} of {len(page)}): "
                    + _line_list(line.number for line in found),
                    points=earned,
                    max_points=earned,
                )
            )
        elif not page:
            self.items.append(
                FeedbackItem(
                    "right" if not wrong else "partly",
                    "This page holds nothing but the article",
                    "The captured page has no menus, links or buttons to tell apart.",
                    points=earned,
                    max_points=earned,
                )
            )
        for line in page:
            if line.number in marked:
                continue
            kind = self.guide.kinds[line.kind or ""]
            self.items.append(
                FeedbackItem(
                    "missed",
                    f"Line {line.number}: {kind.name}",
                    kind.why,
                    quote=line.short,
                    max_points=share,
                )
            )
            self._miss(
                "page-line",
                line.number,
                f"line {line.number} is {kind.name}, not part of the article: mark it too.",
            )
        penalty = min(earned, share * points.wrong_pick * len(wrong))
        first_page_line = min((line.number for line in page), default=None)
        for line in wrong:
            if line.kind is not None:
                explanation = self.guide.kinds[line.kind].why
            elif first_page_line is not None and line.number > first_page_line:
                explanation = (
                    "It is part of the article's text: the article goes on after the links and "
                    "buttons around it, so read past them."
                )
            else:
                explanation = "It is part of the article's text."
            if penalty:
                explanation += f" (Marking it costs {_num(penalty / len(wrong))} points.)"
            self.items.append(
                FeedbackItem(
                    "wrong",
                    f"Line {line.number} is part of the article",
                    explanation,
                    quote=line.short,
                    points=-penalty / len(wrong),
                )
            )
            self._miss(
                "article-line",
                line.number,
                f"line {line.number} is part of the article: take your mark off it.",
            )
        for line in either:
            kind = self.guide.kinds[line.kind or ""]
            self.items.append(
                FeedbackItem(
                    "note",
                    f"Line {line.number}: {kind.name}",
                    f"{kind.why} It does not count either way.",
                    quote=line.short,
                )
            )
        fraction = (earned - penalty) / points.furniture if points.furniture else 1.0
        return fraction, len(found), len(page), len(wrong)

    # -- the date --------------------------------------------------------------------------

    def _date(self) -> bool:
        points = self.guide.points
        article = self.article
        expected = date_choice(article)
        picked = self.answer.date
        right = picked == expected
        note = article.shown_date_note or _default_shown_note(expected)
        label = "What the page tells you about the date"
        if picked is None:
            self.items.append(
                FeedbackItem(
                    "missed",
                    label,
                    "You have not answered this yet.",
                    max_points=points.date,
                )
            )
            self._miss("date", 0, _UNANSWERED["date"])
            return False
        if right:
            self.items.append(
                FeedbackItem(
                    "right",
                    f"{label}: {self.guide.dates[picked]}",
                    note,
                    points=points.date,
                    max_points=points.date,
                )
            )
        else:
            self.items.append(
                FeedbackItem(
                    "wrong",
                    f"{label}: {self.guide.dates[picked]}",
                    f"Not this time: {self.guide.dates[expected][0].lower()}"
                    f"{self.guide.dates[expected][1:]}. {note}",
                    max_points=points.date,
                )
            )
        if not right:
            self._miss("date", 0, _DATE_PIECES[expected])
        date = article.date
        explanation = f"{_capital(date.label())} (confidence: {date.confidence})."
        if date.note:
            explanation += f" {date.note}"
        if not date.is_exact:
            explanation += (
                " When the exact day is not known, say so: give the range and how sure it is."
            )
        self.items.append(
            FeedbackItem("note", "When it was published, as far as we know", explanation)
        )
        return right

    # -- translation -----------------------------------------------------------------------

    def _translation(self) -> bool:
        points = self.guide.points
        original = self.article.translation_of
        said = self.answer.translation
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
            self.items.append(
                FeedbackItem(
                    "missed",
                    label,
                    "You have not answered this yet.",
                    max_points=points.translation,
                )
            )
        else:
            self.items.append(
                FeedbackItem(
                    "right" if right else "wrong",
                    f"{label} You said {'yes' if said else 'no'}",
                    explanation + _TRANSLATION_CLUE if original and not right else explanation,
                    points=points.translation if right else 0.0,
                    max_points=points.translation,
                )
            )
        if said is None:
            self._miss("translation", 0, _UNANSWERED["translation"])
        elif not right:
            piece = (
                "whether the text is a translation: look for sentences that read oddly, as if "
                "copied word for word from another language."
                if original is not None
                else "whether the text is a translation: nothing on this page suggests it is."
            )
            self._miss("translation", 0, piece)
        return right

    def _publisher(self) -> None:
        article = self.article
        explanation = f"{article.outlet} (confidence: {article.outlet_confidence})."
        if article.outlet_note:
            explanation += f" {article.outlet_note}"
        explanation += (
            " The page alone does not always tell you: fact-checkers read laterally, leaving the "
            "page to see where else the text appears."
        )
        self.items.append(FeedbackItem("note", "Who published it", explanation))

    # -- level and summary -----------------------------------------------------------------

    def _miss(self, part: str, order: int, piece: str) -> None:
        self.missing.append((_PRIORITY[part], order, piece))

    def _level(
        self, furniture_fraction: float, wrong: int, date_right: bool, translation_right: bool
    ) -> int:
        """Digipo 0-4: 4 when every crucial piece is found; 3 with the date right but a gap."""
        if date_right and translation_right and furniture_fraction >= 0.75 and not wrong:
            return 4
        if date_right and (translation_right or furniture_fraction >= 0.5):
            return 3
        if date_right or furniture_fraction >= 0.5 or translation_right:
            return 2
        return 1

    def _summary(
        self, found: int, total: int, wrong: int, date_right: bool, translation_right: bool
    ) -> str:
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
        parts.append("You read the date right." if date_right else "The date is not right yet.")
        parts.append(
            "You saw whether it is a translation."
            if translation_right
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


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2g}"
