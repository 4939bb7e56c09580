"""A task's points: the checker's score times the exercise's points, rounded half up."""

from __future__ import annotations

import pytest

from lessons.grading import task_points


@pytest.mark.parametrize(
    ("points", "score", "maximum", "expected"),
    [(10, 2, 3, 6.67), (10, 1, 1, 10), (5, 0, 4, 0), (2.5, 57, 200, 0.71), (10, 7, 5, 10)],
)
def test_task_points_are_rounded_half_up_and_capped(
    points: float, score: float, maximum: float, expected: float
) -> None:
    from lessons.feedback import Feedback

    feedback = Feedback(task="t/x", score=score, max_score=maximum)
    assert task_points(points, feedback) == expected
    assert task_points(points, Feedback.invalid("t/x", "Do it again.")) == 0
