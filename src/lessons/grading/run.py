"""Grade a folder of submissions into a gradebook, per-student feedback and a class report.

:func:`grade_folder` reads each file (:mod:`lessons.grading.folder`) and grades it at once
(:mod:`lessons.grading.submission`), so only one student's answers are in memory at a time;
:func:`grade` then writes the gradebook (:mod:`lessons.grading.gradebook`), the feedback
pages (:mod:`lessons.grading.pages`) and the class report (:mod:`lessons.grading.report`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from lessons.casestudy import Case
from lessons.grading._memo import CheckMemo
from lessons.grading.folder import pick_newest, read_folder, reread
from lessons.grading.gradebook import (
    write_canvas,
    write_gradebook,
    write_lms_grades,
    write_skipped,
)
from lessons.grading.marks import (
    GONE,
    MARKABLE,
    MARKS_FILE,
    Mark,
    MarkKey,
    answer_row,
    apply_mark,
    counts,
    locked,
    marked_student,
    merge_marks,
    read_marks,
    teacher_tasks,
    write_marking_notebook,
    write_marks,
)
from lessons.grading.owners import check_owners
from lessons.grading.pages import FeedbackWriter
from lessons.grading.report import write_report
from lessons.grading.results import ClassResult, Skipped, StudentResult, Superseded, TaskResult
from lessons.grading.roster import Roster
from lessons.grading.submission import grade_submission
from lessons.grading.trust import hand_in_flags
from lessons.skills import SKILLS
from lessons.student.submission import InvalidSubmission, Submission
from lessons.teacher.exercises import Exercise

__all__ = ["CHARTED_SKILLS", "grade", "grade_folder"]

#: Skills whose answers the class report charts (kept after grading; others are dropped).
CHARTED_SKILLS = ("reliability",)
_CHARTED_PREFIXES = tuple(f"{skill}/" for skill in CHARTED_SKILLS)
#: What a file's survey keeps of each answer: nothing (which tasks it answers is enough).
_SURVEYED: Mapping[str, Any] = MappingProxyType({})


def grade(
    submissions_dir: Path,
    exercise: Exercise,
    out_dir: Path,
    *,
    show_progress: bool | None = None,
    charts: bool = True,
    roster: Roster | None = None,
    released: dt.datetime | None = None,
    rerun: str = "",
) -> ClassResult:
    """Grade ``submissions_dir`` and write the gradebook, the LMS imports (``lms/``), feedback
    pages and class report; with a ``roster``, every rostered student has a row; with
    ``released`` (when the exercise was released), earlier hand-ins are flagged.

    Answers a checker judges only in part go into ``marks.csv`` for the teacher to mark
    (``marking.ipynb`` opens them one by one; ``rerun``, the command to run again, is shown
    there); the marks it already holds are kept and counted (:mod:`lessons.grading.marks`).
    Raises :class:`~lessons.validation.DataFileError` before writing anything when the
    marks file is invalid."""
    case = exercise.load_case()
    marks_file = out_dir / MARKS_FILE
    to_mark = teacher_tasks(exercise)
    previous = read_marks(marks_file, to_mark)  # an invalid file stops here, nothing written
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = _MarkingWriter(FeedbackWriter(out_dir / "feedback", case, exercise), to_mark, previous)
    with _collector_paused():
        result = grade_folder(
            submissions_dir,
            exercise,
            case=case,
            show_progress=show_progress,
            exclude=out_dir,
            on_graded=writer,
            on_dropped=writer.remove,
            released=released,
        )
        if roster is not None:
            result = replace(result, roster=roster)
        if to_mark or previous:
            result = _write_marks(result, writer, marks_file, to_mark)
            write_marking_notebook(out_dir, exercise, rerun)
        write_gradebook(result, out_dir / "gradebook.csv")
        write_canvas(result, out_dir / "lms" / "canvas.csv")
        write_lms_grades(result, out_dir / "lms" / "grades.csv")
        write_skipped(result, out_dir / "skipped.csv")
        write_report(result, case, out_dir / "report.html", charts=charts)
    return result


class _MarkingWriter:
    """Hands each graded student to the feedback writer with the teacher's marks counted,
    and keeps the rows of ``marks.csv`` for the answers to mark."""

    def __init__(
        self, pages: FeedbackWriter, tasks: tuple[str, ...], marks: Mapping[MarkKey, Mark]
    ) -> None:
        self.pages = pages
        self.tasks = tasks
        self.marks = marks
        self.rows: dict[str, list[Mark]] = {}

    def __call__(self, student: StudentResult) -> None:
        if self.tasks:
            answers = student.submission.answers
            self.rows[student.slug] = [
                answer_row(student, task, answers[task.task_id])
                for task in student.tasks
                if task.task_id in self.tasks and task.status in MARKABLE
            ]
        self.pages(marked_student(student, self.marks, self.tasks))

    def remove(self, student: StudentResult) -> None:
        self.rows.pop(student.slug, None)
        self.pages.remove(student)


def _write_marks(
    result: ClassResult, writer: _MarkingWriter, path: Path, tasks: tuple[str, ...]
) -> ClassResult:
    """Write ``marks.csv`` (marks saved meanwhile kept: it is read again under its lock) and
    return the result with every mark that is for the answer graded counted."""
    names = {student.slug: index for index, student in enumerate(result.students)}
    graded = [
        row
        for slug in sorted(writer.rows, key=lambda slug: names.get(slug, len(names)))
        for row in writer.rows[slug]
    ]
    with locked(path):
        merged = merge_marks(read_marks(path, tasks), graded)
        write_marks(path, merged)
    by_key = {row.key: row for row in merged}
    students = tuple(
        replace(
            student,
            tasks=tuple(
                apply_mark(
                    task, by_key.get((student.slug, task.task_id)), _digest(by_key, student, task)
                )
                for task in student.tasks
            ),
        )
        if any((student.slug, task) in by_key for task in tasks)
        else student
        for student in result.students
    )
    return replace(result, students=students, marking=counts(merged))


def _digest(by_key: Mapping[MarkKey, Mark], student: StudentResult, task: TaskResult) -> str:
    """The digest of the answer graded now, as its row holds it (empty: none to mark)."""
    row = by_key.get((student.slug, task.task_id))
    return row.digest if row is not None and row.status != GONE else ""


def grade_folder(
    folder: Path,
    exercise: Exercise,
    *,
    case: Case | None = None,
    show_progress: bool | None = None,
    exclude: Path | None = None,
    on_graded: Callable[[StudentResult], None] | None = None,
    on_dropped: Callable[[StudentResult], None] | None = None,
    released: dt.datetime | None = None,
) -> ClassResult:
    """Read and grade every submission in ``folder``.

    In a folder ``lessons collect`` wrote (with ``owners.csv``), a file naming someone
    other than the signed-in user who handed it in is skipped, and one handed in for another
    exercise is left out (:mod:`lessons.grading.owners`).

    Each hand-in is also looked at twice (:mod:`lessons.grading.trust`: a time in the future
    or before ``released``, look-alike letters in a name, answers to tasks no lesson has,
    fields written twice), and hidden files and links to folders are listed as left out.

    Each file is read once and graded at once, so only one student's answers are in memory
    at a time. A student who handed in several files is graded again once every file has
    been read, from the newest answer to each task (:func:`pick_newest`), reading those few
    files again. With ``on_graded`` (e.g. a :class:`lessons.grading.pages.FeedbackWriter`),
    each result is handed over as soon as it is graded, such a student's again when regraded
    (the later call replaces the earlier), and only a slim copy is kept (points, status,
    mistakes, and the answers the class report charts). If such a student's files changed
    meanwhile, the student is skipped and ``on_dropped`` gets the result handed over before
    (to remove its feedback page).
    """
    grader = _ClassGrader(case or exercise.load_case(), exercise, on_graded, on_dropped)
    grader.released = released
    with _collector_paused():
        for item in check_owners(
            folder,
            read_folder(
                folder,
                progress=_tqdm(show_progress, "Grading"),
                exclude=exclude,
                left_out=grader.ignored,
                case=grader.case,
            ),
            exercise.id,
            grader.ignored,
        ):
            grader.take(item)
        grader.regrade_repeaters()
    return grader.result()


class _ClassGrader:
    """One grading run's state: each student's result, the files each handed in, and what
    was skipped or superseded."""

    def __init__(
        self,
        case: Case,
        exercise: Exercise,
        on_graded: Callable[[StudentResult], None] | None,
        on_dropped: Callable[[StudentResult], None] | None,
    ) -> None:
        self.case = case
        self.exercise = exercise
        self.on_graded = on_graded
        self.on_dropped = on_dropped
        self.memo = CheckMemo(case)
        self.skipped: list[Skipped] = []
        self.superseded: list[Superseded] = []
        self.combined = 0
        self.graded: dict[str, StudentResult] = {}
        self.surveys: dict[str, list[Submission]] = {}  # each student's files, answers left out
        self.slimmed: dict[int, tuple[TaskResult, TaskResult]] = {}
        self.checks: dict[str, tuple[int, int]] = {}  # answers checked and reused, per student
        self.ignored: list[Skipped] = []
        self.released: dt.datetime | None = None
        self.now = dt.datetime.now(dt.UTC)
        self.known_tasks = {
            f"{skill.id}/{target}" for skill in SKILLS.values() for target in skill.targets(case)
        }
        self.flags: dict[str, list[str]] = {}  # each student's flags, file by file

    def take(self, item: Submission | Skipped) -> None:
        """A file just read: skipped, or graded at once if it is its student's first."""
        if isinstance(item, Skipped):
            self.skipped.append(item)
            return
        if item.case_id != self.case.id:
            self.skipped.append(
                Skipped(
                    item.source,
                    f"was made for the case study {item.case_id!r}, not {self.case.id!r}.",
                )
            )
            return
        flags = hand_in_flags(
            student=item.student,
            created=item.created,
            answers=item.answers,
            known_tasks=self.known_tasks,
            now=self.now,
            released=self.released,
            path=item.path,
        )
        if flags:
            self.flags.setdefault(item.slug, []).extend(f"{item.source}: {f}" for f in flags)
        files = self.surveys.setdefault(item.slug, [])
        files.append(replace(item, answers=dict.fromkeys(item.answers, _SURVEYED)))
        if len(files) == 1:
            self._grade_one(item)

    def regrade_repeaters(self) -> None:
        """Grade again each student who handed in several files, from the newest answer to
        each task; skip one whose files changed since they were read."""
        for slug, files in self.surveys.items():
            if len(files) == 1:
                continue
            earlier = self.graded.pop(slug)
            del self.checks[slug]  # counted again if regraded, not at all if dropped
            (merged,), older = pick_newest(files)
            self.superseded.extend(old for old in older if not old.all_count)
            self.combined += sum(old.all_count for old in older)
            used = {old.file for old in older if old.tasks_used}
            try:
                submission = reread(
                    next(item for item in files if item.source == merged.source),
                    [item for item in files if item.source in used],
                    self.case,
                )
            except InvalidSubmission as error:
                self.skipped.append(
                    Skipped(merged.source, f"changed while it was being graded: {error.reason}")
                )
                if self.on_dropped is not None:
                    self.on_dropped(earlier)
                continue
            self._grade_one(submission)

    def _grade_one(self, submission: Submission) -> None:
        memo = self.memo
        calls, hits = memo.calls, memo.hits
        student = grade_submission(self.case, self.exercise, submission, memo=memo)
        self.checks[submission.slug] = (memo.calls - calls, memo.hits - hits)
        if self.on_graded is not None:
            self.on_graded(student)
            student = _slim(student, self.slimmed)
        self.graded[submission.slug] = student

    def result(self) -> ClassResult:
        """Everything found, students in name order, lists in file order."""
        students = sorted(
            (
                replace(student, flags=tuple(self.flags[slug])) if slug in self.flags else student
                for slug, student in self.graded.items()
            ),
            key=lambda item: (item.student.casefold(), item.slug),
        )
        errors = tuple(
            f"{student.submission.source}: {task.task_id}: {task.message}"
            for student in students
            for task in student.tasks
            if task.status == "error"
        )
        return ClassResult(
            self.exercise,
            tuple(students),
            tuple(sorted(self.skipped, key=lambda item: item.file)),
            tuple(sorted(self.superseded, key=lambda item: item.file)),
            errors,
            checks=sum(calls for calls, _ in self.checks.values()),
            reused=sum(hits for _, hits in self.checks.values()),
            combined=self.combined,
            ignored=tuple(self.ignored),
        )


def _slim(
    student: StudentResult, slimmed: dict[int, tuple[TaskResult, TaskResult]]
) -> StudentResult:
    """The result without full feedback, keeping the answers the class report charts.

    ``slimmed`` remembers each task result's slim copy by identity (students who gave the
    same answer share one result); it holds the result too, so an id is never reused for
    another object while remembered, and it is emptied when it holds 5,000.
    """
    if len(slimmed) >= 5000:
        slimmed.clear()
    slim_tasks = []
    for task in student.tasks:
        found = slimmed.get(id(task))
        if found is None or found[0] is not task:
            found = slimmed[id(task)] = (task, task.without_feedback())
        slim_tasks.append(found[1])
    charted = {
        task: answer
        for task, answer in student.submission.answers.items()
        if task.startswith(_CHARTED_PREFIXES)
    }
    return StudentResult(
        replace(student.submission, answers=charted),
        tuple(slim_tasks),
        student.notes,
        student.flags,
    )


def _tqdm(show: bool | None, description: str) -> Callable[[Iterable[Any]], Iterable[Any]]:
    def wrap(items: Iterable[Any]) -> Iterable[Any]:
        from tqdm import tqdm

        # disable=None: tqdm stays quiet when stderr is not a terminal.
        return tqdm(
            items, desc=description, unit="file", disable=None if show is None else not show
        )

    return wrap


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a class is graded, then resume it.

    Grading makes next to no reference cycles (41 objects for a class of 3,000: memory is
    freed by reference counting as usual), but it keeps a result per student and the
    checkers' tables, and the collector would scan those again and again: a tenth of the
    time for 3,000 students, more for more. On the way out, the objects made meanwhile join
    the oldest generation unscanned (``gc.freeze`` then ``gc.unfreeze``), so resuming does
    not trigger one long scan; the next full collection, whenever it comes, finds the few
    cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()
