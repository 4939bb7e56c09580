"""The capstone's rules as data: what the checker asks of a brief, the points of each part
and the teacher's rubric, read and validated from ``lessons/data/capstone.toml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lessons.resources import package_data_file
from lessons.validation import DataFileError, Field, Problems, load_data_file

__all__ = [
    "CAPSTONE_FORMAT",
    "POINT_PARTS",
    "BriefRules",
    "Capstone",
    "DataFileError",
    "RubricRow",
    "default_capstone",
    "default_capstone_path",
    "load_capstone",
]

CAPSTONE_FORMAT = 1


@dataclass(frozen=True)
class BriefRules:
    """What the checker asks of a brief."""

    min_words: int
    max_words: int
    too_short_words: int
    attribution_categories: tuple[str, ...]
    hedge_categories: tuple[str, ...]
    min_attributions: int
    min_hedges: int


@dataclass(frozen=True)
class RubricRow:
    """One thing the teacher judges in a brief; ``checked``: the checker looks at it too."""

    id: str
    label: str
    strong: str
    weak: str
    checked: bool = False


@dataclass(frozen=True)
class Capstone:
    """The parsed ``capstone.toml``."""

    brief: BriefRules
    points: Mapping[str, float]
    rubric: tuple[RubricRow, ...]

    @property
    def max_score(self) -> float:
        return float(sum(self.points.values()))


POINT_PARTS = ("length", "attribution", "origin", "hedges", "correction")
_TOP_FIELDS = {
    "format": Field(int, choices=(CAPSTONE_FORMAT,)),
    "brief": Field(dict),
    "points": Field(dict),
    "rubric": Field(list),
}
_BRIEF_FIELDS = {
    "min_words": Field(int),
    "max_words": Field(int),
    "too_short_words": Field(int),
    "attribution_categories": Field(list),
    "hedge_categories": Field(list),
    "min_attributions": Field(int),
    "min_hedges": Field(int),
}
_POINT_FIELDS = {part: Field((int, float)) for part in POINT_PARTS}
_RUBRIC_FIELDS = {
    "id": Field(str),
    "label": Field(str),
    "strong": Field(str),
    "weak": Field(str),
    "checked": Field(bool, required=False),
}


def default_capstone_path() -> Path:
    return package_data_file("capstone.toml")


@lru_cache(maxsize=1)
def default_capstone() -> Capstone:
    """The capstone rules the package ships, loaded and validated once."""
    return load_capstone(default_capstone_path())


def load_capstone(path: str | Path) -> Capstone:
    """Load and validate a capstone file; raises :class:`DataFileError` listing every problem."""
    capstone = load_data_file(path, _parse)
    assert capstone is not None  # _parse returns None only with problems, which raise
    return capstone


def _parse(data: Mapping[str, Any], file: str, problems: Problems) -> Capstone | None:
    from lessons.hedges.detector import default_categories

    top = problems.check_table(file, "", data, _TOP_FIELDS)
    brief = problems.check_table(file, "brief", top.get("brief", {}), _BRIEF_FIELDS)
    known = tuple(category.id for category in default_categories())
    for name in ("attribution_categories", "hedge_categories"):
        for index, category in enumerate(brief.get(name, [])):
            if category not in known:
                problems.add(
                    file,
                    f"brief.{name}[{index}]",
                    f"{category!r} is not a category of the hedge lexicon; use one of: "
                    + ", ".join(known),
                )
    for name in ("min_words", "max_words", "too_short_words", "min_attributions", "min_hedges"):
        if name in brief and brief[name] < 0:
            problems.add(file, f"brief.{name}", f"must be 0 or more, not {brief[name]}")
    if brief.get("min_words", 0) > brief.get("max_words", 10**9):
        problems.add(file, "brief.max_words", "must be at least min_words")
    if brief.get("too_short_words", 0) > brief.get("min_words", 10**9):
        problems.add(file, "brief.too_short_words", "must be at most min_words")
    points = problems.check_table(file, "points", top.get("points", {}), _POINT_FIELDS)
    for name, value in points.items():
        if value < 0:
            problems.add(file, f"points.{name}", f"must be 0 or more, not {value}")
    rows: list[RubricRow] = []
    for index, item in enumerate(top.get("rubric", [])):
        row = problems.check_table(file, f"rubric[{index}]", item, _RUBRIC_FIELDS)
        if all(name in row for name in ("id", "label", "strong", "weak")):
            rows.append(RubricRow(row["id"], row["label"], row["strong"], row["weak"],
                                  bool(row.get("checked", False))))  # fmt: skip
    if "rubric" in top and not rows:
        problems.add(file, "rubric", "needs at least one row for the teacher to grade with")
    if problems:
        return None
    return Capstone(
        brief=BriefRules(
            min_words=brief["min_words"],
            max_words=brief["max_words"],
            too_short_words=brief["too_short_words"],
            attribution_categories=tuple(brief["attribution_categories"]),
            hedge_categories=tuple(brief["hedge_categories"]),
            min_attributions=brief["min_attributions"],
            min_hedges=brief["min_hedges"],
        ),
        points={part: float(points[part]) for part in POINT_PARTS},
        rubric=tuple(rows),
    )
