"""Lesson 01 rendered for the practice case, in real JupyterLab: a workspace made by
``lessons start --case cases/practice``, one practice page read like a fact-checker, the
feedback a student sees, no seed-case outlet anywhere, and the answer saved and shown back."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

import pytest

from lessons.casestudy import Article
from lessons.reading import check_answer, date_choice, default_guide, page_lines
from lessons.skills import load_case, load_seed_case
from lessons.student import progress
from tests.browser.conftest import (
    CURRENT_NOTEBOOK,
    REPO,
    Lab,
    open_notebook,
    outputs,
    run_all_cells,
    serve_lab,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

PRACTICE = REPO / "cases" / "practice"
NOTEBOOK = "01_read_like_a_fact_checker.ipynb"
#: The practice page with the most to notice: a date header that is not the publication date.
ARTICLE = "buzz-copy"
#: The widget's two answers to "Is the text a translation?" (lessons.widgets.reading).
TRANSLATION_LABELS = {
    True: "Yes: it is translated from an article in another language",
    False: "No: it was written in the language you read",
}


@pytest.fixture(scope="module")
def practice_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab rooted at a workspace that ``lessons start`` made for the practice case."""
    workspace = tmp_path_factory.mktemp("practice") / "workspace"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "lessons",
            "start",
            "--case",
            str(PRACTICE),
            "--dir",
            str(workspace),
            "--no-server",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert (workspace / NOTEBOOK).is_file()
    with serve_lab(workspace, tmp_path_factory) as running:
        yield running


def full_answer(article: Article) -> dict[str, Any]:
    """The answer the practice key calls right: every line around the article, the date, the
    translation (all from case.toml)."""
    return {
        "furniture": [line.number for line in page_lines(article) if line.belongs == "page"],
        "date": date_choice(article),
        "translation": article.translation_of is not None,
    }


def line_box(area: Locator, number: int) -> Locator:
    """The checkbox of one page line, found by its accessible name ("Line 14: ...")."""
    return area.get_by_role("checkbox", name=re.compile(rf"^Line {number}: "))


def task(page: Page, outlet: str) -> Locator:
    """The output holding lesson 01's widget for the page of ``outlet``."""
    title = f"Read like a fact-checker: {outlet}"
    return cast("Locator", outputs(page)).filter(has_text=title)


def test_read_a_practice_page_in_a_practice_workspace(page: Page, practice_lab: Lab) -> None:
    from playwright.sync_api import expect

    case = load_case(PRACTICE)
    article = case.article(ARTICLE)
    answer = full_answer(article)
    expected = check_answer(case, ARTICLE, answer)
    assert expected.level == 4 and expected.score == expected.max_score  # the key is full marks
    seed_outlets = [seed.outlet for seed in load_seed_case(with_keys=False).articles]
    date_labels = {value: label for label, value in default_guide().date_options()}

    open_notebook(page, practice_lab, NOTEBOOK)
    run_all_cells(page)
    notebook = page.locator(CURRENT_NOTEBOOK)

    # The headings name the practice outlets, one section and one widget each.
    for practice in case.articles:
        heading = notebook.locator(".jp-MarkdownOutput").get_by_role(
            "heading", name=practice.outlet
        )
        expect(heading).to_have_count(1)
        expect(task(page, practice.outlet)).to_have_count(1)

    area = task(page, article.outlet)
    expect(area.get_by_role("checkbox")).to_have_count(len(page_lines(article)))
    for number in answer["furniture"]:
        line_box(area, number).check()
    area.get_by_label(date_labels[answer["date"]], exact=True).check()
    area.get_by_label(TRANSLATION_LABELS[answer["translation"]], exact=True).check()
    area.get_by_role("button", name="Check").click()

    feedback = area.locator(".lessons-feedback")
    expect(feedback).to_contain_text(
        f"Score: {expected.score:g} out of {expected.max_score:g} · level 4 of 4"
    )
    count = len(answer["furniture"])
    expect(feedback).to_contain_text(f"Lines that are not the article, found ({count} of {count})")
    assert article.shown_date_note  # the practice key explains the date
    expect(feedback).to_contain_text(article.shown_date_note)
    expect(feedback).to_contain_text(article.outlet)
    # Nothing on the page, lesson text or feedback, names an outlet of the seed case.
    text = page.locator("body").inner_text()
    assert all(practice.outlet in text for practice in case.articles)  # the page's real text
    named = [outlet for outlet in seed_outlets if outlet in text]
    assert not named, f"seed-case outlets shown in the practice workspace: {named}"

    # Saved in the workspace's .lessons folder...
    saved_in = progress.progress_path(practice_lab.root)
    assert saved_in.is_file() and saved_in.is_relative_to(practice_lab.root / ".lessons")
    assert progress.load_answer(f"reading/{ARTICLE}", practice_lab.root) == answer
    # ...and shown back when the student reloads the page and runs the lesson again.
    open_notebook(page, practice_lab, NOTEBOOK)
    run_all_cells(page)
    area = task(page, article.outlet)
    expect(area.get_by_text("Your saved answer is back.")).to_be_visible()
    for line in page_lines(article):
        box = line_box(area, line.number)
        if line.number in answer["furniture"]:
            expect(box).to_be_checked()
        else:
            expect(box).not_to_be_checked()
    expect(area.get_by_label(date_labels[answer["date"]], exact=True)).to_be_checked()
    expect(area.get_by_label(TRANSLATION_LABELS[answer["translation"]], exact=True)).to_be_checked()
