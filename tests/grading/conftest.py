"""Fixtures of the grading tests: the reliability quiz and a class as a teacher collects it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lessons.student.submission import MAX_SUBMISSION_BYTES, seal
from lessons.teacher.exercises import Exercise, load_exercise
from tests.grading.classes import (
    expert_rating,
    half_right_rating,
    opposite_rating,
    put,
    reliability_answers,
    submission,
)


@pytest.fixture(scope="module")
def quiz() -> Exercise:
    return load_exercise("quiz-reliability")


@pytest.fixture
def mixed_class(tmp_path: Path) -> tuple[Path, Path]:
    """A class folder as a teacher might collect it, hostile files included."""
    folder = tmp_path / "collected"
    marker = tmp_path / "executed.txt"
    put(folder, "ann.json", submission("Ann Expert", reliability_answers(expert_rating)))
    put(folder, "ben.json", submission("Ben Half", reliability_answers(half_right_rating)))
    put(folder, "cat.json", submission("Cat Wrong", reliability_answers(opposite_rating)))
    partial = reliability_answers(expert_rating)
    partial["reliability/tyler-durden"] = {"levels": "all of them"}  # malformed answer
    del partial["reliability/deep-dive"]  # not answered
    put(folder, "dan.json", submission("Dan <Partial> & Co", partial))
    # The same student twice: the newer file counts, the older is reported.
    put(folder, "eve-old.json", submission("Eve", reliability_answers(opposite_rating)))
    put(
        folder,
        "lms/eve/new.json",
        submission("eve", reliability_answers(expert_rating), minutes=30),
    )
    put(folder, "formula.json", submission('=HYPERLINK("x")', reliability_answers(opposite_rating)))
    # Hostile and broken files, each skipped with a reason.
    put(folder, "notes.txt", b"Remember to grade these by Friday.")
    put(folder, "evil.py", f"open({str(marker)!r}, 'w').write('ran')\n".encode())
    put(folder, "pickle.json", b"\x80\x04\x95\x00\x00\x00\x00")
    put(folder, "future.json", submission("Fay", {}, version=2))
    tampered = submission("Gus", reliability_answers(opposite_rating))
    tampered["answers"] = reliability_answers(expert_rating)
    put(folder, "tampered.json", tampered)
    put(folder, "escape.json", submission("../../../etc/cron.d/x", {}))
    put(folder, "wrongtype.json", seal({**submission("Hal", {}), "answers": ["a"]}))
    put(folder, "other-case.json", submission("Ida", {}, case={"id": "moon-landing"}))
    big = submission("Jo", {"reliability/kyiv-post": {"note": "x" * MAX_SUBMISSION_BYTES}})
    put(folder, "huge.json", big)
    os.symlink("/etc/passwd", folder / "link.json")
    put(folder, ".hidden.json", b"ignored")
    return folder, marker
