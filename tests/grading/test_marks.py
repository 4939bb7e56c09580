"""The teacher's marks (``OUT/marks.csv``): written by ``lessons grade`` for each brief, kept
and counted by the next run, flagged when the hand-in changed, refused with every problem
when a spreadsheet made them invalid."""

from __future__ import annotations

import csv
import html
import os
import re
from pathlib import Path

import pytest

from lessons.grading import grade
from lessons.grading.marks import (
    CHANGED,
    MARKED,
    TO_MARK,
    Mark,
    answer_digest,
    read_marks,
    save_mark,
    write_marks,
)
from lessons.student.names import student_slug
from lessons.teacher.exercises import Exercise, load_exercise
from lessons.validation import DataFileError
from tests.grading.classes import (
    BRIEF_NAMES,
    brief_class,
    brief_submission,
    put,
    read_gradebook,
)


@pytest.fixture(scope="module")
def capstone() -> Exercise:
    return load_exercise("capstone")


@pytest.fixture
def graded(tmp_path: Path, capstone: Exercise) -> tuple[Path, Path, dict[str, str]]:
    """A class of ten briefs graded once: (class folder, out folder, {name: brief})."""
    folder = tmp_path / "class"
    briefs = brief_class(folder)
    out = tmp_path / "out"
    grade(folder, capstone, out, show_progress=False, charts=False)
    return folder, out, briefs


def text_of(path: Path) -> str:
    page = html.unescape(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def mark(out: Path, name: str, points: float, comment: str, mode: str = "replace") -> Mark:
    rows = read_marks(out / "marks.csv")
    row = rows[(student_slug(name), "capstone/brief")]
    new = Mark(
        row.student,
        row.task,
        mark=points,
        mode=mode,
        comment=comment,
        marked_for=row.digest,
    )
    saved = save_mark(out / "marks.csv", new, row)
    assert saved.saved
    assert saved.mark is not None
    return saved.mark


def by_name(out: Path) -> dict[str, dict[str, str]]:
    return {row["student"]: row for row in read_gradebook(out / "gradebook.csv")}


def test_every_brief_is_in_the_marks_file_and_on_its_page_in_full(
    graded: tuple[Path, Path, dict[str, str]],
) -> None:
    _, out, briefs = graded
    rows = read_marks(out / "marks.csv")
    assert {row.name for row in rows.values()} == set(briefs)
    assert all(row.status == TO_MARK and row.mark is None for row in rows.values())
    for name, brief in briefs.items():
        row = rows[(student_slug(name), "capstone/brief")]
        assert row.answer == brief
        assert row.digest == answer_digest({"text": brief})
        page = html.unescape((out / "feedback" / f"{student_slug(name)}.html").read_text())
        assert brief in page  # in full, not cut
        assert "Not your final mark" in page
        assert "your teacher still reads your answer and marks it" in page
    report = text_of(out / "report.html")
    assert "10 answers await marking (0 of 10 marked)" in report
    assert "href='marking.ipynb'" in (out / "report.html").read_text()
    assert (out / "marking.ipynb").is_file()


def test_marks_survive_a_regrade_and_replace_or_add_to_the_automatic_points(
    graded: tuple[Path, Path, dict[str, str]], capstone: Exercise
) -> None:
    folder, out, _ = graded
    ana, ben = BRIEF_NAMES[0], BRIEF_NAMES[1]
    automatic = {name: float(row["capstone/brief"]) for name, row in by_name(out).items()}
    mark(out, ana, 14, "Two facts are off: check the dates.")
    mark(out, ben, -2, "Too short to inform.", mode="add")

    grade(folder, capstone, out, show_progress=False, charts=False)
    grade(folder, capstone, out, show_progress=False, charts=False)  # and again: still kept

    rows = by_name(out)
    assert rows[ana]["capstone/brief"] == "14"
    assert rows[ana]["total"] == "14"  # the article was not handed in: 0
    assert rows[ana]["teacher's marks"] == "capstone/brief: marked"
    assert float(rows[ben]["capstone/brief"]) == max(0.0, automatic[ben] - 2)
    assert rows[BRIEF_NAMES[2]]["capstone/brief"] == f"{automatic[BRIEF_NAMES[2]]:g}"
    assert rows[BRIEF_NAMES[2]]["teacher's marks"] == "capstone/brief: to mark"
    page = text_of(out / "feedback" / f"{student_slug(ana)}.html")
    assert "Your teacher's mark: 14/20 – Two facts are off: check the dates." in page
    assert "Not your final mark" not in page
    # The checker's score below the mark is labelled as the checker's, on its own scale.
    assert (
        "What the automatic check said (it cannot judge the facts; your teacher's mark above is what counts)"
        in page
    )
    ben_page = text_of(out / "feedback" / f"{student_slug(ben)}.html")
    assert f"(the automatic {automatic[ben]:g} minus 2 from your teacher)" in ben_page
    canvas = {line[0]: line for line in csv.reader((out / "lms" / "canvas.csv").open())}
    assert canvas[ana][5] == "14"
    grades = {line[1]: line for line in csv.reader((out / "lms" / "grades.csv").open())}
    assert grades[ana][2] == "14"
    report = text_of(out / "report.html")
    assert "8 answers await marking (2 of 10 marked)" in report
    kept = read_marks(out / "marks.csv")[(student_slug(ana), "capstone/brief")]
    assert (kept.mark, kept.comment, kept.status) == (
        14,
        "Two facts are off: check the dates.",
        MARKED,
    )


def test_a_mark_for_a_brief_handed_in_again_is_flagged_not_applied(
    graded: tuple[Path, Path, dict[str, str]], capstone: Exercise
) -> None:
    folder, out, briefs = graded
    ana = BRIEF_NAMES[0]
    automatic = by_name(out)[ana]["capstone/brief"]
    mark(out, ana, 3, "Start again.")
    new_text = briefs[BRIEF_NAMES[1]] + " I rewrote this."
    put(folder, "ana-again.json", brief_submission(ana, new_text, minutes=60))

    grade(folder, capstone, out, show_progress=False, charts=False)

    row = read_marks(out / "marks.csv")[(student_slug(ana), "capstone/brief")]
    assert row.status == CHANGED
    assert (row.mark, row.comment) == (3, "Start again.")  # kept for the teacher, not lost
    assert row.answer == new_text
    assert by_name(out)[ana]["capstone/brief"] != "3"
    page = text_of(out / "feedback" / f"{student_slug(ana)}.html")
    assert "Your teacher's mark" not in page
    assert new_text in page
    report = text_of(out / "report.html")
    assert "1 mark for a text handed in again since is not counted until marked again" in report
    assert automatic  # the first run had automatic points for the old text


def test_a_spreadsheet_edit_counts_and_its_formula_like_comment_comes_back_as_typed(
    graded: tuple[Path, Path, dict[str, str]], capstone: Exercise
) -> None:
    folder, out, _ = graded
    path = out / "marks.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    lines[3]["mark"] = "9.5"
    lines[3]["comment"] = "=well argued, facts right"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(lines[0]))
        writer.writeheader()
        writer.writerows(lines)

    grade(folder, capstone, out, show_progress=False, charts=False)

    name = lines[3]["name"]
    assert by_name(out)[name]["capstone/brief"] == "9.5"
    assert "'=well argued" in path.read_text(encoding="utf-8-sig")  # guarded in the file
    row = read_marks(path)[(student_slug(name), "capstone/brief")]
    assert row.comment == "=well argued, facts right"
    page = text_of(out / "feedback" / f"{student_slug(name)}.html")
    assert "Your teacher's mark: 9.5/20 – =well argued, facts right" in page


def test_a_bad_marks_file_gives_every_problem_at_once_and_nothing_is_written(
    graded: tuple[Path, Path, dict[str, str]], capstone: Exercise
) -> None:
    folder, out, _ = graded
    path = out / "marks.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    lines[0]["mark"] = "lots"
    lines[1]["mode"] = "double"
    lines[2]["mark"] = "99"
    lines.append(dict(lines[4]))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(lines[0]))
        writer.writeheader()
        writer.writerows(lines)
    before = (out / "gradebook.csv").stat().st_mtime_ns, path.read_bytes()

    with pytest.raises(DataFileError) as raised:
        grade(folder, capstone, out, show_progress=False, charts=False)

    said = [str(problem) for problem in raised.value.problems]
    assert len(said) == 4, said
    assert all(line.startswith(f"{path}: row ") for line in said)  # rows as a spreadsheet has them
    assert "row 2, column 'mark': 'lots' is not a number" in said[0]
    assert "column 'mode': 'double' is not allowed; one of: replace, add" in said[1]
    assert "column 'mark': 99 is out of range; with mode 'replace' give 0 to 20" in said[2]
    assert "row 12: " in said[3]
    assert "are on row 6 too; keep one row for each student and task" in said[3]
    assert ((out / "gradebook.csv").stat().st_mtime_ns, path.read_bytes()) == before


def test_a_save_never_overwrites_a_mark_changed_since_it_was_read(
    graded: tuple[Path, Path, dict[str, str]],
) -> None:
    _, out, _ = graded
    path = out / "marks.csv"
    key = (student_slug(BRIEF_NAMES[4]), "capstone/brief")
    seen = read_marks(path)[key]  # one tab reads the row
    mark(out, BRIEF_NAMES[4], 12, "From the other tab.")  # another saves first

    late = save_mark(path, Mark(*key, mark=4, comment="Stale tab.", marked_for=seen.digest), seen)

    assert not late.saved
    assert late.mark is not None and late.mark.comment == "From the other tab."
    assert read_marks(path)[key].mark == 12


def test_marks_are_written_atomically_and_a_failed_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "marks.csv"
    first = Mark("олена-коваль--3f9a0c2d71be", "capstone/brief", name="Олена Коваль", mark=5)
    write_marks(path, [first])
    before = path.read_bytes()

    def broken(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_marks(path, [Mark(first.student, first.task, name="Олена Коваль", mark=1)])

    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["marks.csv"]  # no temporary file left
    assert read_marks(path)[first.key].name == "Олена Коваль"


def test_names_in_any_script_keep_their_own_marks_and_pages(
    graded: tuple[Path, Path, dict[str, str]], capstone: Exercise
) -> None:
    folder, out, _ = graded
    others = [name for name in BRIEF_NAMES if not name.isascii()]
    for points, name in enumerate(others, start=1):
        mark(out, name, points, f"Comment for {name}")
    text = (out / "marks.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")  # a spreadsheet reads the names right

    grade(folder, capstone, out, show_progress=False, charts=False)

    rows = by_name(out)
    for points, name in enumerate(others, start=1):
        assert rows[name]["capstone/brief"] == str(points)
        page = text_of(out / "feedback" / f"{student_slug(name)}.html")
        assert f"Your teacher's mark: {points}/20 – Comment for {name}" in page


def test_a_brief_the_checker_cannot_read_is_still_the_teachers_to_mark(
    tmp_path: Path, capstone: Exercise
) -> None:
    from lessons.capstone.brief import MAX_CHARACTERS

    folder, out = tmp_path / "class", tmp_path / "out"
    long_brief = "A brief that goes on. " * (MAX_CHARACTERS // 20)
    put(folder, "long.json", brief_submission("Lee Long", long_brief))
    grade(folder, capstone, out, show_progress=False, charts=False)
    assert by_name(out)["Lee Long"]["capstone/brief"] == "0"  # the checker refused it

    mark(out, "Lee Long", 4, "Far too long: a brief is 100-150 words.")
    grade(folder, capstone, out, show_progress=False, charts=False)

    assert by_name(out)["Lee Long"]["capstone/brief"] == "4"
    page = text_of(out / "feedback" / f"{student_slug('Lee Long')}.html")
    assert "Your teacher's mark: 4/20 – Far too long" in page
