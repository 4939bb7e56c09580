"""Lesson 03 in real JupyterLab: mark hedges by mouse drag and by keyboard, check, see feedback."""

from __future__ import annotations

import pytest

from lessons.hedges import marking_text
from lessons.hedges.detector import default_categories
from lessons.skills import load_seed_case
from lessons.student import progress
from tests.browser.conftest import Lab, open_notebook, outputs, run_all_cells

pytestmark = pytest.mark.browser

#: The category the test marks, as the lexicon names it for students.
BOOSTER = next(c for c in default_categories() if c.id == "booster")
VAGUE = next(c for c in default_categories() if c.id == "vague-sourcing")


def offsets(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def test_marking_by_mouse_and_keyboard_is_checked_saved_and_unmarked(page, lab: Lab) -> None:
    from playwright.sync_api import expect

    case = load_seed_case()
    article = case.article("tyler-durden")
    text = marking_text(article)

    open_notebook(page, lab, "03_find_the_hedges.ipynb")
    run_all_cells(page)

    task = outputs(page).locator(
        ".widget-vbox", has=page.locator("h4", has_text=f"Find the hedges: {article.outlet}")
    )
    expect(task).to_have_count(1)
    words = task.locator(".sm-text")
    expect(words).to_contain_text("North Korea has said it is willing")

    # Mouse: drag from the start of "has" to the end of "said", pick "booster", press Mark.
    start, end = offsets(text, "has said")
    first = words.locator(f'[data-start="{start}"]')
    last = words.locator(f'[data-end="{end}"]')
    first.scroll_into_view_if_needed()
    a, b = first.bounding_box(), last.bounding_box()
    page.mouse.move(a["x"] + 1, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=8)
    page.mouse.move(b["x"] + b["width"] - 1, b["y"] + b["height"] / 2, steps=2)
    page.mouse.up()
    expect(words.locator(".sm-selected")).to_have_count(2)
    task.get_by_label("Category", exact=True).select_option("booster")
    task.get_by_role("button", name="Mark", exact=True).click()
    booster = words.locator("mark.sm-cat-booster")
    expect(booster).to_contain_text("has said")
    expect(booster.locator(".sm-badge")).to_have_text(BOOSTER.short)

    # Keyboard: click "according", Tab from the category list into the text (Mark, then the
    # word), Shift+Right four times, press Enter.
    v_start, v_end = offsets(text, "according to reports in Russia")
    words.locator(f'[data-start="{v_start}"]').click()
    picker = task.get_by_label("Category", exact=True)
    picker.select_option("vague-sourcing")
    picker.focus()
    page.keyboard.press("Tab")
    expect(task.get_by_role("button", name="Mark", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(words.locator(":focus")).to_have_text("according")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowRight")
    expect(words.locator(".sm-selected")).to_have_count(5)
    page.keyboard.press("Enter")
    expect(words.locator("mark.sm-cat-vague-sourcing")).to_contain_text(
        "according to reports in Russia"
    )
    expect(task.locator(".sm-live")).to_contain_text(
        f"Marked “according to reports in Russia” as {VAGUE.label}"
    )

    # Check: the feedback under the text names what was found and what is missing.
    task.get_by_role("button", name="Check").click()
    feedback = task.locator(".lessons-feedback")
    expect(feedback).to_contain_text("You found 2 of the")
    expect(feedback.locator(".lessons-verdict-right")).to_have_count(2)
    expect(feedback.locator(".lessons-verdict-right").first).to_contain_text(BOOSTER.label)
    # The next step says what kind of piece is missing, not where: the expert's words wait.
    expect(feedback).to_contain_text("Next step: The crucial piece still missing")
    expect(feedback.locator("p").filter(has_text="Next step")).not_to_contain_text("“Report”")

    saved = progress.load_answer("hedges/tyler-durden", lab.root)
    assert saved == {"spans": [[start, end, "booster"], [v_start, v_end, "vague-sourcing"]]}

    # Delete unmarks the mark under the keyboard focus; the change is saved at once.
    words.locator(f'[data-start="{start}"]').click()
    words.locator('[tabindex="0"]').focus()
    expect(words.locator(":focus")).to_have_text("has")
    page.keyboard.press("Delete")
    expect(words.locator("mark.sm-cat-booster")).to_have_count(0)
    expect(task.locator(".sm-list li")).to_have_count(1)
    expect(task).to_contain_text("Saved.")
    assert progress.load_answer("hedges/tyler-durden", lab.root) == {
        "spans": [[v_start, v_end, "vague-sourcing"]]
    }
