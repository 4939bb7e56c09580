"""Find hedges, attributions and boosters in any English text, and tell them from look-alikes.

The categories, phrases and look-alike rules are data (``data/hedge_lexicon.toml``, whose
header documents the pattern language); this module compiles and applies them. A teacher
can run it on new text (``lessons hedges FILE``); the hedge-finding checker uses it only to
explain a student's mark on a look-alike, never to grade.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from lessons.text import split_sentences
from lessons.validation import Field, Problems

__all__ = [
    "LEXICON_FORMAT",
    "Category",
    "Detection",
    "Hit",
    "Lexicon",
    "Lookalike",
    "default_categories",
    "default_lexicon",
    "detect",
    "find_hedges",
    "find_lookalikes",
    "load_lexicon",
]

LEXICON_FORMAT = 1
LEXICON_FILE = "hedge_lexicon.toml"
SCARE_QUOTES = "scare quotes"

# Curly quotes and apostrophes fold to straight ones, one character for one, so offsets in
# the folded text are offsets in the original.
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "′": "'"})
_WORD = re.compile(r"[^\W_]+")
_NUMBER = r"\d(?:[\d,.]*\d)?"
_LETTERS = r"[^\W\d_]+"
_ANY_WORD = r"[^\W_][\w'-]*"
_CLASS_TOKEN = re.compile(r"^\{([a-z_]+)\}$")
_TITLE_WORD = re.compile(r"[^\W\d_][\w'-]*")


@dataclass(frozen=True)
class Category:
    """One kind of hedge, attribution or booster, as the lessons name it."""

    id: str
    label: str
    short: str
    description: str
    examples: str
    #: The linguists' name (``"epistemic modal"``), shown one hover or click away from the
    #: plain label a student reads; the label itself when a lexicon gives none.
    term: str = ""

    def __post_init__(self) -> None:
        if not self.term:
            object.__setattr__(self, "term", self.label)


@dataclass(frozen=True)
class Hit:
    """A hedge, attribution or booster found in a text, by character offsets."""

    start: int
    end: int
    text: str
    category: str
    sentence: str
    phrase: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Lookalike:
    """A word that looks like a hedge but is not one here, with the reason."""

    start: int
    end: int
    text: str
    rule: str
    label: str
    explanation: str
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Detection:
    """Everything the detector found in one text."""

    hits: tuple[Hit, ...]
    lookalikes: tuple[Lookalike, ...]


# --------------------------------------------------------------------------------------
# The pattern language (documented at the top of the lexicon file)


class PatternError(ValueError):
    """A phrase pattern that cannot be compiled; the message says why."""


def _literal(word: str) -> str:
    escaped = re.escape(word)
    if word[:1].isalnum():
        escaped = r"(?<!\w)" + escaped
    if word[-1:].isalnum():
        escaped += r"(?!\w)"
    return escaped


def _class_item(item: str) -> str:
    parts = []
    for char in item:
        if char == "#":
            parts.append(_NUMBER)
        elif char == "*":
            parts.append(_LETTERS)
        else:
            parts.append(re.escape(char))
    body = "".join(parts)
    if item[:1].isalnum() or item[:1] in "#*":
        body = r"(?<!\w)" + body
    if item[-1:].isalnum() or item[-1:] in "#*":
        body += r"(?!\w)"
    return body


def _compile_class(items: Sequence[str]) -> str:
    keep = [item for item in items if not item.startswith("!")]
    drop = [item[1:] for item in items if item.startswith("!")]
    regex = "(?:" + "|".join(_class_item(item) for item in keep) + ")"
    if drop:
        regex = "(?!(?:" + "|".join(_literal(item) for item in drop) + "))" + regex
    return regex


@dataclass(frozen=True)
class _Token:
    regex: str
    optional: bool
    words: tuple[str, ...] | None  # the plain words it stands for, if any
    starts_with_word: bool


def _token(source: str, classes: Mapping[str, str], class_words: Mapping[str, tuple]) -> _Token:
    optional = len(source) > 1 and source.endswith("?")
    body = source[:-1] if optional else source
    if body == "*":
        return _Token(_ANY_WORD, optional, None, True)
    if body.startswith("{"):
        match = re.fullmatch(r"\{([a-z_]+)(\?)?\}", body)
        if not match:
            raise PatternError(f"{source!r} is not a class name in braces, like {{be}}")
        name = match.group(1)
        optional = optional or bool(match.group(2))
        if name not in classes:
            raise PatternError(
                f"{{{name}}} is not a word class; the classes are: {', '.join(sorted(classes))}"
            )
        return _Token(classes[name], optional, class_words[name], True)
    if "{" in body or "}" in body or "[" in body or "]" in body:
        raise PatternError(f"{source!r} mixes braces or brackets into a word")
    words = tuple(word for word in body.lower().split("|"))
    if any(not word for word in words):
        raise PatternError(f"{source!r} has an empty alternative between '|' signs")
    regex = "(?:" + "|".join(_literal(word) for word in words) + ")"
    return _Token(regex, optional, words, words[0][:1].isalnum())


def _sequence(tokens: Sequence[_Token]) -> str:
    """Join tokens: words apart by white space, punctuation allowed to touch."""
    out = ""
    for index, token in enumerate(tokens):
        gap = "" if index == 0 else (r"\s+" if token.starts_with_word else r"\s*")
        if token.optional:
            out += f"(?:{gap}{token.regex})?"
        else:
            out += gap + token.regex
    return out


def _alternatives(source: str) -> list[str]:
    inner = source[1:-1]
    if not inner:
        raise PatternError("has an empty context in brackets []")
    return inner.split("|")


@dataclass(frozen=True)
class Phrase:
    """A compiled phrase pattern of the lexicon."""

    source: str
    category: str
    regex: re.Pattern[str]
    lead: re.Pattern[str] | None
    first_words: tuple[str, ...]
    length: int


def compile_phrase(
    source: str, category: str, classes: Mapping[str, str], class_words: Mapping[str, tuple]
) -> Phrase:
    """Compile one lexicon phrase; raises PatternError saying what is wrong."""
    parts = source.split()
    if not parts:
        raise PatternError("is empty")
    lead = trail = None
    if parts[0].startswith("["):
        lead, parts = parts[0], parts[1:]
    if parts and parts[-1].startswith("["):
        trail, parts = parts[-1], parts[:-1]
    if not parts:
        raise PatternError("has only context in brackets; it needs at least one word to mark")
    for part in parts:
        if part.startswith("[") or part.endswith("]"):
            raise PatternError("context in brackets [] may only open or close a phrase")
    tokens = [_token(part, classes, class_words) for part in parts]
    first = tokens[0]
    if first.optional:
        raise PatternError("must not start with an optional word")
    if first.words is None or any("*" in word or "#" in word for word in first.words):
        raise PatternError("must start with plain words or a class of plain words, not '*' or '#'")
    if tokens[-1].optional:
        raise PatternError("must not end with an optional word")
    regex = _sequence(tokens)
    if trail is not None:
        context = [_token(alt, classes, class_words) for alt in _alternatives(trail)]
        regex += r"(?=\s*(?:" + "|".join(token.regex for token in context) + "))"
    lead_regex = None
    if lead is not None:
        context = [_token(alt, classes, class_words) for alt in _alternatives(lead)]
        lead_regex = re.compile(
            "(?:" + "|".join(token.regex for token in context) + r")\s*$", re.IGNORECASE
        )
    first_words = tuple(sorted({re.split(r"[^\w]", word)[0] for word in first.words}))
    return Phrase(
        source=source,
        category=category,
        regex=re.compile(regex, re.IGNORECASE),
        lead=lead_regex,
        first_words=first_words,
        length=len(tokens),
    )


def compile_condition(
    sources: Sequence[str], classes: Mapping[str, str], class_words: Mapping[str, tuple]
) -> str:
    """One regex alternation of several condition patterns (no anchors)."""
    alternatives = []
    for source in sources:
        parts = source.split()
        if not parts:
            raise PatternError("is empty")
        alternatives.append(_sequence([_token(part, classes, class_words) for part in parts]))
    return "(?:" + "|".join(alternatives) + ")"


# --------------------------------------------------------------------------------------
# Rules: look-alikes and re-categorising


@dataclass(frozen=True)
class _Conditions:
    before: re.Pattern[str] | None = None
    not_before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None
    earlier_in_sentence: re.Pattern[str] | None = None
    in_sentence: re.Pattern[str] | None = None
    window: int | None = None
    capitalized: bool | None = None
    sentence_start: bool | None = None
    title_case: bool | None = None
    sentence_end: bool | None = None


@dataclass(frozen=True)
class Rule:
    """A look-alike rule (or, with ``category``, a re-categorising rule)."""

    id: str
    label: str
    applies_to: re.Pattern[str]
    explanation: str
    when: tuple[_Conditions, ...]
    examples: tuple[str, ...] = ()
    category: str | None = None


@dataclass
class _Where:
    """A candidate hit in its sentence, for evaluating rule conditions."""

    folded: str
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    title_case: bool


def _holds(cond: _Conditions, where: _Where) -> bool:
    folded, start, end = where.folded, where.start, where.end
    s_start, s_end = where.sentence_start, max(where.sentence_end, end)
    if cond.capitalized is not None and where.text[start].isupper() != cond.capitalized:
        return False
    if cond.title_case is not None and where.title_case != cond.title_case:
        return False
    if cond.sentence_start is not None:
        opens = not folded[s_start:start].strip(" \t\n\"'([*-–—")
        if opens != cond.sentence_start:
            return False
    if cond.sentence_end is not None:
        closes = not folded[end:s_end].strip(" \t\n.!?\"')]:;,…")
        if closes != cond.sentence_end:
            return False
    window_start = max(s_start, start - 80)
    if cond.before is not None and not cond.before.search(folded, window_start, start):
        return False
    if cond.not_before is not None and cond.not_before.search(folded, window_start, start):
        return False
    window_end = min(s_end, end + 80)
    if cond.after is not None and not cond.after.match(folded, end, window_end):
        return False
    if cond.not_after is not None and cond.not_after.match(folded, end, window_end):
        return False
    if cond.earlier_in_sentence is not None:
        begin = s_start
        if cond.window is not None:
            words = [m.start() for m in _WORD.finditer(folded, s_start, start)]
            if len(words) > cond.window:
                begin = words[-cond.window]
        if not cond.earlier_in_sentence.search(folded, begin, start):
            return False
    return not (
        cond.in_sentence is not None and not cond.in_sentence.search(folded, s_start, s_end)
    )


def _is_title_case(sentence: str) -> bool:
    words = [word for word in _TITLE_WORD.findall(sentence) if len(word) > 3]
    if len(words) < 4:
        return False
    return sum(word[0].isupper() for word in words) / len(words) >= 0.85


# --------------------------------------------------------------------------------------
# The lexicon


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The compiled lexicon: categories, phrases, look-alike and re-categorising rules.

    Compared and hashed by identity (no two lexicons are the same object), so a result
    can be remembered per lexicon (the hedge checker remembers each article's detection).
    """

    categories: tuple[Category, ...]
    phrases: tuple[Phrase, ...]
    lookalikes: tuple[Rule, ...]
    reclassify: tuple[Rule, ...]
    scare_quote_category: str | None = None
    scare_quote_max_words: int = 3
    source: str = LEXICON_FILE
    _index: dict[str, tuple[Phrase, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, list[Phrase]] = {}
        for phrase in self.phrases:
            for word in phrase.first_words:
                index.setdefault(word, []).append(phrase)
        for word, phrases in index.items():
            self._index[word] = tuple(sorted(phrases, key=lambda p: -p.length))

    @cached_property
    def category_ids(self) -> tuple[str, ...]:
        return tuple(category.id for category in self.categories)

    def category(self, category_id: str) -> Category:
        """The category with this id; the error lists the valid ids."""
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(
            f"There is no hedge category {category_id!r}. Choose one of: {', '.join(self.category_ids)}."
        )

    def detect(self, text: str) -> Detection:
        """Find every hedge, attribution and booster in ``text``, and the look-alikes."""
        folded = text.translate(_FOLD)
        sentences = split_sentences(text)
        starts = [sentence.start for sentence in sentences]
        title_cache: dict[int, bool] = {}
        hits: list[Hit] = []
        lookalikes: list[Lookalike] = []
        resume = 0
        for word in _WORD.finditer(folded):
            position = word.start()
            if position < resume:
                continue
            candidates = self._index.get(word.group().lower())
            if not candidates:
                continue
            best: Phrase | None = None
            best_end = -1
            for phrase in candidates:
                match = phrase.regex.match(folded, position)
                if match is None or match.end() <= best_end:
                    continue
                if phrase.lead is not None and not phrase.lead.search(
                    folded, max(0, position - 12), position
                ):
                    continue
                best, best_end = phrase, match.end()
            if best is None:
                continue
            resume = best_end
            index = max(0, bisect.bisect_right(starts, position) - 1)
            sentence = sentences[index] if sentences else None
            if index not in title_cache:
                title_cache[index] = sentence is not None and _is_title_case(sentence.text)
            where = _Where(
                folded=folded,
                text=text,
                start=position,
                end=best_end,
                sentence_start=sentence.start if sentence else 0,
                sentence_end=sentence.end if sentence else len(text),
                title_case=title_cache[index],
            )
            self._classify(best, where, sentence.text if sentence else text, hits, lookalikes)
        if self.scare_quote_category:
            hits.extend(self._scare_quotes(text, folded, sentences, starts))
        hits.sort(key=lambda hit: (hit.start, hit.end))
        return Detection(tuple(hits), tuple(lookalikes))

    def _classify(
        self,
        phrase: Phrase,
        where: _Where,
        sentence: str,
        hits: list[Hit],
        lookalikes: list[Lookalike],
    ) -> None:
        matched = where.folded[where.start : where.end]
        original = where.text[where.start : where.end]
        for rule in self.lookalikes:
            if rule.applies_to.fullmatch(matched) and any(_holds(c, where) for c in rule.when):
                lookalikes.append(
                    Lookalike(
                        where.start,
                        where.end,
                        original,
                        rule.id,
                        rule.label,
                        rule.explanation,
                        sentence,
                    )
                )
                return
        category = phrase.category
        for rule in self.reclassify:
            if rule.applies_to.fullmatch(matched) and any(_holds(c, where) for c in rule.when):
                category = rule.category or category
                break
        hits.append(Hit(where.start, where.end, original, category, sentence, phrase.source))

    def _scare_quotes(
        self, text: str, folded: str, sentences: Sequence[Any], starts: list[int]
    ) -> list[Hit]:
        extra = self.scare_quote_max_words - 1
        pattern = re.compile(
            r"(?<![\w\"'])([\"'])([^\W\d_][\w-]*(?:[ \t]+[\w-]+){0," + str(extra) + r"})\1(?!\w)"
        )
        found = []
        for match in pattern.finditer(folded):
            inner = match.group(2)
            words = inner.split()
            index = max(0, bisect.bisect_right(starts, match.start()) - 1)
            sentence = sentences[index].text if sentences else text
            capitals = [word[0].isupper() for word in words]
            if len(words) > 1 and all(capitals):
                continue  # a title or a name, like "Russia Today"
            if capitals[0] and not _is_title_case(sentence):
                continue  # a capitalised single word is usually a name
            found.append(
                Hit(
                    match.start(),
                    match.end(),
                    text[match.start() : match.end()],
                    str(self.scare_quote_category),
                    sentence,
                    SCARE_QUOTES,
                )
            )
        return found


# --------------------------------------------------------------------------------------
# Loading and validating the lexicon file

_TOP_FIELDS = {
    "format": Field(int, choices=(LEXICON_FORMAT,)),
    "word_classes": Field(dict),
    "categories": Field(list),
    "scare_quotes": Field(dict, required=False),
    "lookalikes": Field(list, required=False),
    "reclassify": Field(list, required=False),
}
_CATEGORY_FIELDS = {
    "id": Field(str),
    "label": Field(str),
    "short": Field(str),
    "description": Field(str),
    "examples": Field(str),
    "term": Field(str, required=False),
    "phrases": Field(list),
}
_RULE_FIELDS = {
    "id": Field(str),
    "label": Field(str),
    "applies_to": Field(list),
    "explanation": Field(str),
    "examples": Field(list, required=False),
    "when": Field(list),
}
_RECLASSIFY_FIELDS = {
    "id": Field(str),
    "applies_to": Field(list),
    "category": Field(str),
    "explanation": Field(str),
    "examples": Field(list, required=False),
    "when": Field(list),
}
_PATTERN_CONDITIONS = (
    "before",
    "not_before",
    "after",
    "not_after",
    "earlier_in_sentence",
    "in_sentence",
)
_FLAG_CONDITIONS = ("capitalized", "sentence_start", "title_case", "sentence_end")
_WHEN_FIELDS = {
    **{name: Field(list, required=False) for name in _PATTERN_CONDITIONS},
    "window": Field(int, required=False),
    **{name: Field(bool, required=False) for name in _FLAG_CONDITIONS},
}
_SCARE_FIELDS = {"category": Field(str), "max_words": Field(int)}


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load and validate a lexicon file (default: the one the package ships).

    Raises :class:`lessons.validation.DataFileError` listing every problem at once.
    """
    name, data = _shipped_table() if path is None else _read_table(Path(path))
    problems = Problems()
    lexicon = parse_lexicon(data, problems, name)
    problems.raise_if_any()
    return lexicon


def _read_table(path: Path | None) -> tuple[str, dict[str, Any]]:
    """A lexicon file's name and its TOML (``None``: the shipped file); raises
    :class:`lessons.validation.DataFileError` when it cannot be read or parsed."""
    problems = Problems()
    name = LEXICON_FILE if path is None else path.name
    try:
        if path is None:
            source = files("lessons").joinpath("data", LEXICON_FILE).read_text(encoding="utf-8")
        else:
            source = path.read_text(encoding="utf-8")
        return name, tomllib.loads(source)
    except FileNotFoundError:
        problems.add(name, "(file)", f"file not found: {path}")
    except UnicodeDecodeError:
        problems.add(name, "(file)", "is not UTF-8 text")
    except tomllib.TOMLDecodeError as error:
        problems.add(name, "(file)", f"is not valid TOML: {error}")
    problems.raise_if_any()
    raise AssertionError("unreachable")


@lru_cache(maxsize=1)
def _shipped_table() -> tuple[str, dict[str, Any]]:
    """The shipped lexicon file, read once for its categories and once more for the whole
    lexicon (neither parse changes it)."""
    return _read_table(None)


def parse_lexicon(data: Mapping[str, Any], problems: Problems, file: str) -> Lexicon:
    """Build a :class:`Lexicon` from parsed TOML, recording every problem in ``problems``."""
    top = problems.check_table(file, "", data, _TOP_FIELDS)
    classes, class_words = _parse_classes(top.get("word_classes", {}), problems, file)
    categories: list[Category] = []
    phrases: list[Phrase] = []
    seen_phrases: dict[str, str] = {}
    for where, category, fields in _category_tables(top, problems, file):
        categories.append(category)
        for number, source in enumerate(fields.get("phrases", [])):
            at = f"{where}.phrases[{number}]"
            if not isinstance(source, str):
                problems.add(file, at, f"must be text, not {source!r}")
                continue
            normal = " ".join(source.lower().split())
            if normal in seen_phrases:
                problems.add(
                    file, at, f"{source!r} is already in category {seen_phrases[normal]!r}"
                )
                continue
            seen_phrases[normal] = category.id
            try:
                phrases.append(compile_phrase(source, category.id, classes, class_words))
            except (PatternError, re.error) as error:
                problems.add(file, at, f"{source!r} {error}")
    category_ids = tuple(c.id for c in categories)
    scare_category, scare_words = None, 3
    if "scare_quotes" in top:
        scare = problems.check_table(file, "scare_quotes", top["scare_quotes"], _SCARE_FIELDS)
        scare_category = problems.check_choice(
            file, "scare_quotes.category", scare.get("category"), category_ids, "category"
        )
        scare_words = scare.get("max_words", 3)
        if not 1 <= scare_words <= 6:
            problems.add(file, "scare_quotes.max_words", f"must be 1 to 6, not {scare_words}")
    rules: dict[str, list[Rule]] = {"lookalikes": [], "reclassify": []}
    for kind, found in rules.items():
        for index, table in enumerate(top.get(kind, [])):
            rule = _parse_rule(
                table,
                f"{kind}[{index}]",
                kind == "reclassify",
                classes,
                class_words,
                category_ids,
                problems,
                file,
            )
            if rule is not None:
                found.append(rule)
    return Lexicon(
        categories=tuple(categories),
        phrases=tuple(phrases),
        lookalikes=tuple(rules["lookalikes"]),
        reclassify=tuple(rules["reclassify"]),
        scare_quote_category=scare_category,
        scare_quote_max_words=scare_words,
        source=file,
    )


def _category_tables(
    top: Mapping[str, Any], problems: Problems, file: str
) -> list[tuple[str, Category, Mapping[str, Any]]]:
    """Each well-formed category of the lexicon: where it is, the category, its fields."""
    found: list[tuple[str, Category, Mapping[str, Any]]] = []
    for index, table in enumerate(top.get("categories", [])):
        where = f"categories[{index}]"
        fields = problems.check_table(file, where, table, _CATEGORY_FIELDS)
        if not {"id", "label", "short", "description", "examples"} <= fields.keys():
            continue
        category_id = fields["id"]
        if any(category.id == category_id for _, category, _ in found):
            problems.add(file, f"{where}.id", f"{category_id!r} is used twice; ids must be unique")
            continue
        category = Category(
            category_id,
            fields["label"],
            fields["short"],
            fields["description"],
            fields["examples"],
            fields.get("term", ""),
        )
        found.append((where, category, fields))
    if "categories" in top and not found and not problems:
        problems.add(file, "categories", "is empty; the lexicon needs at least one category")
    return found


def _parse_classes(
    table: Mapping[str, Any], problems: Problems, file: str
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    classes: dict[str, str] = {}
    words: dict[str, tuple[str, ...]] = {}
    for name, items in table.items():
        where = f"word_classes.{name}"
        if not re.fullmatch(r"[a-z_]+", name):
            problems.add(file, where, "class names are lower-case letters and underscores")
            continue
        if (
            not isinstance(items, list)
            or not items
            or not all(isinstance(item, str) and item.strip() for item in items)
        ):
            problems.add(file, where, "must be a non-empty list of words")
            continue
        if all(item.startswith("!") for item in items):
            problems.add(file, where, "must hold at least one word that is not left out with '!'")
            continue
        classes[name] = _compile_class([item.lower() for item in items])
        words[name] = tuple(item.lower() for item in items if not item.startswith("!"))
    return classes, words


def _parse_rule(
    table: object,
    where: str,
    reclassifies: bool,
    classes: Mapping[str, str],
    class_words: Mapping[str, tuple],
    category_ids: tuple[str, ...],
    problems: Problems,
    file: str,
) -> Rule | None:
    before = len(problems)
    fields = problems.check_table(
        file, where, table, _RECLASSIFY_FIELDS if reclassifies else _RULE_FIELDS
    )
    applies = None
    if "applies_to" in fields:
        try:
            applies = re.compile(
                compile_condition(_strings(fields["applies_to"]), classes, class_words),
                re.IGNORECASE,
            )
        except (PatternError, ValueError, re.error) as error:
            problems.add(file, f"{where}.applies_to", str(error))
    category = None
    if reclassifies:
        category = problems.check_choice(
            file, f"{where}.category", fields.get("category"), category_ids, "category"
        )
    when = []
    for number, cond_table in enumerate(fields.get("when", [])):
        at = f"{where}.when[{number}]"
        cond = problems.check_table(file, at, cond_table, _WHEN_FIELDS)
        if not cond and isinstance(cond_table, Mapping) and not cond_table:
            problems.add(file, at, "is empty; give at least one condition")
            continue
        compiled: dict[str, Any] = {}
        for name in _PATTERN_CONDITIONS:
            if name not in cond:
                continue
            try:
                alternation = compile_condition(_strings(cond[name]), classes, class_words)
            except (PatternError, ValueError) as error:
                problems.add(file, f"{at}.{name}", str(error))
                continue
            if name in ("before", "not_before"):
                regex = alternation + r"\s*$"
            elif name in ("after", "not_after"):
                regex = r"\s*" + alternation
            else:
                regex = alternation
            compiled[name] = re.compile(regex, re.IGNORECASE)
        for name in (*_FLAG_CONDITIONS, "window"):
            if name in cond:
                compiled[name] = cond[name]
        if "window" in compiled and "earlier_in_sentence" not in cond:
            problems.add(file, f"{at}.window", "only counts with earlier_in_sentence")
        when.append(_Conditions(**compiled))
    if "when" in fields and not fields["when"]:
        problems.add(file, f"{where}.when", "is empty; give at least one table of conditions")
    examples = fields.get("examples", [])
    if not all(isinstance(example, str) for example in examples):
        problems.add(file, f"{where}.examples", "must be a list of sentences")
    if len(problems) > before or applies is None:
        return None
    return Rule(
        id=fields["id"],
        label=fields.get("label", fields["id"]),
        applies_to=applies,
        explanation=fields["explanation"],
        when=tuple(when),
        examples=tuple(examples),
        category=category,
    )


def _strings(values: object) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ValueError(f"must be a list of non-empty phrases, not {values!r}")
    return list(values)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon the package ships, loaded and validated once."""
    return load_lexicon()


@lru_cache(maxsize=1)
def default_categories() -> tuple[Category, ...]:
    """The shipped lexicon's categories, validated, without compiling its phrases and rules
    (a fifth of a second): a case's keys and exercises only name categories."""
    name, data = _shipped_table()
    problems = Problems()
    top = problems.check_table(name, "", data, _TOP_FIELDS)
    categories = tuple(category for _, category, _ in _category_tables(top, problems, name))
    problems.raise_if_any()
    return categories


def detect(text: str, lexicon: Lexicon | None = None) -> Detection:
    """Hedges and look-alikes in ``text`` (with the package lexicon unless one is given)."""
    return (lexicon or default_lexicon()).detect(text)


def find_hedges(text: str, lexicon: Lexicon | None = None) -> list[Hit]:
    """Every hedge, attribution and booster in ``text``, in order, with offsets and sentence."""
    return list(detect(text, lexicon).hits)


def find_lookalikes(text: str, lexicon: Lexicon | None = None) -> list[Lookalike]:
    """Words in ``text`` that look like hedges but are not, each with the reason."""
    return list(detect(text, lexicon).lookalikes)
