"""The roster: a CSV as an LMS exports it, read with every problem at once, and hand-ins
matched to its rows by the package's name rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.grading.roster import read_roster
from lessons.student.names import student_slug
from lessons.validation import DataFileError

CANVAS = (
    "Student,ID,SIS User ID,SIS Login ID,Section\n"
    "    Points Possible,,,,\n"
    '"Smith, Ann",101,S-1,asmith,7B\n'
    "Ben Jones,102,S-2,bjones,7B\n"
    "Олена Коваль,103,S-3,okoval,7C\n"
)


def write(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_canvas_export_is_read_with_its_ids_and_the_points_line_skipped(tmp_path: Path) -> None:
    roster = read_roster(write(tmp_path, CANVAS))
    assert [entry.name for entry in roster.entries] == ["Smith, Ann", "Ben Jones", "Олена Коваль"]
    first = roster.entries[0]
    assert (first.lms_id, first.sis_user_id, first.sis_login_id, first.section) == (
        "101",
        "S-1",
        "asmith",
        "7B",
    )


@pytest.mark.parametrize(
    "header",
    ["name,email", "Student Name,Email Address", "  NAME ,EMAIL", "\ufeffname,email"],
)
def test_generic_column_names_are_read_in_any_case(tmp_path: Path, header: str) -> None:
    roster = read_roster(write(tmp_path, f"{header}\nAnn Smith,ann.smith@school.org\n"))
    assert roster.entries[0].name == "Ann Smith"
    assert roster.entries[0].email == "ann.smith@school.org"


def test_hand_ins_match_by_name_reversed_name_login_or_email_with_the_name_rules(
    tmp_path: Path,
) -> None:
    roster = read_roster(write(tmp_path, CANVAS))
    hand_ins = ["ann smith", "BJONES", "олена  коваль", "Carl Nobody"]
    matched, unmatched = roster.match([student_slug(name) for name in hand_ins])
    assert {slug: entry.name for slug, entry in matched.items()} == {
        student_slug("Ann Smith"): "Smith, Ann",
        student_slug("bjones"): "Ben Jones",
        student_slug("Олена Коваль"): "Олена Коваль",
    }
    assert unmatched == {student_slug("Carl Nobody"): "no roster row has this name"}


def test_accents_still_make_a_different_student(tmp_path: Path) -> None:
    roster = read_roster(write(tmp_path, "name\nJosé Ruiz\n"))
    matched, unmatched = roster.match([student_slug("Jose Ruiz")])
    assert not matched
    assert list(unmatched) == [student_slug("Jose Ruiz")]


def test_two_students_of_one_name_are_not_guessed_between(tmp_path: Path) -> None:
    roster = read_roster(write(tmp_path, "name,id\nAnn Smith,1\nAnn Smith,2\n"))
    matched, unmatched = roster.match([student_slug("Ann Smith")])
    assert not matched
    assert "several roster rows (lines 2, 3)" in unmatched[student_slug("Ann Smith")]


def test_one_row_matched_twice_keeps_the_first_and_lists_the_second(tmp_path: Path) -> None:
    roster = read_roster(write(tmp_path, CANVAS))
    matched, unmatched = roster.match([student_slug("Ben Jones"), student_slug("bjones")])
    assert list(matched) == [student_slug("Ben Jones")]
    assert "already matched" in unmatched[student_slug("bjones")]


def test_every_problem_of_a_roster_is_reported_at_once(tmp_path: Path) -> None:
    text = "name,id\n,5\nAnn\u202eSmith,6\nBen,7\nCat,7\n"
    with pytest.raises(DataFileError) as caught:
        read_roster(write(tmp_path, text))
    problems = [str(problem) for problem in caught.value.problems]
    assert len(problems) == 3
    assert "line 2" in problems[0] and "empty" in problems[0]
    assert "line 3" in problems[1] and "direction" in problems[1]
    assert "line 5" in problems[2] and "line 4" in problems[2]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id,email\n1,a@b.c\n", "no column of student names"),
        ("", "is empty"),
        ("name\n", "has no students"),
        (b"name\n\xff\xfe\n", "not UTF-8"),
    ],
)
def test_an_unusable_roster_says_why_in_one_sentence(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    path = tmp_path / "roster.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_roster(path)
    assert expected in str(caught.value.problems[0])
    assert "roster.csv" in str(caught.value.problems[0])


def test_a_missing_roster_or_a_folder_is_named(tmp_path: Path) -> None:
    for path, expected in ((tmp_path / "nope.csv", "not found"), (tmp_path, "folder")):
        with pytest.raises(DataFileError) as caught:
            read_roster(path)
        assert expected in str(caught.value.problems[0])
