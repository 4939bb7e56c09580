"""The teacher's marking view without a browser: values set as a teacher types them, buttons
pressed, and what the view shows and ``marks.csv`` holds checked after each step."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lessons.grading import grade
from lessons.grading.marks import CHANGED, MARKED, read_marks, save_mark
from lessons.teacher.exercises import load_exercise
from lessons.widgets.marking import MarkingView
from tests.grading.classes import brief_class, brief_submission, put


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A class of ten briefs graded into ``out``."""
    folder = tmp_path / "class"
    brief_class(folder)
    target = tmp_path / "out"
    grade(folder, load_exercise("capstone"), target, show_progress=False, charts=False)
    return target


def marks(out: Path) -> dict[str, tuple[float | None, str, str]]:
    return {
        row.name: (row.mark, row.comment, row.status)
        for row in read_marks(out / "marks.csv").values()
    }


def test_the_view_shows_each_brief_in_full_with_the_checkers_points(out: Path) -> None:
    view = MarkingView(out, rerun="lessons grade class --exercise capstone --out out")

    first = view.current
    assert first is not None
    assert view.progress_text == "0 of 10 marked"
    assert first.answer.replace("\n", " ")[:60] in view.answer.value.replace("\n", " ")
    assert f"1 of 10: {first.name}" in view.heading.value
    assert "The checker gave" in view.checker.value
    assert view.form.maximum == "20"  # the points box says "Points (0 to 20)"
    assert "lessons grade class --exercise capstone --out out" in view.after.value
    assert not view.form.can_go_back


def test_save_and_next_writes_the_mark_and_opens_the_next_brief(out: Path) -> None:
    view = MarkingView(out)
    first = view.current
    assert first is not None

    row = view.form.row
    view.form.press("save", points="14,5", comment="  The dates are right; name the fact-checker. ")

    assert marks(out)[first.name] == (14.5, "The dates are right; name the fact-checker.", MARKED)
    assert view.progress_text == "1 of 10 marked"
    assert view.status_text == f"Saved: {first.name}, 14.5."
    assert view.index == 1
    assert view.form.row == row + 1  # the browser's boxes are refilled for the next answer
    assert (view.form.points, view.form.comment) == ("", "")
    view.form.press("previous")
    assert (view.form.points, view.form.comment) == (
        "14.5",
        "The dates are right; name the fact-checker.",
    )  # the saved mark is back


def test_a_mark_that_adds_to_the_automatic_points_is_saved_with_its_mode(out: Path) -> None:
    view = MarkingView(out)
    first = view.current
    assert first is not None
    view.form.press("save", points="-3", mode="add")
    row = next(r for r in read_marks(out / "marks.csv").values() if r.name == first.name)
    assert (row.mark, row.mode) == (-3, "add")


@pytest.mark.parametrize("typed", ["lots", "25", "-1", "nan"])
def test_points_that_are_no_number_in_range_are_refused_in_one_sentence(
    out: Path, typed: str
) -> None:
    view = MarkingView(out)
    before = (out / "marks.csv").read_bytes()
    view.form.press("save", points=typed)
    assert view.status_text == "Give the points as a number from 0 to 20, such as 10."
    assert view.index == 0
    assert (out / "marks.csv").read_bytes() == before


def test_an_empty_mark_moves_on_without_saving(out: Path) -> None:
    view = MarkingView(out)
    before = (out / "marks.csv").read_bytes()
    view.form.press("save")
    assert view.index == 1
    assert view.status_text == "Not marked yet; skipped."
    assert (out / "marks.csv").read_bytes() == before


def test_a_mark_changed_in_another_tab_is_shown_not_overwritten(out: Path) -> None:
    view = MarkingView(out)
    shown = view.current
    assert shown is not None
    other = MarkingView(out)
    other.form.press("save", points="7")

    view.form.press("save", points="18")

    assert view.status_text.startswith("This mark was changed elsewhere")
    assert view.form.points == "7"
    assert marks(out)[shown.name][0] == 7


def test_the_unmarked_come_first_and_a_changed_hand_in_says_so(out: Path, tmp_path: Path) -> None:
    rows = list(read_marks(out / "marks.csv").values())
    for row in rows[:2]:
        save_mark(
            out / "marks.csv",
            row.__class__(row.student, row.task, mark=5, marked_for=row.digest),
            row,
        )
    put(tmp_path / "class", "again.json", brief_submission(rows[0].name, "A new brief.", minutes=9))
    grade(tmp_path / "class", load_exercise("capstone"), out, show_progress=False, charts=False)

    view = MarkingView(out)

    assert view.progress_text == "1 of 10 marked"
    names = [row.name for row in view.rows]
    assert names[-1] == rows[1].name  # the marked one last
    changed = next(row for row in view.rows if row.status == CHANGED)
    view.index = view.rows.index(changed)
    view.go(0)
    assert f"{rows[0].name} handed in again after you marked this" in view.answer.value
    assert view.form.points == ""  # the old mark is not offered for the new text


def test_a_marks_file_a_spreadsheet_broke_shows_every_problem(out: Path) -> None:
    path = out / "marks.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    lines[0]["mark"] = "x"
    lines[1]["mode"] = "more"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(lines[0]))
        writer.writeheader()
        writer.writerows(lines)

    view = MarkingView(out)

    assert view.body.layout.display == "none"
    assert "row 2, column &#x27;mark&#x27;" in view.progress.value
    assert "row 3, column &#x27;mode&#x27;" in view.progress.value


def test_a_folder_without_marks_says_what_to_run(tmp_path: Path) -> None:
    view = MarkingView(tmp_path)
    assert "Nothing to mark" in view.progress_text
    assert "lessons grade" in view.progress_text


def test_a_press_from_a_form_showing_an_earlier_answer_is_ignored(out: Path) -> None:
    view = MarkingView(out)
    stale = view.form.row
    view.form.press("save", points="3")
    before = (out / "marks.csv").read_bytes()
    view.form._message(view.form, {"action": "save", "row": stale, "points": "9"}, None)
    assert (out / "marks.csv").read_bytes() == before
    assert view.index == 1
