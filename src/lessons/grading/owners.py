"""Who handed each file in: the owner check of a folder that ``lessons collect`` wrote.

``lessons collect`` copies each hand-in into ``FOLDER/<owner>/`` and lists it in
``FOLDER/owners.csv`` with the system user who created it in the exchange's inbox. A file
whose ``student`` is not that user (by the slug: case, accents' encoding and punctuation
aside, as everywhere) was handed in by one student under another's name: it is skipped,
with a line saying so, and never graded. A folder without ``owners.csv`` is not checked.
Hand-ins for other exercises (the inbox is shared) are left out, with the reason.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from lessons.grading.results import Skipped
from lessons.student.names import student_slug
from lessons.student.submission import Submission

__all__ = ["OWNERS_FILE", "check_owners", "mismatch", "read_owners"]

#: Written by ``lessons collect`` (:mod:`lessons.exchange.collecting`), read here.
OWNERS_FILE = "owners.csv"


def read_owners(folder: Path) -> dict[str, str] | None:
    """``owners.csv`` of ``folder`` as {file (relative, with /): owner}, or None when the
    folder has none (it was not collected from an exchange)."""
    path = folder / OWNERS_FILE
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    return {
        row["file"]: row["owner"]
        for row in rows
        if isinstance(row.get("file"), str) and isinstance(row.get("owner"), str)
    }


def mismatch(owner: str, student: str) -> str | None:
    """The reason a file owned by ``owner`` that names ``student`` is not graded, or None
    when they are the same person."""
    if student_slug(owner) == student_slug(student):
        return None
    return f"handed in by signed-in user {owner} but names {student}: not graded."


def check_owners(
    folder: Path,
    items: Iterable[Submission | Skipped],
    exercise: str | None = None,
    left_out: list[Skipped] | None = None,
) -> Iterator[Submission | Skipped]:
    """``items`` (read from ``folder``) with each submission checked against its owner:
    a mismatch becomes :class:`Skipped` with :func:`mismatch`'s line. A file collect did not
    list is owned by its first folder's name. ``owners.csv`` itself is not a hand-in.

    The inbox holds every exercise's hand-ins, so with ``exercise`` (the one being graded)
    a file handed in for another exercise, or from a workspace of no release, is left out
    (added to ``left_out``): graded with the rest, its answers could replace the newer
    ones of this exercise (the newest answer to each task counts)."""
    owners = read_owners(folder)
    if owners is None:
        yield from items
        return
    for item in items:
        if isinstance(item, Skipped):
            if item.file != OWNERS_FILE:
                yield item
            continue
        if exercise is not None and item.exercise != exercise:
            if left_out is not None:
                where = f"for {item.exercise!r}" if item.exercise else "from a practice folder"
                left_out.append(
                    Skipped(
                        item.source,
                        f"was handed in {where}, not for {exercise!r}: left out.",
                    )
                )
            continue
        owner = owners.get(item.source) or (
            item.source.split("/")[0] if "/" in item.source else None
        )
        if owner is None:
            yield Skipped(
                item.source,
                f"is not in {OWNERS_FILE} and not in a student's folder, so who handed it in "
                "is not known: not graded.",
            )
            continue
        reason = mismatch(owner, item.student)
        yield item if reason is None else Skipped(item.source, reason)
