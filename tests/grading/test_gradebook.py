"""What a teacher reads after ``lessons grade``: the command's output, ``gradebook.csv``,
``report.html`` and each student's feedback page, for a small class graded for real."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest

from lessons.cli import main
from lessons.skills import load_seed_case
from lessons.student.submission import build_submission
from tests.cases import GOOD_BRIEF

CASE = load_seed_case()
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Graded:
    """One ``lessons grade`` run: its exit status, output and the files it wrote."""

    def __init__(self, folder: Path, exercise: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.out = folder.parent / f"out-{exercise}"
        self.status = main(
            ["grade", str(folder), "--exercise", exercise, "--out", str(self.out), "--no-charts"]
        )
        captured = capsys.readouterr()
        self.output = captured.out + captured.err
        self.report = html.unescape(self.read("report.html"))
        self.report_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", self.report))
        self.feedback = html.unescape(self.read("feedback/ana.html"))
        with (self.out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
            self.gradebook = list(csv.reader(handle))

    def read(self, name: str) -> str:
        return (self.out / name).read_text(encoding="utf-8")


def one_student_class(tmp_path: Path, handed_in_for: str) -> Path:
    """Ana's hand-in (the brief and one spread answer) and one file that is no submission."""
    folder = tmp_path / "class"
    folder.mkdir()
    answers = {
        "capstone/brief": {"text": GOOD_BRIEF},
        "spread/how-many-sources": {"choices": ["not-a-choice"]},
    }
    data = build_submission(
        student="Ana", answers=answers, case=CASE, exercise=handed_in_for, now=T0
    )
    (folder / "ana.json").write_text(json.dumps(data), encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    return folder


def test_one_student_and_one_skipped_file_are_counted_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graded = Graded(one_student_class(tmp_path, "full-unit"), "full-unit", capsys)

    assert graded.status == 1  # a file was skipped
    for text in (graded.output, graded.report_text):
        assert "(s)" not in text
        assert not re.search(r"\b1 (students|files|pages|answers|tasks)\b", text), text
    assert "Graded 1 student on 'full-unit'" in graded.output
    assert "(1 page)" in graded.output
    assert "1 file skipped" in graded.output
    assert "1 student graded" in graded.report_text
    assert "1 file is not a hand-in" in graded.report_text  # "{}" is no submission
    assert "2 answers checked" in graded.report_text


def test_tasks_are_named_by_readable_titles_the_same_way_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lessons import capstone, spread
    from lessons.grading.report import short_task_label

    graded = Graded(one_student_class(tmp_path, "full-unit"), "full-unit", capsys)

    question = f"How the claim spread: {spread.target_title('how-many-sources')}"
    brief = f"Capstone: {capstone.target_title('brief')}"
    assert question != "How the claim spread: how-many-sources"  # a real title, not the id
    for page in (graded.report_text, graded.feedback):
        assert question in page
        assert brief in page
        assert "how-many-sources" not in re.sub(r"(id|href)='[^']*'", "", page)
        assert "Chart how the claim spread" not in page
        assert "Your conclusion" not in page
    assert f"Trace the sources: {CASE.article('kyiv-post').outlet}" in graded.report_text
    assert short_task_label(CASE, "capstone/brief") == brief
    assert short_task_label(CASE, "spread/how-many-sources") == question


def test_lesson_titles_match_the_notebooks_headings() -> None:
    from lessons.skills import title

    notebooks = Path(__file__).resolve().parents[2] / "notebooks"
    lessons = {
        "01": "reading",
        "02": "sources",
        "03": "hedges",
        "04": "reliability",
        "05": "spread",
    }
    for number, lesson in lessons.items():
        (path,) = notebooks.glob(f"{number}_*.ipynb")
        assert f"# Lesson {int(number)}: {title(lesson)}\\n" in path.read_text("utf-8")
    assert title("capstone") == "Capstone"


def test_full_points_on_the_brief_say_the_teacher_still_grades_the_facts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graded = Graded(one_student_class(tmp_path, "full-unit"), "full-unit", capsys)

    header, ana = graded.gradebook
    assert ana[header.index("capstone/brief")] == "20"  # full points from the checker alone
    note = ana[header.index("note")]
    for text in (note, graded.report_text, graded.feedback):
        assert "only looks at its length, attribution" in text
        assert "hedging" in text
        assert "still grades the facts" in text
    assert "Not your final mark" in graded.feedback
    assert "Capstone: The corrected news brief (automatic part only" in graded.report_text


def test_a_gradebook_without_such_tasks_has_no_note_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graded = Graded(one_student_class(tmp_path, "quiz-spread"), "quiz-spread", capsys)

    assert "note" not in graded.gradebook[0]
    assert "still grades the facts" not in graded.report_text


def test_a_hand_in_for_another_exercise_is_graded_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graded = Graded(one_student_class(tmp_path, "full-unit"), "quiz-spread", capsys)

    header, ana = graded.gradebook  # graded all the same
    assert ana[header.index("student")] == "Ana"
    assert (
        "warning ana.json: handed in for exercise 'full-unit', graded as 'quiz-spread'."
        in graded.output
    )
    assert "1 file handed in for another exercise was graded as quiz-spread" in (graded.report_text)
    assert re.search(r"<tr><td>ana\.json</td><td>Ana</td><td>full-unit</td></tr>", graded.report)


def test_a_hand_in_for_the_graded_exercise_has_no_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graded = Graded(one_student_class(tmp_path, "quiz-spread"), "quiz-spread", capsys)

    assert "warning" not in graded.output
    assert "another exercise" not in graded.report_text
