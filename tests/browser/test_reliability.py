"""Lesson 04 in real JupyterLab: rate one article through the real controls and see the feedback."""

from __future__ import annotations

import pytest

from lessons.reliability import default_rubric
from lessons.skills import load_seed_case
from lessons.student import progress
from tests.browser.conftest import KERNEL_TIMEOUT_MS, Lab, open_notebook, outputs, run_all_cells

pytestmark = pytest.mark.browser
WAIT_MS = KERNEL_TIMEOUT_MS  # generous: the machine is shared and may be loaded


def wait_for_kernel(page) -> None:
    """Wait until the notebook's kernel itself is idle. The toolbar's execution indicator
    reads "idle" while the session still has no kernel, and running all cells then can hang."""
    page.wait_for_function(
        """() => {
            const session = window.jupyterapp.shell.currentWidget?.sessionContext;
            return Boolean(session?.isReady && session.session?.kernel?.status === "idle");
        }""",
        timeout=WAIT_MS,
    )


def test_rating_an_article_by_mouse_and_keyboard_shows_feedback_and_is_saved(
    page, lab: Lab
) -> None:
    from playwright.sync_api import expect

    case = load_seed_case()
    article = case.article("deep-dive")
    expert = case.key("reliability").articles["deep-dive"].criteria
    rubric = default_rubric()
    evidence, sources = rubric.criterion("evidence"), rubric.criterion("names-sources")
    good_quote = expert["evidence"].quotes[0]

    open_notebook(page, lab, "04_rate_reliability.ipynb")
    wait_for_kernel(page)
    run_all_cells(page)

    rater = outputs(page).locator(
        ".widget-vbox", has=page.locator("h4", has_text=f"Rate the article: {article.outlet}")
    )
    expect(rater).to_have_count(1, timeout=WAIT_MS)
    expect(rater).to_contain_text("your total appears here", timeout=WAIT_MS)

    def row(label: str):
        return rater.locator(".widget-vbox").filter(
            has=page.locator(".widget-toggle-buttons", has_text=label)
        )

    # Each row of level buttons is a group named by its question; the chosen button shows a
    # check mark (a shape, not only a colour) and tells screen readers it is pressed.
    levels = rater.get_by_role("group", name=evidence.question, exact=True)
    expect(levels).to_have_count(1, timeout=WAIT_MS)
    for name in ("met", "partly met", "not met"):
        expect(levels.get_by_role("button", name=name, exact=True)).to_have_attribute(
            "aria-pressed", "false"
        )
    check_marks = levels.locator(".widget-toggle-button.mod-active")  # drawn by the CSS
    expect(check_marks).to_have_count(0)

    # Mouse: "Weighs the evidence" is met, with a sentence of the article as evidence.
    row(evidence.question).get_by_role("button", name="met", exact=True).click()
    expect(levels.get_by_role("button", name="met", exact=True, pressed=True)).to_have_count(1)
    expect(levels.get_by_role("button", pressed=True)).to_have_count(1)
    chosen = levels.get_by_role("button", name="met", exact=True)
    expect(check_marks).to_have_count(1)
    assert "✓" in chosen.evaluate("(b) => getComputedStyle(b, '::before').content")
    quote_box = row(evidence.question).get_by_label(f"Evidence for {evidence.label}")
    quote_box.fill(good_quote)
    quote_box.press("Tab")
    # Keyboard: "Names its sources" is met, chosen with Enter; its evidence is not in the article.
    met = row(sources.question).get_by_role("button", name="met", exact=True)
    met.focus()
    met.press("Enter")
    other = row(sources.question).get_by_label(f"Evidence for {sources.label}")
    other.fill("The BBC confirmed the offer with three officials.")
    other.press("Tab")

    expect(met).to_have_attribute("aria-pressed", "true")

    total = evidence.weight + sources.weight
    expect(rater).to_contain_text(f"Total so far: {total} out of 100", timeout=WAIT_MS)
    expect(rater).to_contain_text("2 of 9 questions rated")

    rater.get_by_role("button", name="Check").click()
    feedback = rater.locator(".lessons-feedback")
    expect(feedback).to_contain_text("You have rated 2 of 9 questions", timeout=WAIT_MS)
    expect(feedback.locator(".lessons-verdict-right")).to_contain_text(evidence.label)
    expect(feedback).to_contain_text("Your quote is not in this article")
    expect(feedback).to_contain_text("Next step: Rate the questions you skipped")

    # The end-of-lesson slider's focusable handle is named by its question too.
    how_sure = "How sure are you now that the claim is true? (%)"
    expect(outputs(page).get_by_role("slider", name=how_sure, exact=True)).to_have_count(1)

    saved = progress.load_answer("reliability/deep-dive", lab.root)
    assert saved == {
        "levels": {"evidence": "met", "names-sources": "met"},
        "evidence": {
            "evidence": good_quote,
            "names-sources": "The BBC confirmed the offer with three officials.",
        },
        "checked": True,  # lets the ratings chart show this article's expert band
    }
