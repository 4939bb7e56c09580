"""A class roster, as a learning management system exports it: who should hand in.

``lessons grade ... --roster FILE`` reads a CSV file (UTF-8, a byte-order mark allowed) whose
first line names the columns. Column names are compared without case and surrounding spaces;
these are read, every other column is ignored:

- the student's name (required): ``Student`` (Canvas), ``name``, ``student name``, ``full name``;
- the LMS id: ``ID`` (Canvas), ``id``, ``user id``;
- ``SIS User ID`` and ``SIS Login ID`` (Canvas); ``login`` and ``username`` are read as the
  login;
- ``email``, ``email address``;
- ``Section`` (Canvas), ``section``.

Canvas's second line, ``Points Possible``, and blank lines are skipped.

A hand-in belongs to a roster row when its name and one of the row's spellings are the same
student by the package's one set of name rules (:func:`lessons.student.names.student_slug`):
the row's name as written; for a name with one comma (Canvas's "Smith, Ann"), the same words
the other way round ("Ann Smith"); its login; its email address and the part before the "@"
(a JupyterHub names students by login). A hand-in matching several rows (two students of the
same name) or none is listed, never dropped. Every problem of the file is reported at once
(:class:`lessons.validation.DataFileError`), naming the line and column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from lessons.student.names import name_problem, student_slug
from lessons.validation import Problems

__all__ = ["COLUMNS", "Roster", "RosterEntry", "read_roster"]

#: The column names read, by what they hold (compared case-folded, without outer spaces).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("student", "name", "student name", "full name"),
    "lms_id": ("id", "user id"),
    "sis_user_id": ("sis user id",),
    "sis_login_id": ("sis login id", "login", "username"),
    "email": ("email", "email address"),
    "section": ("section",),
}
#: The most rows a roster may have (a school's whole year fits many times over).
MAX_ROWS = 20_000


@dataclass(frozen=True)
class RosterEntry:
    """One student of the roster, every cell exactly as the file has it."""

    name: str
    line: int
    lms_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    email: str = ""
    section: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        """The slugs a hand-in's name may have to be this student (see the module)."""
        names = [self.name]
        if self.name.count(",") == 1:
            last, first = self.name.split(",")
            names.append(f"{first} {last}")
        names += [self.sis_login_id, self.email, self.email.partition("@")[0]]
        slugs = (student_slug(name) for name in names if name.strip())
        return tuple(dict.fromkeys(slug for slug in slugs if slug != "unnamed"))


@dataclass(frozen=True)
class Roster:
    """The students a class should have, in the file's order."""

    file: str
    entries: tuple[RosterEntry, ...]

    def match(self, slugs: list[str]) -> tuple[dict[str, RosterEntry], dict[str, str]]:
        """Each hand-in slug's roster row, and for the others why none: ``({slug: entry},
        {slug: reason})``. A row matched by two hand-ins (a name and a login, say) goes to
        the first in ``slugs``; the other is listed."""
        rows_of: dict[str, list[RosterEntry]] = {}
        for entry in self.entries:
            for slug in entry.spellings:
                rows_of.setdefault(slug, []).append(entry)
        matched: dict[str, RosterEntry] = {}
        taken: dict[int, str] = {}
        unmatched: dict[str, str] = {}
        for slug in slugs:
            found = list(dict.fromkeys(rows_of.get(slug, [])))
            if not found:
                unmatched[slug] = "no roster row has this name"
            elif len(found) > 1:
                lines = ", ".join(str(entry.line) for entry in found)
                unmatched[slug] = f"matches several roster rows (lines {lines})"
            elif found[0].line in taken:
                unmatched[slug] = (
                    f"roster line {found[0].line} is already matched by another hand-in "
                    f"({taken[found[0].line]})"
                )
            else:
                matched[slug] = found[0]
                taken[found[0].line] = slug
        return matched, unmatched


def read_roster(path: Path) -> Roster:
    """Read and check a roster CSV; DataFileError lists every problem at once."""
    label = path.name
    problems = Problems()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except IsADirectoryError:
        problems.add(label, "(file)", "is a folder, not a CSV file")
    except FileNotFoundError:
        problems.add(label, "(file)", "file not found")
    except OSError as error:
        problems.add(label, "(file)", f"cannot be read: {error.strerror or error}")
    except UnicodeDecodeError:
        problems.add(label, "(file)", "is not UTF-8 text; export the roster as CSV (UTF-8)")
    problems.raise_if_any()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        problems.add(label, "(file)", "is empty; the first line must name the columns")
        problems.raise_if_any()
    header = [cell.strip().casefold() for cell in rows[0]]
    where: dict[str, int] = {}
    for field, names in COLUMNS.items():
        for index, cell in enumerate(header):
            if cell in names and field not in where:
                where[field] = index
    if "name" not in where:
        accepted = ", ".join(repr(name) for name in COLUMNS["name"])
        problems.add(
            label,
            "line 1",
            f"no column of student names; name one of: {accepted} (case does not matter)",
        )
        problems.raise_if_any()
    if len(rows) - 1 > MAX_ROWS:
        problems.add(label, "(file)", f"has {len(rows) - 1:,} rows; at most {MAX_ROWS:,}")
        problems.raise_if_any()
    entries: list[RosterEntry] = []
    ids: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = {field: row[index] if index < len(row) else "" for field, index in where.items()}
        name = cells["name"]
        if not any(cell.strip() for cell in row) or name.strip() == "Points Possible":
            continue
        column = rows[0][where["name"]].strip()
        problem = name_problem(name)
        if problem == "empty":
            problems.add(label, f"line {number}, {column}", "is empty; every row needs a name")
            continue
        if problem == "direction":
            problems.add(
                label,
                f"line {number}, {column}",
                f"{name!r} holds a character that reverses the direction of text, so it could "
                "show as another name; type the name again",
            )
            continue
        entry = RosterEntry(
            name=name,
            line=number,
            lms_id=cells.get("lms_id", ""),
            sis_user_id=cells.get("sis_user_id", ""),
            sis_login_id=cells.get("sis_login_id", ""),
            email=cells.get("email", ""),
            section=cells.get("section", ""),
        )
        for field in ("lms_id", "sis_user_id", "sis_login_id"):
            value = getattr(entry, field).strip()
            if not value:
                continue
            first = ids.setdefault((field, value), number)
            if first != number:
                problems.add(
                    label,
                    f"line {number}, {rows[0][where[field]].strip()}",
                    f"{value!r} is already the id of line {first}; each student once",
                )
        entries.append(entry)
    if not entries and not problems:
        problems.add(label, "(file)", "has no students; give one row per student")
    problems.raise_if_any()
    return Roster(label, tuple(entries))
