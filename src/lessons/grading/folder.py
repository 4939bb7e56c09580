"""Read a folder of hand-ins: every file checked as a submission or listed as skipped with
the reason, and each student's files reduced to one (the newest answer to each task counts).

Submissions are data: each file is read as JSON and checked
(:func:`lessons.student.submission.read_submission`), never imported or run. Hidden files
are left out; links are listed, not followed. When one student handed in several times, the
newest answer (by the file's ``created`` time) to each task counts. An older file with an
answer a newer one replaces is superseded; one whose answers all still count (a lesson
handed in on its own) is combined with the newer files.

Given the case, each file's task ids are read as the case names them now
(:func:`lessons.tasks.current_answers`): a hand-in made before an article was renamed
answers the renamed article's tasks, and is combined with newer files by those.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from lessons.casestudy import Case
from lessons.grading.results import Skipped, Superseded
from lessons.student.submission import InvalidSubmission, Submission, read_submission
from lessons.tasks import current_answers

__all__ = ["collect_submissions", "current_submission", "pick_newest", "read_folder", "reread"]


def current_submission(submission: Submission, case: Case | None) -> Submission:
    """``submission`` with its task ids as ``case`` names them now (as it is without a case)."""
    if case is None or not case.renamed:
        return submission
    return replace(submission, answers=current_answers(case, submission.answers))


def collect_submissions(
    folder: Path,
    *,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    exclude: Path | None = None,
    case: Case | None = None,
) -> tuple[list[Submission], list[Skipped]]:
    """Read and check every file under ``folder`` as a submission (see :func:`read_folder`)."""
    submissions: list[Submission] = []
    skipped: list[Skipped] = []
    for item in read_folder(folder, progress=progress, exclude=exclude, case=case):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            submissions.append(item)
    return submissions, skipped


def read_folder(
    folder: Path,
    *,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    exclude: Path | None = None,
    left_out: list[Skipped] | None = None,
    case: Case | None = None,
) -> Iterator[Submission | Skipped]:
    """Each file under ``folder`` in name order, read and checked: a submission, or why not.

    Hidden files and folders are left out, and so is ``exclude`` (the output folder, when a
    teacher puts it inside the submissions folder); links are listed as skipped, not followed.
    With ``left_out``, each hidden file or folder and each link to a folder is added to it,
    with why (a folder once, not each file in it). With ``case``, task ids are read as the
    case names them now (:func:`current_submission`).
    """
    paths = sorted(
        _candidate_files(folder, exclude.resolve() if exclude else None, folder, left_out)
    )
    if left_out is not None:
        left_out.sort(key=lambda item: item.file)
    for path in progress(paths) if progress else paths:
        source = path.relative_to(folder).as_posix()
        try:
            yield current_submission(read_submission(path, source=source), case)
        except InvalidSubmission as error:
            yield Skipped(source, error.reason)


def _candidate_files(
    folder: Path, exclude: Path | None, top: Path, left_out: list[Skipped] | None
) -> Iterable[Path]:
    def note(path: Path, reason: str) -> None:
        if left_out is not None:
            left_out.append(Skipped(path.relative_to(top).as_posix(), reason))

    for root, dirs, files in os.walk(folder, followlinks=False):
        kept = []
        for name in sorted(dirs):
            path = Path(root) / name
            if name.startswith("."):
                note(path, "is a hidden folder (its name begins with a dot): left out unread.")
            elif path.is_symlink():
                note(path, "is a link to a folder: not followed, left out unread.")
            elif path.resolve() != exclude:
                kept.append(name)
        dirs[:] = kept
        for name in files:
            if name.startswith("."):
                note(
                    Path(root) / name,
                    "is a hidden file (its name begins with a dot): left out unread.",
                )
            else:
                yield Path(root) / name


def pick_newest(submissions: Iterable[Submission]) -> tuple[list[Submission], list[Superseded]]:
    """One submission per student: the newest (by ``created``, then file name) counts.

    The newest answer to each task counts: a task missing from the newest file is taken
    from the newest older file that has it (a student who handed in each lesson, then the
    unit, then one lesson again loses nothing). Every older file comes back as a
    :class:`Superseded` saying which of its answers still count and which are replaced;
    one with none replaced (a lesson handed in on its own) is simply part of the whole.
    """
    by_student: dict[str, list[Submission]] = {}
    for submission in submissions:
        by_student.setdefault(submission.slug, []).append(submission)
    kept: list[Submission] = []
    superseded: list[Superseded] = []
    for group in by_student.values():
        group.sort(key=lambda item: (item.created, item.source))
        newest = group[-1]
        answers = dict(newest.answers)
        for old in reversed(group[:-1]):
            used = tuple(sorted(task for task in old.answers if task not in answers))
            replaced = tuple(sorted(task for task in old.answers if task in answers))
            answers.update({task: old.answers[task] for task in used})
            superseded.append(Superseded(old.source, old.student, newest.source, used, replaced))
        kept.append(replace(newest, answers=answers) if len(group) > 1 else newest)
    kept.sort(key=lambda item: (item.student.casefold(), item.slug))
    superseded.sort(key=lambda item: item.file)
    return kept, superseded


def reread(newest: Submission, olders: list[Submission], case: Case | None = None) -> Submission:
    """A student's newest file read again, with the answers of ``olders`` to tasks the
    newer files lack: the newest answer to each task counts. InvalidSubmission if a file
    changed since it was first read, or can no longer be read. With ``case``, task ids as
    the case names them now, as :func:`read_folder` read them."""
    again = (
        current_submission(read_submission(newest.path, source=newest.source), case)
        if newest.path
        else newest
    )
    if again.created != newest.created or set(again.answers) != set(newest.answers):
        raise InvalidSubmission("its content is not what was checked a moment ago.")
    answers = dict(again.answers)
    for old in sorted(olders, key=lambda item: (item.created, item.source), reverse=True):
        if old.path is not None:
            try:
                older = current_submission(read_submission(old.path, source=old.source), case)
            except InvalidSubmission as error:
                raise InvalidSubmission(
                    f"the same student's earlier file {old.source} {error.reason}"
                ) from None
            answers.update({t: older.answers[t] for t in older.answers if t not in answers})
    return replace(again, answers=answers)
