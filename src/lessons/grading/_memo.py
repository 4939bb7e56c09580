"""Reuse a checker's feedback for an answer already judged, without changing any grade.

Checkers are pure functions of (case, task, answer, the student's other answers), so an
answer seen before gets the very same feedback. :class:`CheckMemo` records which of the
other answers a checker read and reuses a result only when those are equal too. It can
keep what the grader makes of the feedback (a task's points and status) as well.

Private to :mod:`lessons.grading`: :func:`lessons.grading.submission.grade_submission` takes
one per grading run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from lessons import tasks
from lessons.casestudy import Case
from lessons.feedback import Feedback
from lessons.student.submission import answer_digest

__all__ = ["CheckMemo"]

T = TypeVar("T")


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
    those are equal. A result is kept from the second time the same answer and context
    are seen, so a class of all-different answers costs little memory; lookups are
    dictionary lookups, so a class of any size grades in linear time.
    """

    def __init__(self, case: Case) -> None:
        self.case = case
        self.calls = 0
        self.hits = 0
        # (task, answer digest) -> the sets of other answers its checks read
        self._reads: dict[tuple[str, bytes], set[tuple[str, ...]]] = {}
        # (task, answer digest, names read, their digests) -> feedback
        self._kept: dict[tuple[str, bytes, tuple[str, ...], tuple[bytes, ...]], Any] = {}
        self._seen: set[tuple[str, bytes, tuple[str, ...], tuple[bytes, ...]]] = set()

    def __call__(
        self,
        task_id: str,
        answer: Mapping[str, Any],
        answers: Mapping[str, Any],
        digests: dict[str, bytes],
    ) -> Feedback:
        """The feedback of ``tasks.check`` on ``answer``, reused when it was seen before.
        ``digests`` caches the digests of one student's answers: pass the same dict for
        every task of a student, and a new one for the next student."""
        return self.judge(
            task_id,
            answer,
            answers,
            digests,
            lambda recorded: tasks.check(self.case, task_id, answer, recorded),
        )

    def judge(
        self,
        task_id: str,
        answer: Mapping[str, Any],
        answers: Mapping[str, Any],
        digests: dict[str, bytes],
        check: Callable[[Mapping[str, Any]], T],
    ) -> T:
        """``check(answers)``, reused like :meth:`__call__`: ``check`` must be a pure function
        of ``task_id``, ``answer`` and the answers it reads (the grader's checker plus what it
        makes of the feedback). One memo serves one kind of ``check``."""
        self.calls += 1

        def digest_of(name: str) -> bytes:
            found = digests.get(name)
            if found is None:
                value = dict(answers) if name == _WHOLE else answers.get(name)
                found = digests[name] = answer_digest(value)
            return found

        answer_key = (task_id, answer_digest(answer))
        for names in self._reads.get(answer_key, ()):
            kept = self._kept.get((*answer_key, names, tuple(digest_of(n) for n in names)))
            if kept is not None:
                self.hits += 1
                return kept
        recorder = _RecordingAnswers(answers)
        result = check(recorder)
        names = (_WHOLE,) if recorder.whole else tuple(sorted(recorder.reads))
        full_key = (*answer_key, names, tuple(digest_of(n) for n in names))
        if full_key in self._seen:
            self._kept[full_key] = result
            self._reads.setdefault(answer_key, set()).add(names)
        else:
            self._seen.add(full_key)
        return result
