"""Render the unit's lesson notebooks for a case: each template filled with the case's
articles, numbers, readiness and own wording.

A template is generic: it names no story. Each article of the case gets its own section
in the lessons that work article by article, counts and names come from the case, and
what belongs to one story (its introduction, worked examples, "what happened next") comes
from the case's lesson text (:mod:`lessons.unit.casetext`). A task whose key the case
lacks is left out, and the lesson says once which key file would bring it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from lessons.casestudy import Case
from lessons.skills import SKILLS
from lessons.sources import SourcesKey
from lessons.teacher.casecheck import TaskReadiness, key_file, readiness
from lessons.unit.casetext import CaseText, read_case_text
from lessons.unit.markup import (
    ARTICLE_PLACEHOLDERS,
    PLACEHOLDERS,
    CellBreak,
    Code,
    Each,
    If,
    Include,
    Node,
    Practice,
    Text,
    parse_template,
    placeholders,
)

__all__ = [
    "CHECK_TAG",
    "PRACTICE_ONLY_TAG",
    "article_order",
    "lesson_stems",
    "notebook_text",
    "read_text",
    "render_lesson",
    "render_unit",
    "section_names",
]

PRACTICE_ONLY_TAG = "practice-only"
#: nbval compares the output of a cell with this tag (once the notebook holds one).
CHECK_TAG = "nbval-check-output"
_NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def _templates() -> Path:
    return Path(str(files("lessons"))) / "unit" / "templates"


@cache
def lesson_stems() -> tuple[str, ...]:
    """The unit's lessons in order, as notebook names without ``.ipynb``."""
    return tuple(sorted(path.stem for path in _templates().glob("*.md")))


@cache
def _template(stem: str) -> tuple[Node, ...]:
    return parse_template((_templates() / f"{stem}.md").read_text(encoding="utf-8"))


def _walk(nodes: tuple[Node, ...], in_loop: bool = False) -> Iterator[tuple[Node, bool]]:
    for node in nodes:
        yield node, in_loop
        if isinstance(node, Include):
            yield from _walk(node.default, in_loop)
        elif isinstance(node, Each):
            yield from _walk(node.body, True)
        elif isinstance(node, If):
            yield from _walk(node.body, in_loop)
            yield from _walk(node.orelse, in_loop)
        elif isinstance(node, Practice):
            yield from _walk(node.body, in_loop)


def section_names(stem: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The sections a case's text may give for lesson ``stem``: plain names, and the names
    that take an article id (``article`` for ``<!-- article kyiv-post -->``)."""
    if stem not in lesson_stems():
        return None
    plain: list[str] = []
    per_article: list[str] = []
    for node, in_loop in _walk(_template(stem)):
        if isinstance(node, Include):
            names = per_article if in_loop else plain
            if node.name not in names:
                names.append(node.name)
    return tuple(plain), tuple(per_article)


def read_text(case: Case) -> CaseText:
    """The case's own lesson text (``lessons/*.md`` in its folder), checked against the
    templates; DataFileError lists every problem."""
    return read_case_text(case.path, section_names, case.article_ids, lesson_stems())


def _skill_of(stem: str) -> str | None:
    return next((s.id for s in SKILLS.values() if stem.startswith(f"{s.notebook}_")), None)


def article_order(case: Case, text: CaseText, stem: str) -> tuple[str, ...]:
    """The articles of lesson ``stem`` in order: those the case's text gives a section
    (in its order), then the rest in the case's order."""
    named = [
        name.partition(" ")[2] for name in text.names(stem) if " " in name
    ]  # "article kyiv-post" -> "kyiv-post"
    ordered = list(dict.fromkeys(article for article in named if article in case.article_ids))
    return (*ordered, *(a for a in case.article_ids if a not in ordered))


def _in_words(number: int) -> str:
    return _NUMBER_WORDS[number] if number < len(_NUMBER_WORDS) else str(number)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass
class _Notebook:
    """Cells as they are built: markdown lines gather until a break or a code cell."""

    stem: str
    cells: list[dict[str, Any]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    #: The tags of the markdown cell being gathered; None until it starts.
    tags: list[str] | None = None
    practice: int = 0

    def _tags(self, tags: tuple[str, ...]) -> list[str]:
        extra = (PRACTICE_ONLY_TAG,) if self.practice else ()
        return list(dict.fromkeys((*extra, *tags)))

    def _cell(self, kind: str, source: str, metadata: dict[str, Any]) -> None:
        cell: dict[str, Any] = {
            "cell_type": kind,
            "id": f"lesson{self.stem[:2]}-{len(self.cells):03d}",
            "metadata": metadata,
            "source": source,
        }
        if kind == "code":
            cell |= {"execution_count": None, "outputs": []}
        self.cells.append(cell)

    def flush(self) -> None:
        source = "\n".join(self.lines).strip("\n")
        if source.strip():
            tags = self.tags or []
            self._cell("markdown", source, {"tags": tags} if tags else {})
        self.lines = []
        self.tags = None

    def text(self, lines: list[str]) -> None:
        if self.tags is None:
            self.tags = self._tags(())  # a cell that starts inside <!-- practice -->
        self.lines.extend(lines)

    def cell_break(self, tags: tuple[str, ...]) -> None:
        self.flush()
        self.tags = self._tags(tags)

    def code(self, source: str, flags: tuple[str, ...]) -> None:
        self.flush()
        metadata: dict[str, Any] = {}
        if "hidden" in flags:
            metadata["jupyter"] = {"source_hidden": True}
        tags = self._tags(
            tuple(
                {"check": CHECK_TAG, "practice-only": PRACTICE_ONLY_TAG}[flag]
                for flag in flags
                if flag != "hidden"
            )
        )
        if tags:
            metadata["tags"] = tags
        self._cell("code", source, metadata)


class _Renderer:
    """Fills one lesson's template for a case."""

    def __init__(
        self,
        case: Case,
        text: CaseText,
        stem: str,
        assigned: Collection[str] | None,
        tasks: Mapping[str, TaskReadiness],
    ) -> None:
        self.case = case
        self.text = text
        self.stem = stem
        self.skill = _skill_of(stem)
        self.tasks = tasks
        # The articles this lesson has a task for: those whose task the case can check.
        self.order = tuple(
            article
            for article in article_order(case, text, stem)
            if self.skill is None
            or f"{self.skill}/{article}" not in self.tasks
            or self.tasks[f"{self.skill}/{article}"].ready
        )
        # An exercise that assigns some articles of this lesson (a group's half) gets those.
        mine = {task for task in assigned or () if task.startswith(f"{self.skill}/")}
        if self.skill is not None and mine & {f"{self.skill}/{a}" for a in self.order}:
            self.order = tuple(a for a in self.order if f"{self.skill}/{a}" in mine)
        self.values = self._values()
        self.notebook = _Notebook(stem)

    def _values(self) -> dict[str, str]:
        count = len(self.case.articles)
        boxes = arrows = "several"
        sources = self.case.key("sources")
        if isinstance(sources, SourcesKey):  # the map of lesson 05 draws its outlets and edges
            boxes, arrows = str(len(sources.outlets)), str(len(sources.edges))
        values = {
            "title": self.case.title,
            "claim": self.case.claim,
            "count": _in_words(count),
            "Count": _in_words(count).capitalize(),
            "boxes": boxes,
            "arrows": arrows,
            "task_count": _in_words(len(self.order)),
            "last_article": self.order[-1] if self.order else "",
            "needed_keys": self._needed_keys(),
        }
        assert set(values) == set(PLACEHOLDERS)
        return values

    def _needed_keys(self) -> str:
        if self.skill is None:
            return ""
        files: list[str] = []
        for task_id, task in self.tasks.items():
            if task_id.startswith(f"{self.skill}/") and not task.ready:
                files += task.needs or (key_file(self.skill),)
        return _and([f"`{name}`" for name in dict.fromkeys(sorted(files))]) if files else ""

    def _task_ids(self, name: str, article: str | None) -> list[str]:
        if "/" in name:
            return [name]
        if article is not None:
            return [f"{name}/{article}"]
        return [task for task in self.tasks if task.startswith(f"{name}/")]

    def holds(self, condition: str, article: str | None) -> bool:
        words = self.fill(condition, article).split()
        if words[0] == "not":
            return not self.holds(" ".join(words[1:]), article)
        kind, argument = words[0], " ".join(words[1:])
        if kind == "ready":
            name = argument or self.skill or ""
            tasks = self._task_ids(name, article)
            return bool(tasks) and all(
                task in self.tasks and self.tasks[task].ready for task in tasks
            )
        if kind == "unready":
            name = argument or self.skill or ""
            return any(not self.tasks[t].ready for t in self._task_ids(name, article))
        if kind == "tasks":
            return bool(self.order)
        if kind == "key":  # every key named is there
            return all(self.case.key(name) is not None for name in argument.split())
        if kind == "case":
            name = f"{argument} {article}" if article and argument == "article" else argument
            return self.text.section(self.stem, name) is not None
        raise ValueError(f"{self.stem}: unknown condition {condition!r}")

    def fill(self, text: str, article: str | None) -> str:
        values = dict(self.values)
        if article is not None:
            values |= {
                "id": article,
                "n": str(self.order.index(article) + 1),
                "outlet": self.case.article(article).outlet,
            }
        for name in placeholders(text):
            if name not in values:
                allowed = (*PLACEHOLDERS, *(ARTICLE_PLACEHOLDERS if article else ()))
                raise ValueError(
                    f"{self.stem}: unknown value {{{{{name}}}}}; allowed: {', '.join(allowed)}"
                )
            text = text.replace(f"{{{{{name}}}}}", values[name])
        return text

    def render(self, nodes: tuple[Node, ...], article: str | None = None) -> None:
        book = self.notebook
        for node in nodes:
            if isinstance(node, Text):
                book.text([self.fill(line, article) for line in node.lines])
            elif isinstance(node, CellBreak):
                book.cell_break(node.tags)
            elif isinstance(node, Code):
                book.code(self.fill(node.source, article), node.flags)
            elif isinstance(node, Include):
                name = f"{node.name} {article}" if article is not None else node.name
                own = self.text.section(self.stem, name)
                self.render(own if own is not None else node.default, article)
            elif isinstance(node, Each):
                for item in self.order:
                    self.render(node.body, item)
            elif isinstance(node, If):
                self.render(
                    node.body if self.holds(node.condition, article) else node.orelse, article
                )
            elif isinstance(node, Practice):
                book.flush()
                book.practice += 1
                self.render(node.body, article)
                book.flush()
                book.practice -= 1

    def notebook_json(self) -> dict[str, Any]:
        self.render(_template(self.stem))
        self.notebook.flush()
        return {
            "cells": self.notebook.cells,
            "metadata": {
                "kernelspec": {
                    "display_name": "Python 3 (ipykernel)",
                    "language": "python",
                    "name": "python3",
                },
                "language_info": {"name": "python"},
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }


def render_lesson(
    case: Case,
    stem: str,
    text: CaseText | None = None,
    assigned: Collection[str] | None = None,
) -> dict[str, Any]:
    """Lesson ``stem`` for ``case``, as notebook JSON (no outputs). ``assigned`` (an
    exercise's task ids) keeps, in a lesson that works article by article, only the
    articles the exercise assigns, when it assigns some of them."""
    if stem not in lesson_stems():
        raise ValueError(
            f"There is no lesson {stem!r}; the lessons are: {', '.join(lesson_stems())}"
        )
    text = read_text(case) if text is None else text
    return _Renderer(case, text, stem, assigned, _readiness(case)).notebook_json()


def _readiness(case: Case) -> dict[str, TaskReadiness]:
    """Every task of the case (by id) with what it still needs, for the lessons to ask."""
    return {task.task_id: task for lesson in readiness(case) for task in lesson.tasks}


def render_unit(
    case: Case, text: CaseText | None = None, assigned: Collection[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Every lesson for ``case``: notebook file name -> notebook JSON (see
    :func:`render_lesson` for ``assigned``)."""
    text = read_text(case) if text is None else text
    tasks = _readiness(case)  # once for the unit, not once a lesson
    return {
        f"{stem}.ipynb": _Renderer(case, text, stem, assigned, tasks).notebook_json()
        for stem in lesson_stems()
    }


def notebook_text(notebook: Mapping[str, Any]) -> str:
    """A notebook as a file holds it (the layout nbformat writes)."""
    return json.dumps(notebook, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
