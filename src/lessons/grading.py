"""Grade a folder of submissions into a gradebook, per-student feedback and a class report.

Submissions are data: each file is read as JSON and checked (:mod:`lessons.submission`),
never imported or run. Every answer is judged by :func:`lessons.tasks.check`, the same
checker the widgets use. A task earns ``points x fraction`` where ``points`` is the
exercise's value for the task and ``fraction`` the checker's score over its maximum
(clamped to 0..1); points are rounded half up to two decimals, and the total is the sum of
the rounded task points. An answer the checker cannot judge (malformed) earns 0 and its
sentence is the feedback; a missing answer earns 0.

Files that are not valid submissions are listed with the reason and skipped; when one
student handed in several times, the newest (by its ``created`` time) counts and the
others are listed as superseded.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import html
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from lessons.casestudy import Case, UnknownArticleError
from lessons.exercises import Exercise
from lessons.feedback import Feedback
from lessons.submission import (
    InvalidSubmission,
    Submission,
    canonical_json,
    case_fingerprint,
    read_submission,
)
from lessons.tasks import check, split_task_id

__all__ = [
    "LESSON_TITLES",
    "CheckMemo",
    "ClassResult",
    "FeedbackWriter",
    "Skipped",
    "StudentResult",
    "Superseded",
    "TaskResult",
    "collect_submissions",
    "grade",
    "grade_folder",
    "grade_submission",
    "pick_newest",
    "task_points",
    "task_title",
    "write_feedback_pages",
    "write_gradebook",
]

Status = Literal["graded", "invalid", "missing", "error"]

#: How each lesson is named to students and teachers.
LESSON_TITLES: dict[str, str] = {
    "start": "Before you start",
    "reading": "Read like a fact-checker",
    "sources": "Trace the sources",
    "hedges": "Find the hedges",
    "reliability": "Rate the reliability",
    "spread": "Chart how the claim spread",
    "capstone": "Your conclusion",
}
_CENT = Decimal("0.01")
#: Characters that make a spreadsheet treat a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
    """An older submission of a student who handed in again."""

    file: str
    student: str
    kept: str


@dataclass(frozen=True)
class ClassResult:
    """Everything a grading run found."""

    exercise: Exercise
    students: tuple[StudentResult, ...]
    skipped: tuple[Skipped, ...] = ()
    superseded: tuple[Superseded, ...] = ()
    errors: tuple[str, ...] = field(default=())


def _round(value: float) -> float:
    """Round half up to two decimals (7.125 -> 7.13), as teachers round by hand."""
    return float(Decimal(repr(value)).quantize(_CENT, rounding=ROUND_HALF_UP))


def task_points(points: float, feedback: Feedback) -> float:
    """The points an answer earns: ``points x score/max_score``, clamped and rounded."""
    if feedback.problem is not None or not feedback.max_score:
        return 0.0
    fraction = min(1.0, max(0.0, feedback.score / feedback.max_score))
    return _round(points * fraction)


def task_title(case: Case, task_id: str) -> str:
    """A reader's name for a task: ``Trace the sources: Kyiv Post``."""
    lesson, target = split_task_id(task_id)
    title = LESSON_TITLES.get(lesson, lesson)
    with contextlib.suppress(UnknownArticleError):
        target = case.article(target).outlet
    return f"{title}: {target}"


class _RecordingAnswers(Mapping[str, Any]):
    """A student's answers that remember which tasks a checker looked at."""

    __slots__ = ("_data", "reads", "whole")

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data
        self.reads: set[str] = set()
        self.whole = False

    def __getitem__(self, key: str) -> Any:
        self.reads.add(key)
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        self.reads.add(str(key))
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        self.whole = True
        return iter(self._data)

    def __len__(self) -> int:
        self.whole = True
        return len(self._data)

    def __bool__(self) -> bool:  # always true while grading: the task's own answer is there
        return bool(self._data)


_WHOLE = "(every answer)"


class CheckMemo:
    """Checks answers with :func:`lessons.tasks.check`, reusing the feedback of an identical
    answer given by an earlier student whose answers the checker read were identical too.

    Checkers are pure functions of (case, task, answer, the student's other answers), so an
    answer seen before gets the very same feedback. The memo records which of the other
    answers the checker read (all of them if it iterated) and reuses a result only when
    those are equal. Results are kept from an answer's second appearance on, so a class of
    all-different answers costs no memory.
    """

    def __init__(self, case: Case) -> None:
        self.case = case
        self.calls = 0
        self.hits = 0
        self._seen: set[tuple[str, bytes]] = set()
        self._kept: dict[tuple[str, bytes], list[tuple[tuple[tuple[str, bytes], ...], Feedback]]]
        self._kept = {}

    def __call__(
        self,
        task_id: str,
        answer: Mapping[str, Any],
        answers: Mapping[str, Any],
        digests: dict[str, bytes],
    ) -> Feedback:
        self.calls += 1

        def digest_of(name: str) -> bytes:
            if name not in digests:
                value = dict(answers) if name == _WHOLE else answers.get(name)
                digests[name] = _digest(value)
            return digests[name]

        key = (task_id, _digest(answer))
        for reads, feedback in self._kept.get(key, ()):
            if all(digest_of(name) == value for name, value in reads):
                self.hits += 1
                return feedback
        recorder = _RecordingAnswers(answers)
        feedback = check(self.case, task_id, answer, recorder)
        if key in self._seen:
            names = {_WHOLE} if recorder.whole else recorder.reads
            reads = tuple((name, digest_of(name)) for name in sorted(names))
            self._kept.setdefault(key, []).append((reads, feedback))
        else:
            self._seen.add(key)
        return feedback


def _digest(value: object) -> bytes:
    return hashlib.blake2b(canonical_json(value), digest_size=16).digest()


def grade_submission(
    case: Case, exercise: Exercise, submission: Submission, *, memo: CheckMemo | None = None
) -> StudentResult:
    """Grade one submission against the exercise's tasks with the widgets' checkers."""
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
                feedback = memo(task.id, answer, answers, digests)
            else:
                feedback = check(case, task.id, answer, answers)
        except Exception as error:  # a checker bug must not stop a class being graded
            results.append(
                TaskResult(
                    task.id,
                    0.0,
                    task.points,
                    "error",
                    None,
                    f"This answer could not be checked ({type(error).__name__} in lessons); "
                    "your teacher will look at it.",
                    ("Answer could not be checked",),
                )
            )
            continue
        if feedback.problem is not None:
            results.append(
                TaskResult(
                    task.id,
                    0.0,
                    task.points,
                    "invalid",
                    feedback,
                    feedback.problem,
                    ("Answer could not be checked",),
                )
            )
        else:
            results.append(
                TaskResult(
                    task.id,
                    task_points(task.points, feedback),
                    task.points,
                    "graded",
                    feedback,
                    mistakes=_mistakes(feedback),
                )
            )
    notes = []
    if submission.case_fingerprint and submission.case_fingerprint != case_fingerprint(case):
        notes.append(
            "Handed in on different article texts than the ones graded against; quotes and "
            "marked words may not line up."
        )
    if submission.exercise and submission.exercise != exercise.id:
        notes.append(f"Handed in for exercise {submission.exercise!r}, graded as {exercise.id!r}.")
    return StudentResult(submission, tuple(results), tuple(notes))


def _mistakes(feedback: Feedback) -> tuple[str, ...]:
    return tuple(
        f"{'Missed' if item.verdict == 'missed' else 'Wrong'}: {item.label}"
        for item in feedback.items
        if item.verdict in ("wrong", "missed")
    )


def collect_submissions(
    folder: Path,
    *,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    exclude: Path | None = None,
) -> tuple[list[Submission], list[Skipped]]:
    """Read every file under ``folder`` as a submission.

    Hidden files and folders are left out, and so is ``exclude`` (the output folder, when a
    teacher puts it inside the submissions folder); links are listed as skipped, not followed.
    """
    paths = sorted(_candidate_files(folder, exclude.resolve() if exclude else None))
    submissions: list[Submission] = []
    skipped: list[Skipped] = []
    for path in progress(paths) if progress else paths:
        relative = path.relative_to(folder).as_posix()
        try:
            submissions.append(read_submission(path, source=relative))
        except InvalidSubmission as error:
            skipped.append(Skipped(relative, error.reason))
    return submissions, skipped


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
    """One submission per student (the newest by ``created``, then by file name)."""
    by_student: dict[str, list[Submission]] = {}
    for submission in submissions:
        by_student.setdefault(submission.slug, []).append(submission)
    kept: list[Submission] = []
    superseded: list[Superseded] = []
    for group in by_student.values():
        group.sort(key=lambda item: (item.created, item.source))
        newest = group[-1]
        kept.append(newest)
        superseded += [Superseded(old.source, old.student, newest.source) for old in group[:-1]]
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


def grade_folder(
    folder: Path,
    exercise: Exercise,
    *,
    case: Case | None = None,
    show_progress: bool | None = None,
    exclude: Path | None = None,
    on_graded: Callable[[StudentResult], None] | None = None,
) -> ClassResult:
    """Read and grade every submission in ``folder``.

    With ``on_graded`` (e.g. a :class:`FeedbackWriter`), each student's result is handed
    over as soon as it is graded and only a slim copy (points, status, mistakes; no full
    feedback) is kept, so a class of thousands fits in little memory.
    """
    case = case or exercise.load_case()
    submissions, skipped = collect_submissions(
        folder, progress=_tqdm(show_progress, "Reading submissions"), exclude=exclude
    )
    matching = []
    for submission in submissions:
        if submission.case_id != case.id:
            skipped.append(
                Skipped(
                    submission.source,
                    f"was made for the case study {submission.case_id!r}, not {case.id!r}.",
                )
            )
        else:
            matching.append(submission)
    kept, superseded = pick_newest(matching)
    memo = CheckMemo(case)
    students = []
    for submission in _tqdm(show_progress, "Grading")(kept):
        student = grade_submission(case, exercise, submission, memo=memo)
        if on_graded is not None:
            on_graded(student)
            student = replace(
                student, tasks=tuple(replace(task, feedback=None) for task in student.tasks)
            )
        students.append(student)
    errors = tuple(
        f"{student.submission.source}: {task.task_id}: {task.message}"
        for student in students
        for task in student.tasks
        if task.status == "error"
    )
    skipped.sort(key=lambda item: item.file)
    return ClassResult(exercise, tuple(students), tuple(skipped), tuple(superseded), errors)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _write_text(path: Path, text: str) -> None:
    """Write ``text`` atomically (a temporary file renamed over the old one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(name, 0o644)  # readable like any report, not private like mkstemp's 0600
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def write_gradebook(result: ClassResult, path: Path) -> None:
    """``gradebook.csv``: student, total, maximum, then one column per task (points)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    task_ids = result.exercise.task_ids
    writer.writerow(["student", "total", "maximum", *task_ids])
    for student in result.students:
        writer.writerow(
            [
                _cell(student.student),
                _number(student.total),
                _number(student.maximum),
                *(_number(task.points) for task in student.tasks),
            ]
        )
    _write_text(path, buffer.getvalue())


def write_skipped(result: ClassResult, path: Path) -> None:
    """``skipped.csv``: every file not graded (invalid or superseded) and why."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["file", "reason"])
    for item in result.skipped:
        writer.writerow([_cell(item.file), _cell(item.reason)])
    for old in result.superseded:
        writer.writerow(
            [_cell(old.file), _cell(f"superseded: {old.student} handed in again ({old.kept})")]
        )
    _write_text(path, buffer.getvalue())


_PAGE_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:52em;margin:2em auto;padding:0 1em;"
    "line-height:1.45;color:#1f2328}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em}"
    "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px;"
    "text-align:left}.points{font-weight:bold}"
)


def feedback_page(
    result: StudentResult,
    case: Case,
    exercise: Exercise,
    rendered: dict[int, tuple[Feedback, str]] | None = None,
) -> str:
    """One student's feedback as a self-contained, accessible HTML page.

    ``rendered`` caches each Feedback's HTML by identity (students who gave the same answer
    share one Feedback object, see :class:`CheckMemo`); it holds the object too, so an id
    is never reused for another one while cached.
    """
    rendered = {} if rendered is None else rendered
    esc = html.escape
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>Feedback for {esc(result.student)}: {esc(exercise.title)}</title>",
        f"<style>{_PAGE_STYLE}</style></head><body>",
        f"<h1>{esc(exercise.title)}</h1>",
        f"<p>Feedback for <strong>{esc(result.student)}</strong>, handed in "
        f"{result.submission.created:%d %B %Y at %H:%M} UTC.</p>",
        f"<p class='points'>Total: {_number(result.total)} out of {_number(result.maximum)} points.</p>",
    ]
    for note in result.notes:
        parts.append(f"<p role='note'><em>{esc(note)}</em></p>")
    for task in result.tasks:
        parts.append(
            f"<section><h2>{esc(task_title(case, task.task_id))} "
            f"({_number(task.points)} of {_number(task.max_points)} points)</h2>"
        )
        if task.status == "graded" and task.feedback is not None:
            cached = rendered.get(id(task.feedback))
            if cached is None or cached[0] is not task.feedback:
                cached = (task.feedback, task.feedback.to_html())
                rendered[id(task.feedback)] = cached
            parts.append(cached[1])
        else:
            parts.append(f"<p>{esc(task.message)}</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)


class FeedbackWriter:
    """Writes ``<folder>/<student>.html`` for each graded student (names are file-name safe)."""

    #: Cached HTML blocks kept at most; the cache is emptied when full.
    CACHE_LIMIT = 5000

    def __init__(self, folder: Path, case: Case, exercise: Exercise) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.root = folder.resolve()
        self.case = case
        self.exercise = exercise
        self._rendered: dict[int, tuple[Feedback, str]] = {}

    def __call__(self, student: StudentResult) -> None:
        path = self.root / f"{student.slug}.html"
        if path.parent != self.root:  # cannot happen with a slug; refuse rather than escape
            raise ValueError(f"unsafe feedback file name for {student.student!r}")
        if len(self._rendered) > self.CACHE_LIMIT:
            self._rendered.clear()
        page = feedback_page(student, self.case, self.exercise, self._rendered)
        path.write_text(page, encoding="utf-8")


def write_feedback_pages(result: ClassResult, folder: Path, case: Case) -> None:
    """``feedback/<student>.html`` for every student of a result that kept its feedback."""
    writer = FeedbackWriter(folder, case, result.exercise)
    for student in result.students:
        writer(student)


def grade(
    submissions_dir: Path,
    exercise: Exercise,
    out_dir: Path,
    *,
    show_progress: bool | None = None,
    charts: bool = True,
) -> ClassResult:
    """Grade ``submissions_dir`` and write the gradebook, feedback pages and class report."""
    from lessons.class_report import write_report

    case = exercise.load_case()
    out_dir.mkdir(parents=True, exist_ok=True)
    result = grade_folder(
        submissions_dir,
        exercise,
        case=case,
        show_progress=show_progress,
        exclude=out_dir,
        on_graded=FeedbackWriter(out_dir / "feedback", case, exercise),
    )
    write_gradebook(result, out_dir / "gradebook.csv")
    write_skipped(result, out_dir / "skipped.csv")
    write_report(result, case, out_dir / "report.html", charts=charts)
    return result
