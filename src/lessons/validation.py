"""Validation of teachers' data files: every problem names the file, the field and what is allowed.

Loaders collect problems in a :class:`Problems` list instead of stopping at the first, so
a teacher fixes a whole file in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: An id in a data file (an article, a source, a criterion, an exercise): lower-case letters
#: and digits in words joined by single hyphens, such as ``kyiv-post``. It ends in ``\Z``,
#: not ``$``, which also matches before a final newline.
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")

__all__ = [
    "ID",
    "DataFileError",
    "Field",
    "Problem",
    "Problems",
    "load_data_file",
    "read_toml",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class DataFileError(ValueError):
    """A teacher's data file (case study, key, exercise) is not valid; lists every problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


_TYPE_NAMES: dict[type, str] = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
    dt.date: "a date (YYYY-MM-DD)",
}


@dataclass(frozen=True)
class Field:
    """What one field of a table may hold."""

    kind: type | tuple[type, ...]
    required: bool = True
    choices: tuple[Any, ...] | None = None

    def describe(self) -> str:
        if self.choices is not None:
            return "one of: " + ", ".join(repr(choice) for choice in self.choices)
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        return " or ".join(_TYPE_NAMES.get(kind, kind.__name__) for kind in kinds)


@dataclass
class Problems:
    """Collects problems while a file is read; raise them all together at the end."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, where: str, message: str) -> None:
        self.items.append(Problem(file, where, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise DataFileError(self.items)

    def check_choice(
        self, file: str, where: str, value: object, allowed: Iterable[str], noun: str
    ) -> str | None:
        """``value`` if it is one of ``allowed``; else a problem naming them all, and None.
        A missing value (None) is no problem here: whether it is required is the caller's."""
        if value is None:
            return None
        allowed = tuple(allowed)
        if value not in allowed:
            self.add(file, where, f"{value!r} is not a {noun}; choose one of: {', '.join(allowed)}")
            return None
        return str(value)

    def check_table(
        self, file: str, where: str, table: object, fields: Mapping[str, Field]
    ) -> dict[str, Any]:
        """Check ``table`` against ``fields``; return the fields that are valid.

        Reports unknown fields (listing the allowed ones), missing required fields and
        values of the wrong type or outside the allowed choices.
        """
        if not isinstance(table, Mapping):
            self.add(file, where, f"must be a table, not {_show(table)}")
            return {}
        valid: dict[str, Any] = {}
        for name, value in table.items():
            spec = fields.get(name)
            if spec is None:
                allowed = ", ".join(fields) or "none"
                self.add(file, _join(where, name), f"unknown field; allowed fields are: {allowed}")
                continue
            if not _is_kind(value, spec.kind):
                self.add(
                    file,
                    _join(where, name),
                    f"must be {spec.describe()}, not {_show(value)}{_quoted_date_hint(value, spec)}",
                )
                continue
            if spec.choices is not None and value not in spec.choices:
                self.add(file, _join(where, name), f"must be {spec.describe()}, not {_show(value)}")
                continue
            valid[name] = value
        for name, spec in fields.items():
            if spec.required and name not in table:
                self.add(file, _join(where, name), f"is missing; it must be {spec.describe()}")
        return valid


def _is_kind(value: object, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    for expected in kinds:
        if expected is int and isinstance(value, bool):
            continue
        if expected is float and isinstance(value, int | float) and not isinstance(value, bool):
            return True
        if expected is dt.date and isinstance(value, dt.datetime):
            continue
        if isinstance(value, expected):
            return True
    return False


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _quoted_date_hint(value: object, spec: Field) -> str:
    """A date written in quotes is text to TOML: say how to write it."""
    kinds = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
    if dt.date in kinds and isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return ""
        return f"; write the date without quotes: {value}"
    return ""


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def read_toml(path: Path, problems: Problems, name: str | None = None) -> dict[str, Any]:
    """Read a TOML file, recording a missing or unreadable file or a syntax error as a problem.

    ``name`` is how problems name the file (``my-case/key/hedges.toml``, so a teacher knows
    which of several same-named files is meant); the file's own name without it. A syntax
    error says its line and column; lists nested too deep to read are a problem, not a crash.
    """
    label = name or path.name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        problems.add(label, "(file)", "file not found")
    except IsADirectoryError:
        problems.add(label, "(file)", "is a folder, not a TOML file")
    except OSError as error:  # no permission to read it, a broken disk...
        problems.add(label, "(file)", f"cannot be read: {error.strerror or error}")
    except tomllib.TOMLDecodeError as error:
        problems.add(label, "(file)", f"is not valid TOML{_syntax_error(error)}")
    except UnicodeDecodeError:
        problems.add(label, "(file)", "is not UTF-8 text")
    except RecursionError:
        problems.add(
            label,
            "(file)",
            "nests lists or tables hundreds of levels deep, too deep to read; "
            "a data file needs only a few levels",
        )
    return {}


_AT_LINE = re.compile(r"^(?P<what>.*?)\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def _syntax_error(error: tomllib.TOMLDecodeError) -> str:
    """``" at line 3, column 5: Expected '=' after a key"``: where first, then what."""
    text = str(error)
    found = _AT_LINE.match(text)
    if found is None:
        return f": {text}"
    return f" at line {found['line']}, column {found['column']}: {found['what']}"


def load_data_file(path: str | Path, parse: Callable[[dict[str, Any], str, Problems], T]) -> T:
    """Read a TOML data file and parse it; raise :class:`DataFileError` with every problem.

    ``parse(data, file_name, problems)`` records what is wrong in ``problems`` and returns
    the typed object; nothing half-valid is ever returned.
    """
    path = Path(path)
    problems = Problems()
    data = read_toml(path, problems)
    problems.raise_if_any()
    parsed = parse(data, path.name, problems)
    problems.raise_if_any()
    return parsed
