"""``lessons grade`` at the teacher's desk: a roster, a deadline and the LMS imports, as a
teacher reads them in gradebook.csv, lms/ and on the terminal."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lessons.cli import main
from lessons.resources import data_dir
from lessons.teacher.exercises import load_exercise
from tests.grading.classes import (
    expert_rating,
    half_right_rating,
    opposite_rating,
    put,
    read_gradebook,
    reliability_answers,
    submission,
)

ROSTER = (
    "Student,ID,SIS User ID,SIS Login ID,Section\n"
    "    Points Possible,,,,\n"
    '"Smith, Ann",101,S-1,asmith,7B\n'
    "Ben Jones,102,S-2,bjones,7B\n"
    "=Cat Formula,103,S-3,cformula,7C\n"
    "Dan Absent,104,S-4,dabsent,7C\n"
)


def quiz_with(tmp_path: Path, extra: str) -> Path:
    """The shipped reliability quiz with ``extra`` lines at the top."""
    text = (data_dir("exercises") / "quiz-reliability.toml").read_text(encoding="utf-8")
    path = tmp_path / "quiz.toml"
    path.write_text(extra + "\n" + text, encoding="utf-8")
    return path


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def rostered(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "hand-ins"
    put(folder, "ann.json", submission("Ann Smith", reliability_answers(expert_rating)))
    # handed in by login, two hours and a bit after the deadline (09:00 + 130 minutes)
    put(
        folder,
        "ben.json",
        submission("bjones", reliability_answers(half_right_rating), minutes=130),
    )
    put(folder, "cat.json", submission("=Cat Formula", reliability_answers(opposite_rating)))
    put(folder, "zed.json", submission("Zed Stranger", reliability_answers(expert_rating)))
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    return folder, roster


def grade(folder: Path, out: Path, *extra: str, exercise: str = "quiz-reliability") -> int:
    return main(
        ["grade", str(folder), "--exercise", exercise, "--out", str(out), "--quiet", *extra]
    )


def test_every_rostered_student_has_a_row_and_strangers_are_listed(
    rostered: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, roster = rostered
    out = tmp_path / "out"

    assert grade(folder, out, "--roster", str(roster)) == 0

    rows = {row["student"]: row for row in read_gradebook(out / "gradebook.csv")}
    assert list(rows) == ["Smith, Ann", "Ben Jones", "=Cat Formula", "Dan Absent", "Zed Stranger"]
    assert rows["Smith, Ann"]["status"] == "handed in"
    assert rows["Smith, Ann"]["lms id"] == "101"
    assert float(rows["Smith, Ann"]["total"]) == float(rows["Smith, Ann"]["maximum"])
    assert rows["Dan Absent"]["status"] == "not handed in"
    assert rows["Dan Absent"]["total"] == ""
    assert rows["Zed Stranger"]["status"].startswith("not on the roster")
    assert rows["Zed Stranger"]["total"] != ""
    captured = capsys.readouterr()
    assert "4 students, 1 not handed in" in captured.out
    assert "not on the roster zed.json: 'Zed Stranger'" in captured.err


def test_the_canvas_import_keeps_the_roster_exactly_and_leaves_absent_points_empty(
    rostered: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, roster = rostered
    out = tmp_path / "out"
    grade(folder, out, "--roster", str(roster))

    lines = read_csv(out / "lms" / "canvas.csv")
    assert lines[0] == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "Quiz: rate the reliability (quiz-reliability)",
    ]
    # Canvas's own export has the assignment's points as its second row.
    maximum = load_exercise("quiz-reliability").maximum
    assert lines[1] == ["    Points Possible", "", "", "", "", f"{maximum:g}"]
    by_name = {line[0]: line for line in lines[2:]}
    assert list(by_name) == ["Smith, Ann", "Ben Jones", "=Cat Formula", "Dan Absent"]
    assert by_name["Ben Jones"][1:5] == ["102", "S-2", "bjones", "7B"]
    assert by_name["Dan Absent"][5] == ""
    assert float(by_name["Smith, Ann"][5]) > float(by_name["=Cat Formula"][5])
    generic = read_csv(out / "lms" / "grades.csv")
    assert generic[0] == ["lms id", "name", "points", "maximum", "late", "minutes late"]
    names = [line[1] for line in generic[1:]]
    assert names == ["Smith, Ann", "Ben Jones", "=Cat Formula", "Dan Absent", "Zed Stranger"]
    assert generic[4][:3] == ["104", "Dan Absent", ""]


def test_without_a_roster_the_imports_hold_what_is_known_with_names_guarded(
    rostered: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, _ = rostered
    out = tmp_path / "out"
    assert grade(folder, out) == 0
    names = [line[0] for line in read_csv(out / "lms" / "canvas.csv")[2:]]
    assert "'=Cat Formula" in names  # a hand-in's name could be a formula: guarded
    assert all(line[1:5] == ["", "", "", ""] for line in read_csv(out / "lms" / "canvas.csv")[1:])


def test_late_hand_ins_are_marked_with_how_late_and_still_graded(
    rostered: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, roster = rostered
    exercise = quiz_with(tmp_path, "deadline = 2026-03-02T09:00:00Z")
    out = tmp_path / "out"
    assert grade(folder, out, "--roster", str(roster), exercise=str(exercise)) == 0

    rows = {row["student"]: row for row in read_gradebook(out / "gradebook.csv")}
    assert rows["Ben Jones"]["late"] == "2 hours 10 minutes"
    assert float(rows["Ben Jones"]["total"]) > 0
    assert rows["Smith, Ann"]["late"] == ""
    generic = {line[1]: line for line in read_csv(out / "lms" / "grades.csv")[1:]}
    assert generic["Ben Jones"][4:] == ["2 hours 10 minutes", "130"]
    assert generic["Smith, Ann"][4:] == ["", ""]


def test_a_bad_roster_stops_grading_with_every_problem(
    rostered: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = rostered
    bad = tmp_path / "bad.csv"
    bad.write_text("name,id\n,1\nAnn,2\nBen,2\n", encoding="utf-8")
    out = tmp_path / "out"
    assert grade(folder, out, "--roster", str(bad)) == 2
    err = capsys.readouterr().err
    assert err.count("--roster: bad.csv: line") == 2
    assert "Traceback" not in err
    assert not out.exists()


def test_an_unusable_out_gives_one_sentence_and_exit_2(
    rostered: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = rostered
    a_file = tmp_path / "results.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    blocked = tmp_path / "blocked"
    (blocked / "feedback" / "ann-smith.html").mkdir(parents=True)  # a folder where a page goes
    table = tmp_path / "table"
    (table / "gradebook.csv").mkdir(parents=True)
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "feedback").write_text("a file where the pages' folder goes", encoding="utf-8")
    for out, expected in (
        (a_file, f"{a_file} is a file"),
        (Path("/dev/null/x"), "is a file"),
        (blocked, f"{blocked / 'feedback' / 'ann-smith.html'} is a folder where a file must"),
        (table, f"{table / 'gradebook.csv'} is a folder where a file must"),
        (pages, f"{pages / 'feedback'} is a file"),
    ):
        assert grade(folder, out) == 2
        err = capsys.readouterr().err
        assert err.startswith("--out: ") and expected in err, err
        assert err.count("\n") == 1 and "Traceback" not in err


def test_a_missing_exercise_gives_one_sentence_and_exit_2(
    rostered: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = rostered
    assert grade(folder, tmp_path / "out", exercise="no-such-quiz") == 2
    err = capsys.readouterr().err
    assert "no such exercise file" in err and "quiz-reliability" in err
    assert err.count("\n") == 1


def test_hand_ins_before_the_release_are_flagged_from_the_released_folder(
    rostered: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = rostered
    released = tmp_path / "class-7b" / ".lessons"
    released.mkdir(parents=True)
    # released two hours after Ann, Cat and Zed handed in, and ten minutes after Ben did
    (released / "release.json").write_text('{"released": "2026-03-02T11:00:00Z"}', "utf-8")
    out = tmp_path / "out"
    assert grade(folder, out, "--released", str(released.parent)) == 0
    with (out / "skipped.csv").open(encoding="utf-8", newline="") as handle:
        flagged = {
            row["file"] for row in csv.DictReader(handle) if "before the exercise" in row["reason"]
        }
    assert flagged == {"ann.json", "cat.json", "zed.json"}
    assert "3 graded hand-ins to look at twice" in capsys.readouterr().err


@pytest.mark.parametrize("given", ["yesterday", "FOLDER"])
def test_a_release_time_that_cannot_be_read_gives_one_sentence_and_exit_2(
    rostered: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str
) -> None:
    folder, _ = rostered
    if given == "FOLDER":
        given = str(tmp_path)  # a folder without .lessons/release.json
    assert grade(folder, tmp_path / "out", "--released", given) == 2
    err = capsys.readouterr().err
    assert err.startswith("--released: ") and err.count("\n") == 1


def test_briefs_to_mark_are_announced_and_a_broken_marks_file_stops_grading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.grading.classes import brief_class

    folder, out = tmp_path / "class", tmp_path / "out"
    brief_class(folder)
    assert grade(folder, out, exercise="capstone") == 0
    said = capsys.readouterr().out
    assert "Teacher's marking: 0 of 10 answers marked (10 to mark)" in said
    assert str(out / "marking.ipynb") in said
    notebook = (out / "marking.ipynb").read_text(encoding="utf-8")
    assert f"--out {out.resolve()}" in notebook  # the command to run again, paths absolute

    marks = out / "marks.csv"
    with marks.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["mark"], rows[5]["mark"] = "twelve", "-4"
    with marks.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    assert grade(folder, out, exercise="capstone") == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{marks}: row 2, column 'mark': 'twelve' is not a number")
    assert err[1].startswith(f"{marks}: row 7, column 'mark': -4 is out of range")
    assert err[2] == f"Nothing was graded: fix {marks} (the lines above), then run this again."


def test_the_marking_notebooks_command_grades_the_exchange_again(tmp_path: Path) -> None:
    """Graded straight from a course exchange, the command the marking notebook tells the
    teacher to run collects again (new hand-ins come in) rather than naming no folder."""
    import argparse

    from lessons.cli.grade import rerun_command

    args = argparse.Namespace(
        submissions=None,
        exchange=str(tmp_path / "course"),
        exercise="brief",
        out=str(tmp_path / "results"),
        roster=None,
        released=None,
        no_charts=False,
    )
    command = rerun_command(args)
    assert command.startswith("lessons grade --exchange ")
    assert str(tmp_path / "course") in command and "--out" in command
