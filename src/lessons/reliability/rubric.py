"""The reliability rubric: the weighted criteria, the three levels each can reach, and the
bands that name a total, read from ``lessons/data/rubric.toml`` and validated on load."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from lessons.casestudy import FURNITURE_KINDS
from lessons.resources import package_data_file
from lessons.validation import ID, Field, Problems, load_data_file

__all__ = [
    "EVIDENCE_FROM",
    "LEVELS",
    "LEVEL_SHARE",
    "LEVEL_WORDS",
    "RUBRIC_FORMAT",
    "Band",
    "Criterion",
    "Rubric",
    "band",
    "default_rubric",
    "default_rubric_path",
    "load_rubric",
    "score",
]

#: The three levels of every criterion, strongest first, and the share of the weight each earns.
LEVELS: tuple[str, ...] = ("met", "partly", "not-met")
LEVEL_SHARE: dict[str, float] = {"met": 1.0, "partly": 0.5, "not-met": 0.0}
LEVEL_WORDS: dict[str, str] = {"met": "met", "partly": "partly met", "not-met": "not met"}
#: Other skills whose work can show that a quote bears on a criterion (rubric `evidence_from`):
#: "sources", the quotes the sources key gives for the article (who it names, where it got
#: the story); "hedges", any hedge, attribution or booster the hedge detector finds in the quote.
EVIDENCE_FROM: tuple[str, ...] = ("sources", "hedges")

RUBRIC_FORMAT = 1


@dataclass(frozen=True)
class Criterion:
    """One question of the rubric, with what each level looks like and how to spot evidence."""

    id: str
    label: str
    question: str
    weight: int
    descriptions: Mapping[str, str]
    look_for: str
    cues: tuple[str, ...]
    based_on: str = ""
    opening: bool = False
    furniture: tuple[str, ...] = ()
    evidence_from: tuple[str, ...] = ()

    @property
    def cue_pattern(self) -> re.Pattern[str]:
        return _cue_pattern(self.cues)


@lru_cache(maxsize=64)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(cue.lower()) for cue in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@dataclass(frozen=True)
class Band:
    """A named range of totals, ``low`` to ``high`` inclusive: ``name`` in plain words, and
    ``term``, the name NewsGuard gives it, shown one hover away (``name`` when none)."""

    name: str
    low: int
    high: int
    term: str = ""


@dataclass(frozen=True)
class Rubric:
    """The weighted criteria (weights add up to 100) and the bands that name a total."""

    criteria: tuple[Criterion, ...]
    bands: tuple[Band, ...]
    source: str = ""

    @cached_property
    def ids(self) -> tuple[str, ...]:
        return tuple(criterion.id for criterion in self.criteria)

    @cached_property
    def _by_id(self) -> dict[str, Criterion]:
        return {criterion.id: criterion for criterion in self.criteria}

    @cached_property
    def _weights(self) -> dict[str, int]:
        return {criterion.id: criterion.weight for criterion in self.criteria}

    def has(self, criterion_id: object) -> bool:
        """Whether the rubric has a criterion with this id."""
        return criterion_id in self._by_id

    def has_all(self, criterion_ids: Mapping[str, Any]) -> bool:
        """Whether every key of ``criterion_ids`` is a criterion of the rubric."""
        return criterion_ids.keys() <= self._by_id.keys()

    def criterion(self, criterion_id: str) -> Criterion:
        found = self._by_id.get(criterion_id)
        if found is not None:
            return found
        raise KeyError(
            f"There is no criterion called {criterion_id!r}. Choose one of: {', '.join(self.ids)}."
        )

    def score(self, levels: Mapping[str, str]) -> int:
        """The total of the rated criteria (unrated ones add nothing), rounded half up."""
        weights = self._weights
        total = 0.0
        for criterion_id, level in levels.items():
            share = LEVEL_SHARE.get(level)
            if share is None:
                raise ValueError(f"{level!r} is not a level; use one of: {', '.join(LEVELS)}")
            weight = weights.get(criterion_id)
            if weight is None:
                weight = self.criterion(criterion_id).weight  # raises, naming the criteria
            total += weight * share
        return math.floor(total + 0.5)

    def band(self, total: float) -> str:
        """The name of the band ``total`` falls in."""
        for item in self.bands:
            if item.low <= total <= item.high:
                return item.name
        raise ValueError(f"{total!r} is not a total between 0 and 100")


_CRITERION_FIELDS = {
    "id": Field(str),
    "label": Field(str),
    "question": Field(str),
    "weight": Field(int),
    "met": Field(str),
    "partly": Field(str),
    "not_met": Field(str),
    "look_for": Field(str),
    "based_on": Field(str, required=False),
    "cues": Field(list),
    "opening": Field(bool, required=False),
    "furniture": Field(list, required=False),
    "evidence_from": Field(list, required=False),
}
_BAND_FIELDS = {"name": Field(str), "min": Field(int), "term": Field(str, required=False)}
_RUBRIC_FIELDS = {
    "format": Field(int, choices=(RUBRIC_FORMAT,)),
    "criteria": Field(list),
    "bands": Field(list),
}


def default_rubric_path() -> Path:
    """The rubric shipped with the package."""
    return package_data_file("rubric.toml")


@lru_cache(maxsize=1)
def default_rubric() -> Rubric:
    """The package's rubric, read and validated once."""
    return load_rubric(default_rubric_path())


def load_rubric(path: str | Path) -> Rubric:
    """Read and validate a rubric file; raises :class:`lessons.validation.DataFileError`
    listing every problem at once."""
    return load_data_file(path, _parse_rubric)


def _parse_rubric(data: Mapping[str, Any], file: str, problems: Problems) -> Rubric:
    top = problems.check_table(file, "", data, _RUBRIC_FIELDS)
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for index, table in enumerate(top.get("criteria", [])):
        where = f"criteria[{index}]"
        criterion = _parse_criterion(file, where, table, problems)
        if criterion is None:
            continue
        if criterion.id in seen:
            problems.add(file, f"{where}.id", f"{criterion.id!r} is used twice; ids must be unique")
            continue
        seen.add(criterion.id)
        criteria.append(criterion)
    if "criteria" in top:
        total = sum(criterion.weight for criterion in criteria)
        if not criteria:
            problems.add(file, "criteria", "is empty; a rubric needs at least one criterion")
        elif total != 100 and len(criteria) == len(top["criteria"]):
            problems.add(
                file,
                "criteria.weight",
                f"the weights add up to {total}; they must add up to 100",
            )
    bands = _parse_bands(file, top.get("bands", []), problems)
    return Rubric(tuple(criteria), bands, file)


def _parse_criterion(file: str, where: str, table: object, problems: Problems) -> Criterion | None:
    before = len(problems)
    fields = problems.check_table(file, where, table, _CRITERION_FIELDS)
    criterion_id = fields.get("id", "")
    if criterion_id and not ID.match(criterion_id):
        problems.add(
            file,
            f"{where}.id",
            f"{criterion_id!r} must be lower-case letters, digits and single hyphens, like 'names-sources'",
        )
    if fields.get("weight", 1) <= 0:
        problems.add(
            file, f"{where}.weight", f"must be a whole number above 0, not {fields['weight']}"
        )
    for name in ("label", "question", "met", "partly", "not_met", "look_for"):
        if name in fields and not fields[name].strip():
            problems.add(file, f"{where}.{name}", "is empty; say it in a few words")
    cues = fields.get("cues", [])
    if "cues" in fields and not cues:
        problems.add(file, f"{where}.cues", "is empty; list words that show a quote bears on it")
    for index, cue in enumerate(cues):
        if not isinstance(cue, str) or not cue.strip():
            problems.add(file, f"{where}.cues[{index}]", f"must be a word or phrase, not {cue!r}")
    for index, kind in enumerate(fields.get("furniture", [])):
        if kind not in FURNITURE_KINDS:
            problems.add(
                file,
                f"{where}.furniture[{index}]",
                f"{kind!r} is not a kind of furniture; use one of: {', '.join(FURNITURE_KINDS)}",
            )
    for index, name in enumerate(fields.get("evidence_from", [])):
        if name not in EVIDENCE_FROM:
            problems.add(
                file,
                f"{where}.evidence_from[{index}]",
                f"{name!r} is not a source of evidence; use one of: {', '.join(EVIDENCE_FROM)}",
            )
    if len(problems) > before:
        return None
    return Criterion(
        id=criterion_id,
        label=fields["label"],
        question=fields["question"],
        weight=fields["weight"],
        descriptions={
            "met": fields["met"],
            "partly": fields["partly"],
            "not-met": fields["not_met"],
        },
        look_for=fields["look_for"],
        cues=tuple(" ".join(cue.lower().split()) for cue in cues),
        based_on=fields.get("based_on", ""),
        opening=fields.get("opening", False),
        furniture=tuple(fields.get("furniture", [])),
        evidence_from=tuple(fields.get("evidence_from", [])),
    )


def _parse_bands(file: str, tables: Sequence[object], problems: Problems) -> tuple[Band, ...]:
    parsed: list[tuple[str, int]] = []
    terms: list[str] = []
    for index, table in enumerate(tables):
        fields = problems.check_table(file, f"bands[{index}]", table, _BAND_FIELDS)
        if "name" in fields and "min" in fields:
            if not 0 <= fields["min"] <= 100:
                problems.add(
                    file, f"bands[{index}].min", f"must be between 0 and 100, not {fields['min']}"
                )
            parsed.append((fields["name"], fields["min"]))
            terms.append(fields.get("term") or fields["name"])
    if not tables:
        problems.add(file, "bands", "is empty; list the bands from the lowest (min = 0) up")
        return ()
    if parsed and parsed[0][1] != 0:
        problems.add(
            file, "bands[0].min", f"must be 0 so every total has a band, not {parsed[0][1]}"
        )
    for index in range(1, len(parsed)):
        if parsed[index][1] <= parsed[index - 1][1]:
            problems.add(
                file,
                f"bands[{index}].min",
                f"{parsed[index][1]} must be above the previous band's min ({parsed[index - 1][1]})",
            )
    names = [name for name, _ in parsed]
    for name in sorted({name for name in names if names.count(name) > 1}):
        problems.add(file, "bands.name", f"{name!r} is used twice; band names must be unique")
    bounds = [low for _, low in parsed[1:]] + [101]
    return tuple(
        Band(name, low, high - 1, term)
        for (name, low), high, term in zip(parsed, bounds, terms, strict=True)
    )


def score(levels: Mapping[str, str]) -> int:
    """The total (0-100) of ``levels`` (criterion id -> level) on the package's rubric."""
    return default_rubric().score(levels)


def band(total: float) -> str:
    """The name of the band a total falls in, e.g. ``band(64) == "credible with exceptions"``."""
    return default_rubric().band(total)
