"""Feedback pages: every task's points first, then feedback that teaches, all escaped."""

from __future__ import annotations

import html
from pathlib import Path

from lessons import tasks
from lessons.grading import grade, task_title
from lessons.grading.output import number
from lessons.teacher.exercises import Exercise
from tests.grading.classes import (
    CASE,
    T0,
    half_right_rating,
    opposite_rating,
    put,
    reliability_answers,
    submission,
)


def test_feedback_pages_teach_and_escape(
    mixed_class: tuple[Path, Path], tmp_path: Path, quiz: Exercise
) -> None:
    folder, _ = mixed_class
    out = tmp_path / "results"
    grade(folder, quiz, out, show_progress=False, charts=False)
    pages = sorted(p.name for p in (out / "feedback").iterdir())
    assert pages == [
        "ann-expert.html",
        "ben-half.html",
        "cat-wrong.html",
        "dan-partial-co.html",
        "eve.html",
        "hyperlink-x.html",
    ]
    dan = (out / "feedback" / "dan-partial-co.html").read_text(encoding="utf-8")
    assert "Dan &lt;Partial&gt; &amp; Co" in dan and "<Partial>" not in dan
    assert "No answer was handed in." in dan
    malformed = tasks.check(CASE, "reliability/tyler-durden", {"levels": "all of them"})
    assert malformed.problem and html.escape(malformed.problem) in dan
    cat = (out / "feedback" / "cat-wrong.html").read_text(encoding="utf-8")
    wrong = tasks.check(CASE, "reliability/kyiv-post", opposite_rating("kyiv-post"))
    assert wrong.next_step and html.escape(wrong.next_step) in cat
    assert "Rate the reliability: Kyiv Post" in cat


def test_a_feedback_page_starts_with_the_points_of_every_task(
    tmp_path: Path, quiz: Exercise
) -> None:
    folder = tmp_path / "class"
    put(folder, "ann.json", submission("Ann", reliability_answers(half_right_rating)))
    result = grade(folder, quiz, tmp_path / "out", show_progress=False, charts=False)
    page = (tmp_path / "out" / "feedback" / "ann.html").read_text(encoding="utf-8")
    (ann,) = result.students
    for task in ann.tasks:
        row = (
            f"{html.escape(task_title(CASE, task.task_id))}</a></td><td>{number(task.points)} of 10"
        )
        assert row in page
        assert f"<section id='{task.task_id}'>" in page


def test_a_late_hand_in_says_how_late_on_its_page_and_one_on_time_says_nothing(
    tmp_path: Path, quiz: Exercise
) -> None:
    import dataclasses
    import datetime as dt

    folder = tmp_path / "class"
    put(folder, "on-time.json", submission("Ona", reliability_answers(half_right_rating)))
    put(folder, "late.json", submission("Lee", reliability_answers(half_right_rating), minutes=90))
    deadline = T0 + dt.timedelta(minutes=30)  # Ona hands in at T0, Lee 90 minutes later
    out = tmp_path / "results"
    grade(folder, dataclasses.replace(quiz, deadline=deadline), out, show_progress=False)
    late = (out / "feedback" / "lee.html").read_text(encoding="utf-8")
    assert "Handed in 1 hour after the deadline" in late
    assert "after the deadline" not in (out / "feedback" / "ona.html").read_text(encoding="utf-8")
