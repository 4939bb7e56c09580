"""Lesson 01 in real JupyterLab: mark page lines by mouse and keyboard, answer the date and
translation questions, check, see the feedback, and find the answer saved."""

from __future__ import annotations

import re

import pytest

from lessons.reading import page_lines
from lessons.skills import load_seed_case
from lessons.student import progress
from tests.browser.conftest import Lab, open_notebook, outputs, run_all_cells

pytestmark = pytest.mark.browser

NOTEBOOK = "01_read_like_a_fact_checker.ipynb"


def line_box(area: object, number: int) -> object:
    """The checkbox of one page line, found by its accessible name ("Line 14: ...")."""
    return area.get_by_role("checkbox", name=re.compile(rf"^Line {number}: "))  # type: ignore[attr-defined]


def test_read_the_kyiv_post_page_through_the_widget(page, lab: Lab) -> None:
    from playwright.sync_api import expect

    article = load_seed_case(with_keys=False).article("kyiv-post")
    lines = {line.number: line.text for line in page_lines(article)}

    open_notebook(page, lab, NOTEBOOK)
    run_all_cells(page)
    area = outputs(page).filter(has_text="Read like a fact-checker: Kyiv Post")
    expect(area).to_have_count(1)

    # Every line of the page is there, and a long paragraph wraps instead of being cut off.
    expect(area.get_by_role("checkbox")).to_have_count(len(lines))
    first = line_box(area, 1)
    expect(first).to_be_visible()
    label = area.locator("label", has_text=lines[1][:40])
    assert label.bounding_box()["height"] > 3 * first.bounding_box()["height"]

    # Mark the sidebar link with the mouse and the next line with the keyboard.
    line_box(area, 14).check()
    line_box(area, 15).focus()
    page.keyboard.press("Space")
    expect(line_box(area, 15)).to_be_checked()
    area.get_by_label("The page shows no date", exact=True).check()
    area.get_by_label("No: it was written in the language you read", exact=True).check()

    area.get_by_role("button", name="Check").click()
    feedback = area.locator(".lessons-feedback")
    expect(feedback).to_contain_text("level")
    expect(feedback).to_contain_text(
        "Lines that are not the article, found (2 of 6): lines 14 and 15"
    )
    # the lines still to mark are named and quoted, and the next step names the first one
    expect(feedback).to_contain_text("Line 19: a link to another story")
    expect(feedback).to_contain_text(lines[19][:60])
    expect(feedback).to_contain_text(
        "Next step: The crucial piece still missing: a link to another story on the page is "
        "not part of the article"
    )

    saved = progress.load_answer("reading/kyiv-post", lab.root)
    assert saved == {"furniture": [14, 15], "date": "no-date", "translation": False}
