"""``lessons new-case``: a new case study folder from a teacher's article texts, with every
field still to fill marked ``TODO`` so that ``lessons validate`` lists what is left.

How the placeholders are written (``docs/case-format.md``, "From texts to a case"): a field
the teacher must write is a comment ``# TODO field = ...`` (the validator reports it as
missing, naming the field); a value that must be chosen is the text ``"TODO"`` where a
choice is required (the validator names the field and the allowed choices); a value guessed
from the text carries the comment ``# TODO: confirm``. :func:`scaffold` is pure; :func:`read_texts`
and :func:`write_case` do the file work.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lessons.casestudy import CONFIDENCE_LEVELS, FURNITURE_KINDS
from lessons.reliability import default_rubric
from lessons.spread import QUESTION_IDS
from lessons.validation import ID

__all__ = [
    "KEY_FILES",
    "NewCaseError",
    "Text",
    "article_ids",
    "read_texts",
    "scaffold",
    "write_case",
]

#: The key skeletons written beside ``case.toml``.
KEY_FILES = ("sources", "hedges", "reliability", "spread")
#: Lines longer than this are shortened in the numbered listing (furniture lines are short).
_SHOWN_LINE = 100
#: A first line longer than this is taken for body text, not a headline.
_HEADLINE_CHARS = 150
#: How far down the text a byline ("By ...") is looked for, in non-empty lines.
_BYLINE_LINES = 12


class NewCaseError(Exception):
    """Why the case folder was not made: one plain sentence per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Text:
    """One article text for the new case: the file name it gets in the folder, and its text."""

    name: str
    text: str


def read_texts(paths: Sequence[str | Path]) -> list[Text]:
    """Read the teacher's text files; raise :class:`NewCaseError` listing every problem."""
    problems: list[str] = []
    texts: list[Text] = []
    seen: dict[str, Path] = {}
    if not paths:
        problems.append("Give at least one article text file.")
    for given in paths:
        path = Path(given)
        if path.name in seen:
            problems.append(
                f"{path} and {seen[path.name]} have the same file name; rename one of them."
            )
            continue
        seen[path.name] = path
        if path.name == "case.toml" or path.suffix == ".toml":
            problems.append(f"{path} is a TOML file; give the article texts, not a case file.")
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            problems.append(f"{path} does not exist.")
            continue
        except IsADirectoryError:
            problems.append(f"{path} is a folder; give the article text files themselves.")
            continue
        except UnicodeDecodeError:
            problems.append(f"{path} is not UTF-8 text; save it as UTF-8 and try again.")
            continue
        except OSError as error:
            problems.append(f"{path} cannot be read: {error.strerror or error}.")
            continue
        if not text.strip():
            problems.append(f"{path} is empty; an article needs its text.")
            continue
        texts.append(Text(path.name, text))
    if problems:
        raise NewCaseError(problems)
    return texts


def article_ids(names: Sequence[str]) -> list[str]:
    """An id for each file name (``Kyiv Post.txt`` -> ``kyiv-post``), valid and unique."""
    ids: list[str] = []
    for name in names:
        base = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-") or "article"
        candidate, number = base, 2
        while candidate in ids:
            candidate, number = f"{base}-{number}", number + 1
        assert ID.match(candidate)
        ids.append(candidate)
    return ids


def scaffold(case_name: str, texts: Sequence[Text]) -> dict[str, str]:
    """The files of a new case, path -> text: ``case.toml`` and the ``key/*.toml`` skeletons
    (the texts themselves are copied as they are)."""
    ids = article_ids([text.name for text in texts])
    files = {"case.toml": _case_toml(case_name, texts, ids)}
    files["key/sources.toml"] = _sources_toml(ids)
    files["key/hedges.toml"] = _hedges_toml(ids)
    files["key/reliability.toml"] = _reliability_toml(ids)
    files["key/spread.toml"] = _spread_toml()
    return files


def write_case(folder: str | Path, paths: Sequence[str | Path]) -> list[str]:
    """Make the case folder: copy the texts, write ``case.toml`` and the key skeletons.

    Returns the files written. Raises :class:`NewCaseError` (nothing written) when the
    folder already holds a case or other files, or a text cannot be used.
    """
    folder = Path(folder)
    problems: list[str] = []
    if (folder / "case.toml").exists():
        problems.append(f"{folder} already holds a case.toml; it is never overwritten.")
    elif folder.exists() and not folder.is_dir():
        problems.append(f"{folder} is a file, not a folder; choose a new folder name.")
    elif folder.is_dir() and any(folder.iterdir()):
        problems.append(f"{folder} exists and is not empty; choose a new or empty folder.")
    try:
        texts = read_texts(paths)
    except NewCaseError as error:
        problems.extend(error.problems)
        texts = []
    if problems:
        raise NewCaseError(problems)
    files = scaffold(folder.resolve().name, texts)
    (folder / "key").mkdir(parents=True, exist_ok=True)
    written = []
    for text in texts:
        (folder / text.name).write_bytes(text.text.encode("utf-8"))
        written.append(text.name)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
        written.append(name)
    return written


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string (one line)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


def _guess_headline(lines: Sequence[str]) -> str | None:
    """The first non-empty line, unless it is too long to be a headline (a paragraph)."""
    first = next((line.strip() for line in lines if line.strip()), "")
    return first if 0 < len(first) <= _HEADLINE_CHARS else None


def _guess_byline(lines: Sequence[str]) -> str | None:
    near_top = [line.strip() for line in lines if line.strip()][:_BYLINE_LINES]
    return next((line for line in near_top if re.match(r"(?i)by\s+\S", line)), None)


def _case_toml(case_name: str, texts: Sequence[Text], ids: Sequence[str]) -> str:
    case_id = re.sub(r"[^a-z0-9]+", "-", case_name.lower()).strip("-") or "my-case"
    levels = ", ".join(CONFIDENCE_LEVELS)
    out = [
        "# A case study made by `lessons new-case`. Format and how to fill it in:",
        "# docs/case-format.md. Lines `# TODO field = ...` are fields to write: delete the",
        '# "# TODO " and give the value. A value "TODO" must be replaced. A value marked',
        "# `# TODO: confirm` was guessed from the text. `lessons validate` lists what is left.",
        "",
        "format = 1",
        f"id = {_toml_string(case_id)}  # TODO: confirm (a short name for the case)",
        '# TODO title = ""  # the title lessons show',
        '# TODO claim = ""  # the claim under study, in one neutral sentence',
        '# claim_status = ""  # optional: what is known of the claim, shown after the work',
    ]
    for text, article_id in zip(texts, ids, strict=True):
        lines = text.text.splitlines()
        out += ["", "[[articles]]"]
        out.append(f"id = {_toml_string(article_id)}  # from the file name; used in every key")
        out.append(f"file = {_toml_string(text.name)}")
        headline = _guess_headline(lines)
        if headline is not None:
            out.append(f"headline = {_toml_string(headline)}  # TODO: confirm (the first line)")
        else:
            out.append('# headline = ""  # optional: as shown on the page, if it has one')
        byline = _guess_byline(lines)
        if byline is not None:
            out.append(f"byline = {_toml_string(byline)}  # TODO: confirm")
        out += [
            '# TODO outlet = ""  # the name students see before any task: never "a copy of X"',
            '# publisher = ""  # optional: who published it, as identified (shown after the work)',
            '# outlet_note = ""  # optional: how we know, and anything odd about the outlet',
            f'# outlet_confidence = "high"  # optional: {levels}',
            '# TODO language = ""  # the language of the text, such as "en"',
            "# date of publication: confidence is how sure (one of the levels below);",
            "# earliest and latest (YYYY-MM-DD, no quotes) are optional; equal means that day.",
            f"# {levels}",
            'date = { confidence = "TODO", note = "" }  # TODO',
            "# shown_date = YYYY-MM-DD  # optional: a date printed on the page",
            '# shown_date_note = ""  # optional: is that the publication date, and why',
            "# Page furniture: lines that are not the article, each a whole line below.",
            *_wrapped(f"kind is one of {', '.join(FURNITURE_KINDS)}."),
            '# furniture = [ { kind = "share-button", text = "a whole line of the text" } ]',
            f"# The lines of {text.name}:",
        ]
        out += _numbered(lines)
    return "\n".join(out) + "\n"


def _wrapped(text: str) -> list[str]:
    return [f"# {line}" for line in textwrap.wrap(text, width=86)]


def _numbered(lines: Sequence[str]) -> list[str]:
    width = len(str(len(lines)))
    shown = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        if len(text) > _SHOWN_LINE:
            text = text[: _SHOWN_LINE - 3].rstrip() + "..."
        shown.append(f"# {number:>{width}}: {text}")
    return shown


_SOURCES_HEAD = """\
# Expert key for lesson 02, "Trace the sources", and the record of who cited whom.
# Format: docs/case-format.md, section "key/sources.toml"; seeds/key/sources.toml is a
# full example. Lines `# TODO field = ...` are fields to write: delete the "# TODO ".

format = 1
# TODO origin = ""  # the outlet id where the claim began
# TODO origin_note = ""  # why that is the origin

# One [[outlets]] table for each outlet that carried, checked or denied the claim; every
# article of case.toml needs exactly one outlet with `article = "<its id>"`. Add tables
# for the outlets the articles cite, and [[other_sources]] for vague or background ones.
"""

_SOURCES_EDGES = """
# How the story moved: one [[edges]] table per step, FROM the source TO the outlet that
# cites, copies or translates it, for example:
# [[edges]]
# from = "the-cited-outlet"
# to = "the-citing-outlet"
# kind = "credited"  # credited, uncredited-copy or translation
# known = "quote"  # quote (a text shows it) or case-note
# quote = "the words of the citing article that name its source"
# confidence = "high"
# TODO edges: write at least one [[edges]] table.
"""


def _sources_toml(ids: Sequence[str]) -> str:
    out = [_SOURCES_HEAD]
    for article_id in ids:
        out += [
            "[[outlets]]",
            '# TODO id = ""  # the outlet\'s id (lower-case letters, digits, hyphens)',
            '# TODO name = ""  # the name students see',
            '# TODO kind = "outlet"  # outlet, news-agency, state-tv, state-media, person, ...',
            '# TODO role = "relay"  # origin, relay, doubt or denial',
            f"article = {_toml_string(article_id)}",
            "",
        ]
    out.append(_SOURCES_EDGES)
    for article_id in ids:
        out += [
            "",
            "[[articles]]",
            f"id = {_toml_string(article_id)}",
            '# TODO immediate = ""  # the outlet id it got the story from',
            "# TODO credited = true  # whether it names that source",
            '# TODO immediate_note = ""  # how the student can tell',
            "# TODO chain = []  # the outlet ids back to the origin, nearest first",
            "# TODO named: one [[articles.named]] table (source, quote, use) per source it names",
        ]
    return "\n".join(out) + "\n"


def _hedges_toml(ids: Sequence[str]) -> str:
    out = [
        '# Expert key for lesson 03, "Find the hedges". Format: docs/case-format.md, section',
        '# "key/hedges.toml"; seeds/key/hedges.toml is a full example. For each article, add',
        "# one [[articles.<id>.spans]] table (quote, category, note) per hedge to find.",
        "",
        "format = 1",
    ]
    for article_id in ids:
        out += [
            "",
            f"[articles.{article_id}]",
            '# summary = ""  # optional: shown after checking',
            f"# TODO spans: [[articles.{article_id}.spans]] tables (quote, category, note)",
        ]
    return "\n".join(out) + "\n"


def _reliability_toml(ids: Sequence[str]) -> str:
    rubric = default_rubric()
    levels = ", ".join(CONFIDENCE_LEVELS)
    out = [
        '# Expert key for lesson 04, "Rate the reliability": one rating per article. Format:',
        '# docs/case-format.md, section "key/reliability.toml"; seeds/key/reliability.toml is',
        '# a full example. Lines `# TODO field = ...` are fields to write: delete the "# TODO ".',
        "",
        "format = 1",
    ]
    for article_id in ids:
        out += [
            "",
            f"[articles.{article_id}]",
            "# TODO band = [0, 100]  # the expert total as a band (low, high)",
            '# crucial = ""  # optional: the criterion the feedback points to first',
            '# TODO track_record = ""  # the outlet\'s record, shown after rating',
            f'# TODO track_record_confidence = ""  # {levels}',
        ]
        for criterion in rubric.criteria:
            out += [
                "",
                f"[articles.{article_id}.criteria.{criterion.id}]  # {criterion.question}",
                '# TODO level = ""  # met, partly or not-met',
                "# quotes = []  # the words of the article that show it",
                '# TODO reason = ""',
            ]
    return "\n".join(out) + "\n"


def _spread_toml() -> str:
    out = [
        '# Expert key for the quiz of lesson 05, "How the claim spread". Format:',
        '# docs/case-format.md, section "key/spread.toml"; seeds/key/spread.toml is a full',
        "# example. Each question has its place in the lesson; write its prompt and choices,",
        "# or leave a question out by deleting its table.",
        "",
        "format = 1",
    ]
    for question_id in QUESTION_IDS:
        out += [
            "",
            "[[questions]]",
            f"id = {_toml_string(question_id)}",
            '# TODO prompt = ""',
            '# TODO choose = "one"  # one, or several ("tick every one")',
            '# TODO choices_from = "options"  # options (labels below) or articles (article ids)',
            '# TODO hint = ""',
            "# TODO choices: [[questions.choices]] tables (id, label, verdict, why)",
        ]
    return "\n".join(out) + "\n"
