"""Keep every answer a student gives: saved at once, atomically, and restored on reopen.

Answers live in the student's workspace (the folder their notebooks are in, or
``$LESSONS_WORKSPACE``) under ``.lessons/``: ``student.json`` remembers who is working,
``progress/<student>.json`` holds their answers as plain data, keyed by task id
(``"sources/kyiv-post"``). A file that cannot be read is put aside, never deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "PROGRESS_FORMAT",
    "LoadResult",
    "atomic_write_json",
    "load_answer",
    "load_answers",
    "progress_path",
    "save_answer",
    "set_student_name",
    "student_name",
    "student_slug",
    "workspace_dir",
]

PROGRESS_FORMAT = 1
UNNAMED = "unnamed"
MAX_NAME_LENGTH = 80


def workspace_dir() -> Path:
    """The student's workspace: ``$LESSONS_WORKSPACE`` if set, else the current folder."""
    return Path(os.environ.get("LESSONS_WORKSPACE") or Path.cwd())


def _state_dir(workspace: Path | None) -> Path:
    return (workspace or workspace_dir()) / ".lessons"


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


def student_slug(name: str) -> str:
    """A file-name-safe form of a student's name: letters, digits and hyphens only."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:60] or UNNAMED


def student_name(workspace: Path | None = None) -> str | None:
    """The name this workspace remembers, else ``$JUPYTERHUB_USER``, else None."""
    path = _state_dir(workspace) / "student.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data.get("student") if isinstance(data, dict) else None
        if isinstance(name, str) and name.strip():
            return name.strip()
    except (OSError, ValueError):
        pass
    hub_user = os.environ.get("JUPYTERHUB_USER", "").strip()
    return hub_user or None


def set_student_name(name: object, workspace: Path | None = None) -> str:
    """Remember the student's name for this workspace; move any unnamed answers to it.

    Raises ValueError with a sentence for the student when the name is unusable.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError("Type your name in the box first.")
    name = " ".join(name.split())
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"That name is too long: use at most {MAX_NAME_LENGTH} characters.")
    if student_slug(name) == UNNAMED and name.lower() != UNNAMED:
        raise ValueError("Use at least one letter or digit in your name.")
    state = _state_dir(workspace)
    atomic_write_json(state / "student.json", {"student": name})
    unnamed = state / "progress" / f"{UNNAMED}.json"
    if unnamed.exists() and student_slug(name) != UNNAMED:
        leftover = _read(unnamed).answers
        if leftover:
            for task_id, answer in leftover.items():
                if load_answer(task_id, workspace) is None:
                    save_answer(task_id, answer, workspace)
        os.replace(unnamed, unnamed.with_name(f"{UNNAMED}.moved-{_stamp()}.json"))
    return name


def progress_path(workspace: Path | None = None) -> Path:
    """The progress file of the current student in this workspace."""
    name = student_name(workspace) or UNNAMED
    return _state_dir(workspace) / "progress" / f"{student_slug(name)}.json"


@dataclass(frozen=True)
class LoadResult:
    """Answers read from a progress file, and a sentence for the student if it was damaged."""

    answers: dict[str, dict[str, Any]]
    notice: str | None = None


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _read(path: Path) -> LoadResult:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadResult({})
    except (OSError, UnicodeDecodeError):
        raw = None
    data = None
    if raw is not None:
        with contextlib.suppress(ValueError):
            data = json.loads(raw)
    if _is_progress(data):
        assert isinstance(data, dict)
        return LoadResult(data["answers"])
    aside = path.with_name(f"{path.stem}.unreadable-{_stamp()}{path.suffix}")
    os.replace(path, aside)
    return LoadResult(
        {},
        notice=(
            f"Your saved answers could not be read, so the file was kept aside as {aside.name} "
            "and you can carry on; tell your teacher if answers are missing."
        ),
    )


def _is_progress(data: object) -> bool:
    return (
        isinstance(data, dict)
        and data.get("format") == PROGRESS_FORMAT
        and isinstance(data.get("answers"), dict)
        and all(isinstance(k, str) and isinstance(v, dict) for k, v in data["answers"].items())
    )


def load_answers(workspace: Path | None = None) -> LoadResult:
    """Every saved answer of the current student, keyed by task id."""
    return _read(progress_path(workspace))


def load_answer(task_id: str, workspace: Path | None = None) -> dict[str, Any] | None:
    """The saved answer to one task, or None."""
    return load_answers(workspace).answers.get(task_id)


def save_answer(task_id: str, answer: Mapping[str, Any], workspace: Path | None = None) -> Path:
    """Save one task's answer at once (atomically) and return the progress file's path."""
    path = progress_path(workspace)
    answers = _read(path).answers
    answers[task_id] = json.loads(json.dumps(dict(answer)))
    atomic_write_json(
        path,
        {
            "format": PROGRESS_FORMAT,
            "student": student_name(workspace) or UNNAMED,
            "updated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "answers": answers,
        },
    )
    return path
