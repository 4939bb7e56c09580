"""Collect: copy every hand-in in the exchange's inbox into ``OUT/<owner>/<file>``.

The owner is the system user who owns the file (its uid, named by ``pwd``): the one fact
about a hand-in a student cannot forge, since only they could create a file owned by them
in the inbox. ``OUT/owners.csv`` lists every file collected (file, owner, uid, bytes, its
modification time and its status-change time, which only the kernel sets: a student can
rewrite their own file, and set its modification time, but not that); ``lessons grade``
then refuses a file whose ``student`` is not its owner (:mod:`lessons.grading.owners`). Files are opened without following links and only regular
files are copied, so a link a student put in the inbox cannot make the teacher copy a file
of their own. Collecting again copies only what is new.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import pwd
import stat
from dataclasses import dataclass, field
from pathlib import Path

from lessons.exchange.layout import ExchangeError
from lessons.student.submission import MAX_SUBMISSION_BYTES
from lessons.student.workspace import INBOX_FOLDER

__all__ = ["OWNERS_FILE", "OWNERS_HEADER", "CollectResult", "collect", "owner_name"]

#: The list of collected files and their owners, in the collect folder.
OWNERS_FILE = "owners.csv"
OWNERS_HEADER = ("file", "owner", "uid", "bytes", "modified", "changed")


@dataclass(frozen=True)
class CollectResult:
    """What a collect did: files copied now, files there from before, files left out (why)."""

    out: Path
    copied: tuple[str, ...] = ()
    already: tuple[str, ...] = ()
    skipped: tuple[tuple[str, str], ...] = field(default=())

    @property
    def owners(self) -> int:
        return len({name.split("/", 1)[0] for name in (*self.copied, *self.already)})


def owner_name(uid: int) -> str:
    """The user name of ``uid`` (``uid-1234`` when the system has no such user)."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid-{uid}"


def collect(exchange: Path, out: Path) -> CollectResult:
    """Copy each hand-in file of ``exchange``'s inbox into ``out/<owner>/`` and write
    ``out/owners.csv``; ExchangeError when the inbox cannot be listed (not the teacher's)."""
    inbox = exchange / INBOX_FOLDER
    try:
        names = sorted(os.listdir(inbox))
    except PermissionError:
        raise ExchangeError(
            f"{inbox} cannot be listed by you: only the teacher who created the exchange can "
            "collect from it."
        ) from None
    except OSError as error:
        raise ExchangeError(
            f"{inbox} cannot be read ({error.strerror or error}): give the exchange folder "
            "'lessons exchange create' made."
        ) from None
    out.mkdir(parents=True, exist_ok=True)
    rows = _read_rows(out / OWNERS_FILE)
    copied, already, skipped = [], [], []
    for name in names:
        if name.startswith("."):
            continue  # a hand-in being written (or a student's stray file)
        outcome = _collect_one(inbox / name, out, rows)
        if isinstance(outcome, tuple):
            skipped.append(outcome)
        elif outcome.startswith("="):
            already.append(outcome[1:])
        else:
            copied.append(outcome)
    _write_rows(out / OWNERS_FILE, rows)
    return CollectResult(out, tuple(copied), tuple(already), tuple(skipped))


def _collect_one(path: Path, out: Path, rows: dict[str, list[str]]) -> str | tuple[str, str]:
    """Copy one inbox file; its relative path (``=path`` if it was there already), or
    (name, why) when it is left out."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        why = "is a link" if os.path.islink(path) else f"cannot be read ({error.strerror})"
        return path.name, f"{why}: left out."
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return path.name, "is not a regular file: left out."
        if info.st_size > MAX_SUBMISSION_BYTES:
            return path.name, (
                f"is {info.st_size:,} bytes, more than a hand-in can be "
                f"({MAX_SUBMISSION_BYTES:,}): left out."
            )
        owner = owner_name(info.st_uid)
        relative = f"{owner}/{path.name}"
        target = out / owner / path.name
        changed = _stamp(info.st_ctime)
        row = rows.get(relative)
        if target.is_file() and row is not None and row[5] == changed:
            return f"={relative}"  # not changed in the inbox since it was collected
        data = handle.read(MAX_SUBMISSION_BYTES + 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.new")
    staging.write_bytes(data)
    os.replace(staging, target)
    rows[relative] = [
        relative,
        owner,
        str(info.st_uid),
        str(len(data)),
        _stamp(info.st_mtime),
        changed,
    ]
    return relative


def _stamp(seconds: float) -> str:
    """A file time as UTC text to the microsecond (``2026-12-07T06:05:26.307103Z``)."""
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _read_rows(path: Path) -> dict[str, list[str]]:
    """The rows of an earlier ``owners.csv`` by file ({} when there is none)."""
    with (
        contextlib.suppress(OSError, csv.Error, UnicodeDecodeError),
        open(path, encoding="utf-8", newline="") as handle,
    ):
        reader = csv.reader(handle)
        if tuple(next(reader, ())) == OWNERS_HEADER:
            return {row[0]: row for row in reader if len(row) == len(OWNERS_HEADER)}
    return {}


def _write_rows(path: Path, rows: dict[str, list[str]]) -> None:
    """Write ``owners.csv`` atomically, rows in file order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(OWNERS_HEADER)
    for key in sorted(rows):
        writer.writerow(rows[key])
    staging = path.with_name(f".{path.name}.new")
    staging.write_text(buffer.getvalue(), encoding="utf-8")
    os.replace(staging, path)
