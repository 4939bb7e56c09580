"""Load and validate a case study folder: the articles, their metadata and the expert keys.

A case study folder holds ``case.toml`` (the claim and one table per article), the article
texts it names, and optional expert keys in ``key/<skill>.toml``. The format is documented
in ``seeds/README.md``. Loading checks everything and reports every problem at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from lessons.text import Span, normalize_quote, split_sentences, word_count
from lessons.validation import ID, DataFileError, Field, Problems, read_toml

__all__ = [
    "CONFIDENCE_LEVELS",
    "FURNITURE_KINDS",
    "Article",
    "Case",
    "DateInfo",
    "Furniture",
    "KeyParser",
    "Translation",
    "UnknownArticleError",
    "read_case",
]

FORMAT_VERSION = 1
CONFIDENCE_LEVELS = ("high", "medium-high", "medium", "low-medium", "medium-low", "low")
FURNITURE_KINDS = (
    "headline",
    "byline",
    "date-header",
    "breadcrumb",
    "related-link",
    "share-button",
    "comment-box",
    "author-box",
    "image-credit",
    "advertising",
    "correction-notice",
    "disclaimer",
)
ARTICLE_ID = ID


class KeyParser(Protocol):
    """What a skill module offers to parse and validate its expert key."""

    def __call__(self, case: Case, table: dict[str, Any], problems: Problems, file: str) -> Any: ...


class UnknownArticleError(KeyError):
    """An article id that is not in the case study; the message lists the valid ids."""

    def __init__(self, article_id: object, valid: tuple[str, ...]) -> None:
        self.article_id = article_id
        self.valid = valid
        super().__init__(article_id)

    def __str__(self) -> str:
        return f"There is no article called {self.article_id!r}. Choose one of: {', '.join(self.valid)}."


@dataclass(frozen=True)
class DateInfo:
    """When something was published, as a range when the exact day is not known."""

    confidence: str
    earliest: dt.date | None = None
    latest: dt.date | None = None
    note: str = ""

    @property
    def is_exact(self) -> bool:
        return self.earliest is not None and self.earliest == self.latest

    def label(self) -> str:
        """A reader's phrase for the date: exact, a range, or "on or after"."""
        if self.earliest is None and self.latest is None:
            return "date unknown"
        if self.is_exact:
            assert self.earliest is not None
            return _day(self.earliest)
        if self.latest is None:
            assert self.earliest is not None
            return f"on or after {_day(self.earliest)}"
        if self.earliest is None:
            return f"on or before {_day(self.latest)}"
        return f"between {_day(self.earliest)} and {_day(self.latest)}"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Furniture:
    """A line of the captured page that is not part of the article (a share button, say)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Translation:
    """The original that an article translates."""

    outlet: str
    language: str
    date: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class Article:
    """One captured article: its raw page text, the body alone, and what we know of it."""

    id: str
    file: str
    outlet: str
    language: str
    date: DateInfo
    raw_text: str
    outlet_note: str = ""
    outlet_confidence: str = "high"
    headline: str | None = None
    byline: str | None = None
    shown_date: dt.date | None = None
    shown_date_note: str = ""
    translation_of: Translation | None = None
    furniture: tuple[Furniture, ...] = ()

    @cached_property
    def body(self) -> str:
        """The article text without page furniture, paragraphs separated by blank lines."""
        furniture = {item.text.strip() for item in self.furniture}
        kept = [
            line.rstrip() for line in self.raw_text.splitlines() if line.strip() not in furniture
        ]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        """The body's sentences with their offsets in :attr:`body`."""
        return tuple(split_sentences(self.body))

    @property
    def word_count(self) -> int:
        return word_count(self.body)

    def find(self, quote: str) -> Span | None:
        """Where ``quote`` occurs in the body, forgiving typographic quotes and spacing."""
        start = self.body.find(quote)
        if start >= 0:
            return Span(start, start + len(quote), quote)
        wanted = normalize_quote(quote)
        if not wanted:
            return None
        for sentence in self.sentences:
            if wanted in normalize_quote(sentence.text):
                return sentence
        return None

    def quotes(self, quote: str) -> bool:
        """Whether ``quote`` occurs in the headline or the body."""
        wanted = normalize_quote(quote)
        if not wanted:
            return False
        in_headline = self.headline is not None and wanted in normalize_quote(self.headline)
        return in_headline or wanted in normalize_quote(self.body)


@dataclass(frozen=True)
class Case:
    """A case study: a claim, the articles about it, and the expert keys for each skill."""

    path: Path
    id: str
    title: str
    claim: str
    claim_status: str
    articles: tuple[Article, ...]
    keys: Mapping[str, Any] = field(default_factory=dict)

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(article.id for article in self.articles)

    def article(self, article_id: str) -> Article:
        """The article with this id; the error lists the valid ids."""
        for article in self.articles:
            if article.id == article_id:
                return article
        raise UnknownArticleError(article_id, self.article_ids)

    def key(self, name: str) -> Any:
        """The parsed expert key for one skill, or None when the case has none."""
        return self.keys.get(name)


_DATE_FIELDS = {
    "confidence": Field(str, choices=CONFIDENCE_LEVELS),
    "earliest": Field(dt.date, required=False),
    "latest": Field(dt.date, required=False),
    "note": Field(str, required=False),
}
_TRANSLATION_FIELDS = {
    "outlet": Field(str),
    "language": Field(str),
    "date": Field(dt.date, required=False),
    "note": Field(str, required=False),
}
_FURNITURE_FIELDS = {"kind": Field(str, choices=FURNITURE_KINDS), "text": Field(str)}
_ARTICLE_FIELDS = {
    "id": Field(str),
    "file": Field(str),
    "outlet": Field(str),
    "outlet_note": Field(str, required=False),
    "outlet_confidence": Field(str, required=False, choices=CONFIDENCE_LEVELS),
    "language": Field(str),
    "headline": Field(str, required=False),
    "byline": Field(str, required=False),
    "date": Field(dict),
    "shown_date": Field(dt.date, required=False),
    "shown_date_note": Field(str, required=False),
    "translation_of": Field(dict, required=False),
    "furniture": Field(list, required=False),
}
_CASE_FIELDS = {
    "format": Field(int, choices=(FORMAT_VERSION,)),
    "id": Field(str),
    "title": Field(str),
    "claim": Field(str),
    "claim_status": Field(str, required=False),
    "articles": Field(list),
}


def read_case(folder: str | Path, key_parsers: Mapping[str, KeyParser] | None = None) -> Case:
    """Load and validate the case study in ``folder``, with the expert keys in ``key/`` that
    ``key_parsers`` can read (none without it). :func:`lessons.skills.load_case` passes
    every skill's parser; this core module knows no skill.

    Raises :class:`DataFileError` listing every problem of ``case.toml``, the article
    files and (with parsers) the expert keys.
    """
    folder = Path(folder)
    problems = Problems()
    if not folder.is_dir():
        problems.add(
            str(folder), "(folder)", "is not a folder; a case study is a folder holding case.toml"
        )
        problems.raise_if_any()
    data = read_toml(folder / "case.toml", problems)
    problems.raise_if_any()
    case = _parse_case(folder, data, problems)
    problems.raise_if_any()
    if key_parsers:
        case = replace(case, keys=_load_keys(case, key_parsers, problems))
        problems.raise_if_any()
    return case


def _parse_case(folder: Path, data: dict[str, Any], problems: Problems) -> Case:
    file = "case.toml"
    top = problems.check_table(file, "", data, _CASE_FIELDS)
    articles: list[Article] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(top.get("articles", [])):
        where = f"articles[{index}]"
        article = _parse_article(folder, file, where, table, problems)
        if article is None:
            continue
        if article.id in seen:
            problems.add(
                file,
                f"{where}.id",
                f"{article.id!r} is already used by articles[{seen[article.id]}]; ids must be unique",
            )
            continue
        seen[article.id] = index
        articles.append(article)
    if "articles" in top and not top["articles"]:
        problems.add(file, "articles", "is empty; a case study needs at least one article")
    return Case(
        path=folder,
        id=top.get("id", ""),
        title=top.get("title", ""),
        claim=top.get("claim", ""),
        claim_status=top.get("claim_status", ""),
        articles=tuple(articles),
    )


def _parse_article(
    folder: Path, file: str, where: str, table: object, problems: Problems
) -> Article | None:
    before = len(problems)
    fields = problems.check_table(file, where, table, _ARTICLE_FIELDS)
    article_id = fields.get("id", "")
    if article_id and not ARTICLE_ID.match(article_id):
        problems.add(
            file,
            f"{where}.id",
            f"{article_id!r} must be lower-case letters, digits and single hyphens, like 'kyiv-post'",
        )
    date = _parse_date(file, f"{where}.date", fields.get("date", {}), problems)
    translation = None
    if "translation_of" in fields:
        t = problems.check_table(
            file, f"{where}.translation_of", fields["translation_of"], _TRANSLATION_FIELDS
        )
        translation = Translation(
            t.get("outlet", ""), t.get("language", ""), t.get("date"), t.get("note", "")
        )
    furniture = []
    for index, item in enumerate(fields.get("furniture", [])):
        f = problems.check_table(file, f"{where}.furniture[{index}]", item, _FURNITURE_FIELDS)
        if "kind" in f and "text" in f:
            furniture.append(Furniture(f["kind"], f["text"]))
    raw_text = _read_article_text(folder, file, where, fields.get("file"), problems)
    if raw_text is not None:
        lines = {line.strip() for line in raw_text.splitlines()}
        for index, item in enumerate(furniture):
            if item.text.strip() not in lines:
                problems.add(
                    file,
                    f"{where}.furniture[{index}].text",
                    f"{item.text!r} is not a whole line of {fields.get('file')}; furniture is matched line by line",
                )
        for name in ("headline", "byline"):
            if name in fields and fields[name] not in raw_text:
                problems.add(
                    file,
                    f"{where}.{name}",
                    f"{fields[name]!r} does not occur in {fields.get('file')}",
                )
    if len(problems) > before or raw_text is None:
        return None
    return Article(
        id=article_id,
        file=fields["file"],
        outlet=fields["outlet"],
        language=fields["language"],
        date=date,
        raw_text=raw_text,
        outlet_note=fields.get("outlet_note", ""),
        outlet_confidence=fields.get("outlet_confidence", "high"),
        headline=fields.get("headline"),
        byline=fields.get("byline"),
        shown_date=fields.get("shown_date"),
        shown_date_note=fields.get("shown_date_note", ""),
        translation_of=translation,
        furniture=tuple(furniture),
    )


def _parse_date(file: str, where: str, table: object, problems: Problems) -> DateInfo:
    fields = problems.check_table(file, where, table, _DATE_FIELDS)
    earliest, latest = fields.get("earliest"), fields.get("latest")
    if earliest and latest and earliest > latest:
        problems.add(
            file,
            f"{where}.latest",
            f"{latest} is before earliest ({earliest}); latest must be on or after earliest",
        )
    return DateInfo(fields.get("confidence", "low"), earliest, latest, fields.get("note", ""))


def _read_article_text(
    folder: Path, file: str, where: str, name: str | None, problems: Problems
) -> str | None:
    if name is None:
        return None
    path = (folder / name).resolve()
    if folder.resolve() not in path.parents:
        problems.add(file, f"{where}.file", f"{name!r} must be a file inside the case folder")
        return None
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(file, f"{where}.file", f"{name!r} not found in {folder}")
    except UnicodeDecodeError:
        problems.add(file, f"{where}.file", f"{name!r} is not UTF-8 text")
    except OSError as error:
        problems.add(file, f"{where}.file", f"{name!r} cannot be read: {error.strerror}")
    return None


def _load_keys(
    case: Case, key_parsers: Mapping[str, KeyParser], problems: Problems
) -> dict[str, Any]:
    key_folder = case.path / "key"
    keys: dict[str, Any] = {}
    if not key_folder.is_dir():
        return keys
    for path in sorted(key_folder.iterdir()):
        file = f"key/{path.name}"
        if path.suffix != ".toml" or path.stem not in key_parsers:
            allowed = ", ".join(f"{name}.toml" for name in key_parsers)
            problems.add(
                file, "(file)", f"unexpected file in key/; allowed key files are: {allowed}"
            )
            continue
        table = read_toml(path, problems)
        if not table:
            continue
        keys[path.stem] = key_parsers[path.stem](case, table, problems, file)
    return keys


def check_quote(
    case: Case, article_id: str, quote: object, file: str, where: str, problems: Problems
) -> bool:
    """Record a problem unless ``quote`` occurs in the article's headline or body."""
    if not isinstance(quote, str) or not quote.strip():
        problems.add(file, where, f"must be a non-empty quote from the article, not {quote!r}")
        return False
    try:
        article = case.article(article_id)
    except UnknownArticleError as error:
        problems.add(file, where, str(error))
        return False
    if not article.quotes(quote):
        problems.add(
            file, where, f"{quote!r} does not occur in the headline or body of {article.file}"
        )
        return False
    return True


__all__ += ["FORMAT_VERSION", "DataFileError", "check_quote"]
