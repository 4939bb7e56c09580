"""What a teacher should look at twice in a hand-in that was graded all the same: a time in
the future or before the release, a name that mixes look-alike letters of two scripts, an
answer to a task no lesson has, a field written twice in the file.

Names with a hidden character that reverses the direction of text are refused before this
(:func:`lessons.student.names.name_problem`), so they never reach a gradebook. Each check
here is a pure function; :func:`hand_in_flags` gathers them for one hand-in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "CLOCK_SLACK",
    "confusable_letters",
    "duplicate_keys",
    "hand_in_flags",
    "time_flag",
    "unknown_tasks",
]

#: How far in the future a hand-in's time may be before it is flagged (clocks drift).
CLOCK_SLACK = dt.timedelta(minutes=5)
#: The scripts whose letters look like Latin ones.
_LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK")


def _script(ch: str) -> str | None:
    """The script of a letter (``LATIN``, ``CYRILLIC``, ...), None for anything else."""
    if not unicodedata.category(ch).startswith("L"):
        return None
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else None


def confusable_letters(name: str) -> list[str]:
    """The Cyrillic or Greek letters of a name that is otherwise Latin ("Аnn" with a
    Cyrillic А), which show as Latin ones: two such spellings look alike and are two
    students. Empty for a name in one script, or in Cyrillic or Greek throughout."""
    if name.isascii():  # most names: nothing to look up
        return []
    scripts = [(ch, _script(ch)) for ch in name]
    latin = sum(1 for _, script in scripts if script == "LATIN")
    odd = [ch for ch, script in scripts if script in _LOOKALIKE_SCRIPTS]
    if not latin or not odd or len(odd) >= latin:
        return []
    return list(dict.fromkeys(odd))


def time_flag(
    created: dt.datetime, *, now: dt.datetime, released: dt.datetime | None = None
) -> str | None:
    """A sentence when a hand-in's time cannot be right: more than :data:`CLOCK_SLACK` in
    the future, or before the exercise was released."""
    if created > now + CLOCK_SLACK:
        return (
            f"its time, {created:%d %B %Y %H:%M} UTC, is in the future: the student's clock "
            "was wrong, or the file was edited"
        )
    if released is not None and created < released:
        return (
            f"its time, {created:%d %B %Y %H:%M} UTC, is before the exercise was released "
            f"({released:%d %B %Y %H:%M} UTC)"
        )
    return None


def unknown_tasks(answers: Iterable[str], known: set[str]) -> list[str]:
    """The task ids a hand-in answers that no lesson of the case has (in the file's order)."""
    return [task for task in answers if task not in known]


def duplicate_keys(path: Path) -> list[str]:
    """The fields written twice in one object of a JSON file (the reader keeps the last);
    empty if none, or if the file cannot be read.

    Quick first (every graded file is looked at): the keys of the file's text, each a
    string followed by a colon, are counted against those of the value read, written out
    again; only when they differ, or the text is unusual (a space before a colon, a quote
    escaped before one), is the file read again key by key to name them."""
    try:
        raw = path.read_bytes()
    except OSError:
        return []
    if _same_key_count(raw):
        return []
    found: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                found.append(key)
            seen.add(key)
        return dict(items)

    try:
        json.loads(raw, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return []
    return list(dict.fromkeys(found))


#: A quote, white space, a colon: a key written in an unusual way (the quick count skips).
_SPACED_KEY = re.compile(rb'"\s+:')


def _same_key_count(raw: bytes) -> bool:
    """Whether ``raw`` surely has no key twice: as many ``":`` as the value read has keys.
    False when unsure (then the file is read key by key)."""
    if b'\\":' in raw or _SPACED_KEY.search(raw):
        return False
    import msgspec

    try:
        again = msgspec.json.encode(msgspec.json.decode(raw))
    except (msgspec.DecodeError, msgspec.EncodeError, ValueError, RecursionError):
        return False
    return b'\\":' not in again and raw.count(b'":') == again.count(b'":')


def hand_in_flags(
    *,
    student: str,
    created: dt.datetime,
    answers: Mapping[str, Any],
    known_tasks: set[str],
    now: dt.datetime,
    released: dt.datetime | None = None,
    path: Path | None = None,
) -> tuple[str, ...]:
    """Every flag of one hand-in, each a sentence for the teacher."""
    flags = []
    timing = time_flag(created, now=now, released=released)
    if timing:
        flags.append(f"Time: {timing}.")
    odd = confusable_letters(student)
    if odd:
        shown = ", ".join(f"{ch!r} ({unicodedata.name(ch, '?').lower()})" for ch in odd)
        flags.append(
            f"Name: {student!r} mixes Latin letters with look-alikes from another script "
            f"({shown}); it shows like another spelling but is another student."
        )
    unknown = unknown_tasks(answers, known_tasks)
    if unknown:
        flags.append(
            f"Answers to tasks no lesson has, left out: {', '.join(unknown[:10])}"
            + (f" and {len(unknown) - 10} more." if len(unknown) > 10 else ".")
        )
    if path is not None:
        twice = duplicate_keys(path)
        if twice:
            flags.append(
                "Fields written twice in the file (the last one was read): "
                + ", ".join(twice[:10])
                + "."
            )
    return tuple(flags)
