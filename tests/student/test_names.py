"""The name rules, once: a name a student may type is a name the grader accepts, and the
two are told why a name cannot be used in their own words."""

from __future__ import annotations

import pytest

from lessons.skills import load_seed_case
from lessons.student import submission as sub
from lessons.student.names import (
    MAX_NAME_LENGTH,
    UNNAMED,
    check_student_name,
    name_problem,
    student_slug,
)

CASE = load_seed_case(with_keys=False)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Zoë O'Brien", "zoe-o-brien"),
        ("  ANN   smith ", "ann-smith"),
        ("ann.smith", "ann-smith"),
        ("!!!", UNNAMED),
        ("x" * 100, "x" * 60),
    ],
)
def test_the_slug_keeps_letters_and_digits(name: str, slug: str) -> None:
    assert student_slug(name) == slug


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * (MAX_NAME_LENGTH + 1), "too-long"),
        ("a/b", "unsafe"),
        ("a\\b", "unsafe"),
        ("..", "unsafe"),
        ("  .hidden", "unsafe"),
        ("Ann\x00Smith", "unsafe"),
        ("!!!", "no-letter"),
        ("Ann", None),
        ("Unnamed", None),  # letters, even if they spell the slug of no name
        ("x" * MAX_NAME_LENGTH, None),
    ],
)
def test_each_rule_names_its_problem(name: str, problem: str | None) -> None:
    assert name_problem(name) == problem


@pytest.mark.parametrize(
    "name", ["", "x" * (MAX_NAME_LENGTH + 1), "a/b", "..", "Ann\x00Smith", "!!!", "Ann", "Unnamed"]
)
def test_a_name_the_student_may_use_is_one_the_grader_accepts(name: str) -> None:
    try:
        typed = check_student_name(name)
    except ValueError:
        typed = None
    data = sub.build_submission(student=name, answers={}, case=CASE)
    try:
        read = sub.parse_submission(data).student
    except sub.InvalidSubmission:
        read = None
    assert typed == read
