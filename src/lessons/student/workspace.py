"""A student's workspace: the folder, its ``.lessons/`` state, and what a release put there.

The workspace is the folder the student's notebooks are in (``$LESSONS_WORKSPACE`` if set).
``lessons release`` writes ``.lessons/release.json`` into it (mode, exercise, tasks, case);
:func:`read_release` is the one reader of that file. Files in the workspace are written with
:func:`atomic_write_json`, so a crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "Mode",
    "Release",
    "atomic_write_json",
    "read_release",
    "release_info",
    "release_mode",
    "release_path",
    "state_dir",
    "workspace_dir",
]

Mode = Literal["practice", "assessment"]


def workspace_dir() -> Path:
    """The student's workspace: ``$LESSONS_WORKSPACE`` if set, else the current folder."""
    return Path(os.environ.get("LESSONS_WORKSPACE") or Path.cwd())


def state_dir(workspace: Path | None = None) -> Path:
    """The workspace's hidden ``.lessons/`` folder (progress, name, release)."""
    return (workspace or workspace_dir()) / ".lessons"


def release_path(workspace: Path | None = None) -> Path:
    """Where ``lessons release`` writes what it released into a workspace."""
    return state_dir(workspace) / "release.json"


def atomic_write_json(path: Path, data: Any) -> None:
    """Write ``data`` as JSON so that a crash leaves either the old or the new file, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
            handle.flush()
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
    """``.lessons/release.json`` read and checked: fields of the wrong type count as absent."""
    info = release_info(workspace)
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


def release_mode(workspace: Path | None = None) -> Mode:
    """``assessment`` when the workspace was released as an assessment, else ``practice``."""
    return read_release(workspace).mode
