"""A course exchange's folders and their permissions, and finding the exchange to use.

``lessons exchange create DIR`` makes ``DIR/released/`` (0755: the teacher's releases,
read-only to students) and ``DIR/inbox/`` (3733: sticky, anyone may create a file, nobody
but the teacher may list it, nobody may delete or replace another's file; setgid with the
teacher's group, so each hand-in belongs to that group and is made 0640: the teacher reads
it, and a classmate who learns its name still cannot). The hub's admin makes ``DIR``'s
parent once and gives it to the teacher; everything after that is the teacher's, with no
root step.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from lessons.student.workspace import EXCHANGE_ENV, INBOX_FOLDER, RELEASED_FOLDER, exchange_dir

__all__ = [
    "EXCHANGE_MODE",
    "INBOX_MODE",
    "RELEASED_MODE",
    "ExchangeError",
    "create_exchange",
    "exchange_problems",
    "find_exchange",
]

#: The exchange folder itself: everyone may enter it and list its two folders.
EXCHANGE_MODE = 0o755
#: ``released/``: the teacher writes, everyone reads.
RELEASED_MODE = 0o755
#: ``inbox/``: sticky (only a file's owner removes or renames it), writable and enterable by
#: all, listable only by the teacher; setgid, so new files take the teacher's group.
INBOX_MODE = 0o3733


class ExchangeError(Exception):
    """The exchange cannot be used; the message is one sentence saying what to do."""


def find_exchange(given: str | Path | None = None) -> Path:
    """The exchange to use: ``given`` (``--exchange``), else ``$LESSONS_EXCHANGE``;
    ExchangeError with a sentence when there is neither."""
    if given:
        return Path(given)
    found = exchange_dir()
    if found is None:
        raise ExchangeError(
            f"No course exchange is set: give --exchange DIR, or set {EXCHANGE_ENV} "
            "(your hub's admin sets it for every server)."
        )
    return found


def create_exchange(folder: Path) -> list[str]:
    """Make ``folder`` a course exchange (again: permissions are put right, nothing is
    removed); return a line for each thing done. ExchangeError if it cannot be made."""
    done = []
    try:
        if folder.exists() and not folder.is_dir():
            raise ExchangeError(f"{folder} is a file; give a folder for the course exchange.")
        if not folder.exists():
            folder.mkdir(parents=True)
            done.append(f"made {folder}")
        _set_mode(folder, EXCHANGE_MODE, done)
        for name, mode in ((RELEASED_FOLDER, RELEASED_MODE), (INBOX_FOLDER, INBOX_MODE)):
            path = folder / name
            if path.is_symlink() or (path.exists() and not path.is_dir()):
                raise ExchangeError(f"{path} is not a folder; move it away and run this again.")
            if not path.exists():
                path.mkdir()
                done.append(f"made {path}")
            if name == INBOX_FOLDER and path.stat().st_gid != os.getegid():
                os.chown(path, -1, os.getegid())  # the teacher's group reads the hand-ins
                done.append(f"gave {path} to your group")
            _set_mode(path, mode, done)
    except PermissionError as error:
        raise ExchangeError(
            f"{error.filename or folder} cannot be written by you: ask your hub's admin to "
            "give you that folder (it is made once, by root, when the hub is set up)."
        ) from None
    except OSError as error:
        raise ExchangeError(
            f"{error.filename or folder} cannot be made ({error.strerror or error}); give "
            "another folder."
        ) from None
    return done


def _set_mode(path: Path, mode: int, done: list[str]) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current != mode:
        os.chmod(path, mode)
        done.append(f"set {path} to {mode:o}")


def exchange_problems(folder: Path) -> list[str]:
    """What is wrong with ``folder`` as an exchange, one sentence each ([] when right)."""
    problems = []
    for name, mode in ((RELEASED_FOLDER, RELEASED_MODE), (INBOX_FOLDER, INBOX_MODE)):
        path = folder / name
        try:
            info = path.lstat()
        except OSError:
            problems.append(f"{path} is missing: run 'lessons exchange create {folder}'.")
            continue
        if not stat.S_ISDIR(info.st_mode):
            problems.append(f"{path} is not a folder: move it away and create the exchange.")
        elif stat.S_IMODE(info.st_mode) != mode:
            problems.append(
                f"{path} has mode {stat.S_IMODE(info.st_mode):o}, not {mode:o}: run "
                f"'lessons exchange create {folder}' to put it right."
            )
    return problems
