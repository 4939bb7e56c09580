"""A student's name: the one set of rules every name must meet, and its file-name form.

The same rules hold wherever a name arrives: typed into a widget (:func:`check_student_name`
answers the student in a sentence) or read from a hand-in file
(:mod:`lessons.student.submission` tells the teacher why the file was skipped). The slug
(:func:`student_slug`) names the student's progress file, hand-in files and feedback page, and
is the grader's key for "the same student".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

__all__ = [
    "MAX_NAME_LENGTH",
    "UNNAMED",
    "NameProblem",
    "check_student_name",
    "name_problem",
    "student_slug",
]

MAX_NAME_LENGTH = 80
#: The slug of a name with no letter or digit, and the progress file of a workspace with no
#: name yet.
UNNAMED = "unnamed"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

#: What is wrong with a name: ``empty`` (blank), ``too-long`` (over :data:`MAX_NAME_LENGTH`),
#: ``unsafe`` (a slash, a backslash, a leading dot or a control character: it could name a
#: file outside its folder), ``no-letter`` (no letter or digit to name a file by).
NameProblem = Literal["empty", "too-long", "unsafe", "no-letter"]


def _plain_slug(name: str) -> str:
    """Letters and digits of ``name`` (accents dropped, lower case), other runs as hyphens,
    at most 60 characters; empty when nothing is left."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:60].strip("-")


@lru_cache(maxsize=4096)
def student_slug(name: str) -> str:
    """A file-name-safe form of a student's name: letters, digits and hyphens only.

    Remembered: the grader asks for each student's several times (to group files, name the
    page, sort the class) while grading them."""
    return _plain_slug(name) or UNNAMED


def name_problem(name: str) -> NameProblem | None:
    """What is wrong with ``name`` as a student's name, or None if it can be used."""
    if not name.strip():
        return "empty"
    if len(name) > MAX_NAME_LENGTH:
        return "too-long"
    if "/" in name or "\\" in name or name.lstrip().startswith(".") or _CONTROL.search(name):
        return "unsafe"
    if not _plain_slug(name):
        return "no-letter"
    return None


_FOR_THE_STUDENT: dict[NameProblem, str] = {
    "empty": "Type your name in the box first.",
    "too-long": f"That name is too long: use at most {MAX_NAME_LENGTH} characters.",
    "unsafe": "Use only letters, digits, spaces, hyphens and apostrophes in your name.",
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
