"""The name rules, once: a name a student may type is a name the grader accepts, and the
two are told why a name cannot be used in their own words."""

from __future__ import annotations

import re
import unicodedata

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
        ("Zoe O'Brien", "zoe-o-brien"),
        ("  ANN   smith ", "ann-smith"),
        ("ann.smith", "ann-smith"),
        ("!!!", UNNAMED),
        ("x" * 60, "x" * 60),
    ],
)
def test_an_ascii_slug_is_what_it_always_was(name: str, slug: str) -> None:
    assert student_slug(name) == slug


SCRIPTS = ["Олена Коваль", "王小明", "فاطمة الزهراء", "Zoë Müller", "हिन्दी नाम", "Ngọc Ánh"]


@pytest.mark.parametrize("name", SCRIPTS)
def test_a_name_in_any_script_keeps_its_letters_in_a_safe_file_name(name: str) -> None:
    assert name_problem(name) is None
    assert check_student_name(f"  {name} ") == name
    slug = student_slug(name)
    words = slug.rpartition("--")[0]
    assert words == "-".join(unicodedata.normalize("NFKC", name).casefold().split())
    assert re.fullmatch(r"[^/\\.]+--[0-9a-f]{12}", slug)
    assert all(unicodedata.category(ch)[0] in "LMN" or ch == "-" for ch in slug)
    assert len(f"{slug}-reliability-20260302T101500Z-12.json".encode()) < 255


def test_the_same_students_spellings_share_a_slug_and_different_names_do_not() -> None:
    composed, decomposed = "Jos\u00e9 Pérez", "Jose\u0301 Pe\u0301rez"
    assert student_slug(composed) == student_slug(decomposed) == student_slug("JOSÉ  PÉREZ")
    assert student_slug("ＡＮＮ") == student_slug("Ann") == "ann"  # full-width letters
    assert student_slug("José") != student_slug("Jose")
    assert student_slug("Zoë") != student_slug("Zoe")
    assert student_slug("王小明") != student_slug("王小朋")
    slugs = {student_slug(name) for name in SCRIPTS}
    assert len(slugs) == len(SCRIPTS)


def test_two_long_names_that_start_alike_stay_two_students() -> None:
    first = "Maximiliana Alexandra Konstantinopoulou-Papadopoulou Wetherby Anne"
    second = "Maximiliana Alexandra Konstantinopoulou-Papadopoulou Wetherby Anna"
    assert first[:60] == second[:60] and max(len(first), len(second)) <= MAX_NAME_LENGTH
    assert student_slug(first) != student_slug(second)
    assert student_slug(first) == student_slug(first.upper())
    assert student_slug(first).startswith("maximiliana-alexandra-")
    long_script = "Олександра " * 7
    assert student_slug(long_script) != student_slug(long_script + "Б")


@pytest.mark.parametrize("hidden", ["\u202e", "\u202d", "\u2066", "\u200f", "\u061c"])
def test_a_direction_control_is_refused_with_one_sentence(hidden: str) -> None:
    name = f"Ann{hidden}Smith"
    assert name_problem(name) == "direction"
    with pytest.raises(ValueError, match=r"^Your name holds a hidden character") as refused:
        check_student_name(name)
    message = str(refused.value)
    assert message.count(".") == 1 and message.endswith(".") and hidden not in message
    data = sub.build_submission(student=name, answers={}, case=CASE)
    with pytest.raises(sub.InvalidSubmission, match="direction of text"):
        sub.parse_submission(data)


def test_a_name_joined_by_an_invisible_joiner_is_kept_whole() -> None:
    """Persian and Indic names use the zero-width (non-)joiner inside words."""
    assert name_problem("مهر\u200cناز") is None
    assert "-" not in student_slug("مهر\u200cناز").rpartition("--")[0]


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
        ("Ann\x85Smith", "unsafe"),
        ("Ann\ud800", "unsafe"),
        ("Ann\u202eSmith", "direction"),
        ("!!!", "no-letter"),
        ("\u0301\u0301", "no-letter"),  # accents alone
        ("Олена", None),
        ("Ann", None),
        ("Unnamed", None),  # letters, even if they spell the slug of no name
        ("x" * MAX_NAME_LENGTH, None),
    ],
)
def test_each_rule_names_its_problem(name: str, problem: str | None) -> None:
    assert name_problem(name) == problem


@pytest.mark.parametrize(
    "name",
    [
        "",
        "x" * (MAX_NAME_LENGTH + 1),
        "a/b",
        "..",
        "Ann\x00Smith",
        "!!!",
        "Ann",
        "Unnamed",
        "Ann\u202eSmith",
        *SCRIPTS,
    ],
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
