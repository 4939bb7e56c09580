"""Grade one submission: each answer judged by :func:`lessons.tasks.check`, the same checker
the widgets use, and scored with the exercise's points (:func:`lessons.grading.results.task_points`).

An answer the checker cannot judge (malformed) earns 0 and its sentence is the feedback; a
missing answer earns 0; a checker that raises earns 0 and is reported, and the rest of the
class is still graded.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache, partial
from typing import Any

from lessons import tasks
from lessons.casestudy import Case
from lessons.feedback import Feedback
from lessons.grading._memo import CheckMemo
from lessons.grading.results import StudentResult, TaskResult, task_points
from lessons.student.submission import Submission, case_fingerprints
from lessons.teacher.exercises import Exercise

__all__ = ["grade_submission"]


def grade_submission(
    case: Case, exercise: Exercise, submission: Submission, *, memo: CheckMemo | None = None
) -> StudentResult:
    """Grade one submission against the exercise's tasks with the widgets' checkers.

    With a ``memo`` (one per exercise and case), an answer judged before in the same context
    reuses its result (:class:`lessons.grading._memo.CheckMemo`). Answers handed in under an
    article's former id count for the article (:func:`lessons.tasks.current_answers`)."""
    answers = tasks.current_answers(case, submission.answers)
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
    return StudentResult(submission, tuple(results), _notes(case, exercise, submission))


def _notes(case: Case, exercise: Exercise, submission: Submission) -> tuple[str, ...]:
    """What the teacher should know about how a submission was graded."""
    notes = []
    if submission.case_fingerprint and submission.case_fingerprint not in case_fingerprints(case):
        notes.append(
            "Handed in on different article texts than the ones graded against; quotes and "
            "marked words may not line up."
        )
    if submission.exercise and submission.exercise != exercise.id:
        notes.append(f"Handed in for exercise {submission.exercise!r}, graded as {exercise.id!r}.")
    return tuple(notes)


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
        mistake_weights=tuple(
            item.max_points
            for item in feedback.items
            if item.verdict == "wrong" or item.verdict == "missed"
        ),
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
