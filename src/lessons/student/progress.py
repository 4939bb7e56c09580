"""Keep every answer a student gives: saved at once, atomically, and restored on reopen.

Answers live in the student's workspace (the folder their notebooks are in, or
``$LESSONS_WORKSPACE``) under ``.lessons/``: ``student.json`` remembers who is working,
``progress/<student>.json`` holds their answers as plain data, keyed by task id
(``"sources/kyiv-post"``). A file that cannot be read is put aside, never deleted.

Every save is atomic (a temporary file in the same folder, flushed, fsynced, renamed over
the old one) and runs under an advisory lock on the student's progress file, so two
notebooks open at once (two kernels) never lose each other's answers. Handing in writes a
submission (see :mod:`lessons.student.submission`) to ``submissions/`` in the workspace.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessons.student import submission

__all__ = [
    "MAX_NAME_LENGTH",
    "PROGRESS_FORMAT",
    "HandInError",
    "HandInResult",
    "LoadResult",
    "atomic_write_json",
    "check_student_name",
    "load_answer",
    "load_answers",
    "progress_path",
    "release_info",
    "save_answer",
    "set_student_name",
    "student_name",
    "student_slug",
    "workspace_dir",
    "write_submission",
]

PROGRESS_FORMAT = 1
UNNAMED = "unnamed"
MAX_NAME_LENGTH = 80
SUBMISSIONS_FOLDER = "submissions"

#: A notice about a progress file that was put aside, kept until a caller shows it.
_pending_notice: str | None = None


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


def student_slug(name: str) -> str:
    """A file-name-safe form of a student's name: letters, digits and hyphens only."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:60].strip("-") or UNNAMED


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


def check_student_name(name: object) -> str:
    """The name tidied (single spaces), or ValueError with a sentence for the student."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("Type your name in the box first.")
    name = " ".join(name.split())
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"That name is too long: use at most {MAX_NAME_LENGTH} characters.")
    if any(mark in name for mark in "/\\") or name.startswith("."):
        raise ValueError("Use only letters, digits, spaces, hyphens and apostrophes in your name.")
    if student_slug(name) == UNNAMED and name.lower() != UNNAMED:
        raise ValueError("Use at least one letter or digit in your name.")
    return name


def set_student_name(name: object, workspace: Path | None = None) -> str:
    """Remember the student's name for this workspace and bring their answers along.

    Answers saved before any name was given, or under the name used before (a typo fixed,
    "Zoe" becoming "Zoë O'Brien"), are copied to the new name wherever it has no answer
    yet; the old file is left in place. Raises ValueError with a sentence for the student
    when the name is unusable.
    """
    name = check_student_name(name)
    state = _state_dir(workspace)
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


def load_answer(task_id: str, workspace: Path | None = None) -> dict[str, Any] | None:
    """The saved answer to one task, or None."""
    return _read(progress_path(workspace)).get(task_id)


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


def release_info(workspace: Path | None = None) -> dict[str, Any]:
    """What ``lessons release`` wrote into this workspace (mode, exercise, tasks), or {}."""
    path = _state_dir(workspace) / "release.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


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

    @property
    def relative_path(self) -> str:
        return f"{SUBMISSIONS_FOLDER}/{self.path.name}"


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
    name = student_name(workspace)
    if name is None:
        raise HandInError(
            "Type your name first (in the box above, or in the first lesson), then hand in."
        )
    try:
        name = check_student_name(name)
    except ValueError as error:
        raise HandInError(str(error)) from None
    answers = _read(progress_path(workspace))
    chosen = submission.select_answers(answers, skill)
    own = sorted(task_id for task_id in chosen if not skill or task_id.startswith(f"{skill}/"))
    if not own:
        what = f"the {skill} tasks" if skill else "any task"
        raise HandInError(f"You have no saved answers for {what} yet: answer them first.")
    release = release_info(workspace)
    expected = [
        task["id"]
        for task in release.get("tasks", [])
        if isinstance(task, dict) and isinstance(task.get("id"), str)
    ]
    if skill:
        expected = [task_id for task_id in expected if task_id.startswith(f"{skill}/")]
    missing = tuple(task_id for task_id in expected if task_id not in chosen)
    exercise = release.get("exercise") if isinstance(release.get("exercise"), str) else None
    data = submission.build_submission(
        student=name, answers=chosen, case=case, skill=skill, exercise=exercise, now=now
    )
    folder = (workspace or workspace_dir()) / SUBMISSIONS_FOLDER
    path = folder / submission.file_name(data)
    counter = 2
    while path.exists():
        path = folder / submission.file_name(data, suffix=f"-{counter}")
        counter += 1
    atomic_write_json(path, data)
    return HandInResult(path, name, tuple(own), missing)
