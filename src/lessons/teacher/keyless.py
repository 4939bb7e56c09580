"""Make an installation that carries no answers: for the students' image of a hub.

The installed package ships the seed case and the practice case with their keys, since
practice mode needs them for feedback; a student who can program could read them there.
An assessment's students need no feedback, so their image can go without: after
``pip install lessons-*.whl``, ``lessons remove-keys --exercise NAME --yes`` deletes every
shipped case's ``key/`` folder and rewrites its ``case.toml`` as an assessment release of
that exercise writes a teacher's case (:func:`lessons.teacher.release.student_case_toml`:
what the lessons display and nothing that answers a task), so nothing left in the
installation answers a task. The teacher grades where the keys are: their own
installation, not the students' image.

Deleting is the mechanism because nothing weaker holds: a refusal inside the package (an
environment variable, say) leaves the files readable with ``open()``.

Only the package's own data is touched (``lessons/_data`` of an installed wheel); a source
checkout is refused, so a developer's ``seeds/`` is never deleted.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from lessons.casestudy import read_case
from lessons.teacher.exercises import Exercise
from lessons.teacher.release import student_case_toml
from lessons.validation import DataFileError

__all__ = [
    "SHOWN_FROM_KEYS",
    "KeylessError",
    "KeylessResult",
    "installed_data_root",
    "refuse_unshown",
    "remove_keys",
    "shipped_case_dirs",
]

#: Skills whose tasks cannot even be shown to a student without the case's keys: lesson
#: 05's quiz reads its questions and choices from ``key/spread.toml`` (and its graph from
#: ``key/sources.toml``). The other lessons work without keys, as in an assessment release
#: of a teacher's own case (lesson 02 then asks for the sources by name, not from lists).
SHOWN_FROM_KEYS: tuple[str, ...] = ("spread",)


class KeylessError(ValueError):
    """The exercise has tasks a keyless installation could not show; one sentence."""


def installed_data_root() -> Path | None:
    """The data folder of an installed wheel (``lessons/_data``), or None in a checkout."""
    packaged = Path(str(files("lessons"))) / "_data"
    return packaged if packaged.is_dir() else None


def shipped_case_dirs(data_root: Path) -> list[Path]:
    """The case folders under ``data_root``: the seed case and each of ``cases/*``."""
    found = [data_root / "seeds"] if (data_root / "seeds" / "case.toml").is_file() else []
    cases = data_root / "cases"
    if cases.is_dir():
        found += sorted(p for p in cases.iterdir() if (p / "case.toml").is_file())
    return found


def refuse_unshown(exercise: Exercise) -> None:
    """KeylessError if the exercise has a task a keyless installation could not show."""
    unshown = [task.id for task in exercise.tasks if task.skill in SHOWN_FROM_KEYS]
    if unshown:
        raise KeylessError(
            f"{exercise.path.name}: {', '.join(unshown)} cannot be shown without the keys "
            "(lesson 05's quiz is read from key/spread.toml), so nothing was removed; leave "
            "lesson 05 out of this exercise, or give it where the keys are installed."
        )


@dataclass(frozen=True)
class KeylessResult:
    """What :func:`remove_keys` did: the key folders removed and the case files rewritten."""

    removed: tuple[Path, ...]
    rewritten: tuple[Path, ...]


def remove_keys(data_root: Path, exercise: Exercise) -> KeylessResult:
    """Remove every shipped case's ``key/`` and rewrite its ``case.toml`` for ``exercise``.

    KeylessError, before anything changes, if the exercise has a task that cannot be shown
    without keys (:data:`SHOWN_FROM_KEYS`).

    The exercise decides, as it does for a release, whether the furniture lists stay (they
    do when it grades a lesson that shows the article body); ``translation_of`` never stays,
    ``former_ids`` always do. Each case is read before anything of it changes and read again after its
    ``case.toml`` is rewritten; if it would not load, the old file is put back and
    DataFileError raised before its keys are touched. Running it twice is safe: a case
    already without keys is rewritten to the same text."""
    refuse_unshown(exercise)
    removed: list[Path] = []
    rewritten: list[Path] = []
    for folder in shipped_case_dirs(data_root):
        path = folder / "case.toml"
        old = path.read_text(encoding="utf-8")
        path.write_text(student_case_toml(read_case(folder), exercise), encoding="utf-8")
        try:
            read_case(folder)  # without key parsers: case.toml and texts only
        except DataFileError:
            path.write_text(old, encoding="utf-8")
            raise
        rewritten.append(path)
        keys = folder / "key"
        if keys.is_dir():
            shutil.rmtree(keys)
            removed.append(keys)
    return KeylessResult(tuple(removed), tuple(rewritten))
