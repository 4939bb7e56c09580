"""Hand in: write the student's saved answers (one lesson's, or the unit's) as a submission
file in ``submissions/`` of their workspace, and say which released tasks are still open.

The file's format is :mod:`lessons.student.submission`; the answers come from
:mod:`lessons.student.progress`; the exercise and its tasks from the release
(:mod:`lessons.student.workspace`).

With a course exchange (``$LESSONS_EXCHANGE``) the same file also goes into the exchange's
inbox (:func:`write_to_inbox`) as ``<slug>+<exercise>+<UTC time>+<128-bit random hex>.json``:
created with O_EXCL under a temporary name there, made 0640 (group: the teacher's, by the
inbox's setgid bit), then linked into place. The inbox is sticky and not listable, so
nobody else can find the name, read it, delete it or replace it; the teacher's
``lessons collect`` records who owns it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessons.student import submission
from lessons.student.names import check_student_name, student_slug
from lessons.student.progress import read_answers, student_name
from lessons.student.workspace import (
    INBOX_FOLDER,
    atomic_write_json,
    exchange_dir,
    read_release,
    workspace_dir,
)

__all__ = [
    "CONTEXT_TASKS_PREFIX",
    "SUBMISSIONS_FOLDER",
    "HandInError",
    "HandInResult",
    "inbox_name",
    "select_answers",
    "write_submission",
    "write_to_inbox",
]

SUBMISSIONS_FOLDER = "submissions"
#: Answers handed in with every lesson: lesson 00's, which later lessons' checkers compare
#: with (e.g. "how sure were you at the start?").
CONTEXT_TASKS_PREFIX = "start/"


class HandInError(ValueError):
    """Handing in is not possible yet; the message is one sentence saying what to do."""


@dataclass(frozen=True)
class HandInResult:
    """A submission written to the workspace: the tasks handed in (of the lesson handed in;
    lesson 00's answers go along too) and the released tasks not answered yet."""

    path: Path
    student: str
    task_ids: tuple[str, ...]
    missing: tuple[str, ...] = ()
    #: The copy handed in to the course exchange's inbox, when there is one.
    inbox_path: Path | None = None

    @property
    def relative_path(self) -> str:
        return f"{SUBMISSIONS_FOLDER}/{self.path.name}"


def select_answers(
    answers: Mapping[str, Mapping[str, Any]], skill: str | None = None
) -> dict[str, dict[str, Any]]:
    """The answers to hand in: every well-formed task id, or ``skill``'s tasks with the
    first lesson's answers (:data:`CONTEXT_TASKS_PREFIX`) that checkers compare with."""
    prefixes = (f"{skill}/", CONTEXT_TASKS_PREFIX) if skill else ("",)
    return {
        task_id: dict(answer)
        for task_id, answer in answers.items()
        if submission.TASK_ID.match(task_id)
        and task_id.startswith(prefixes)
        and isinstance(answer, Mapping)
    }


def _handing_in_name(workspace: Path | None) -> str:
    """The student's name, checked; HandInError with a sentence when there is none to use."""
    name = student_name(workspace)
    if name is None:
        raise HandInError(
            "Type your name first (in the box above, or in the first lesson), then hand in."
        )
    try:
        return check_student_name(name)
    except ValueError as error:
        raise HandInError(str(error)) from None


def _free_path(folder: Path, data: Mapping[str, Any]) -> Path:
    """A file name for ``data`` in ``folder`` that no earlier hand-in has taken."""
    path = folder / submission.file_name(data)
    counter = 2
    while path.exists():
        path = folder / submission.file_name(data, suffix=f"-{counter}")
        counter += 1
    return path


def write_submission(
    skill: str | None = None,
    workspace: Path | None = None,
    *,
    case: Any,
    now: dt.datetime | None = None,
) -> HandInResult:
    """Write the student's answers (one skill's, or all) as a submission file; return it.

    ``case`` is the case study the answers are about (its id and fingerprint go into the
    file). Raises :class:`HandInError` with a sentence for the student when there is no
    name or nothing to hand in.
    """
    name = _handing_in_name(workspace)
    chosen = select_answers(read_answers(workspace, case=case), skill)
    own = sorted(task_id for task_id in chosen if not skill or task_id.startswith(f"{skill}/"))
    if not own:
        what = f"the {skill} tasks" if skill else "any task"
        raise HandInError(f"You have no saved answers for {what} yet: answer them first.")
    release = read_release(workspace)
    expected = [
        task_id for task_id in release.task_ids if not skill or task_id.startswith(f"{skill}/")
    ]
    missing = tuple(task_id for task_id in expected if task_id not in chosen)
    data = submission.build_submission(
        student=name, answers=chosen, case=case, skill=skill, exercise=release.exercise, now=now
    )
    path = _free_path((workspace or workspace_dir()) / SUBMISSIONS_FOLDER, data)
    atomic_write_json(path, data)
    inbox = None
    exchange = exchange_dir()
    if exchange is not None:
        try:
            inbox = write_to_inbox(exchange, data)
        except OSError as error:
            raise HandInError(
                f"Your answers are saved in {SUBMISSIONS_FOLDER}/{path.name}, but they could "
                f"not be handed in to the class ({error.strerror or error}): try again, or "
                "tell your teacher."
            ) from None
    return HandInResult(path, name, tuple(own), missing, inbox)


_UNSAFE_PART = re.compile(r"[^\w.-]+")


def inbox_name(data: Mapping[str, Any]) -> str:
    """``<slug>+<exercise>+<UTC time>+<128-bit random hex>.json``: nobody can guess it."""
    exercise = _UNSAFE_PART.sub("-", str(data.get("exercise") or "practice")).strip(".-")
    moment = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    slug = student_slug(str(data.get("student", "")))
    return f"{slug}+{exercise or 'practice'}+{moment}+{secrets.token_hex(16)}.json"


def write_to_inbox(exchange: Path, data: Mapping[str, Any]) -> Path:
    """Hand ``data`` in to ``exchange``'s inbox; return the file's path (OSError if the
    inbox is missing or refuses).

    The file is created with O_EXCL under a hidden temporary name (so the teacher's collect
    never reads half of it), written, flushed, made 0640 (the inbox is setgid: the file
    takes the teacher's group) and linked to :func:`inbox_name`, which it cannot replace."""
    inbox = exchange / INBOX_FOLDER
    if not inbox.is_dir():
        raise FileNotFoundError(2, "the class inbox is missing", str(inbox))
    final = inbox / inbox_name(data)
    temporary = inbox / f".{final.name}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
            # the teacher reads it by the inbox's group (setgid); an older inbox without
            # one: by everyone, who cannot list the inbox to find the name
            os.fchmod(handle.fileno(), 0o640 if inbox.stat().st_mode & stat.S_ISGID else 0o644)
        try:
            os.link(temporary, final)  # fails rather than replace a file of that name
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
            os.rename(temporary, final)  # a disk without hard links: the name is random
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return final
