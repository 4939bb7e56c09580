"""Lesson 06 in real JupyterLab: pick an article and its three lessons' widgets appear; the
brief's word count follows the typing; Check shows the checker's feedback; answers are saved."""

from __future__ import annotations

import pytest

from lessons.student import progress
from tests.browser.conftest import Lab, open_notebook, outputs, run_all_cells
from tests.cases import GOOD_BRIEF

pytestmark = pytest.mark.browser

NOTEBOOK = "06_capstone.ipynb"


def test_lesson_06_one_article_end_to_end_and_the_brief(page, lab: Lab) -> None:
    from playwright.sync_api import expect

    open_notebook(page, lab, NOTEBOOK)
    run_all_cells(page)

    card = outputs(page).filter(has_text="Your article, end to end")
    expect(card).to_have_count(1)
    card.locator(".widget-dropdown", has_text="The article you will work on").locator(
        "select"
    ).select_option(label="The Deep Dive")
    for step in ("1. Trace the sources", "2. Find the hedges", "3. Rate the reliability"):
        expect(card.get_by_text(step, exact=True)).to_be_visible()
    expect(card).to_contain_text("Trace the sources: The Deep Dive")
    card.get_by_role("button", name="Check").first.click()
    feedback = card.locator(".lessons-feedback").first
    expect(feedback).to_contain_text("Your article, end to end: The Deep Dive.")
    expect(feedback).to_contain_text("Still to do for The Deep Dive")

    editor = outputs(page).filter(has_text="Your corrected news brief")
    box = editor.get_by_label("Your news brief")
    box.fill("REGNUM said so.")
    expect(editor).to_contain_text("3 words (97 more to reach 100)")
    box.fill(GOOD_BRIEF)
    expect(editor).to_contain_text("134 words (inside 100-150)")
    editor.get_by_role("button", name="Check").click()
    expect(editor.locator(".lessons-feedback")).to_contain_text("Score: 5 out of 5")

    assert progress.load_answer("capstone/article", lab.root) == {"article": "deep-dive"}
    assert progress.load_answer("capstone/brief", lab.root) == {"text": GOOD_BRIEF}
