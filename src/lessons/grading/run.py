"""Grade a folder of submissions into a gradebook, per-student feedback and a class report.

Submissions are data: each file is read as JSON and checked (:mod:`lessons.student.submission`),
never imported or run. Every answer is judged by :func:`lessons.tasks.check`, the same
checker the widgets use. A task earns ``points x fraction`` where ``points`` is the
exercise's value for the task and ``fraction`` the checker's score over its maximum
(clamped to 0..1); points are rounded half up to two decimals, and the total is the sum of
the rounded task points. An answer the checker cannot judge (malformed) earns 0 and its
sentence is the feedback; a missing answer earns 0.

Files that are not valid submissions are listed with the reason and skipped; when one
student handed in several times, the newest answer (by the file's ``created`` time) to each
task counts. An older file with an answer a newer one replaces is listed as superseded; one
whose answers all still count (a lesson handed in on its own) is combined, not listed.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from lessons import tasks
from lessons.casestudy import Case
from lessons.feedback import Feedback
from lessons.grading.memo import CheckMemo
from lessons.skills import task_title
from lessons.student.submission import (
    InvalidSubmission,
    Submission,
    case_fingerprint,
    read_submission,
)
from lessons.teacher.exercises import Exercise

__all__ = [
    "ClassResult",
    "Skipped",
    "StudentResult",
    "Superseded",
    "TaskResult",
    "collect_submissions",
    "grade",
    "grade_folder",
    "grade_submission",
    "pick_newest",
    "read_folder",
    "task_points",
    "task_title",
]

#: ``unanswered``: handed in with nothing filled in (see :func:`lessons.tasks.is_unanswered`);
#: ``invalid``: the checker could not read it (damaged); ``missing``: not handed in.
Status = Literal["graded", "invalid", "unanswered", "missing", "error"]

#: How each lesson is named to students and teachers.
_CENT = Decimal("0.01")
#: What a file's survey keeps of each answer: nothing (which tasks it answers is enough).
_SURVEYED: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class TaskResult:
    """One task of one student: the points earned and the checker's feedback."""

    task_id: str
    points: float
    max_points: float
    status: Status
    feedback: Feedback | None = None
    message: str = ""
    #: What was wrong or missed ("Wrong: ...", "Missed: ..."), kept for the class report
    #: after the full feedback has been written out.
    mistakes: tuple[str, ...] = ()

    def without_feedback(self) -> TaskResult:
        """This result without its full feedback; points, status, message and mistakes stay.

        Built directly rather than with :func:`dataclasses.replace`, which is several times
        slower and runs for every task of every student.
        """
        if self.feedback is None:
            return self
        return TaskResult(
            task_id=self.task_id,
            points=self.points,
            max_points=self.max_points,
            status=self.status,
            feedback=None,
            message=self.message,
            mistakes=self.mistakes,
        )


@dataclass(frozen=True, slots=True)
class StudentResult:
    """One student's graded submission."""

    submission: Submission
    tasks: tuple[TaskResult, ...]
    notes: tuple[str, ...] = ()

    @property
    def student(self) -> str:
        return self.submission.student

    @property
    def slug(self) -> str:
        return self.submission.slug

    @property
    def total(self) -> float:
        return _round(sum(task.points for task in self.tasks))

    @property
    def maximum(self) -> float:
        return _round(sum(task.max_points for task in self.tasks))


@dataclass(frozen=True)
class Skipped:
    """A file that was not graded, and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class Superseded:
    """An older submission of a student who handed in again: the tasks it still gives
    (answers the newer files do not have: a lesson handed in before the unit, say) and the
    tasks whose answers newer files replace."""

    file: str
    student: str
    kept: str
    tasks_used: tuple[str, ...] = ()
    tasks_replaced: tuple[str, ...] = ()

    @property
    def all_count(self) -> bool:
        """Whether every answer of this file still counts (a lesson handed in on its own):
        then it is combined with the newer files rather than superseded."""
        return bool(self.tasks_used) and not self.tasks_replaced

    def describe(self) -> str:
        """A sentence for the teacher."""
        if not self.tasks_used:
            return f"{self.student} handed in again; {self.kept} counts."
        if self.all_count:
            return f"{self.student} handed in again; every answer in this file still counts."
        return (
            f"{self.student} handed in again; newer files replace this file's answers to "
            f"{', '.join(self.tasks_replaced)}, and its other answers still count."
        )


@dataclass(frozen=True)
class ClassResult:
    """Everything a grading run found."""

    exercise: Exercise
    students: tuple[StudentResult, ...]
    skipped: tuple[Skipped, ...] = ()
    superseded: tuple[Superseded, ...] = ()
    errors: tuple[str, ...] = field(default=())
    #: Answers checked, and how many of them reused an identical answer's feedback.
    checks: int = 0
    reused: int = 0
    #: Older files whose answers all still count, combined with the same student's newer
    #: files (a class that hands in lesson by lesson sends several per student).
    combined: int = 0


@lru_cache(maxsize=4096)
def _round(value: float) -> float:
    """Round half up to two decimals (7.125 -> 7.13), as teachers round by hand (remembered:
    a class earns the same few hundred point values again and again)."""
    return float(Decimal(repr(value)).quantize(_CENT, rounding=ROUND_HALF_UP))


def task_points(points: float, feedback: Feedback) -> float:
    """The points an answer earns: ``points x score/max_score``, clamped and rounded."""
    if feedback.problem is not None or not feedback.max_score:
        return 0.0
    fraction = min(1.0, max(0.0, feedback.score / feedback.max_score))
    return _round(points * fraction)


def grade_submission(
    case: Case, exercise: Exercise, submission: Submission, *, memo: CheckMemo | None = None
) -> StudentResult:
    """Grade one submission against the exercise's tasks with the widgets' checkers.

    With a ``memo`` (one per exercise and case), an answer judged before in the same context
    reuses its result (:class:`lessons.grading.memo.CheckMemo`)."""
    answers = submission.answers
    digests: dict[str, bytes] = {}
    results = []
    for task in exercise.tasks:
        answer = answers.get(task.id)
        if answer is None:
            results.append(
                TaskResult(task.id, 0.0, task.points, "missing", None, "No answer was handed in.")
            )
            continue
        try:
            if memo is not None:
                result = memo.judge(
                    task.id,
                    answer,
                    answers,
                    digests,
                    partial(_task_result, case, task.id, task.points, answer),
                )
            else:
                result = _task_result(case, task.id, task.points, answer, answers)
        except Exception as error:  # a checker bug must not stop a class being graded
            result = TaskResult(
                task.id,
                0.0,
                task.points,
                "error",
                None,
                f"This answer could not be checked ({type(error).__name__} in lessons); "
                "your teacher will look at it.",
                ("Answer could not be checked",),
            )
        results.append(result)
    notes = []
    if submission.case_fingerprint and submission.case_fingerprint != case_fingerprint(case):
        notes.append(
            "Handed in on different article texts than the ones graded against; quotes and "
            "marked words may not line up."
        )
    if submission.exercise and submission.exercise != exercise.id:
        notes.append(f"Handed in for exercise {submission.exercise!r}, graded as {exercise.id!r}.")
    return StudentResult(submission, tuple(results), tuple(notes))


def _task_result(
    case: Case, task_id: str, points: float, answer: Any, answers: Mapping[str, Any]
) -> TaskResult:
    """One answer checked and scored: a pure function of its arguments (the memo relies on it)."""
    feedback = tasks.check(case, task_id, answer, answers)
    if feedback.problem is not None and tasks.is_unanswered(answer):
        return TaskResult(task_id, 0.0, points, "unanswered", feedback, tasks.NOT_ANSWERED)
    if feedback.problem is not None:
        return TaskResult(
            task_id,
            0.0,
            points,
            "invalid",
            feedback,
            feedback.problem,
            ("Answer could not be checked",),
        )
    return TaskResult(
        task_id,
        task_points(points, feedback),
        points,
        "graded",
        feedback,
        mistakes=_mistakes(feedback),
    )


def _mistakes(feedback: Feedback) -> tuple[str, ...]:
    return tuple(
        _mistake(item.verdict, item.label)
        for item in feedback.items
        if item.verdict == "wrong" or item.verdict == "missed"
    )


@lru_cache(maxsize=4096)
def _mistake(verdict: str, label: str) -> str:
    """``Missed: <label>`` or ``Wrong: <label>``, one string for every student who made it
    (thousands of students share a few dozen)."""
    return f"{'Missed' if verdict == 'missed' else 'Wrong'}: {label}"


def collect_submissions(
    folder: Path,
    *,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    exclude: Path | None = None,
) -> tuple[list[Submission], list[Skipped]]:
    """Read and check every file under ``folder`` as a submission (see :func:`read_folder`)."""
    submissions: list[Submission] = []
    skipped: list[Skipped] = []
    for item in read_folder(folder, progress=progress, exclude=exclude):
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
) -> Iterator[Submission | Skipped]:
    """Each file under ``folder`` in name order, read and checked: a submission, or why not.

    Hidden files and folders are left out, and so is ``exclude`` (the output folder, when a
    teacher puts it inside the submissions folder); links are listed as skipped, not followed.
    """
    paths = sorted(_candidate_files(folder, exclude.resolve() if exclude else None))
    for path in progress(paths) if progress else paths:
        source = path.relative_to(folder).as_posix()
        try:
            yield read_submission(path, source=source)
        except InvalidSubmission as error:
            yield Skipped(source, error.reason)


def _candidate_files(folder: Path, exclude: Path | None) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(
            name
            for name in dirs
            if not name.startswith(".") and (Path(root) / name).resolve() != exclude
        )
        for name in files:
            if not name.startswith("."):
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


def _tqdm(show: bool | None, description: str) -> Callable[[Iterable[Any]], Iterable[Any]]:
    def wrap(items: Iterable[Any]) -> Iterable[Any]:
        from tqdm import tqdm

        # disable=None: tqdm stays quiet when stderr is not a terminal.
        return tqdm(
            items, desc=description, unit="file", disable=None if show is None else not show
        )

    return wrap


#: Lessons whose answers the class report charts (kept after grading; others are dropped).
CHARTED_LESSONS = ("reliability",)
_CHARTED_PREFIXES = tuple(f"{lesson}/" for lesson in CHARTED_LESSONS)


def grade_folder(
    folder: Path,
    exercise: Exercise,
    *,
    case: Case | None = None,
    show_progress: bool | None = None,
    exclude: Path | None = None,
    on_graded: Callable[[StudentResult], None] | None = None,
    on_dropped: Callable[[StudentResult], None] | None = None,
    timings: dict[str, float] | None = None,
) -> ClassResult:
    """Read and grade every submission in ``folder``.

    Each file is read once and graded at once, so only one student's answers are in memory
    at a time. A student who handed in several files is graded again once every file has
    been read, from the newest answer to each task (:func:`pick_newest`), reading those few
    files again. With ``on_graded`` (e.g. a :class:`lessons.grading.gradebook.FeedbackWriter`), each
    result is handed over as soon as it is graded, such a student's again when regraded (the
    later call replaces the earlier), and only a slim copy is kept (points, status, mistakes,
    and the answers the class report charts). If such a student's files changed meanwhile,
    the student is skipped and ``on_dropped`` gets the result handed over before (to remove
    its feedback page). ``timings`` (for the benchmark) receives the seconds spent reading,
    checking and in ``on_graded``.
    """
    case = case or exercise.load_case()
    clock = timings if timings is not None else {}
    for phase in ("read", "check", "write"):
        clock.setdefault(phase, 0.0)
    memo = CheckMemo(case)
    skipped: list[Skipped] = []
    graded: dict[str, StudentResult] = {}
    surveys: dict[str, list[Submission]] = {}  # each student's files, answers left out
    slimmed: dict[int, tuple[TaskResult, TaskResult]] = {}
    checks: dict[str, tuple[int, int]] = {}  # answers checked and reused, per graded student

    def grade_one(submission: Submission, began: float) -> None:
        read = time.perf_counter()
        calls, hits = memo.calls, memo.hits
        student = grade_submission(case, exercise, submission, memo=memo)
        checks[submission.slug] = (memo.calls - calls, memo.hits - hits)
        checked = time.perf_counter()
        if on_graded is not None:
            on_graded(student)
            student = _slim(student, slimmed)
        graded[submission.slug] = student
        clock["read"] += read - began
        clock["check"] += checked - read
        clock["write"] += time.perf_counter() - checked

    with _collector_paused():
        began = time.perf_counter()
        for submission in read_folder(
            folder, progress=_tqdm(show_progress, "Grading"), exclude=exclude
        ):
            if isinstance(submission, Skipped):
                skipped.append(submission)
                continue
            if submission.case_id != case.id:
                skipped.append(
                    Skipped(
                        submission.source,
                        f"was made for the case study {submission.case_id!r}, not {case.id!r}.",
                    )
                )
                continue
            files = surveys.setdefault(submission.slug, [])
            files.append(replace(submission, answers=dict.fromkeys(submission.answers, _SURVEYED)))
            if len(files) == 1:
                grade_one(submission, began)
            else:
                clock["read"] += time.perf_counter() - began
            began = time.perf_counter()
        superseded: list[Superseded] = []
        combined = 0
        for slug, files in surveys.items():
            if len(files) == 1:
                continue
            began = time.perf_counter()
            earlier = graded.pop(slug)
            del checks[slug]  # counted again if regraded, not at all if dropped
            (merged,), older = pick_newest(files)
            superseded.extend(old for old in older if not old.all_count)
            combined += sum(old.all_count for old in older)
            used = {old.file for old in older if old.tasks_used}
            try:
                submission = _reread(
                    next(item for item in files if item.source == merged.source),
                    [item for item in files if item.source in used],
                )
            except InvalidSubmission as error:
                skipped.append(
                    Skipped(merged.source, f"changed while it was being graded: {error.reason}")
                )
                if on_dropped is not None:
                    on_dropped(earlier)
                continue
            grade_one(submission, began)
    students = sorted(graded.values(), key=lambda item: (item.student.casefold(), item.slug))
    superseded.sort(key=lambda item: item.file)
    errors = tuple(
        f"{student.submission.source}: {task.task_id}: {task.message}"
        for student in students
        for task in student.tasks
        if task.status == "error"
    )
    skipped.sort(key=lambda item: item.file)
    return ClassResult(
        exercise,
        tuple(students),
        tuple(skipped),
        tuple(superseded),
        errors,
        checks=sum(calls for calls, _ in checks.values()),
        reused=sum(hits for _, hits in checks.values()),
        combined=combined,
    )


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


def _reread(newest: Submission, olders: list[Submission]) -> Submission:
    """A student's newest file read again, with the answers of ``olders`` to tasks the
    newer files lack: the newest answer to each task counts."""
    again = read_submission(newest.path, source=newest.source) if newest.path else newest
    if again.created != newest.created or set(again.answers) != set(newest.answers):
        raise InvalidSubmission("its content is not what was checked a moment ago.")
    answers = dict(again.answers)
    for old in sorted(olders, key=lambda item: (item.created, item.source), reverse=True):
        if old.path is not None:
            try:
                older = read_submission(old.path, source=old.source)
            except InvalidSubmission as error:
                raise InvalidSubmission(
                    f"the same student's earlier file {old.source} {error.reason}"
                ) from None
            answers.update({t: older.answers[t] for t in older.answers if t not in answers})
    return replace(again, answers=answers)


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
        replace(student.submission, answers=charted), tuple(slim_tasks), student.notes
    )


def grade(
    submissions_dir: Path,
    exercise: Exercise,
    out_dir: Path,
    *,
    show_progress: bool | None = None,
    charts: bool = True,
    timings: dict[str, float] | None = None,
) -> ClassResult:
    """Grade ``submissions_dir`` and write the gradebook, feedback pages and class report.

    ``timings`` (for the benchmark) receives the seconds of each phase: ``read``, ``check``
    and ``write`` as in :func:`grade_folder` (the tables added to ``write``), and ``report``."""
    from lessons.grading.gradebook import FeedbackWriter, write_gradebook, write_skipped
    from lessons.grading.report import write_report

    clock = timings if timings is not None else {}
    case = exercise.load_case()
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = FeedbackWriter(out_dir / "feedback", case, exercise)
    with _collector_paused():
        result = grade_folder(
            submissions_dir,
            exercise,
            case=case,
            show_progress=show_progress,
            exclude=out_dir,
            on_graded=writer,
            on_dropped=writer.remove,
            timings=clock,
        )
        began = time.perf_counter()
        write_gradebook(result, out_dir / "gradebook.csv")
        write_skipped(result, out_dir / "skipped.csv")
        tables = time.perf_counter()
        write_report(result, case, out_dir / "report.html", charts=charts)
        clock["write"] += tables - began
        clock["report"] = time.perf_counter() - tables
    return result
