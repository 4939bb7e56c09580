"""A case's own lesson text: the wording that belongs to one story, kept as data beside its
``case.toml`` (``lessons/<lesson>.md``) and validated on load.

Each file is markdown in sections; ``<!-- NAME -->`` alone on a line starts the section
called NAME (``<!-- intro -->``, ``<!-- article kyiv-post -->``). Which names a lesson
reads is set by its template (:func:`lessons.unit.render.section_names`); a section the
case leaves out gets the template's generic text. Every problem of every file is reported
at once, naming the file, the line and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from lessons.unit.markup import (
    ARTICLE_PLACEHOLDERS,
    PLACEHOLDERS,
    MarkupError,
    Node,
    parse_body,
    placeholders,
)
from lessons.validation import DataFileError, Problem

__all__ = ["FOLDER", "MAX_TEXT_BYTES", "CaseText", "read_case_text"]

#: The folder of a case that holds its lesson text.
FOLDER = "lessons"
#: A lesson text file larger than this is refused before it is read.
MAX_TEXT_BYTES = 256 * 1024

_SECTION = re.compile(r"^<!--\s*([a-z0-9]+(?:[ -][a-z0-9]+)*)\s*-->\s*$")


@dataclass(frozen=True)
class CaseText:
    """A case's lesson text: per lesson stem, its sections (name -> nodes) in file order."""

    lessons: Mapping[str, Mapping[str, tuple[Node, ...]]]

    def section(self, stem: str, name: str) -> tuple[Node, ...] | None:
        return self.lessons.get(stem, {}).get(name)

    def names(self, stem: str) -> tuple[str, ...]:
        return tuple(self.lessons.get(stem, {}))


def read_case_text(
    case_dir: Path,
    allowed: Callable[[str], tuple[tuple[str, ...], tuple[str, ...]] | None],
    article_ids: tuple[str, ...],
    stems: tuple[str, ...],
) -> CaseText:
    """Read ``case_dir/lessons/*.md``; DataFileError listing every problem of every file.

    ``allowed(stem)`` gives a lesson's section names and its per-article ones (``article``
    allows ``article <id>`` for every id in ``article_ids``). A case without the folder has
    no text of its own: every lesson uses its template's generic wording.
    """
    folder = case_dir / FOLDER
    lessons: dict[str, dict[str, tuple[Node, ...]]] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return CaseText({})
    for path in sorted(folder.iterdir()):
        file = f"{FOLDER}/{path.name}"
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".md" or path.stem not in stems:
            problems.append(
                Problem(
                    file,
                    "file name",
                    f"is not a lesson's text; the files may be: "
                    f"{', '.join(f'{stem}.md' for stem in stems)}",
                )
            )
            continue
        if path.stat().st_size > MAX_TEXT_BYTES:
            problems.append(
                Problem(file, "size", f"is larger than {MAX_TEXT_BYTES // 1024} KB; shorten it")
            )
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(file, "text", f"cannot be read as UTF-8 text ({error})"))
            continue
        names = allowed(path.stem)
        assert names is not None
        lessons[path.stem] = _sections(text, file, names, article_ids, problems)
    if problems:
        raise DataFileError(problems)
    return CaseText(lessons)


def _sections(
    text: str,
    file: str,
    names: tuple[tuple[str, ...], tuple[str, ...]],
    article_ids: tuple[str, ...],
    problems: list[Problem],
) -> dict[str, tuple[Node, ...]]:
    plain, per_article = names
    valid = [*plain, *(f"{name} <article id>" for name in per_article)]
    sections: dict[str, tuple[Node, ...]] = {}
    current: str | None = None  # None: before the first section, or in a refused one
    refused = False
    start = 0
    lines = text.split("\n")

    def close(end: int) -> None:
        body = "\n".join(lines[start:end]).rstrip()
        if refused:
            return
        if current is None:
            if body.strip():
                problems.append(
                    Problem(
                        file,
                        f"line {start + 1}",
                        "text before the first section; start each section with a line "
                        "such as <!-- intro -->",
                    )
                )
            return
        if current in sections:
            problems.append(Problem(file, f"line {start}", f"a second section {current!r}"))
            return
        try:
            sections[current] = parse_body(body, start + 1)
        except MarkupError as error:
            problems.append(Problem(file, f"line {error.line}", error.message))
            return
        for index, line in enumerate(lines[start:end]):
            for name in placeholders(line):
                allowed_names = (
                    (*PLACEHOLDERS, *ARTICLE_PLACEHOLDERS) if " " in current else PLACEHOLDERS
                )
                if name not in allowed_names:
                    problems.append(
                        Problem(
                            file,
                            f"line {start + index + 1}",
                            f"unknown value {{{{{name}}}}}; a section may use: "
                            f"{', '.join(f'{{{{{n}}}}}' for n in allowed_names)}",
                        )
                    )

    for index, line in enumerate(lines):
        match = _SECTION.match(line)
        if match is None:
            if line.lstrip().startswith("<!--") and line.rstrip().endswith("-->"):
                problems.append(
                    Problem(
                        file,
                        f"line {index + 1}",
                        f"{line.strip()!r} is not a section name; sections are: {', '.join(valid)}",
                    )
                )
            continue
        close(index)
        name = match.group(1)
        kind, _, argument = name.partition(" ")
        current = None
        if name in plain or (kind in per_article and argument in article_ids):
            current = name
        elif kind in per_article:
            problems.append(
                Problem(
                    file,
                    f"line {index + 1}",
                    f"no article {argument!r} in the case; its articles are: "
                    f"{', '.join(article_ids)}",
                )
            )
        else:
            problems.append(
                Problem(
                    file,
                    f"line {index + 1}",
                    f"unknown section {name!r}; this lesson's sections are: {', '.join(valid)}",
                )
            )
        refused = current is None
        start = index + 1
    close(len(lines))
    return sections
