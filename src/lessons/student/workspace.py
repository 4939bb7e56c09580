"""A student's workspace: the folder, its ``.lessons/`` state, and what a release put there.

The workspace is the folder the student's notebooks are in (``$LESSONS_WORKSPACE`` if set).
``lessons release`` writes ``.lessons/release.json`` into it (mode, exercise, tasks, case);
:func:`read_release` is the one reader of that file. Files in the workspace are written with
:func:`atomic_write_json`, so a crash leaves the old file or the new one, never half of one.

On a hub with a course exchange (``$LESSONS_EXCHANGE``, see :mod:`lessons.exchange`) the
student owns that local file and could edit it, so the mode of a workspace fetched from the
exchange comes from the teacher's copy, ``EXCHANGE/released/EXERCISE/.lessons/release.json``
(:func:`exchange_release`), and :func:`open_assessments` lists the assessments still open
there, whose tasks get no practice feedback anywhere on the hub.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "EXCHANGE_ENV",
    "INBOX_FOLDER",
    "RELEASED_FOLDER",
    "Mode",
    "OpenAssessment",
    "Release",
    "atomic_write_json",
    "exchange_dir",
    "exchange_release",
    "open_assessments",
    "read_json_object",
    "read_release",
    "release_info",
    "release_mode",
    "release_path",
    "state_dir",
    "workspace_dir",
]

Mode = Literal["practice", "assessment"]

#: The environment variable naming the course exchange (a hub's spawner sets it).
EXCHANGE_ENV = "LESSONS_EXCHANGE"
#: The exchange's folder of releases (one per exercise, the teacher's, read-only to students).
RELEASED_FOLDER = "released"
#: The exchange's inbox (sticky, writable, not listable): students' hand-in files.
INBOX_FOLDER = "inbox"


def workspace_dir() -> Path:
    """The student's workspace: ``$LESSONS_WORKSPACE`` if set, else the current folder."""
    return Path(os.environ.get("LESSONS_WORKSPACE") or Path.cwd())


def state_dir(workspace: Path | None = None) -> Path:
    """The workspace's hidden ``.lessons/`` folder (progress, name, release)."""
    return (workspace or workspace_dir()) / ".lessons"


def release_path(workspace: Path | None = None) -> Path:
    """Where ``lessons release`` writes what it released into a workspace."""
    return state_dir(workspace) / "release.json"


def read_json_object(path: Path) -> dict[str, Any]:
    """The JSON object in ``path``, or an empty one when the file is missing, unreadable or
    not an object: for the small ledgers the package keeps for itself, rebuilt when lost."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def atomic_write_json(path: Path, data: Any, *, mode: int | None = None) -> None:
    """Write ``data`` as JSON so that a crash leaves either the old or the new file, whole.

    ``mode`` (e.g. ``0o644`` for a file others must read) is set before the file takes its
    name, so nobody ever sees it with the temporary file's 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
            handle.flush()
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def release_info(workspace: Path | None = None) -> dict[str, Any]:
    """What ``lessons release`` wrote into this workspace (mode, exercise, tasks), or {}."""
    try:
        data = json.loads(release_path(workspace).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Release:
    """What a release says about this workspace; outside a release, practice and nothing else.

    ``task_ids``: the released exercise's tasks; ``case_dir``: the folder (in the workspace)
    of the case study released with it, if it is not the seed case."""

    mode: Mode = "practice"
    exercise: str | None = None
    task_ids: tuple[str, ...] = ()
    case_dir: str | None = None


def read_release(workspace: Path | None = None) -> Release:
    """``.lessons/release.json`` read and checked: fields of the wrong type count as absent.

    With a course exchange, a workspace fetched from it (named after a released exercise,
    or naming one in its local file) takes its mode and tasks from the teacher's copy in
    the exchange, never from the local file the student could edit: see
    :func:`exchange_release`."""
    local = _parse_release(release_info(workspace))
    folder = (workspace or workspace_dir()).resolve()
    for exercise in (folder.name, local.exercise):
        if not exercise:
            continue
        found = exchange_release(exercise)
        if found is not None:
            return Release(
                mode="assessment" if "assessment" in (found.mode, local.mode) else "practice",
                exercise=found.exercise or exercise,
                task_ids=local.task_ids if "*" in found.task_ids else found.task_ids,
                case_dir=local.case_dir,
            )
    return local


def _parse_release(info: dict[str, Any]) -> Release:
    """A release.json's fields, checked; those of the wrong type count as absent."""
    exercise = info.get("exercise")
    case_dir = info.get("case_dir")
    tasks = info.get("tasks")
    return Release(
        mode="assessment" if info.get("mode") == "assessment" else "practice",
        exercise=exercise if isinstance(exercise, str) else None,
        task_ids=tuple(
            task["id"]
            for task in (tasks if isinstance(tasks, list) else [])
            if isinstance(task, dict) and isinstance(task.get("id"), str)
        ),
        case_dir=case_dir if isinstance(case_dir, str) and case_dir else None,
    )


def release_mode(workspace: Path | None = None, task_id: str | None = None) -> Mode:
    """``assessment`` when the workspace was released as an assessment, else ``practice``.

    With a course exchange, also ``assessment`` while an assessment there is open that
    covers ``task_id`` (without one: while any is open), so the practice copy of a lesson
    beside a quiz gives none of the quiz's answers (:func:`open_assessments`)."""
    if read_release(workspace).mode == "assessment":
        return "assessment"
    if any(item.covers(task_id) for item in open_assessments()):
        return "assessment"
    return "practice"


def exchange_dir() -> Path | None:
    """The course exchange named by ``$LESSONS_EXCHANGE``, or None when there is none."""
    value = os.environ.get(EXCHANGE_ENV, "").strip()
    return Path(value) if value else None


#: What an exchange release that exists but cannot be read counts as: an assessment with
#: every task (the safe side: no feedback until the teacher's file can be read again).
_UNREADABLE = Release(mode="assessment", exercise=None, task_ids=("*",))


def exchange_release(exercise: str, exchange: Path | None = None) -> Release | None:
    """The teacher's release of ``exercise`` in the exchange, or None if there is none.

    A release folder that exists but whose ``release.json`` cannot be read counts as an
    assessment of every task, so a permission slip never turns feedback back on."""
    root = exchange or exchange_dir()
    if root is None or not exercise or exercise.startswith(".") or "/" in exercise:
        return None
    folder = root / RELEASED_FOLDER / exercise
    try:
        if not folder.is_dir():
            return None
        info = json.loads(release_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _UNREADABLE
    if not isinstance(info, dict):
        return _UNREADABLE
    release = _parse_release(info)
    return Release(release.mode, release.exercise or exercise, release.task_ids, None)


@dataclass(frozen=True)
class OpenAssessment:
    """An assessment in the exchange that is still open: its tasks get no practice feedback.

    ``task_ids`` holds ``"*"`` when its release file could not be read (every task)."""

    exercise: str
    task_ids: tuple[str, ...]
    deadline: dt.datetime | None = None

    def covers(self, task_id: str | None) -> bool:
        """Whether this assessment withholds feedback on ``task_id`` (None: any task)."""
        return task_id is None or "*" in self.task_ids or task_id in self.task_ids


def _moment(value: object) -> dt.datetime | None:
    """A time written as ISO 8601 text (UTC if it has no zone), or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def open_assessments(
    exchange: Path | None = None, now: dt.datetime | None = None
) -> list[OpenAssessment]:
    """The assessments in the exchange that are open: released as an assessment, not closed
    (``lessons exchange close``) and not past their deadline. [] without an exchange.

    The teacher who released one (the owner of its release file) is not held by it, so
    ``lessons key`` still works in the teacher's own server on the same hub."""
    root = exchange or exchange_dir()
    if root is None:
        return []
    moment = now or dt.datetime.now(dt.UTC)
    found = []
    try:
        folders = sorted((root / RELEASED_FOLDER).iterdir())
    except OSError:
        return []
    me = os.geteuid() if hasattr(os, "geteuid") else -1
    for folder in folders:
        if folder.name.startswith("."):
            continue
        path = release_path(folder)
        try:
            if not folder.is_dir():
                continue
            owner = path.stat().st_uid
            info = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, ValueError):
            found.append(OpenAssessment(folder.name, ("*",)))
            continue
        if owner == me or not isinstance(info, dict):
            continue
        release = _parse_release(info)
        deadline = _moment(info.get("deadline"))
        closed = _moment(info.get("closed"))
        if release.mode != "assessment" or (closed is not None and closed <= moment):
            continue
        if deadline is not None and deadline <= moment:
            continue
        found.append(OpenAssessment(folder.name, release.task_ids, deadline))
    return found
