"""Lesson 05 in real JupyterLab: the charts render with a short alt text and the chart in words
under them, the quiz is answered through the widgets, checked, saved, and long choices wrap
instead of being cut off."""

from __future__ import annotations

import re

import pytest

from lessons.skills import load_seed_case
from lessons.spread.key import choice_label
from lessons.student import progress
from tests.browser.conftest import Lab, open_notebook, outputs, run_all_cells

pytestmark = pytest.mark.browser

NOTEBOOK = "05_how_the_claim_spread.ipynb"
CHARTS = {
    "the citation graph": "Citation graph of how the claim spread",
    "your chains": "Your traced chains drawn on the citation graph",
    "the timeline": "Timeline of when each outlet first carried the claim",
    "the hedges": "Line chart of hedges per 100 words",
}


def question(page: object, words: str) -> object:
    """The output area of the quiz question whose prompt contains ``words``."""
    return outputs(page).filter(has=page.locator(".lessons-quiz")).filter(has_text=words)  # type: ignore[attr-defined]


def test_lesson_05_draws_the_charts_and_checks_the_quiz(page, lab: Lab) -> None:
    from playwright.sync_api import expect

    open_notebook(page, lab, NOTEBOOK)
    run_all_cells(page)

    # Every chart is an image whose short alt text says what it shows, and it has really loaded.
    for what, alt in CHARTS.items():
        image = outputs(page).locator(f"figure.lessons-chart img[alt^='{alt}']")
        expect(image.first, what).to_be_visible()
        loaded = image.first.evaluate("img => img.complete && img.naturalWidth > 600")
        assert loaded, f"{what} did not load as an image"
        assert len(image.first.get_attribute("alt") or "") < 300, f"{what}: alt text too long"
    # In a 1,280-pixel window with the file browser folded away (its tab, or Ctrl+B), every
    # chart fits the output at its natural size: no sideways scrolling to see all of a graph.
    # (With the file browser open, 250 pixels wide, the output is about 830 pixels wide.)
    page.set_viewport_size({"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    files_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")  # type: ignore[attr-defined]
    files_tab.click()
    expect(page.locator("#jp-left-stack")).to_be_hidden()  # type: ignore[attr-defined]
    charts = outputs(page).locator("figure.lessons-chart .lessons-chart-scroll")
    expect(charts.first).to_be_visible()
    widths = charts.evaluate_all(
        "els => els.map(el => [el.scrollWidth, el.clientWidth, el.querySelector('img').alt])"
    )
    assert len(widths) >= len(CHARTS)
    for scrolled, shown, alt in widths:
        assert scrolled <= shown + 1, f"{alt[:60]}: {scrolled} px in {shown} px"
    page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab").first.click()  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    graphs = outputs(page).locator("img[alt^='Citation graph of how the claim spread']")
    expect(graphs).to_have_count(2)  # coloured by kind, then by the student's ratings
    expect(graphs.nth(1)).to_have_attribute(
        "alt", re.compile(r"coloured by your reliability ratings; you have rated 0 of 5\.$")
    )
    # The long description (every outlet, every rating) is in "The chart in words" under it.
    by_ratings = (
        outputs(page)
        .locator("figure.lessons-chart")
        .filter(has=page.locator("img[alt*='coloured by your reliability ratings']"))
    )
    words = by_ratings.locator("details")
    words.locator("summary").click()
    expect(words).to_contain_text("REGNUM (on or before 5 August 2022; where the claim began)")
    expect(words).to_contain_text("Your ratings: Kyiv Post: not rated yet")
    expect(outputs(page).locator("table").filter(has_text="first carried the claim")).to_have_count(
        1
    )
    expect(outputs(page).get_by_text("The chart in words").first).to_be_visible()

    # A "tick every one" question: tick every right answer the key gives, check.
    case = load_seed_case()
    quiz = case.key("spread").questions["hidden-source"]
    right = [choice_label(case, quiz, c) for c in quiz.choices if c.verdict == "right"]
    hidden = question(page, "copy or translate someone else's text")
    expect(hidden).to_have_count(1)
    for label in right:
        hidden.get_by_label(label, exact=True).check()
    hidden.get_by_role("button", name="Check").click()
    feedback = hidden.locator(".lessons-feedback")
    expect(feedback).to_contain_text("Score: 1 out of 1")
    expect(feedback).to_contain_text(f"You ticked {len(right)} of the {len(right)} right answers.")

    # A one-answer question: a wrong pick is explained, with a hint and not the answer.
    sources = question(page, "how many sources does the 100,000 claim really rest on")
    choice = sources.get_by_label("Eighteen: every box in the graph is one more source")
    choice.check()
    sources.get_by_role("button", name="Check").click()
    feedback = sources.locator(".lessons-feedback")
    expect(feedback).to_contain_text("Not this one.")
    expect(feedback).to_contain_text("Next step: Follow each arrow backwards")
    expect(feedback).not_to_contain_text("One, or at most two")
    # Long choices wrap onto more lines instead of being cut off.
    long_choice = sources.locator(".widget-radio-box label").first
    expect(long_choice).to_have_css("white-space", "normal")
    assert long_choice.evaluate("el => el.scrollWidth <= el.clientWidth + 1")

    hidden_saved = progress.load_answer("spread/hidden-source", lab.root)
    assert hidden_saved is not None  # the order of choices is the student's shuffled order
    right_ids = [c.id for c in quiz.choices if c.verdict == "right"]
    assert sorted(hidden_saved["choices"]) == sorted(right_ids)
    assert progress.load_answer("spread/how-many-sources", lab.root) == {
        "choices": ["every-outlet"]
    }
