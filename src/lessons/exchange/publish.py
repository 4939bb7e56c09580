"""Release an exercise into a course exchange, and close an open assessment.

The students' copy is exactly what ``lessons release --out`` writes
(:func:`lessons.teacher.release.release`), staged in a hidden folder beside
``EXCHANGE/released/EXERCISE/``, made readable by everyone (folders 0755, files 0644), and
then renamed into place; a re-release swaps the new folder in with one ``renameat2``
(``RENAME_EXCHANGE``) where Linux has it, so a student's fetch sees the old release or the
new one, never half of one. Its ``.lessons/release.json`` is the authority for the mode, the
tasks and the deadline, owned by the teacher; ``closed`` is added to it by :func:`close`.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

from lessons.exchange.layout import ExchangeError, exchange_problems
from lessons.student.workspace import RELEASED_FOLDER, atomic_write_json, release_path
from lessons.teacher.exercises import Exercise, Mode
from lessons.teacher.release import ReleaseResult, release

__all__ = ["close", "release_to_exchange", "released_folder"]


def released_folder(exchange: Path, exercise_id: str) -> Path:
    """Where the release of ``exercise_id`` lives in ``exchange``."""
    return exchange / RELEASED_FOLDER / exercise_id


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def release_to_exchange(
    exercise: Exercise,
    exchange: Path,
    mode: Mode | None = None,
    *,
    now: dt.datetime | None = None,
) -> ReleaseResult:
    """Release ``exercise`` into ``exchange`` (replacing an earlier release of it at once);
    ReleaseError as :func:`release` refuses, ExchangeError if the exchange is not one."""
    problems = exchange_problems(exchange)
    if problems:
        raise ExchangeError(problems[0])
    target = released_folder(exchange, exercise.id)
    staging = Path(tempfile.mkdtemp(prefix=f".{exercise.id}.new-", dir=target.parent))
    try:
        result = release(exercise, staging, mode, force=True, now=now, exchange=True)
        info = json.loads(release_path(staging).read_text(encoding="utf-8"))
        if exercise.deadline is not None:
            info["deadline"] = _stamp(exercise.deadline)
        atomic_write_json(release_path(staging), info)
        _make_readable(staging)
        _swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # the new folder, or the old one swapped out
    return ReleaseResult(
        target,
        result.mode,
        result.exercise,
        result.notebooks,
        result.key_strings_checked,
        result.notes,
        result.case_folder,
    )


def _make_readable(folder: Path) -> None:
    """Folders 0755 and files 0644 under (and including) ``folder``: students read them."""
    os.chmod(folder, 0o755)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(Path(root) / name, 0o755)
        for name in files:
            os.chmod(Path(root) / name, 0o644)


_RENAME_EXCHANGE = 2  # linux/fs.h


def _swap_in(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``: a rename when there is none yet; else one atomic
    exchange of the two (Linux), or two renames (elsewhere). ``staging`` then holds the old
    release (or nothing), for the caller to remove."""
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange_paths(staging, target):
        return
    aside = staging.with_name(staging.name + "-old")
    os.rename(target, aside)
    os.rename(staging, target)
    os.rename(aside, staging)


def _exchange_paths(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
        renameat2.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        at_fdcwd = -100
        done = renameat2(
            at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), _RENAME_EXCHANGE
        )
        return bool(done == 0)
    return False


def close(exchange: Path, exercise_id: str, *, now: dt.datetime | None = None) -> Path:
    """End the open assessment ``exercise_id`` now (practice feedback comes back for its
    tasks); return its release file. ExchangeError if it was not released there."""
    path = release_path(released_folder(exchange, exercise_id))
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExchangeError(
            f"{exercise_id!r} is not released in {exchange}; released there: "
            f"{', '.join(_released(exchange)) or 'nothing yet'}."
        ) from None
    except (OSError, ValueError) as error:
        raise ExchangeError(
            f"{path} cannot be read ({error}); release the exercise again."
        ) from None
    if not isinstance(info, dict):
        raise ExchangeError(f"{path} is not a release file; release the exercise again.")
    info["closed"] = _stamp(now or dt.datetime.now(dt.UTC))
    atomic_write_json(path, info, mode=0o644)
    return path


def _released(exchange: Path) -> list[str]:
    with contextlib.suppress(OSError):
        return sorted(
            path.name
            for path in (exchange / RELEASED_FOLDER).iterdir()
            if path.is_dir() and not path.name.startswith(".")
        )
    return []
