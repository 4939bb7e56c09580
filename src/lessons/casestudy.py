"""Load and validate a case study folder: the articles, their metadata and the expert keys.

A case study folder holds ``case.toml`` (the claim and one table per article), the article
texts it names, and optional expert keys in ``key/<skill>.toml``. The format is documented
in ``docs/case-format.md``. Loading checks everything and reports every problem at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol, TypeVar

from lessons.text import Span, normalize_name, normalize_quote, split_sentences, word_count
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
#: The largest article text a case may hold, in bytes: far above any news article, low
#: enough that a wrong file (a whole site, a video) is refused before it is read.
MAX_ARTICLE_BYTES = 2_000_000


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
    """One captured article: its raw page text, the body alone, and what we know of it.

    ``outlet`` names the page as a student first meets it (headings, lists, widget titles,
    before any task); ``publisher`` is who published it as identified, which may answer a
    task (a copy, a republication), so it is shown only after the work (empty: ``outlet``).
    """

    id: str
    file: str
    outlet: str
    language: str
    date: DateInfo
    raw_text: str
    publisher: str = ""
    outlet_note: str = ""
    outlet_confidence: str = "high"
    headline: str | None = None
    byline: str | None = None
    shown_date: dt.date | None = None
    shown_date_note: str = ""
    translation_of: Translation | None = None
    furniture: tuple[Furniture, ...] = ()
    #: Ids this article had before it was renamed: saved answers and hand-ins that use one
    #: still count for this article (:func:`current_task_id`).
    former_ids: tuple[str, ...] = ()

    @property
    def published_by(self) -> str:
        """Who published the page, as identified: for feedback after the task and the key."""
        return self.publisher or self.outlet

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

    def nearest(self, quote: str) -> str | None:
        """The passage of the headline or body most like ``quote`` (for a quote that does not
        occur), or None when nothing is alike. Bounded: a quick filter over every sentence,
        then a close look at the best few."""
        wanted = normalize_quote(quote)
        if not wanted:
            return None
        candidates = [self.headline] if self.headline else []
        candidates += [sentence.text for sentence in self.sentences[:_NEAREST_SENTENCES]]
        scored: list[tuple[float, str]] = []
        for text in dict.fromkeys(normalize_quote(c)[:_NEAREST_CHARS] for c in candidates):
            matcher = difflib.SequenceMatcher(None, wanted, text, autojunk=False)
            scored.append((matcher.quick_ratio(), text))
        scored.sort(key=lambda pair: pair[0], reverse=True)
        best_ratio, best = 0.0, ""
        for _, text in scored[:_NEAREST_CLOSE_LOOKS]:
            passage = _closest_window(wanted, text)
            ratio = difflib.SequenceMatcher(None, wanted, passage, autojunk=False).ratio()
            if ratio > best_ratio:
                best_ratio, best = ratio, passage
        return best if best_ratio >= _NEAREST_MIN_RATIO else None

    def quotes(self, quote: str) -> bool:
        """Whether ``quote`` occurs in the headline or the body."""
        wanted = normalize_quote(quote)
        if not wanted:
            return False
        in_headline = self.headline is not None and wanted in normalize_quote(self.headline)
        return in_headline or wanted in normalize_quote(self.body)


_NEAREST_SENTENCES = 5000
_NEAREST_CHARS = 1000
_NEAREST_CLOSE_LOOKS = 12
_NEAREST_MIN_RATIO = 0.4


def _closest_window(wanted: str, text: str) -> str:
    """The stretch of ``text`` as long as ``wanted`` around their longest common part,
    widened to whole words: a long sentence is cut to the part the quote resembles."""
    if len(text) <= len(wanted) + 20:
        return text
    matcher = difflib.SequenceMatcher(None, wanted, text, autojunk=False)
    match = matcher.find_longest_match(0, len(wanted), 0, len(text))
    start = max(0, match.b - match.a)
    end = min(len(text), start + len(wanted))
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


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

    @cached_property
    def renamed(self) -> Mapping[str, str]:
        """Each former article id (``former_ids`` in ``case.toml``) -> the article's id now."""
        return {old: article.id for article in self.articles for old in article.former_ids}

    def current_id(self, article_id: str) -> str:
        """The article's id now, for an id it had before (``former_ids``); any other id as it
        is. Saved answers and hand-ins made before a rename are read through this."""
        return self.renamed.get(article_id, article_id)

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
    "publisher": Field(str, required=False),
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
    "former_ids": Field(list, required=False),
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
    files and (with parsers) the expert keys, all at once: a broken ``case.toml`` does not
    hide the keys' problems. When the articles could not be read, each key file is still
    read and its TOML checked, and a problem says what could not be checked and why.
    """
    folder = Path(folder)
    problems = Problems()
    if not folder.is_dir():
        problems.add(
            str(folder), "(folder)", "is not a folder; a case study is a folder holding case.toml"
        )
        problems.raise_if_any()
    before = len(problems)
    data = read_toml(folder / "case.toml", problems, name=_label(folder, "case.toml"))
    case: Case | None = None
    why_not = "case.toml could not be read"
    if len(problems) == before:
        case, articles_ok = _parse_case(folder, data, problems)
        if not articles_ok:
            why_not = "the article list in case.toml has problems (above)"
    else:
        articles_ok = False
    if key_parsers:
        keys = _load_keys(folder, case if articles_ok else None, key_parsers, problems, why_not)
        if case is not None:
            case = replace(case, keys=keys)
    problems.raise_if_any()
    assert case is not None  # no problem means case.toml was read and parsed
    return case


def _label(folder: Path, name: str) -> str:
    """How a problem names a file of the case when it cannot be read: with its folder, so a
    teacher with several cases open knows which ``key/hedges.toml`` is meant."""
    return f"{folder.resolve().name}/{name}"


def _parse_case(folder: Path, data: dict[str, Any], problems: Problems) -> tuple[Case, bool]:
    """The case, and whether every article of it was read (the keys can be checked)."""
    file = "case.toml"
    top = problems.check_table(file, "", data, _CASE_FIELDS)
    articles: list[Article] = []
    seen: dict[str, int] = {}
    listed = top.get("articles", [])
    for index, table in enumerate(listed):
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
    articles = _check_former_ids(file, articles, seen, problems)
    articles_ok = bool(listed) and len(articles) == len(listed)
    case = Case(
        path=folder,
        id=top.get("id", ""),
        title=top.get("title", ""),
        claim=top.get("claim", ""),
        claim_status=top.get("claim_status", ""),
        articles=tuple(articles),
    )
    return case, articles_ok


def _check_former_ids(
    file: str, articles: list[Article], index_of: Mapping[str, int], problems: Problems
) -> list[Article]:
    """Refuse a former id that is an article's id now or another article's former id (an
    old answer would not know which article it belongs to); the articles that pass."""
    current = {article.id for article in articles}
    claimed: dict[str, str] = {}
    kept = []
    for article in articles:
        where = f"articles[{index_of[article.id]}].former_ids"
        ok = True
        for old in article.former_ids:
            if old in current:
                problems.add(
                    file,
                    where,
                    f"{old!r} is the id of an article of this case; a former id must be one "
                    f"no article has now (the articles' ids: {', '.join(sorted(current))})",
                )
                ok = False
            elif old in claimed:
                problems.add(
                    file,
                    where,
                    f"{old!r} is already a former id of {claimed[old]!r}; each former id may "
                    "belong to one article only",
                )
                ok = False
            else:
                claimed[old] = article.id
        if ok:
            kept.append(article)
    return kept


def _parse_former_ids(file: str, where: str, value: object, problems: Problems) -> tuple[str, ...]:
    """``former_ids``: a list of ids (lower-case letters, digits and single hyphens), each
    once."""
    if not isinstance(value, list):
        return ()
    found: list[str] = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not ARTICLE_ID.match(item):
            problems.add(
                file,
                f"{where}[{index}]",
                f"{item!r} is not an article id; a former id is text of lower-case letters, "
                "digits and single hyphens, like 'town-gazette'",
            )
        elif item in found:
            problems.add(file, f"{where}[{index}]", f"{item!r} is listed twice")
        else:
            found.append(item)
    return tuple(found)


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
            f"{article_id!r} must be lower-case letters, digits and single hyphens, like 'town-gazette'",
        )
    date = _parse_date(file, f"{where}.date", fields.get("date", {}), problems)
    former_ids = _parse_former_ids(
        file, f"{where}.former_ids", fields.get("former_ids", []), problems
    )
    if article_id in former_ids:
        problems.add(
            file,
            f"{where}.former_ids",
            f"{article_id!r} is this article's own id; list only the ids it had before",
        )
    translation = None
    if "translation_of" in fields:
        t = problems.check_table(
            file, f"{where}.translation_of", fields["translation_of"], _TRANSLATION_FIELDS
        )
        translation = Translation(
            t.get("outlet", ""), t.get("language", ""), t.get("date"), t.get("note", "")
        )
        shown, original = fields.get("outlet", ""), translation.outlet
        if shown and original and f" {normalize_name(original)} " in f" {normalize_name(shown)} ":
            problems.add(
                file,
                f"{where}.outlet",
                f"{shown!r} names the original, {original!r}, and so tells students it is a "
                "translation before lesson 01 asks: name the page as students meet it, and "
                "say what it is in `publisher` or `outlet_note` (shown after the task)",
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
        publisher=fields.get("publisher", ""),
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
        former_ids=former_ids,
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
        size = path.stat().st_size  # before reading: a huge file is refused unread
        if size > MAX_ARTICLE_BYTES:
            problems.add(
                file,
                f"{where}.file",
                f"{name!r} is {size / 1_000_000:.1f} MB; an article may be at most "
                f"{MAX_ARTICLE_BYTES // 1_000_000} MB of text (keep the article, not a whole "
                "site or a binary file)",
            )
            return None
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(file, f"{where}.file", f"{name!r} not found in {folder}")
    except UnicodeDecodeError:
        problems.add(file, f"{where}.file", f"{name!r} is not UTF-8 text")
    except IsADirectoryError:
        problems.add(file, f"{where}.file", f"{name!r} is a folder, not a text file")
    except OSError as error:
        problems.add(file, f"{where}.file", f"{name!r} cannot be read: {error.strerror}")
    return None


def _load_keys(
    folder: Path,
    case: Case | None,
    key_parsers: Mapping[str, KeyParser],
    problems: Problems,
    why_not: str,
) -> dict[str, Any]:
    """Parse every key file against ``case``; without a case (its articles could not be
    read), read each key file anyway, so its TOML errors show, and say it was not checked."""
    key_folder = folder / "key"
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
        before = len(problems)
        table = read_toml(path, problems, name=_label(folder, file))
        if len(problems) > before:
            continue
        if case is None:
            problems.add(
                file,
                "(file)",
                f"its TOML is readable, but it was not checked against the articles because "
                f"{why_not}; fix case.toml and validate again",
            )
            continue
        keys[path.stem] = _parse_key(key_parsers[path.stem], case, table, problems, file)
    return keys


def _parse_key(
    parser: KeyParser, case: Case, table: dict[str, Any], problems: Problems, file: str
) -> Any:
    """Run one skill's key parser; whatever a teacher's file holds, a problem, never a crash."""
    try:
        return parser(case, table, problems, file)
    except RecursionError:
        problems.add(file, "(file)", "nests lists or tables too deeply to check")
    except Exception as error:  # a parser tripped on a shape it did not expect
        problems.add(
            file,
            "(file)",
            f"could not be checked: a value has a shape the checker did not expect "
            f"({type(error).__name__}: {error}); look for a list or table where text or an "
            "id belongs, and please report this to the lessons project",
        )
    return None


def missing_quote_message(article: Article, quote: str) -> str:
    """What a key's quote that is not in ``article`` is told: that matching is exact (apart
    from what :func:`lessons.text.normalize_quote` folds) and the nearest passage there is."""
    return (
        f"{_short(quote)} does not occur in the headline or body of {article.file}"
        + exact_match_hint(article, quote)
    )


def exact_match_hint(article: Article, quote: str) -> str:
    """The end of any "quote not found" message: matching is exact, and the nearest passage
    of ``article``, when one is close."""
    hint = "; quotes must match the article exactly (only curly quotes, long dashes and spacing may differ)"
    nearest = article.nearest(quote)
    if nearest:
        hint += f"; the nearest passage is {_short(nearest)}"
    return hint


def _short(text: str, limit: int = 160) -> str:
    shown = text if len(text) <= limit else text[: limit - 3] + "..."
    return repr(shown)


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
        problems.add(file, where, missing_quote_message(article, quote))
        return False
    return True


__all__ += [
    "FORMAT_VERSION",
    "MAX_ARTICLE_BYTES",
    "DataFileError",
    "check_quote",
    "current_answers",
    "current_task_id",
    "exact_match_hint",
    "missing_quote_message",
]


T = TypeVar("T")


def current_task_id(case: Case, task_id: str) -> str:
    """The task id as the case names it now: an article's former id (``former_ids`` in
    ``case.toml``) becomes its current one; any other task id is returned as it is."""
    skill, _, target = task_id.partition("/")
    current = case.current_id(target) if target else target
    return task_id if current == target else f"{skill}/{current}"


def current_answers(case: Case, by_task: Mapping[str, T]) -> dict[str, T]:
    """``by_task`` (answers, or revisions, keyed by task id) with every task id as the case
    names it now (:func:`current_task_id`). Where a former and a current id both have an
    entry, the current one wins: it was saved after the rename."""
    if not case.renamed:
        return dict(by_task)
    current: dict[str, T] = {}
    for task_id, value in by_task.items():
        now = current_task_id(case, task_id)
        if now == task_id or now not in by_task:
            current[now] = value
    return current
