"""Keep every answer a student gives: saved at once, atomically, and restored on reopen.

Answers live in the student's workspace (:mod:`lessons.student.workspace`) under
``.lessons/``: ``student.json`` remembers who is working, ``progress/<student>.json`` holds
their answers as plain data, keyed by task id (``"sources/kyiv-post"``). A file that cannot
be read is put aside, never deleted.

Every save is atomic (a temporary file in the same folder, flushed, fsynced, renamed over
the old one) and runs under an advisory lock on the student's progress file, so two
notebooks open at once (two kernels) never lose each other's answers. Handing the answers
in is :mod:`lessons.student.handin`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessons.student.names import UNNAMED, check_student_name, legacy_slug, student_slug
from lessons.student.workspace import atomic_write_json, state_dir

__all__ = [
    "PROGRESS_FORMAT",
    "LoadResult",
    "load_answer",
    "load_answers",
    "progress_path",
    "read_answers",
    "save_answer",
    "set_student_name",
    "student_name",
]

PROGRESS_FORMAT = 1

#: A notice about a progress file that was put aside, kept until a caller shows it.
_pending_notice: str | None = None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock for ``path`` (a ``.lock`` file beside it).

    The lock serialises read-modify-write of one progress file between kernels. It is
    released by the operating system if the process dies. Where ``fcntl`` is missing
    (Windows), saves are still atomic but not serialised between kernels.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on the Linux machines we test on
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files a killed save left beside ``path`` (call under its lock)."""
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def student_name(workspace: Path | None = None) -> str | None:
    """The name this workspace remembers, else ``$JUPYTERHUB_USER``, else None."""
    path = state_dir(workspace) / "student.json"
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
    """Remember the student's name for this workspace and bring their answers along.

    Answers saved before any name was given, or under the name used before (a typo fixed,
    "Zoe" becoming "Zoë O'Brien"), are copied to the new name wherever it has no answer
    yet; the old file is left in place. Raises ValueError with a sentence for the student
    when the name is unusable.
    """
    name = check_student_name(name)
    state = state_dir(workspace)
    previous = progress_path(workspace)
    atomic_write_json(state / "student.json", {"student": name})
    current = progress_path(workspace)
    if previous != current and previous.exists():
        carried = _read(previous)
        have = _read(current)
        for task_id, answer in carried.items():
            if task_id not in have:
                save_answer(task_id, answer, workspace)
        if previous.stem == UNNAMED:
            with contextlib.suppress(FileNotFoundError):
                os.replace(previous, previous.with_name(f"{UNNAMED}.moved-{_stamp()}.json"))
    return name


def progress_path(workspace: Path | None = None) -> Path:
    """The progress file of the current student in this workspace.

    A name whose slug changed when names of every script came in ("Zoë" was ``zoe``) keeps
    the file it was saved under, as long as no file has the new slug."""
    name = student_name(workspace) or UNNAMED
    folder = state_dir(workspace) / "progress"
    path = folder / f"{student_slug(name)}.json"
    old = legacy_slug(name)
    if old is not None and old != UNNAMED and not path.exists():
        earlier = folder / f"{old}.json"
        if earlier != path and earlier.exists():
            return earlier
    return path


@dataclass(frozen=True)
class LoadResult:
    """Answers read from a progress file, and a sentence for the student if it was damaged."""

    answers: dict[str, dict[str, Any]]
    notice: str | None = None


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _read(path: Path) -> dict[str, dict[str, Any]]:
    """The answers in ``path``; a damaged file is put aside and leaves a pending notice."""
    global _pending_notice
    try:
        raw: str | None = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError):
        raw = None
    data = None
    if raw is not None:
        with contextlib.suppress(ValueError, RecursionError):
            data = json.loads(raw)
    if _is_progress(data):
        assert isinstance(data, dict)
        return data["answers"]
    newer = isinstance(data, dict) and isinstance(data.get("format"), int)
    newer = newer and data["format"] > PROGRESS_FORMAT  # type: ignore[index]
    aside = path.with_name(f"{path.stem}.unreadable-{_stamp()}{path.suffix}")
    try:
        os.replace(path, aside)
    except FileNotFoundError:  # another kernel put it aside a moment ago
        return {}
    except OSError:
        aside = path
    reason = "were saved by a newer version of the lessons" if newer else "could not be read"
    _pending_notice = (
        f"Your saved answers {reason}, so the file was kept aside as {aside.name} "
        "and you can carry on; tell your teacher if answers are missing."
    )
    return {}


def _is_progress(data: object) -> bool:
    return (
        isinstance(data, dict)
        and data.get("format") == PROGRESS_FORMAT
        and isinstance(data.get("answers"), dict)
        and all(isinstance(k, str) and isinstance(v, dict) for k, v in data["answers"].items())
    )


def load_answers(workspace: Path | None = None) -> LoadResult:
    """Every saved answer of the current student, keyed by task id.

    ``notice`` is set (once) when a damaged progress file was put aside, so the widget
    that loads next can tell the student in one sentence.
    """
    global _pending_notice
    answers = _read(progress_path(workspace))
    notice, _pending_notice = _pending_notice, None
    return LoadResult(answers, notice)


def read_answers(workspace: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every saved answer of the current student, leaving a notice about a damaged file for
    the widget that loads next (:func:`load_answers`)."""
    return _read(progress_path(workspace))


def load_answer(task_id: str, workspace: Path | None = None) -> dict[str, Any] | None:
    """The saved answer to one task, or None."""
    return read_answers(workspace).get(task_id)


def _plain(answer: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``answer`` as plain JSON data; TypeError/ValueError if it is not."""
    copy = json.loads(json.dumps(dict(answer), ensure_ascii=False, allow_nan=False))
    assert isinstance(copy, dict)
    return copy


def save_answer(task_id: str, answer: Mapping[str, Any], workspace: Path | None = None) -> Path:
    """Save one task's answer at once (atomically) and return the progress file's path.

    Raises TypeError or ValueError if ``answer`` is not plain JSON data (a widget bug),
    OSError if the disk refuses (the widget tells the student).
    """
    if not isinstance(task_id, str) or not task_id:
        raise ValueError(f"A task id must be non-empty text, not {task_id!r}.")
    plain = _plain(answer)
    path = progress_path(workspace)
    with _locked(path):
        _remove_stale_temporaries(path)
        answers = _read(path)
        answers[task_id] = plain
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
