"""Lesson 02 in real JupyterLab: trace one article through the widgets, check, restart, restore."""

from __future__ import annotations

import pytest

from lessons.student import progress
from tests.browser.conftest import Lab, open_notebook, outputs, restart_kernel, run_all_cells

pytestmark = pytest.mark.browser

NOTEBOOK = "02_trace_the_sources.ipynb"


KERNEL_READY = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
    return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""


def wait_for_kernel(page: object) -> None:
    """Wait until the notebook's kernel is connected and idle.

    ``open_notebook`` can return while the session is still starting; running the cells
    then opens JupyterLab's "Select Kernel" dialog and nothing runs.
    """
    page.wait_for_function(KERNEL_READY, timeout=120_000)  # type: ignore[attr-defined]


def tracer(page: object, outlet: str) -> object:
    """The output area of the tracing widget for one article."""
    return outputs(page).filter(has_text=f"Trace the sources: {outlet}")


def test_trace_the_kyiv_post_through_the_widgets(page, lab: Lab) -> None:
    from playwright.sync_api import expect

    open_notebook(page, lab, NOTEBOOK)
    wait_for_kernel(page)
    run_all_cells(page)
    area = tracer(page, "Kyiv Post")
    expect(area).to_have_count(1)

    # 1. the sources it names (the list also holds distractors), 2. the garbled ones
    for name in ("Business Insider", "REGNUM", "Igor Korotchenko"):
        area.get_by_label(name, exact=True).check()
    garbled = area.get_by_label("REGNUM (described wrongly)", exact=True)
    garbled.check()
    # Long labels wrap instead of hiding their end, even in a narrow column.
    page.set_viewport_size({"width": 900, "height": 1000})
    longest = (
        area.locator(".widget-checkbox")
        .filter(has_text="(described wrongly)")
        .last.locator(".widget-label-basic")
    )
    expect(longest).to_have_css("white-space", "normal")
    assert longest.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    page.set_viewport_size({"width": 1400, "height": 1000})
    # 3. where it got the story, 4. whether it says so
    area.locator(".widget-dropdown", has_text="Where did this article get the story?").locator(
        "select"
    ).select_option(label="Business Insider")
    area.get_by_label("Yes: it names where it got the story").check()
    # 5. the chain, step by step
    picker = area.locator(".widget-dropdown", has_text="Next step back").locator("select")
    for step in ("Business Insider", "REGNUM"):
        picker.select_option(label=step)
        area.get_by_role("button", name="Add step").click()
        expect(area.locator("ol.lessons-chain")).to_contain_text(f"got it from {step}")

    area.get_by_role("button", name="Check").click()
    feedback = area.locator(".lessons-feedback")
    expect(feedback).to_contain_text("Score:")
    expect(feedback).to_contain_text("Where the article got the story: Business Insider")
    expect(feedback).to_contain_text("Chain link: Business Insider ← REGNUM")
    # the sources still missing are quoted from the article
    expect(feedback).to_contain_text("based on claims made by several Russian news agencies")
    expect(area.locator("img[alt^='How the story reached Kyiv Post']")).to_be_visible()

    saved = progress.load_answer("sources/kyiv-post", lab.root)
    assert saved["chain"] == ["business-insider", "regnum"]
    assert saved["immediate"] == "business-insider" and saved["credited"] is True

    # A restarted kernel brings the answer back into the widgets.
    restart_kernel(page, lab, NOTEBOOK)
    wait_for_kernel(page)
    run_all_cells(page)
    area = tracer(page, "Kyiv Post")
    expect(area).to_contain_text("Your saved answer is back.")
    expect(area.locator("ol.lessons-chain")).to_contain_text("got it from REGNUM")
    expect(area.get_by_label("Business Insider", exact=True)).to_be_checked()
    expect(area.get_by_label("Newsweek", exact=True)).not_to_be_checked()
