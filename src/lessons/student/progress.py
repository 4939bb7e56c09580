"""Keep every answer a student gives: saved at once, atomically, and restored on reopen.

Answers live in the student's workspace (:mod:`lessons.student.workspace`) under
``.lessons/``: ``student.json`` remembers who is working, ``progress/<student>.json`` holds
their answers as plain data, keyed by task id (``"sources/kyiv-post"``), and a revision per
task (how many times it was saved), so a notebook showing an older answer never overwrites a
newer one saved from another tab (:func:`save_answer_if_current`). A file that cannot be
read is put aside, never deleted.

Every save is atomic (a temporary file in the same folder, flushed, fsynced, renamed over
the old one) and runs under an advisory lock on the student's progress file, so two
notebooks open at once (two kernels) never lose each other's answers. A name change is one
atomic step too: ``student.json`` names the new student and the file to carry answers from
in one write, and whoever reads next finishes the carrying, so a kill at any moment leaves
every answer loading under one name. Handing the answers in is
:mod:`lessons.student.handin`.

On a hub (``$JUPYTERHUB_USER`` set) the student's name is their sign-in name: it wins over
``student.json``, and :func:`set_student_name` refuses any other name with one sentence, so
nobody hands in as a classmate by typing the classmate's name.

Given the ``case`` in use, reading maps an article's former ids to its current one
(:func:`lessons.casestudy.current_answers`): an answer saved as ``hedges/old-name`` loads as
``hedges/new-name``, with its revision, and the next save writes it under the new id.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lessons.student.names import UNNAMED, check_student_name, legacy_slug, student_slug
from lessons.student.workspace import atomic_write_json, state_dir

if TYPE_CHECKING:
    from lessons.casestudy import Case

__all__ = [
    "PROGRESS_FORMAT",
    "LoadResult",
    "SaveResult",
    "hub_user",
    "load_answer",
    "load_answers",
    "progress_path",
    "read_answers",
    "save_answer",
    "save_answer_if_current",
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


def _student_record(workspace: Path | None) -> dict[str, Any]:
    """``student.json`` as a dict ({} when missing or unreadable)."""
    try:
        data = json.loads((state_dir(workspace) / "student.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def hub_user() -> str | None:
    """The hub's sign-in name (``$JUPYTERHUB_USER``), or None outside a hub."""
    return os.environ.get("JUPYTERHUB_USER", "").strip() or None


def student_name(workspace: Path | None = None) -> str | None:
    """The name this workspace remembers, else None; on a hub (``$JUPYTERHUB_USER``) the
    sign-in name, or the remembered spelling of it ("Ann Smith" for ``ann.smith``: the same
    slug, so the same student)."""
    name = _student_record(workspace).get("student")
    remembered = name.strip() if isinstance(name, str) and name.strip() else None
    signed_in = hub_user()
    if signed_in is None:
        return remembered
    if remembered is not None and student_slug(remembered) == student_slug(signed_in):
        return remembered
    return signed_in


def set_student_name(name: object, workspace: Path | None = None) -> str:
    """Remember the student's name for this workspace and bring their answers along.

    Answers saved before any name was given, or under the name used before (a typo fixed,
    "Zoe" becoming "Zoë O'Brien"), are copied to the new name wherever it has no answer
    yet; the old file is left in place (an unnamed one is renamed aside). Raises ValueError
    with a sentence for the student when the name is unusable.

    The change is atomic as a whole: one write of ``student.json`` records the new name
    and the file to carry answers from (``carry_from``), and the carrying is finished at
    once, or by the next load or save if this process is killed first. Copying answers
    before the name changed would leave stale copies behind a kill; changing the name
    first and copying one by one (as before) hid the answers not yet copied.
    """
    name = check_student_name(name)
    signed_in = hub_user()
    if signed_in is not None and student_slug(name) != student_slug(signed_in):
        raise ValueError(f"On this hub your name is your sign-in name, {signed_in}.")
    _finish_name_change(workspace)
    previous = progress_path(workspace)
    record: dict[str, Any] = {"student": name}
    if previous != _path_for(name, workspace) and previous.exists():
        record["carry_from"] = previous.name
    atomic_write_json(state_dir(workspace) / "student.json", record)  # the moment it changes
    _finish_name_change(workspace)
    return name


def _finish_name_change(workspace: Path | None) -> None:
    """Carry answers into the current student's file if ``student.json`` says a name change
    is under way, then clear that note. Safe to repeat after a kill at any step."""
    record = _student_record(workspace)
    source_name = record.get("carry_from")
    name = record.get("student")
    signed_in = hub_user()
    if (
        signed_in is not None
        and isinstance(name, str)
        and name.strip()
        and student_slug(name) != student_slug(signed_in)
        and source_name is None
    ):  # named otherwise before this hub: the sign-in name takes those answers along
        source_name, name = _path_for(name.strip(), workspace).name, signed_in
    if not isinstance(source_name, str) or not isinstance(name, str):
        return
    target = progress_path(workspace)
    source = target.with_name(Path(source_name).name)  # a bare file name, never a path
    with _locked(target):
        if source != target and source.exists():
            carried, carried_revisions = _read_state(source)
            answers, revisions = _read_state(target)
            missing = [task_id for task_id in carried if task_id not in answers]
            for task_id in missing:
                answers[task_id] = carried[task_id]
                revisions[task_id] = carried_revisions.get(task_id, 0)
            if missing:
                _write(target, answers, revisions, name)
            if source.stem == UNNAMED:
                with contextlib.suppress(FileNotFoundError):
                    os.replace(source, source.with_name(f"{UNNAMED}.moved-{_stamp()}.json"))
        atomic_write_json(state_dir(workspace) / "student.json", {"student": name})


def _finish_name_change_quietly(workspace: Path | None) -> None:
    """:func:`_finish_name_change` for readers: a disk that refuses leaves things as they are."""
    with contextlib.suppress(OSError):
        _finish_name_change(workspace)


def _path_for(name: str, workspace: Path | None) -> Path:
    """The progress file of ``name`` in this workspace (see :func:`progress_path`)."""
    folder = state_dir(workspace) / "progress"
    path = folder / f"{student_slug(name)}.json"
    old = legacy_slug(name)
    if old is not None and old != UNNAMED and not path.exists():
        earlier = folder / f"{old}.json"
        if earlier != path and earlier.exists():
            return earlier
    return path


def progress_path(workspace: Path | None = None) -> Path:
    """The progress file of the current student in this workspace.

    A name whose slug changed when names of every script came in ("Zoë" was ``zoe``) keeps
    the file it was saved under, as long as no file has the new slug."""
    return _path_for(student_name(workspace) or UNNAMED, workspace)


@dataclass(frozen=True)
class LoadResult:
    """Answers read from a progress file, and a sentence for the student if it was damaged."""

    answers: dict[str, dict[str, Any]]
    notice: str | None = None
    #: How many times each task was saved (0 for a task never saved, or saved before
    #: revisions were kept): a widget remembers the revision it shows.
    revisions: dict[str, int] = field(default_factory=dict)

    def revision(self, task_id: str) -> int:
        """The stored revision of ``task_id`` (0 if it has none)."""
        return self.revisions.get(task_id, 0)


@dataclass(frozen=True)
class SaveResult:
    """What :func:`save_answer_if_current` did.

    ``saved`` is False when the stored answer was newer than the one the caller showed:
    nothing was written, and ``answer`` is that newer answer (None if it was removed).
    ``revision`` is the stored revision afterwards either way.
    """

    saved: bool
    revision: int
    answer: dict[str, Any] | None
    path: Path


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _read(path: Path, case: Case | None = None) -> dict[str, dict[str, Any]]:
    """The answers in ``path``; a damaged file is put aside and leaves a pending notice."""
    return _read_state(path, case)[0]


def _revisions(data: dict[str, Any]) -> dict[str, int]:
    """The file's revisions; anything malformed counts as 0 (never a reason to put aside)."""
    stored = data.get("revisions")
    if not isinstance(stored, dict):
        return {}
    return {
        task_id: number
        for task_id, number in stored.items()
        if isinstance(task_id, str) and type(number) is int and number >= 0
    }


def _read_state(
    path: Path, case: Case | None = None
) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    """The answers and revisions in ``path``, with task ids as ``case`` names them now when
    it is given; a damaged file is put aside and leaves a pending notice."""
    global _pending_notice
    try:
        raw: str | None = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, {}
    except (OSError, UnicodeDecodeError):
        raw = None
    data = None
    if raw is not None:
        with contextlib.suppress(ValueError, RecursionError):
            data = json.loads(raw)
    if _is_progress(data):
        assert isinstance(data, dict)
        if case is None:
            return data["answers"], _revisions(data)
        from lessons.casestudy import current_answers

        return current_answers(case, data["answers"]), current_answers(case, _revisions(data))
    newer = isinstance(data, dict) and isinstance(data.get("format"), int)
    newer = newer and data["format"] > PROGRESS_FORMAT  # type: ignore[index]
    aside = path.with_name(f"{path.stem}.unreadable-{_stamp()}{path.suffix}")
    try:
        os.replace(path, aside)
    except FileNotFoundError:  # another kernel put it aside a moment ago
        return {}, {}
    except OSError:
        aside = path
    reason = "were saved by a newer version of the lessons" if newer else "could not be read"
    _pending_notice = (
        f"Your saved answers {reason}, so the file was kept aside as {aside.name} "
        "and you can carry on; tell your teacher if answers are missing."
    )
    return {}, {}


def _is_progress(data: object) -> bool:
    return (
        isinstance(data, dict)
        and data.get("format") == PROGRESS_FORMAT
        and isinstance(data.get("answers"), dict)
        and all(isinstance(k, str) and isinstance(v, dict) for k, v in data["answers"].items())
    )


def load_answers(workspace: Path | None = None, *, case: Case | None = None) -> LoadResult:
    """Every saved answer of the current student, keyed by task id (as ``case`` names it
    now, when given), with its revision.

    ``notice`` is set (once) when a damaged progress file was put aside, so the widget
    that loads next can tell the student in one sentence.
    """
    global _pending_notice
    _finish_name_change_quietly(workspace)
    answers, revisions = _read_state(progress_path(workspace), case)
    notice, _pending_notice = _pending_notice, None
    return LoadResult(answers, notice, revisions)


def read_answers(
    workspace: Path | None = None, *, case: Case | None = None
) -> dict[str, dict[str, Any]]:
    """Every saved answer of the current student (task ids as ``case`` names them now, when
    given), leaving a notice about a damaged file for the widget that loads next
    (:func:`load_answers`)."""
    _finish_name_change_quietly(workspace)
    return _read(progress_path(workspace), case)


def load_answer(
    task_id: str, workspace: Path | None = None, *, case: Case | None = None
) -> dict[str, Any] | None:
    """The saved answer to one task, or None."""
    return read_answers(workspace, case=case).get(task_id)


def _plain(answer: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``answer`` as plain JSON data; TypeError/ValueError if it is not."""
    copy = json.loads(json.dumps(dict(answer), ensure_ascii=False, allow_nan=False))
    assert isinstance(copy, dict)
    return copy


def _write(
    path: Path, answers: dict[str, dict[str, Any]], revisions: dict[str, int], student: str
) -> None:
    """Write a whole progress file atomically (call under its lock)."""
    atomic_write_json(
        path,
        {
            "format": PROGRESS_FORMAT,
            "student": student,
            "updated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "answers": answers,
            "revisions": {task_id: revisions.get(task_id, 0) for task_id in answers},
        },
    )


def _save(
    task_id: str,
    answer: Mapping[str, Any],
    workspace: Path | None,
    shown: int | None,
    case: Case | None = None,
) -> SaveResult:
    if not isinstance(task_id, str) or not task_id:
        raise ValueError(f"A task id must be non-empty text, not {task_id!r}.")
    plain = _plain(answer)
    _finish_name_change(workspace)
    path = progress_path(workspace)
    with _locked(path):
        _remove_stale_temporaries(path)
        answers, revisions = _read_state(path, case)
        stored = revisions.get(task_id, 0)
        if shown is not None and stored > shown:
            return SaveResult(False, stored, answers.get(task_id), path)
        answers[task_id] = plain
        revisions[task_id] = stored + 1
        _write(path, answers, revisions, student_name(workspace) or UNNAMED)
    return SaveResult(True, stored + 1, plain, path)


def save_answer(
    task_id: str,
    answer: Mapping[str, Any],
    workspace: Path | None = None,
    *,
    case: Case | None = None,
) -> Path:
    """Save one task's answer at once (atomically) and return the progress file's path.
    With ``case``, answers saved under an article's former id are rewritten under its
    current one (:func:`lessons.casestudy.current_answers`).

    Raises TypeError or ValueError if ``answer`` is not plain JSON data (a widget bug),
    OSError if the disk refuses (the widget tells the student).
    """
    return _save(task_id, answer, workspace, None, case).path


def save_answer_if_current(
    task_id: str,
    answer: Mapping[str, Any],
    revision: int,
    workspace: Path | None = None,
    *,
    case: Case | None = None,
) -> SaveResult:
    """Save one task's answer unless a newer one is stored.

    ``revision`` is the revision of the answer the caller last loaded or saved. If another
    tab (another widget, another kernel) saved the task since, the stored revision is
    higher: nothing is written and the result carries the newer answer, so the caller can
    show it instead of silently overwriting it. Raises as :func:`save_answer` does.
    """
    return _save(task_id, answer, workspace, revision, case)
