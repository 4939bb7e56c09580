"""A student's name: the one set of rules every name must meet, and its file-name form.

The same rules hold wherever a name arrives: typed into a widget (:func:`check_student_name`
answers the student in a sentence) or read from a hand-in file
(:mod:`lessons.student.submission` tells the teacher why the file was skipped). The slug
(:func:`student_slug`) names the student's progress file, hand-in files and feedback page, and
is the grader's key for "the same student".

A name may be written in any script: every letter, mark and digit of Unicode is kept. Two
spellings are the same student when they differ only in what a student cannot see or does
not mean: upper and lower case, the Unicode form of the same letter (an "é" typed as one
character or as "e" and an accent; a full-width "Ａ" and "A"), and the spaces and
punctuation between the words. Anything else is a different student: "José" is not "Jose".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Literal

__all__ = [
    "MAX_NAME_LENGTH",
    "UNNAMED",
    "NameProblem",
    "check_student_name",
    "legacy_slug",
    "name_problem",
    "student_slug",
]

MAX_NAME_LENGTH = 80
#: The slug of a name with no letter or digit, and the progress file of a workspace with no
#: name yet.
UNNAMED = "unnamed"
#: Characters of a plain slug before it is cut and given a hash.
_SLUG_LENGTH = 60
#: The most UTF-8 bytes of the readable part of a slug with a hash (a file name may have 255).
_SLUG_BYTES = 120
#: Unicode's bidirectional controls: they reorder the text shown around them, so a file or a
#: name could display as something else (a name ending in "txt.exe" shown as "exe.txt").
_DIRECTION = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ASCII_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: What is wrong with a name: ``empty`` (blank), ``too-long`` (over :data:`MAX_NAME_LENGTH`),
#: ``unsafe`` (a slash, a backslash, a leading dot or a control character: it could name a
#: file outside its folder), ``direction`` (a hidden character that reorders the text shown),
#: ``no-letter`` (no letter or digit to name a file by).
NameProblem = Literal["empty", "too-long", "unsafe", "direction", "no-letter"]


def _words(name: str) -> str:
    """The letters, marks and digits of ``name`` in a form that compares its spellings:
    compatibility-normalised (NFKC), case-folded; other runs (spaces, punctuation) as single
    hyphens; invisible formatting characters (a zero-width joiner) dropped."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    kept: list[str] = []
    for ch in folded:
        kind = unicodedata.category(ch)
        if kind[0] in "LMN":
            kept.append(ch)
        elif kind != "Cf":
            kept.append(" ")
    return "-".join("".join(kept).split())


def _has_letter(words: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in words)


@lru_cache(maxsize=4096)
def student_slug(name: str) -> str:
    """A file-name-safe form of a student's name: letters, marks, digits of any script and
    hyphens, no separator, control or direction character; :data:`UNNAMED` when the name has
    no letter or digit. Two names have the same slug when they are the same student.

    A short all-ASCII slug is the name's words (``zoe-o-brien`` for "Zoe O'Brien"), as it
    always was, so saved answers still load. A longer one, or one in another script, is its
    first words and a short hash of all of them after a double hyphen, which no plain slug
    has (``олена-коваль--3f9a0c2d71be``): two long names that start alike stay apart.

    Remembered: the grader asks for each student's several times (to group files, name the
    page, sort the class) while grading them."""
    words = _words(name)
    if not _has_letter(words):
        return UNNAMED
    if len(words) <= _SLUG_LENGTH and _ASCII_SLUG.fullmatch(words):
        return words
    digest = hashlib.blake2b(words.encode("utf-8"), digest_size=6).hexdigest()
    readable = words[:_SLUG_LENGTH]
    while len(readable.encode("utf-8")) > _SLUG_BYTES:
        readable = readable[:-1]
    return f"{readable.strip('-')}--{digest}"


def legacy_slug(name: str) -> str | None:
    """The slug an earlier version gave ``name`` (ASCII letters and digits, accents dropped,
    at most 60 characters), so its saved answers can still be found; None if it had none."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:60].strip("-") or None


def _unsafe(name: str) -> bool:
    """A slash, a backslash, a leading dot, or a control or surrogate character."""
    if "/" in name or "\\" in name or name.lstrip().startswith("."):
        return True
    return any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name)


def name_problem(name: str) -> NameProblem | None:
    """What is wrong with ``name`` as a student's name, or None if it can be used."""
    if not name.strip():
        return "empty"
    if len(name) > MAX_NAME_LENGTH:
        return "too-long"
    if _unsafe(name):
        return "unsafe"
    if not _DIRECTION.isdisjoint(name):
        return "direction"
    if not _has_letter(_words(name)):
        return "no-letter"
    return None


_FOR_THE_STUDENT: dict[NameProblem, str] = {
    "empty": "Type your name in the box first.",
    "too-long": f"That name is too long: use at most {MAX_NAME_LENGTH} characters.",
    "unsafe": "Use only letters, digits, spaces, hyphens and apostrophes in your name.",
    "direction": (
        "Your name holds a hidden character that changes the direction of the text: "
        "type it again without copying it from elsewhere."
    ),
    "no-letter": "Use at least one letter or digit in your name.",
}


def check_student_name(name: object) -> str:
    """The name tidied (single spaces), or ValueError with a sentence for the student."""
    if not isinstance(name, str):
        raise ValueError(_FOR_THE_STUDENT["empty"])
    name = " ".join(name.split())
    problem = name_problem(name)
    if problem is not None:
        raise ValueError(_FOR_THE_STUDENT[problem])
    return name
