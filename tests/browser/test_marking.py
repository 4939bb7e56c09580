"""A teacher marks a class of ten briefs in ``marking.ipynb`` in real JupyterLab, by mouse and
by keyboard; ``marks.csv`` holds every mark, and after grading again the feedback pages and
the gradebook show them."""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from lessons.grading import grade
from lessons.grading.marks import MARKED, read_marks
from lessons.student.names import student_slug
from lessons.teacher.exercises import load_exercise
from tests.browser.conftest import Lab, open_notebook, outputs, run_all_cells, serve_lab
from tests.grading.classes import brief_class

pytestmark = pytest.mark.browser

WAIT_MS = 60_000


def _grade(folder: Path, out: Path) -> None:
    grade(
        folder,
        load_exercise("capstone"),
        out,
        show_progress=False,
        charts=False,
        rerun=f"lessons grade {folder} --exercise capstone --out {out}",
    )


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Lab, Path, dict[str, str]]]:
    """Ten briefs graded into a folder that JupyterLab serves: (lab, class folder, briefs)."""
    root = tmp_path_factory.mktemp("marking")
    folder = root / "class"
    briefs = brief_class(folder)
    out = root / "out"
    _grade(folder, out)
    with serve_lab(out, tmp_path_factory) as running:
        yield running, folder, briefs


def _first_words(text: str) -> str:
    return " ".join(text.split()[:8])


def test_a_teacher_marks_ten_briefs_and_the_regrade_shows_the_marks(
    page, graded: tuple[Lab, Path, dict[str, str]]
) -> None:
    from playwright.sync_api import expect

    lab, folder, briefs = graded
    open_notebook(page, lab, "marking.ipynb")
    run_all_cells(page)
    view = outputs(page)
    expect(view.get_by_text("0 of 10 marked")).to_be_visible(timeout=WAIT_MS)

    given: dict[str, tuple[int, str]] = {}
    for number in range(1, 11):
        heading = view.locator("h3").filter(has_text=f"{number} of 10:")
        expect(heading).to_be_visible(timeout=WAIT_MS)
        name = re.sub(r"^\d+ of 10: ", "", heading.inner_text()).rsplit(" (", 1)[0].strip()
        answer = view.get_by_role("document", name=f"The answer of {name}")
        expect(answer).to_contain_text(_first_words(briefs[name]))  # the brief, shown in full
        assert " ".join(answer.inner_text().split()) == " ".join(briefs[name].split())
        points, comment = 5 + number, f"Brief {number}: check each date against the lessons."
        given[name] = (points, comment)
        box = view.get_by_label("Points (0 to 20)")
        if number > 1:
            expect(box).to_be_focused()  # the next answer opens ready to type its points
        box.fill(str(points))
        view.get_by_label("Comment for the student").fill(comment)
        if number % 3 == 1:
            view.get_by_role("button", name="Save & next").click()
        elif number % 3 == 2:  # the shortcut, from the comment box
            page.keyboard.press("Control+Enter")
        else:  # Tab past Previous to Save & next, then Enter
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            expect(view.get_by_role("button", name="Save & next")).to_be_focused()
            page.keyboard.press("Enter")
        expect(view.get_by_text(f"{number} of 10 marked")).to_be_visible(timeout=WAIT_MS)
        expect(view.get_by_text(f"Saved: {name}, {points}.")).to_be_visible(timeout=WAIT_MS)
    expect(view.get_by_text("Every answer is marked.")).to_be_visible()

    rows = read_marks(lab.root / "marks.csv")
    assert {row.name: (row.mark, row.comment) for row in rows.values()} == given
    assert {row.status for row in rows.values()} == {MARKED}

    _grade(folder, lab.root)

    with (lab.root / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        book = {row["student"]: row for row in csv.DictReader(handle)}
    for name, (points, comment) in given.items():
        assert book[name]["capstone/brief"] == str(points)
        assert book[name]["total"] == str(points)  # the article part was not handed in
        page_text = html.unescape(
            (lab.root / "feedback" / f"{student_slug(name)}.html").read_text(encoding="utf-8")
        )
        assert f"Your teacher's mark: {points}/20</strong> – {comment}" in page_text
    report = (lab.root / "report.html").read_text(encoding="utf-8")
    assert "All 10 answers to mark are marked" in report
