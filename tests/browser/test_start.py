"""The first lesson in real JupyterLab: run it, pick an article, read its text."""

from __future__ import annotations

import pytest

from lessons.skills import load_seed_case
from lessons.student import progress
from tests.browser.conftest import (
    CURRENT_NOTEBOOK,
    KERNEL_TIMEOUT_MS,
    Lab,
    open_notebook,
    outputs,
    run_all_cells,
)

pytestmark = pytest.mark.browser


def test_reader_shows_the_picked_page_whole(page, lab: Lab) -> None:
    from playwright.sync_api import expect

    case = load_seed_case(with_keys=False)
    article = case.articles[-1]
    furniture = article.furniture[-1].text

    open_notebook(page, lab, "00_start_here.ipynb")
    run_all_cells(page)

    reader = outputs(page).locator(".widget-dropdown", has_text="Article")
    expect(reader).to_be_visible()
    reader.locator("select").select_option(label=article.outlet)
    # The whole page as saved, the lines around the article too: which lines those are
    # is lesson 01's task, so lesson 00 never shows the article without them.
    page_text = outputs(page).locator("pre", has_text=furniture)
    expect(page_text).to_be_visible()
    expect(page_text).to_contain_text(article.headline or furniture)
    expect(
        outputs(page).get_by_role("checkbox", name="Show the whole captured page")
    ).to_have_count(0)


def test_typing_on_a_dropdown_does_not_run_notebook_shortcuts(page, lab: Lab) -> None:
    """In command mode "d d" deletes a cell and "a"/"b" insert cells; on a lesson's dropdown
    those keys must stay with the dropdown (ipywidgets issue 3912)."""
    from playwright.sync_api import expect

    open_notebook(page, lab, "00_start_here.ipynb")
    run_all_cells(page)
    cells = page.locator(CURRENT_NOTEBOOK).locator(".jp-Cell")
    count = cells.count()
    select = outputs(page).locator(".widget-dropdown", has_text="Article").locator("select")
    expect(select).to_be_visible()
    page.keyboard.press("Escape")  # command mode, as after running a cell
    select.focus()
    for key in ("d", "d", "a", "b", "r", "ArrowDown"):
        page.keyboard.press(key)
    expect(cells).to_have_count(count)
    expect(page.locator(CURRENT_NOTEBOOK).locator(".jp-RawCell")).to_have_count(0)
    expect(select).to_be_focused()


def test_confidence_slider_is_named_moves_by_keyboard_and_saves(page, lab: Lab) -> None:
    """noUiSlider's handle is the focusable control (role "slider"); ipywidgets 8 leaves it
    nameless, so a screen reader said only "slider". It must carry the question."""
    from playwright.sync_api import expect

    question = "How sure are you that the claim is true? (%)"
    open_notebook(page, lab, "00_start_here.ipynb")
    run_all_cells(page)

    handle = outputs(page).get_by_role("slider", name=question, exact=True)
    expect(handle).to_have_count(1, timeout=KERNEL_TIMEOUT_MS)
    expect(handle).to_have_attribute("tabindex", "0")
    readout = outputs(page).locator(".widget-slider", has_text=question).locator(".widget-readout")
    expect(readout).to_have_accessible_name(question)  # the editable number beside it

    # Keyboard only: Home goes to 0 %, each right arrow adds one step of 5 %.
    handle.focus()
    page.keyboard.press("Home")
    expect(handle).to_have_attribute("aria-valuetext", "0")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(handle).to_have_attribute("aria-valuetext", "10")
    expect(handle).to_be_focused()
    expect(readout).to_have_text("10")
    # Saved by the kernel on each change, before it shows this line.
    saved_line = outputs(page).get_by_text("Saved: 10% sure.")
    expect(saved_line).to_be_visible(timeout=KERNEL_TIMEOUT_MS)
    assert progress.load_answer("start/confidence", lab.root) == {"percent": 10}
