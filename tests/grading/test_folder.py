"""Reading a folder of hand-ins: the newest answer to each task counts, and the grader's
own results in the folder are never read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.grading import grade, grade_folder
from lessons.teacher.exercises import Exercise
from tests.grading.classes import (
    expected_points,
    expert_rating,
    opposite_rating,
    put,
    reliability_answers,
    submission,
)


def test_results_written_inside_the_submissions_folder_are_not_read_back(
    tmp_path: Path, quiz: Exercise
) -> None:
    folder = tmp_path / "class"
    put(folder, "ann.json", submission("Ann", reliability_answers(expert_rating)))
    for _ in range(2):  # the second run finds the first run's results in the folder
        result = grade(folder, quiz, folder / "results", show_progress=False, charts=False)
        assert result.skipped == ()
        assert [s.student for s in result.students] == ["Ann"]


def test_the_newest_answer_to_each_task_counts(tmp_path: Path, quiz: Exercise) -> None:
    """Handed in the whole quiz first, then two articles again: nothing is lost."""
    folder = tmp_path / "class"
    put(folder, "first.json", submission("Eve", reliability_answers(opposite_rating)))
    again = {f"reliability/{a}": expert_rating(a) for a in ("kyiv-post", "deep-dive")}
    put(folder, "again.json", submission("Eve", again, minutes=20))
    result = grade_folder(folder, quiz, show_progress=False)
    (eve,) = result.students
    points = {task.task_id: task.points for task in eve.tasks}
    everything = reliability_answers(opposite_rating) | again
    for task_id in quiz.task_ids:
        assert points[task_id] == pytest.approx(
            expected_points(quiz, everything, task_id), abs=0.01
        )
    assert points["reliability/kyiv-post"] > 0  # the newer, expert rating counted
    (old,) = result.superseded
    assert old.file == "first.json" and old.kept == "again.json"
    assert old.tasks_used == (
        "reliability/news-blog",
        "reliability/spark-chronicles",
        "reliability/tyler-durden",
    )
    assert "first.json" not in {s.file for s in result.skipped}
