"""What grading finds, as plain values: a task's points, a student's result, a class's
result, and the files not graded. Every other grading module builds or reads these; this one
imports none of them.

A task earns ``points x fraction`` where ``points`` is the exercise's value for the task and
``fraction`` the checker's score over its maximum (clamped to 0..1); points are rounded half
up to two decimals, and the total is the sum of the rounded task points.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Literal

from lessons.feedback import Feedback
from lessons.grading.roster import Roster, RosterEntry
from lessons.student.submission import Submission
from lessons.teacher.exercises import Exercise

__all__ = [
    "AUTOMATIC_PART_ONLY",
    "MARK_MODES",
    "ClassResult",
    "ClassRow",
    "MarkingCounts",
    "Skipped",
    "Status",
    "StudentResult",
    "Superseded",
    "TaskResult",
    "TeacherMark",
    "late_by",
    "round_points",
    "task_points",
]

#: ``unanswered``: handed in with nothing filled in (see :func:`lessons.tasks.is_unanswered`);
#: ``invalid``: the checker could not read it (damaged); ``missing``: not handed in.
Status = Literal["graded", "invalid", "unanswered", "missing", "error"]

#: Tasks whose checker judges only part of the answer, and what it leaves to the teacher.
#: A full score from such a checker is not a full grade: every output says so.
AUTOMATIC_PART_ONLY: dict[str, str] = {
    "capstone/brief": (
        "The automatic check of the brief only looks at its length, attribution (who claims "
        "what, where the claim began, who checked it) and hedging; it cannot tell whether the "
        "facts are right. The teacher still grades the facts."
    ),
}

_CENT = Decimal("0.01")
#: How :mod:`lessons.student.submission` begins the reason of a file that is no hand-in.
_JUNK = (
    "is not JSON",
    "is not usable JSON",
    "is not a submission",
    "is not a lessons submission",
    "is not a regular file",
    "cannot be read",
    "is larger than",
)
_TOO_LARGE = re.compile(r"is [\d,]+ bytes; a submission may be at most")


@lru_cache(maxsize=4096)
def round_points(value: float) -> float:
    """Round half up to two decimals (7.125 -> 7.13), as teachers round by hand (remembered:
    a class earns the same few hundred point values again and again)."""
    return float(Decimal(repr(value)).quantize(_CENT, rounding=ROUND_HALF_UP))


def task_points(points: float, feedback: Feedback) -> float:
    """The points an answer earns: ``points x score/max_score``, clamped and rounded."""
    if feedback.problem is not None or not feedback.max_score:
        return 0.0
    fraction = min(1.0, max(0.0, feedback.score / feedback.max_score))
    return round_points(points * fraction)


#: How a teacher's mark counts: it ``replace``-s the automatic points, or is ``add``-ed to them.
MARK_MODES = ("replace", "add")


@dataclass(frozen=True, slots=True)
class TeacherMark:
    """The teacher's mark on one answer (``OUT/marks.csv``): ``mark`` replaces the automatic
    points or is added to them (``mode``), with a comment for the student."""

    mark: float
    mode: str
    comment: str
    automatic: float


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
    #: How much each of ``mistakes`` weighs (the points of the piece of the answer it is
    #: about): the class report lists the crucial ones first among equally common mistakes.
    mistake_weights: tuple[float, ...] = ()
    #: The teacher's mark, when one applies: ``points`` then already count it.
    teacher: TeacherMark | None = None

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
            mistake_weights=self.mistake_weights,
            teacher=self.teacher,
        )


@dataclass(frozen=True, slots=True)
class StudentResult:
    """One student's graded submission."""

    submission: Submission
    tasks: tuple[TaskResult, ...]
    notes: tuple[str, ...] = ()
    #: What the teacher should look at twice (:mod:`lessons.grading.trust`): shown in the
    #: class report, never on the student's page.
    flags: tuple[str, ...] = ()

    @property
    def student(self) -> str:
        return self.submission.student

    @property
    def slug(self) -> str:
        return self.submission.slug

    @property
    def total(self) -> float:
        return round_points(sum(task.points for task in self.tasks))

    @property
    def maximum(self) -> float:
        return round_points(sum(task.max_points for task in self.tasks))


@dataclass(frozen=True)
class Skipped:
    """A file that was not graded, and why."""

    file: str
    reason: str

    @property
    def junk(self) -> bool:
        """Whether the file is no hand-in at all (not JSON, not a submission, not a regular
        file, unreadable or far too large), as opposed to a hand-in that cannot be graded."""
        return self.reason.startswith(_JUNK) or _TOO_LARGE.match(self.reason) is not None


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
class MarkingCounts:
    """Answers for the teacher to mark (``OUT/marks.csv``): how many there are, how many
    are marked, and how many marks are for a text the student has since handed in again
    (not applied: to mark again)."""

    answers: int = 0
    marked: int = 0
    changed: int = 0

    @property
    def waiting(self) -> int:
        """Answers still to mark (the changed ones among them)."""
        return self.answers - self.marked


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
    #: The class roster, when the teacher gave one (``lessons grade --roster``).
    roster: Roster | None = None
    #: Files and folders left out unread: hidden ones, links to folders (listed, not graded,
    #: and no reason for a non-zero exit status).
    ignored: tuple[Skipped, ...] = ()
    #: The teacher's marking, when the exercise has answers a checker judges only in part.
    marking: MarkingCounts | None = None

    def rows(self) -> list[ClassRow]:
        """The class, one row a student: without a roster, each graded student in name
        order; with one, each roster row in the file's order (handed in or not), then the
        hand-ins that match no roster row, each saying why."""
        if self.roster is None:
            return [ClassRow(None, student) for student in self.students]
        by_slug = {student.slug: student for student in self.students}
        matched, unmatched = self.roster.match(list(by_slug))
        student_of = {entry.line: by_slug[slug] for slug, entry in matched.items()}
        rows = [ClassRow(entry, student_of.get(entry.line)) for entry in self.roster.entries]
        rows += [ClassRow(None, by_slug[slug], reason) for slug, reason in unmatched.items()]
        return rows


@dataclass(frozen=True)
class ClassRow:
    """One student of the class: a roster row, a graded hand-in, or both. ``unmatched`` says
    why a hand-in matches no roster row (with a roster only)."""

    entry: RosterEntry | None
    student: StudentResult | None
    unmatched: str = ""

    @property
    def name(self) -> str:
        """The name as the roster has it, else as the hand-in has it."""
        if self.entry is not None:
            return self.entry.name
        assert self.student is not None
        return self.student.student

    @property
    def status(self) -> str:
        """``handed in``, ``not handed in`` or ``not on the roster``."""
        if self.student is None:
            return "not handed in"
        return "not on the roster" if self.unmatched else "handed in"


def late_by(exercise: Exercise, student: StudentResult) -> dt.timedelta | None:
    """How late the student's newest hand-in was after the exercise's deadline, or None."""
    if exercise.deadline is None or student.submission.created <= exercise.deadline:
        return None
    return student.submission.created - exercise.deadline
