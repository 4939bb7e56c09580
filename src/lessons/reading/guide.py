"""The reading guide (``data/reading.toml``): what each kind of page furniture is and
where it belongs, the date choices and the points; read and validated by :func:`load_guide`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from lessons.casestudy import FURNITURE_KINDS
from lessons.resources import package_data_file
from lessons.validation import Field, Problems, load_data_file

__all__ = [
    "BELONGS",
    "DATE_CHOICES",
    "GUIDE_FORMAT",
    "Belongs",
    "FurnitureKind",
    "Points",
    "ReadingGuide",
    "default_guide",
    "default_guide_path",
    "load_guide",
]

#: The answers to the date question, in the order students see them.
DATE_CHOICES = ("shown-is-publication", "shown-not-publication", "no-date")
#: Where a line of furniture belongs: around the article, in it, or either is defensible.
BELONGS = ("page", "article", "either")
Belongs = Literal["page", "article", "either"]
GUIDE_FORMAT = 1


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
